"""Every database constraint of the domain model really refuses a violating row.

These run on SQLite and on PostgreSQL (all constraints here are plain CHECK,
UNIQUE and partial UNIQUE constraints, which both enforce). The last test takes
the constraints from the models themselves and checks that the database refused
each of them during the session (tests/constraint_log.py records every
IntegrityError), so a new constraint without a refusing test fails the suite.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.models import Claim, FeedbackRequest, ParameterFinding, ReasonCode
from guarantees.models import (
    BadgeInterval,
    ComplianceSnapshot,
    Enrollment,
    GuaranteeParameter,
    GuaranteeTerms,
    ProgrammeRequirement,
)
from partnernet.models import Holiday, OutboxMessage, ReferenceCounter
from partnernet.users.models import SellerMembership, User
from partners.models import (
    City,
    Language,
    PartnerMembership,
    Promotion,
    Review,
    ServiceCategory,
    ServiceOffering,
    ServiceOrder,
    ServicePartner,
)
from tests import factories as f
from tests.constraint_log import REFUSED, project_constraints

pytestmark = pytest.mark.django_db


def refused(make):
    """`make()` must fail in the database; the surrounding test transaction stays usable."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


# --- users and cross-cutting ---------------------------------------------------------------


def test_user_email_is_unique():
    f.UserFactory(email="same@example.com")
    refused(lambda: User.objects.create(email="same@example.com"))


def test_seller_membership_is_unique_per_account_and_user():
    account = f.SellerAccountFactory()  # the owner's membership exists
    refused(lambda: SellerMembership.objects.create(account=account, user=account.owner))


def test_outbox_is_unique_per_purpose_object_and_recipient():
    row = {"purpose": "claim_decided", "object_key": "claims.claim:1", "recipient": "a@example.com"}
    OutboxMessage.objects.create(subject="s", body_text="b", **row)
    OutboxMessage.objects.create(subject="s", body_text="b", **{**row, "recipient": "b@example.com"})
    refused(lambda: OutboxMessage.objects.create(subject="again", body_text="b", **row))
    assert OutboxMessage.objects.count() == 2


def test_holiday_date_is_unique():
    Holiday.objects.create(date=date(2026, 10, 2), name="Gandhi Jayanti")
    refused(lambda: Holiday.objects.create(date=date(2026, 10, 2), name="Again"))


def test_reference_counter_is_unique_per_prefix_and_year():
    ReferenceCounter.objects.create(prefix="SO", year=2026)
    ReferenceCounter.objects.create(prefix="CL", year=2026)
    refused(lambda: ReferenceCounter.objects.create(prefix="SO", year=2026))


# --- partners ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "field"),
    [(ServiceCategory, "slug"), (City, "slug"), (Language, "code"), (ServicePartner, "slug")],
)
def test_directory_slugs_are_unique(model, field):
    model.objects.create(**{field: "same", "name": "One"})
    refused(lambda: model.objects.create(**{field: "same", "name": "Two"}))


def test_partner_membership_is_unique():
    membership = f.PartnerMemberFactory()
    refused(lambda: PartnerMembership.objects.create(partner=membership.partner, user=membership.user))


def test_offering_price_cannot_be_negative():
    offering = f.OfferingFactory()
    refused(lambda: ServiceOffering.objects.filter(pk=offering.pk).update(price_from=Decimal("-1")))
    offering.refresh_from_db()
    assert offering.price_from == Decimal("5000.00")


def test_promotion_cannot_end_before_it_starts():
    partner = f.PartnerFactory()
    today = date(2026, 11, 1)
    Promotion.objects.create(partner=partner, title="One day", starts_on=today, ends_on=today)
    refused(
        lambda: Promotion.objects.create(
            partner=partner, title="Backwards", starts_on=today, ends_on=today - timedelta(days=1)
        )
    )


def test_order_reference_is_unique():
    order = f.OrderFactory()
    refused(lambda: f.OrderFactory(reference=order.reference))


