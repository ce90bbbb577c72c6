"""Factories shared by every app's tests."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from claims.models import Claim
from guarantees.models import (
    BadgeInterval,
    Enrollment,
    GuaranteeParameter,
    GuaranteeTerms,
    ProgrammeRequirement,
)
from partnernet.references import CLAIM_PREFIX, ORDER_PREFIX, reference_next
from partnernet.users.models import SellerAccount, SellerMembership, User
from partners.models import (
    City,
    Language,
    PartnerMembership,
    ServiceCategory,
    ServiceOffering,
    ServiceOrder,
    ServicePartner,
)

PASSWORD = "partnernet-test-pass"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name", locale="en_IN")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SellerAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SellerAccount
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Seller Store {n}")
    marketplace = "IN"
    owner = factory.SubFactory(UserFactory)

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create:
            SellerMembership.objects.get_or_create(account=obj, user=obj.owner, defaults={"role": "owner"})


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCategory
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"city-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"l{n}")
    name = factory.LazyAttribute(lambda o: f"Language {o.code}")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePartner

    slug = factory.Sequence(lambda n: f"partner-{n}")
    name = factory.Sequence(lambda n: f"Partner Services {n}")
    tagline = "Marketplace services for growing sellers"
    description = "We help sellers list, advertise and grow."
    email = factory.LazyAttribute(lambda o: f"hello@{o.slug}.example")


class PartnerMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerMembership

    partner = factory.SubFactory(PartnerFactory)
    user = factory.SubFactory(UserFactory)
    role = "owner"


class OfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceOffering

    partner = factory.SubFactory(PartnerFactory)
    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Service package {n}")
    price_from = Decimal("5000.00")
    turnaround_days = 7


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeRequirement
        django_get_or_create = ("key",)

    key = "response_time"
    label = "Response time"
    value_type = "integer"
    unit = "hours"
    floor = Decimal("72")
    floor_direction = "max"


def published_terms(partner, *, version=1, params=None, by=None, current=True) -> GuaranteeTerms:
    """Published terms built directly (the immutability guard allows inserts)."""
    if current:
        GuaranteeTerms.objects.filter(partner=partner, is_current=True).update(is_current=False)
    terms = GuaranteeTerms.objects.create(
        partner=partner,
        status="published",
        version=version,
        is_current=current,
        published_at=timezone.now(),
        published_by=by,
        summary="Our promise to you.",
    )
    params = params or [
        ("response_time", "Response time", "24", "hours"),
        ("delivery_timeline", "Delivery timeline", "7", "days"),
    ]
    GuaranteeParameter.objects.bulk_create(
        [
            GuaranteeParameter(terms=terms, key=k, label=label, value=v, unit=u, position=i)
            for i, (k, label, v, u) in enumerate(params)
        ]
    )
    return terms


def guaranteed_partner(*, since=None, **kwargs) -> ServicePartner:
    """A partner enrolled with published terms and an open badge interval."""
    partner = PartnerFactory(**kwargs)
    published_terms(partner)
    Enrollment.objects.create(partner=partner, status="approved", decided_at=timezone.now())
    BadgeInterval.objects.create(partner=partner, started_at=since or timezone.now() - timedelta(days=365))
    partner.badge_active = True
    partner.save(update_fields=["badge_active"])
    return partner


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceOrder

    reference = factory.LazyFunction(lambda: reference_next(prefix=ORDER_PREFIX))
    seller = factory.SubFactory(SellerAccountFactory)
    requested_by = factory.LazyAttribute(lambda o: o.seller.owner)
    partner = factory.SubFactory(PartnerFactory)
    offering = factory.LazyAttribute(lambda o: OfferingFactory(partner=o.partner))
    scope = "List 50 products with titles, bullets and images."
    budget = Decimal("10000.00")


def completed_order(*, partner=None, seller=None, completed_at=None, covered=True, price="10000.00"):
    """A completed order; covered orders snapshot the partner's current terms."""
    from claims.eligibility import claim_deadline_for  # noqa: PLC0415 (E provides it)

    partner = partner or (guaranteed_partner() if covered else PartnerFactory())
    completed_at = completed_at or timezone.now() - timedelta(days=2)
    terms = GuaranteeTerms.objects.filter(partner=partner, is_current=True).first() if covered else None
    return OrderFactory(
        partner=partner,
        seller=seller or SellerAccountFactory(),
        status=ServiceOrder.Status.COMPLETED,
        agreed_price=Decimal(price),
        accepted_at=completed_at - timedelta(days=7),
        completed_at=completed_at,
        covered=covered and terms is not None,
        guarantee_terms=terms,
        claim_deadline=claim_deadline_for(completed_at),
        claim_window_open=covered and terms is not None,
    )


class ClaimFactory(factory.django.DjangoModelFactory):
    """A submitted claim on a covered, completed order."""

    class Meta:
        model = Claim

    order = factory.LazyFunction(completed_order)
    reference = factory.LazyFunction(lambda: reference_next(prefix=CLAIM_PREFIX))
    seller = factory.LazyAttribute(lambda o: o.order.seller)
    partner = factory.LazyAttribute(lambda o: o.order.partner)
    claimant = factory.LazyAttribute(lambda o: o.order.seller.owner)
    filed_by = factory.LazyAttribute(lambda o: o.claimant)
    status = Claim.Status.SUBMITTED
    reason = Claim.Reason.NOT_COMPLETED_AS_AGREED
    description = "Only 20 of the 50 listings were created."
    resolution_attempt = "Called and e-mailed the partner twice; no fix."
    resolution_confirmed = True
    remedy = Claim.Remedy.PARTIAL_REFUND
    amount = Decimal("4000.00")
    agreed_price = factory.LazyAttribute(lambda o: o.order.agreed_price)
    submitted_at = factory.LazyFunction(timezone.now)
