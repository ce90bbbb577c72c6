"""Load the demo data set (idempotent) and print the demo sign-ins.

Everything is keyed on natural keys (e-mail, slug, code, date, and for orders
the seller + partner + scope text), and every random choice comes from one
seeded generator that is consumed the same way on every run, so a second run
finds what the first made and creates nothing new.

The data is written with the ORM directly rather than through the apps'
services: it describes a history (orders accepted months ago, claims decided
last week) that the services, which act "now", cannot produce.
"""

import hashlib
import random
import secrets
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Avg, Count, F, Min, Q
from django.utils import timezone

from claims.eligibility import claim_deadline_for
from claims.models import (
    Claim,
    ClaimDocument,
    ClaimEvent,
    DecisionTemplate,
    FeedbackRequest,
    InformationRequest,
    ReasonCode,
)
from guarantees.models import (
    BadgeInterval,
    ComplianceSnapshot,
    Enrollment,
    EnrollmentEvent,
    GuaranteeParameter,
    GuaranteeTerms,
    ProgrammeRequirement,
)
from partnernet.business_days import add_business_days
from partnernet.management import demo_data as data
from partnernet.models import Holiday
from partnernet.references import CLAIM_PREFIX, ORDER_PREFIX, reference_next
from partnernet.users.models import LEADS_GROUP, REVIEWERS_GROUP, SellerAccount, SellerMembership, User
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

# Apps whose models leads manage in the admin.
LEAD_APPS = ["partners", "guarantees", "claims", "partnernet", "users", "django_celery_beat", "authtoken"]
REVIEWER_VIEW_APPS = ["partners", "guarantees", "claims"]

BADGE_STATES = {"badge", "badge2"}
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
RATIONALES = {code: text for _name, _outcome, code, text in data.DECISION_TEMPLATES}


class Command(BaseCommand):
    help = "Load the PartnerNet demo data (idempotent) and print the demo sign-ins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already has partners."
        )

    def handle(self, *args, **options):
        if options["if_empty"] and ServicePartner.objects.exists():
            self.stdout.write("Demo data not loaded: the database already has partners.")
            return
        with transaction.atomic():
            Seeder(stdout=self.stdout).run()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo sign-ins (password: {data.PASSWORD}):")
        for email, _name, role in data.SIGN_INS:
            self.stdout.write(f"  {email:<24} {role}")