def test_order_price_cannot_be_negative():
    order = f.OrderFactory()
    refused(lambda: ServiceOrder.objects.filter(pk=order.pk).update(agreed_price=Decimal("-0.01")))


def test_completed_order_must_have_its_completion_moment():
    order = f.OrderFactory()
    refused(lambda: ServiceOrder.objects.filter(pk=order.pk).update(status="completed", completed_at=None))
    order.refresh_from_db()
    assert order.status == "requested"


def test_covered_order_must_carry_the_terms_snapshot():
    order = f.OrderFactory()
    refused(lambda: ServiceOrder.objects.filter(pk=order.pk).update(covered=True, guarantee_terms=None))


def test_one_review_per_order():
    order = f.completed_order(covered=False)
    kwargs = {"order": order, "partner": order.partner, "author": order.seller.owner, "text": "Good"}
    Review.objects.create(rating=5, **kwargs)
    refused(lambda: Review.objects.create(rating=4, **kwargs))
    assert Review.objects.count() == 1


@pytest.mark.parametrize("rating", [0, 6])
def test_review_rating_is_between_1_and_5(rating):
    order = f.completed_order(covered=False)
    refused(
        lambda: Review.objects.create(
            order=order, partner=order.partner, author=order.seller.owner, rating=rating, text="x"
        )
    )
    assert not Review.objects.exists()


# --- guarantees --------------------------------------------------------------------------------------


def test_programme_requirement_key_is_unique():
    f.RequirementFactory()
    refused(
        lambda: ProgrammeRequirement.objects.create(key="response_time", label="Again", value_type="integer")
    )


def test_terms_version_is_unique_per_partner():
    partner = f.PartnerFactory()
    f.published_terms(partner, version=1)
    refused(lambda: f.published_terms(partner, version=1, current=False))


def test_only_one_current_terms_version_per_partner():
    partner = f.PartnerFactory()
    f.published_terms(partner, version=1)
    refused(
        lambda: GuaranteeTerms.objects.create(
            partner=partner, status="published", version=2, is_current=True, published_at=timezone.now()
        )
    )
    assert GuaranteeTerms.objects.filter(partner=partner, is_current=True).count() == 1


def test_only_one_draft_per_partner():
    partner = f.PartnerFactory()
    GuaranteeTerms.objects.create(partner=partner)
    refused(lambda: GuaranteeTerms.objects.create(partner=partner))


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "published", "version": None, "published_at": timezone.now()},
        {"status": "published", "version": 1, "published_at": None},
        {"status": "draft", "version": 3},
        {"status": "draft", "is_current": True},
    ],
    ids=["published-without-version", "published-without-moment", "draft-with-version", "current-draft"],
)
def test_published_terms_have_version_and_moment_and_drafts_have_neither(fields):
    partner = f.PartnerFactory()
    refused(lambda: GuaranteeTerms.objects.create(partner=partner, **fields))


def test_parameter_key_is_unique_within_terms():
    terms = GuaranteeTerms.objects.create(partner=f.PartnerFactory())
    GuaranteeParameter.objects.create(terms=terms, key="response_time", label="Response time", value="24")
    refused(
        lambda: GuaranteeParameter.objects.create(terms=terms, key="response_time", label="x", value="48")
    )


def test_one_enrollment_per_partner():
    partner = f.PartnerFactory()
    Enrollment.objects.create(partner=partner)
    refused(lambda: Enrollment.objects.create(partner=partner))


def test_only_one_open_badge_interval_per_partner():
    partner = f.PartnerFactory()
    start = timezone.now() - timedelta(days=30)
    BadgeInterval.objects.create(partner=partner, started_at=start - timedelta(days=60), ended_at=start)
    BadgeInterval.objects.create(partner=partner, started_at=start)
    refused(lambda: BadgeInterval.objects.create(partner=partner, started_at=timezone.now()))


def test_badge_interval_cannot_end_before_it_starts():
    partner = f.PartnerFactory()
    now = timezone.now()
    refused(
        lambda: BadgeInterval.objects.create(
            partner=partner, started_at=now, ended_at=now - timedelta(seconds=1)
        )
    )