class Seeder:
    def __init__(self, stdout):
        self.stdout = stdout
        self.now = timezone.now()
        self.rng = random.Random(20261128)  # noqa: S311 (demo data, not security)

    def days_ago(self, days: float, hours: float = 0):
        return self.now - timedelta(days=days, hours=hours)

    # --- orchestration ---------------------------------------------------------
    def run(self):
        self.holidays()
        self.groups()
        self.users()
        self.seller_accounts()
        self.taxonomy()
        self.requirements()
        self.reason_codes()
        self.partners()
        self.programme()
        self.memberships()
        self.background_orders()
        self.demo_orders()
        self.refresh_partners()
        self.compliance()

    # --- reference data ----------------------------------------------------------
    def holidays(self):
        existing = set(Holiday.objects.values_list("date", flat=True))
        Holiday.objects.bulk_create(
            [Holiday(date=day, name=name) for day, name in data.HOLIDAYS if day not in existing]
        )

    def groups(self):
        reviewers, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
        leads, _ = Group.objects.get_or_create(name=LEADS_GROUP)
        leads.permissions.set(
            Permission.objects.filter(content_type__app_label__in=LEAD_APPS).exclude(
                # Claim events are append-only, even for leads.
                codename__in=["change_claimevent", "delete_claimevent"]
            )
        )
        reviewers.permissions.set(
            Permission.objects.filter(
                content_type__app_label__in=REVIEWER_VIEW_APPS, codename__startswith="view_"
            )
        )
        self.reviewers_group, self.leads_group = reviewers, leads

    def _user(self, email, full_name, *, password=True, **extra):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, full_name=full_name, **extra)
            if password:
                user.set_password(data.PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
        else:
            changed = [k for k, v in extra.items() if getattr(user, k) != v]
            for key in changed:
                setattr(user, key, extra[key])
            if changed:
                user.save(update_fields=changed)
        return user

    def users(self):
        self.u = {}
        for email, full_name, _role in data.SIGN_INS:
            staff = email.startswith(("reviewer", "lead"))
            user = self._user(email, full_name, is_staff=staff)
            self.u[email] = user
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        self.u["reviewer@example.com"].groups.add(self.reviewers_group)
        self.u["reviewer2@example.com"].groups.add(self.reviewers_group)
        self.u["lead@example.com"].groups.add(self.leads_group)
        self.reviewer = self.u["reviewer@example.com"]
        self.reviewer2 = self.u["reviewer2@example.com"]
        self.lead = self.u["lead@example.com"]

    def _seller_account(self, owner, name, marketplace, gstin=""):
        account, _ = SellerAccount.objects.get_or_create(
            name=name, owner=owner, defaults={"marketplace": marketplace, "gstin": gstin}
        )
        SellerMembership.objects.get_or_create(account=account, user=owner, defaults={"role": "owner"})
        return account

    def seller_accounts(self):
        self.accounts = {}
        for email, name, marketplace, gstin in data.DEMO_SELLER_ACCOUNTS:
            self.accounts[email] = self._seller_account(self.u[email], name, marketplace, gstin)
        self.background = []
        for name, person in data.BACKGROUND_SELLERS:
            slug = name.lower().replace(" ", "-").replace(".", "").replace("&", "and")
            owner = self._user(f"owner@{slug}.example", person, password=False)
            self.background.append(self._seller_account(owner, name, "IN"))

    def taxonomy(self):
        self.categories = {}
        for position, (slug, name, description) in enumerate(data.CATEGORIES):
            category, _ = ServiceCategory.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "position": position}
            )
            self.categories[slug] = category
        self.cities = {}
        for slug, name, state in data.CITIES:
            self.cities[slug], _ = City.objects.get_or_create(
                slug=slug, defaults={"name": name, "state": state}
            )
        self.languages = {}
        for code, name in data.LANGUAGES:
            self.languages[code], _ = Language.objects.get_or_create(code=code, defaults={"name": name})

    def requirements(self):
        self.requirements_by_key = {}
        for (
            key,
            label,
            help_text,
            vtype,
            unit,
            choices,
            floor,
            direction,
            position,
        ) in data.PROGRAMME_REQUIREMENTS:
            req, _ = ProgrammeRequirement.objects.get_or_create(
                key=key,
                defaults={
                    "label": label,
                    "help_text": help_text,
                    "value_type": vtype,
                    "unit": unit,
                    "choices": choices,
                    "floor": Decimal(floor) if floor is not None else None,
                    "floor_direction": direction,
                    "position": position,
                },
            )
            self.requirements_by_key[key] = req

    def reason_codes(self):
        self.reasons = {}
        for code, label, outcomes in data.REASON_CODES:
            self.reasons[code], _ = ReasonCode.objects.get_or_create(
                code=code, defaults={"label": label, "outcomes": outcomes}
            )
        for name, outcome, code, text in data.DECISION_TEMPLATES:
            DecisionTemplate.objects.get_or_create(
                name=name, defaults={"outcome": outcome, "reason_code": self.reasons[code], "text": text}
            )

    # --- partners ------------------------------------------------------------------
    def partners(self):
        self.partner_by_slug = {}
        self.partner_state = {}
        self.offerings = {}
        for index, spec in enumerate(data.PARTNERS):
            slug, name, tagline, cats, cities, langs, founded, state = spec
            rng = self.rng
            phone = f"+91 {rng.randint(70, 99)}{rng.randint(100, 999)} {rng.randint(10000, 99999)}"
            partner, _ = ServicePartner.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "tagline": tagline,
                    "description": self._description(name, tagline, cats, cities, langs, founded),
                    "website": f"https://www.{slug}.example",
                    "email": f"hello@{slug}.example",
                    "phone": phone,
                    "founded_year": founded,
                    "accepting_clients": index % 9 != 8,
                    "created_at": self.days_ago(500 - index * 7),
                },
            )
            partner.categories.set([self.categories[c] for c in cats])
            partner.cities.set([self.cities[c] for c in cities])
            partner.languages.set([self.languages[code] for code in langs])
            self.partner_by_slug[slug] = partner
            self.partner_state[slug] = state
            self.offerings[slug] = self._offerings(partner, cats)
            self._promotions(partner, index)

    def _description(self, name, tagline, cats, cities, langs, founded):
        city_names = ", ".join(self.cities[c].name for c in cities)
        lang_names = ", ".join(self.languages[code].name for code in langs)
        services = ", ".join(self.categories[c].name.lower() for c in cats)
        return (
            f"{name} has worked with marketplace sellers since {founded}. {tagline}.\n\n"
            f"We offer {services} from our offices in {city_names}, and we work with sellers in "
            f"{lang_names}. Every engagement starts with a written scope and a named account lead, "
            "and we share progress every week until the work is handed over."
        )

    def _offerings(self, partner, cats):
        offerings = []
        for cat in cats:
            for title, price, unit, days in data.OFFERING_TEMPLATES[cat]:
                offering, _ = ServiceOffering.objects.get_or_create(
                    partner=partner,
                    title=title,
                    defaults={
                        "category": self.categories[cat],
                        "description": f"{title} by {partner.name}. {self.categories[cat].description}",
                        "price_from": Decimal(price),
                        "price_unit": unit,
                        "turnaround_days": days,
                    },
                )
                offerings.append(offering)
        return offerings

    def _promotions(self, partner, index):
        today = timezone.localdate()
        offering = self.offerings[partner.slug][0]
        specs = []
        if index % 2 == 0:
            specs.append(
                (
                    f"{10 + index % 4 * 5}% off for new marketplace sellers",
                    offering,
                    10 + index % 4 * 5,
                    today - timedelta(days=10),
                    today + timedelta(days=20 + index),
                )
            )
        if index % 3 == 0:
            specs.append(
                ("Festive season offer", offering, 20, today - timedelta(days=90), today - timedelta(days=30))
            )
        if index % 5 == 1:
            specs.append(("Free account audit with any plan", None, None, today, today + timedelta(days=45)))
        for title, offer, pct, starts, ends in specs:
            Promotion.objects.get_or_create(
                partner=partner,
                title=title,
                defaults={
                    "offering": offer,
                    "discount_percent": pct,
                    "description": f"{title} — {partner.name}.",
                    "starts_on": starts,
                    "ends_on": ends,
                },
            )

    # --- programme -------------------------------------------------------------------
    def _parameters(self, slug):
        rng = self.rng
        delivery = max(o.turnaround_days for o in self.offerings[slug])
        return [
            ("response_time", str(rng.choice([8, 12, 24, 24, 48]))),
            ("delivery_timeline", str(delivery)),
            ("revisions_included", str(rng.choice([1, 2, 2, 3]))),
            ("remedy_offered", rng.choice(["Redo the work", "Partial refund", "Full refund"])),
            ("communication_channel", rng.choice(["E-mail", "Phone", "WhatsApp", "Video call"])),
        ]

    def _publish(self, partner, version, values, published_at, *, current):
        terms = GuaranteeTerms.objects.create(
            partner=partner,
            status=GuaranteeTerms.Status.PUBLISHED,
            version=version,
            is_current=current,
            created_at=published_at - timedelta(days=2),
            published_at=published_at,
            summary=(
                f"{partner.name} answers within the stated response time, delivers within the stated "
                "timeline and includes the stated revisions. If we fall short we make it right first."
            ),
        )
        self._add_parameters(terms, values)
        return terms

    def _add_parameters(self, terms, values):
        GuaranteeParameter.objects.bulk_create(
            [
                GuaranteeParameter(
                    terms=terms,
                    requirement=self.requirements_by_key[key],
                    key=key,
                    label=self.requirements_by_key[key].label,
                    value=value,
                    unit=self.requirements_by_key[key].unit,
                    position=position,
                )
                for position, (key, value) in enumerate(values)
            ]
        )

    def programme(self):
        self.terms_versions = {}  # slug -> [(published_at, terms)]
        self.badge_since = {}  # slug -> (start, end or None)
        for slug, partner in self.partner_by_slug.items():
            state = self.partner_state[slug]
            values = self._parameters(slug)
            values_v2 = [(k, "12" if k == "response_time" else v) for k, v in values]
            if state == "none":
                if (
                    slug == "deccan-listing-studio"
                    and not GuaranteeTerms.objects.filter(partner=partner).exists()
                ):
                    draft = GuaranteeTerms.objects.create(partner=partner, summary="Work in progress.")
                    self._add_parameters(draft, values[:3])
                continue
            if state == "rejected":
                if not GuaranteeTerms.objects.filter(partner=partner).exists():
                    draft = GuaranteeTerms.objects.create(partner=partner, summary="Our promise.")
                    self._add_parameters(draft, values)
            elif not GuaranteeTerms.objects.filter(partner=partner).exists():
                if state == "badge2":
                    self._publish(partner, 1, values, self.days_ago(430), current=False)
                    self._publish(partner, 2, values_v2, self.days_ago(60), current=True)
                else:
                    self._publish(partner, 1, values, self.days_ago(430), current=True)
            self.terms_versions[slug] = [
                (t.published_at, t)
                for t in GuaranteeTerms.objects.filter(partner=partner, status="published").order_by(
                    "version"
                )
            ]
            self._enrollment(partner, state)

    def _enrollment(self, partner, state):
        status = {
            "badge": "approved",
            "badge2": "approved",
            "suspended": "suspended",
            "applied": "applied",
            "rejected": "rejected",
            "withdrawn": "withdrawn",
        }[state]
        applied_at = self.days_ago(425) if state not in {"applied", "rejected"} else self.days_ago(6)
        enrollment, created = Enrollment.objects.get_or_create(
            partner=partner,
            defaults={
                "status": status,
                "applied_at": applied_at,
                "decided_at": None if status == "applied" else applied_at + timedelta(days=4),
                "decided_by": None if status == "applied" else self.lead,
                "reason": {
                    "rejected": "Terms are still a draft: publish them and apply again.",
                    "suspended": "3 claims upheld within 90 days.",
                    "withdrawn": "The partner withdrew from the programme.",
                }.get(state, ""),
            },
        )
        if created:
            events = [
                EnrollmentEvent(enrollment=enrollment, kind="applied", actor=None, created_at=applied_at)
            ]
            if status != "applied":
                events.append(
                    EnrollmentEvent(
                        enrollment=enrollment,
                        kind="rejected" if status == "rejected" else "approved",
                        actor=self.lead,
                        reason=enrollment.reason if status == "rejected" else "",
                        created_at=applied_at + timedelta(days=4),
                    )
                )
            if status == "suspended":
                events.append(
                    EnrollmentEvent(
                        enrollment=enrollment,
                        kind="auto_suspended",
                        reason=enrollment.reason,
                        data={"claims_upheld_90d": 3},
                        created_at=self.days_ago(20),
                    )
                )
            if status == "withdrawn":
                events.append(
                    EnrollmentEvent(enrollment=enrollment, kind="withdrawn", created_at=self.days_ago(45))
                )
            EnrollmentEvent.objects.bulk_create(events)
        start = applied_at + timedelta(days=4)
        if state in BADGE_STATES:
            span = (start, None)
        elif state == "suspended":
            span = (start, self.days_ago(20), "auto_suspended")
        elif state == "withdrawn":
            span = (start, self.days_ago(45), "withdrawn")
        else:
            return
        self.badge_since[partner.slug] = span[:2]
        if not BadgeInterval.objects.filter(partner=partner).exists():
            BadgeInterval.objects.create(
                partner=partner,
                started_at=span[0],
                started_by=self.lead,
                ended_at=span[1],
                end_reason=span[2] if len(span) > 2 else "",
            )
        active = state in BADGE_STATES
        if partner.badge_active != active:
            partner.badge_active = active
            partner.save(update_fields=["badge_active"])

    def memberships(self):
        kaveri = self.partner_by_slug["kaveri-commerce-solutions"]
        deccan = self.partner_by_slug["deccan-listing-studio"]
        PartnerMembership.objects.get_or_create(
            partner=kaveri, user=self.u["partner@example.com"], defaults={"role": "owner"}
        )
        PartnerMembership.objects.get_or_create(
            partner=deccan, user=self.u["partner2@example.com"], defaults={"role": "owner"}
        )
        self.kaveri, self.deccan = kaveri, deccan

    # --- orders ---------------------------------------------------------------------------
    def _terms_at(self, slug, moment):
        """The published version in force at `moment`, when the badge was active then."""
        span = self.badge_since.get(slug)
        if span is None or moment < span[0] or (span[1] is not None and moment >= span[1]):
            return None
        versions = [t for published_at, t in self.terms_versions.get(slug, []) if published_at <= moment]
        return versions[-1] if versions else None

    def _order(
        self, *, account, partner, offering, scope, status, requested_days_ago, price, completed_days_ago=None
    ):
        """Get or create one order, consistent with its status and the partner's badge history."""
        existing = ServiceOrder.objects.filter(seller=account, partner=partner, scope=scope).first()
        if existing is not None:
            return existing, False
        requested_at = self.days_ago(requested_days_ago, hours=3)
        fields = {
            "seller": account,
            "requested_by": account.owner,
            "partner": partner,
            "offering": offering,
            "scope": scope,
            "status": status,
            "budget": Decimal(price),
            "requested_at": requested_at,
        }
        if status in {"accepted", "completed"}:
            accepted_at = requested_at + timedelta(days=1, hours=2)
            terms = self._terms_at(partner.slug, accepted_at)
            fields.update(
                agreed_price=Decimal(price),
                accepted_at=accepted_at,
                due_on=(accepted_at + timedelta(days=offering.turnaround_days)).date(),
                covered=terms is not None,
                guarantee_terms=terms,
            )
        if status == "completed":
            completed_at = self.days_ago(completed_days_ago, hours=5)
            fields["completed_at"] = completed_at
            if fields["covered"]:
                deadline = claim_deadline_for(completed_at)
                fields.update(claim_deadline=deadline, claim_window_open=deadline >= self.now)
        if status == "cancelled":
            fields.update(
                cancelled_at=requested_at + timedelta(days=2),
                cancelled_by=account.owner,
                close_reason="We found the work could be done in-house after all.",
            )
        if status == "declined":
            fields.update(
                declined_at=requested_at + timedelta(days=1),
                close_reason="We are fully booked for the next six weeks, sorry.",
            )
        order = ServiceOrder.objects.create(
            reference=reference_next(prefix=ORDER_PREFIX, moment=requested_at), **fields
        )
        return order, True

    def _review(self, order, rating, title, text, *, reply=False):
        if order.status != "completed":
            return
        Review.objects.get_or_create(
            order=order,
            defaults={
                "partner": order.partner,
                "author": order.seller.owner,
                "rating": rating,
                "title": title,
                "text": text,
                "created_at": order.completed_at + timedelta(days=2),
                "reply": "Thank you for working with us!" if reply else "",
                "replied_at": order.completed_at + timedelta(days=3) if reply else None,
            },
        )

    def background_orders(self):
        """Past engagements with reviews, so that ratings and figures look lived-in."""
        for p_index, (slug, partner) in enumerate(self.partner_by_slug.items()):
            rng = self.rng
            count = rng.randint(3, 9)
            for i in range(count):
                account = self.background[(p_index + i * 5) % len(self.background)]
                offering = self.offerings[slug][i % len(self.offerings[slug])]
                roll = rng.random()
                status = (
                    "completed"
                    if roll < 0.72
                    else "accepted"
                    if roll < 0.82
                    else "requested"
                    if roll < 0.9
                    else "cancelled"
                    if roll < 0.95
                    else "declined"
                )
                completed_days = rng.randint(3, 320)
                requested_days = (
                    completed_days + offering.turnaround_days + 2
                    if status == "completed"
                    else rng.randint(1, 20)
                )
                price = int(offering.price_from) * rng.choice([1, 1, 2, 3])
                rating, title, text = rng.choice(data.REVIEW_TEXTS)
                reviewed = rng.random() < 0.85
                order, _ = self._order(
                    account=account,
                    partner=partner,
                    offering=offering,
                    scope=f"{offering.title} for {account.name} (engagement {i + 1}).",
                    status=status,
                    requested_days_ago=requested_days,
                    price=price,
                    completed_days_ago=completed_days,
                )
                if reviewed:
                    self._review(order, rating, title, text, reply=i % 3 == 0)

    def demo_orders(self):
        """The demo sellers' own orders: every order status and every claim status."""
        s1 = self.accounts["seller@example.com"]
        s2 = self.accounts["seller2@example.com"]
        us = self.accounts["seller.us@example.com"]
        p = self.partner_by_slug
        o = self.offerings

        def order(account, slug, n, scope, status, completed=None, requested=None, price=None):
            offering = o[slug][n % len(o[slug])]
            requested = (
                requested if requested is not None else (completed or 0) + offering.turnaround_days + 3
            )
            return self._order(
                account=account,
                partner=p[slug],
                offering=offering,
                scope=scope,
                status=status,
                requested_days_ago=requested,
                price=price or int(offering.price_from) * 2,
                completed_days_ago=completed,
            )[0]

        k = "kaveri-commerce-solutions"
        # seller@ — claims in every status
        claim_orders = [
            (
                order(
                    s1,
                    k,
                    0,
                    "Monthly account management for November: health checks, 4 promotions, weekly report.",
                    "completed",
                    completed=3,
                ),
                "draft",
                self.reviewer,
            ),
            (
                order(
                    s1,
                    k,
                    2,
                    "Create 50 saree listings with variations, titles, bullets and keywords.",
                    "completed",
                    completed=10,
                ),
                "submitted",
                None,
            ),
            (
                order(
                    s1,
                    "shutterkart-studios",
                    0,
                    "White-background photos for 120 handloom products, 6 angles each.",
                    "completed",
                    completed=15,
                ),
                "under_review",
                self.reviewer,
            ),
            (
                order(
                    s1,
                    "taxsetu-advisors",
                    1,
                    "GSTR-1 and GSTR-3B for September and October.",
                    "completed",
                    completed=20,
                ),
                "awaiting_seller",
                self.reviewer,
            ),
            (
                order(
                    s1,
                    k,
                    4,
                    "Sponsored Products campaigns for the Diwali collection, 30 ASINs.",
                    "completed",
                    completed=25,
                ),
                "awaiting_partner",
                self.reviewer,
            ),
            (
                order(
                    s1,
                    "adhyaya-ads",
                    0,
                    "Campaign set-up for the wedding-season range.",
                    "completed",
                    completed=28,
                ),
                "decided",
                self.reviewer,
            ),
            (
                order(
                    s1,
                    "vyapaar-mitra-consultants",
                    1,
                    "Account health audit and fixes for 3 policy warnings.",
                    "completed",
                    completed=30,
                ),
                "appealed",
                self.reviewer2,
            ),
            (
                order(
                    s1,
                    "gangasagar-logistics",
                    0,
                    "Inbound shipment planning for 4 consignments to FC BLR7.",
                    "completed",
                    completed=20,
                ),
                "withdrawn",
                None,
            ),
            (
                order(
                    s1,
                    "sabarmati-digital",
                    0,
                    "Catalogue of 50 block-print kurtas in Gujarati and English.",
                    "completed",
                    completed=120,
                ),
                "closed",
                self.reviewer,
            ),
            (
                order(
                    s2,
                    k,
                    0,
                    "Monthly account management for October for Nilgiri Naturals.",
                    "completed",
                    completed=12,
                ),
                "under_review_offer",
                self.reviewer2,
            ),
            (
                order(
                    s2,
                    "lekha-books-and-tax",
                    0,
                    "Settlement reconciliation for April to September.",
                    "completed",
                    completed=15,
                ),
                "resolved",
                self.reviewer,
            ),
        ]
        for index, (ord_, status, reviewer) in enumerate(claim_orders):
            self._claim(ord_, status, reviewer, index)

        order(s1, k, 1, "Account health audit for the new Kanchipuram silk range.", "completed", completed=5)
        no_badge = order(
            s1,
            "deccan-listing-studio",
            0,
            "Listing creation for 50 cotton dhotis in English and Telugu.",
            "completed",
            completed=8,
        )
        self._review(
            no_badge, 4, "Neat listings", "Accurate Telugu and English listings, one round of fixes."
        )
        old = order(
            s1,
            "trademark-kavach",
            0,
            "Trademark application for 'Shree Ganesh' in class 24.",
            "completed",
            completed=45,
        )
        self._review(old, 5, "Smooth filing", "Filed in a week with all the paperwork explained.", reply=True)
        self._review(claim_orders[8][0], 3, "Had to claim", "Half the catalogue had wrong size charts.")
        order(s1, k, 3, "Managed advertising for January with a budget of ₹60,000.", "accepted", requested=4)
        order(
            s1,
            k,
            5,
            "Bulk upload of 400 SKUs with variations from our spreadsheet.",
            "requested",
            requested=1,
        )
        order(
            s1, "pinkcity-packaging", 0, "Branded mailer box for the gift range.", "cancelled", requested=30
        )
        order(
            s1,
            "seller-shiksha-academy",
            0,
            "Bootcamp seats for two new team members.",
            "declined",
            requested=12,
        )
        order(s1, "deccan-listing-studio", 1, "Variation clean-up for 300 SKUs.", "accepted", requested=3)
        # seller2@
        order(
            s2,
            "deccan-listing-studio",
            0,
            "Listings for 50 tea and spice products.",
            "requested",
            requested=2,
        )
        order(s2, "coromandel-compliance", 1, "Monthly GST returns for the quarter.", "accepted", requested=9)
        order(
            s2,
            "nirmaan-growth-partners",
            0,
            "Growth plan and monthly review for Q4.",
            "completed",
            completed=2,
        )
        # seller.us@ (covered by the badge, but claims are India only)
        order(us, k, 2, "Listings for 50 spice blends on the US marketplace.", "completed", completed=6)
        order(
            us,
            "globalbazaar-exports",
            0,
            "Global listings launch for the UK marketplace.",
            "requested",
            requested=1,
        )

        for ord_ in ServiceOrder.objects.filter(
            seller__in=[s1, s2, us], status="completed", covered=True
        ).select_related("seller"):
            FeedbackRequest.objects.get_or_create(
                order=ord_,
                defaults={
                    "seller": ord_.seller.owner,
                    "nonce": secrets.token_hex(16),
                    "created_at": ord_.completed_at,
                    "sent_at": ord_.completed_at + timedelta(minutes=1),
                },
            )

    # --- claims ---------------------------------------------------------------------------
    def _claim(self, order, status, reviewer, index):
        if Claim.objects.filter(order=order).exists():
            return
        seller_user = order.seller.owner
        price = order.agreed_price
        submitted_at = order.completed_at + timedelta(days=1, hours=4)
        remedies = [Claim.Remedy.PARTIAL_REFUND, Claim.Remedy.REDO, Claim.Remedy.FULL_REFUND]
        remedy = remedies[index % 3]
        reasons = list(Claim.Reason.values)
        fields = {
            "order": order,
            "seller": order.seller,
            "partner": order.partner,
            "claimant": seller_user,
            "filed_by": seller_user,
            "channel": Claim.Channel.EMAIL_LINK if index % 2 else Claim.Channel.WEB,
            "reason": reasons[index % len(reasons)],
            "description": (
                "The work handed over does not match the agreed scope: "
                f"{order.scope[:1].lower()}{order.scope[1:]} "
                "Several items were missing or wrong at hand-over."
            ),
            "resolution_attempt": (
                "I wrote to the partner on the day of hand-over and called twice the following week; "
                "they promised a fix but nothing changed."
            ),
            "resolution_confirmed": True,
            "remedy": remedy,
            "amount": (price * Decimal("0.4")).quantize(Decimal("1"))
            if remedy == Claim.Remedy.PARTIAL_REFUND
            else None,
            "agreed_price": price,
            "eligibility_at_filing": {
                "eligible": True,
                "reasons": [],
                "deadline": order.claim_deadline.isoformat() if order.claim_deadline else None,
            },
            "created_at": submitted_at - timedelta(hours=1),
        }
        events = []
        pending_info = None

        def event(kind, at, *, actor=None, visibility=ClaimEvent.Visibility.BOTH, message=""):
            events.append((kind, at, actor, visibility, message))

        if status == "draft":
            fields.update(status=Claim.Status.DRAFT, reference=f"DR-{secrets.token_hex(6).upper()}")
            fields["created_at"] = self.days_ago(1)
            event("drafted", fields["created_at"], actor=seller_user, visibility=ClaimEvent.Visibility.SELLER)
            claim = Claim.objects.create(**fields)
            self._events(claim, events)
            return
        fields.update(
            reference=reference_next(prefix=CLAIM_PREFIX, moment=submitted_at),
            submitted_at=submitted_at,
            partner_notified_at=submitted_at + timedelta(minutes=2),
            partner_response_due=add_business_days(submitted_at, 5),
            first_action_due=add_business_days(submitted_at, 2),
            decision_due=add_business_days(submitted_at, 10),
            status=Claim.Status.SUBMITTED,
        )
        event("submitted", submitted_at, actor=seller_user)
        event(
            "partner_notified", submitted_at + timedelta(minutes=2), visibility=ClaimEvent.Visibility.PARTNER
        )
        version = 1
        if status == "withdrawn":
            at = submitted_at + timedelta(days=2)
            fields.update(status=Claim.Status.WITHDRAWN, withdrawn_at=at)
            event("withdrawn", at, actor=seller_user, message="The partner fixed it after all.")
            version = 2
        elif status != "submitted":
            first = submitted_at + timedelta(hours=20)
            fields.update(assigned_to=reviewer, first_action_at=first, status=Claim.Status.UNDER_REVIEW)
            event("assigned", first, actor=reviewer, visibility=ClaimEvent.Visibility.INTERNAL)
            responded = submitted_at + timedelta(days=2)
            fields.update(partner_responded_at=responded)
            event(
                "partner_responded",
                responded,
                actor=None,
                message="We delivered what was agreed on the call; the seller asked for extra items later.",
            )
            version = 3
        if status == "under_review_offer":
            at = submitted_at + timedelta(days=2, hours=3)
            fields.update(
                offer_status=Claim.OfferStatus.PENDING,
                offer_remedy=Claim.Remedy.PARTIAL_REFUND,
                offer_amount=(price * Decimal("0.25")).quantize(Decimal("1")),
                offer_note="We can refund a quarter of the fee and redo the weekly report.",
                offer_made_at=at,
            )
            event("offer_made", at, message=fields["offer_note"])
            version += 1
        if status == "awaiting_seller":
            at = submitted_at + timedelta(days=3)
            due = at + timedelta(days=7)
            fields.update(status=Claim.Status.AWAITING_SELLER, awaiting_due=due)
            question = "Please upload the invoice and the e-mail where you raised the issue with the partner."
            event(
                "info_requested",
                at,
                actor=reviewer,
                visibility=ClaimEvent.Visibility.SELLER,
                message=question,
            )
            pending_info = ("seller", question, due, at)
            version += 1
        if status == "awaiting_partner":
            at = submitted_at + timedelta(days=3)
            due = add_business_days(at, 5)
            fields.update(status=Claim.Status.AWAITING_PARTNER, awaiting_due=due)
            question = "Please share the campaign reports you sent the seller and the agreed budget."
            event(
                "info_requested",
                at,
                actor=reviewer,
                visibility=ClaimEvent.Visibility.PARTNER,
                message=question,
            )
            pending_info = ("partner", question, due, at)
            version += 1
        if status in {"decided", "appealed", "closed", "resolved"}:
            decided_at = {"decided": self.days_ago(5), "appealed": self.days_ago(10)}.get(
                status, submitted_at + timedelta(days=9)
            )
            outcome, code, amount = {
                "decided": (Claim.Outcome.REJECTED, "insufficient-evidence", None),
                "appealed": (Claim.Outcome.REJECTED, "delivered-as-agreed", None),
                "closed": (
                    Claim.Outcome.PARTIALLY_UPHELD,
                    "scope-not-delivered",
                    fields["amount"] or price / 2,
                ),
                "resolved": (Claim.Outcome.RESOLVED_WITH_PARTNER, "settled-with-partner", None),
            }[status]
            fields.update(
                status=Claim.Status.DECIDED,
                outcome=outcome,
                decided_at=decided_at,
                decided_by=reviewer,
                decision_reason=self.reasons[code],
                decision_remedy=Claim.Remedy.PARTIAL_REFUND if amount else "",
                decision_amount=amount,
                rationale=RATIONALES.get(code, RATIONALES["insufficient-evidence"]),
                appeal_deadline=decided_at + timedelta(days=14),
            )
            if status == "resolved":
                fields.update(
                    offer_status=Claim.OfferStatus.ACCEPTED,
                    offer_remedy=Claim.Remedy.REDO,
                    offer_note="We will redo the reconciliation for all six months at no charge.",
                    offer_made_at=decided_at - timedelta(days=2),
                )
                event("offer_made", decided_at - timedelta(days=2), message=fields["offer_note"])
                event("offer_accepted", decided_at, actor=seller_user)
            event("decided", decided_at, actor=reviewer, message=fields["rationale"])
            version += 1
            if status == "appealed":
                at = self.days_ago(3)
                fields.update(
                    status=Claim.Status.APPEALED,
                    appealed_at=at,
                    appeal_statement=(
                        "The audit missed two of the three warnings; I attach the account health page."
                    ),
                    original_outcome=outcome,
                    original_decided_by=reviewer,
                    assigned_to=self.reviewer2,
                    outcome="",
                    decided_by=None,
                    decided_at=None,
                )
                event("appealed", at, actor=seller_user, message=fields["appeal_statement"])
                event(
                    "assigned",
                    at + timedelta(hours=2),
                    actor=self.lead,
                    visibility=ClaimEvent.Visibility.INTERNAL,
                )
                version += 1
            if status == "closed":
                at = decided_at + timedelta(days=14, minutes=5)
                fields.update(status=Claim.Status.CLOSED, closed_at=at, is_final=True)
                event("closed", at)
                version += 1
        fields["version"] = version
        claim = Claim.objects.create(**fields)
        self._events(claim, events)
        self._documents(claim, seller_user, at=submitted_at if status != "draft" else fields["created_at"])
        if pending_info:
            party, question, due, at = pending_info
            InformationRequest.objects.create(
                claim=claim, party=party, question=question, due_at=due, requested_by=reviewer, created_at=at
            )

    def _events(self, claim, events):
        ClaimEvent.objects.bulk_create(
            [
                ClaimEvent(claim=claim, kind=kind, actor=actor, visibility=vis, message=msg, created_at=at)
                for kind, at, actor, vis, msg in events
            ]
        )

    def _documents(self, claim, user, *, at):
        for kind, name in [("invoice", "invoice.pdf"), ("scope", "scope-of-work.pdf")]:
            document = ClaimDocument(
                claim=claim,
                kind=kind,
                party="seller",
                original_name=f"{claim.order.reference}-{name}",
                content_type="application/pdf",
                size=len(MINIMAL_PDF),
                sha256=hashlib.sha256(MINIMAL_PDF).hexdigest(),
                uploaded_by=user,
                uploaded_at=at,
            )
            document.file.save(name, ContentFile(MINIMAL_PDF), save=False)
            document.save()

    # --- denormalised columns ----------------------------------------------------------------
    def refresh_partners(self):
        stats = {
            row["partner"]: row
            for row in Review.objects.filter(is_hidden=False)
            .values("partner")
            .annotate(avg=Avg("rating"), n=Count("id"))
        }
        prices = dict(
            ServiceOffering.objects.filter(is_active=True)
            .values("partner")
            .annotate(low=Min("price_from"))
            .values_list("partner", "low")
        )
        partners = list(
            ServicePartner.objects.filter(slug__in=self.partner_by_slug).prefetch_related(
                "offerings", "categories"
            )
        )
        for partner in partners:
            row = stats.get(partner.pk)
            partner.rating_avg = Decimal(row["avg"]).quantize(Decimal("0.01")) if row else None
            partner.review_count = row["n"] if row else 0
            partner.price_from = prices.get(partner.pk)
            partner.search_document = " ".join(
                [partner.name, partner.tagline, partner.description]
                + [offering.title for offering in partner.offerings.all()]
                + [category.name for category in partner.categories.all()]
            )
        ServicePartner.objects.bulk_update(
            partners, ["rating_avg", "review_count", "price_from", "search_document"]
        )

    def compliance(self):
        """The public guarantee figures, as the nightly task would compute them."""
        since = self.now - timedelta(days=180)
        for slug in self.terms_versions:
            partner = self.partner_by_slug[slug]
            orders = ServiceOrder.objects.filter(partner=partner, covered=True, completed_at__gte=since)
            claims = Claim.objects.filter(partner=partner, submitted_at__gte=since)
            upheld = claims.filter(outcome__in=["upheld", "partially_upheld"])
            completed = orders.count()
            on_time = orders.filter(Q(due_on__isnull=True) | Q(completed_at__date__lte=F("due_on"))).count()
            ComplianceSnapshot.objects.update_or_create(
                partner=partner,
                is_latest=True,
                defaults={
                    "computed_at": self.now,
                    "completed_covered_orders": completed,
                    "claims_filed": claims.count(),
                    "claims_upheld": upheld.count(),
                    "claims_upheld_90d": upheld.filter(decided_at__gte=self.now - timedelta(days=90)).count(),
                    "upheld_rate": (Decimal(upheld.count()) / completed).quantize(Decimal("0.0001"))
                    if completed
                    else None,
                    "on_time_rate": (Decimal(on_time) / completed).quantize(Decimal("0.0001"))
                    if completed
                    else None,
                    "median_first_response_hours": Decimal("6.5"),
                },
            )