def test_only_one_latest_compliance_snapshot_per_partner():
    partner = f.PartnerFactory()
    ComplianceSnapshot.objects.create(partner=partner, is_latest=False)
    ComplianceSnapshot.objects.create(partner=partner, is_latest=True)
    refused(lambda: ComplianceSnapshot.objects.create(partner=partner, is_latest=True))


# --- claims ----------------------------------------------------------------------------------------------


def test_one_feedback_request_per_order():
    order = f.completed_order()
    FeedbackRequest.objects.create(order=order, seller=order.seller.owner, nonce="a" * 32)
    refused(lambda: FeedbackRequest.objects.create(order=order, seller=order.seller.owner, nonce="b" * 32))


def test_reason_code_is_unique():
    ReasonCode.objects.create(code="deadline-missed", label="Deadline missed")
    refused(lambda: ReasonCode.objects.create(code="deadline-missed", label="Again"))


def test_claim_reference_is_unique():
    claim = f.ClaimFactory()
    refused(lambda: f.ClaimFactory(reference=claim.reference))


def test_one_live_claim_per_order_but_a_withdrawn_one_does_not_block():
    claim = f.ClaimFactory()
    refused(lambda: f.ClaimFactory(order=claim.order))
    Claim.objects.filter(pk=claim.pk).update(status="withdrawn", withdrawn_at=timezone.now())
    second = f.ClaimFactory(order=claim.order)
    assert second.pk and Claim.objects.filter(order=claim.order).count() == 2
    refused(lambda: f.ClaimFactory(order=claim.order, status="draft", submitted_at=None))


@pytest.mark.parametrize("field", ["amount", "decision_amount", "offer_amount"])
def test_claim_amounts_cannot_exceed_the_agreed_price(field):
    claim = f.ClaimFactory()  # agreed price ₹10,000
    Claim.objects.filter(pk=claim.pk).update(**{field: Decimal("10000.00")})  # the whole price is fine
    refused(lambda: Claim.objects.filter(pk=claim.pk).update(**{field: Decimal("10000.01")}))
    refused(lambda: Claim.objects.filter(pk=claim.pk).update(**{field: Decimal("-1.00")}))
    claim.refresh_from_db()
    assert getattr(claim, field) == Decimal("10000.00")


def test_submitted_claim_must_have_its_submission_moment():
    claim = f.ClaimFactory()
    refused(lambda: Claim.objects.filter(pk=claim.pk).update(submitted_at=None))
    # A draft and a withdrawn draft carry none.
    Claim.objects.filter(pk=claim.pk).update(status="draft", submitted_at=None)
    Claim.objects.filter(pk=claim.pk).update(status="withdrawn")


def test_one_finding_per_parameter_of_a_claim():
    claim = f.ClaimFactory()
    parameter = claim.order.guarantee_terms.parameters.first()
    reviewer = f.UserFactory(is_staff=True)
    ParameterFinding.objects.create(claim=claim, parameter=parameter, finding="met", reviewer=reviewer)
    refused(
        lambda: ParameterFinding.objects.create(
            claim=claim, parameter=parameter, finding="not_met", reviewer=reviewer
        )
    )


# --- every constraint is refused by a test ----------------------------------------------------------


@pytest.mark.constraint_census
def test_every_model_constraint_is_refused_by_the_database_in_some_test():
    """Runs last (tests/constraint_log.py moves it there): every constraint the project's
    models declare must have been named by an IntegrityError the database raised during this
    session. A new constraint without a test that makes the database refuse a row fails here;
    so does a test whose "refused" row was refused for another reason. Run it together with
    the tests above (this module, or the suite), not alone."""
    declared = set(project_constraints())
    assert declared >= {"uniq_live_claim_per_order", "order_covered_has_terms"}, "no constraints found"
    never = sorted(declared - set(REFUSED))
    assert not never, f"constraints the database never refused during the tests: {never}"
