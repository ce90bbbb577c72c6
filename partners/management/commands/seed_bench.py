"""A large, realistic data set for `make bench`: N partners, ~4 offerings each, 20×N orders,
10×N reviews and 2×N claims, inserted with COPY on PostgreSQL (bulk_create elsewhere).

Denormalised partner columns (rating, review count, starting price, search document,
badge) are computed while generating, so the partners are written once, final.
"""

import random
import time
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from claims.eligibility import claim_deadline_for
from claims.models import Claim
from guarantees.models import BadgeInterval, Enrollment, GuaranteeParameter, GuaranteeTerms
from partnernet.models import ReferenceCounter
from partnernet.references import CLAIM_PREFIX, ORDER_PREFIX
from partnernet.users.models import SellerAccount, SellerMembership, User
from partners.management.bulk import insert, reserve_ids
from partners.models import (
    City,
    Language,
    Review,
    ServiceCategory,
    ServiceOffering,
    ServiceOrder,
    ServicePartner,
)

SLUG_PREFIX = "bench-"
CATEGORIES = [
    ("account-management", "Account Management", ["account health audit", "seller central management"]),
    ("cataloguing", "Cataloguing", ["catalogue listing", "bulk listing upload", "product data cleanup"]),
    ("imaging", "Product Imaging", ["product photography", "lifestyle photo shoot", "image retouching"]),
    ("advertising", "Advertising", ["sponsored products ads", "campaign management", "keyword research"]),
    ("tax", "Tax and Compliance", ["GST registration", "GST return filing", "TDS compliance"]),
    ("logistics", "Logistics", ["fulfilment setup", "easy ship onboarding", "warehouse management"]),
    ("training", "Training", ["seller university coaching", "team training workshop"]),
    ("brand", "Brand Building", ["brand registry", "A+ content design", "storefront design"]),
    ("content", "Content Writing", ["listing copywriting", "product description writing"]),
    ("global", "Global Selling", ["global selling setup", "export documentation"]),
    ("analytics", "Analytics", ["sales analytics dashboard", "pricing analysis"]),
    ("software", "Software and Tools", ["inventory software", "repricing tool setup"]),
]
CITIES = [
    "Mumbai",
    "Delhi",
    "Bengaluru",
    "Hyderabad",
    "Chennai",
    "Kolkata",
    "Pune",
    "Ahmedabad",
    "Jaipur",
    "Surat",
    "Lucknow",
    "Kanpur",
    "Nagpur",
    "Indore",
    "Bhopal",
    "Patna",
    "Vadodara",
    "Ludhiana",
    "Agra",
    "Nashik",
    "Coimbatore",
    "Kochi",
    "Chandigarh",
    "Mysuru",
    "Noida",
    "Gurugram",
    "Visakhapatnam",
    "Madurai",
    "Raipur",
    "Ranchi",
]
LANGUAGES = [
    ("en", "English"),
    ("hi", "Hindi"),
    ("ta", "Tamil"),
    ("te", "Telugu"),
    ("kn", "Kannada"),
    ("ml", "Malayalam"),
    ("mr", "Marathi"),
    ("bn", "Bengali"),
    ("gu", "Gujarati"),
    ("pa", "Punjabi"),
]
FIRST = [
    "Bright",
    "Swift",
    "Prime",
    "Blue",
    "Zen",
    "Apex",
    "Nova",
    "Lotus",
    "Saffron",
    "Indigo",
    "Vertex",
    "Orbit",
]
SECOND = ["Commerce", "Listings", "Retail", "Digital", "Growth", "Studio", "Partners", "Labs", "Works", "Hub"]
TAGLINES = [
    "Marketplace growth for ambitious sellers",
    "Listings that convert, delivered on time",
    "Your catalogue, done right",
    "Ads and analytics for D2C brands",
    "Compliance without the headache",
    "From first listing to best seller",
]
PARAMETERS = [
    ("response_time", "Response time", "24", "hours"),
    ("delivery_timeline", "Delivery timeline", "7", "days"),
    ("revisions", "Free revisions", "2", "rounds"),
]
PASSWORD = "partnernet-bench"


class Command(BaseCommand):
    help = "Load a large data set for benchmarks (partners, offerings, orders, reviews, claims)."

    def add_arguments(self, parser):
        parser.add_argument("--partners", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, partners, seed, **options):
        if partners < 1 or partners > 1_000_000:
            raise CommandError("--partners must be between 1 and 1,000,000.")
        existing = ServicePartner.objects.filter(slug__startswith=SLUG_PREFIX).count()
        if existing >= partners:
            self.stdout.write(f"seed_bench: {existing} bench partners already present; nothing to do.")
            return
        started = time.monotonic()
        self.rng = random.Random(seed + existing)
        with transaction.atomic():
            counts = self._seed(first=existing, count=partners - existing)
        if connection.vendor == "postgresql":
            # Fresh statistics and visibility map, so the first queries after a large load
            # get good plans and index-only scans.
            with connection.cursor() as cursor:
                # VACUUM cannot run inside a transaction (a test, or a caller's atomic block).
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        took = time.monotonic() - started
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"seed_bench: {summary} in {took:.1f} s"))

    # --- reference data ---------------------------------------------------------

    def _reference_data(self):
        for i, (slug, name, _titles) in enumerate(CATEGORIES):
            ServiceCategory.objects.get_or_create(slug=slug, defaults={"name": name, "position": i})
        for name in CITIES:
            City.objects.get_or_create(slug=slugify(name), defaults={"name": name})
        for code, name in LANGUAGES:
            Language.objects.get_or_create(code=code, defaults={"name": name})
        categories = {c.slug: c for c in ServiceCategory.objects.filter(slug__in=[c[0] for c in CATEGORIES])}
        cities = list(City.objects.filter(slug__in=[slugify(c) for c in CITIES]).values_list("id", flat=True))
        languages = list(
            Language.objects.filter(code__in=[c for c, _n in LANGUAGES]).values_list("id", flat=True)
        )
        return categories, cities, languages

    def _reserve_references(self, prefix, count):
        year = timezone.localtime().year
        counter, _ = ReferenceCounter.objects.get_or_create(prefix=prefix, year=year)
        counter = ReferenceCounter.objects.select_for_update().get(pk=counter.pk)
        first = counter.value + 1
        counter.value += count
        counter.save(update_fields=["value"])
        return [f"{prefix}-{year}-{n:06d}" for n in range(first, first + count)]

    # --- the data set -------------------------------------------------------------

    def _seed(self, *, first, count):  # noqa: C901 (one linear recipe reads best in one place)
        rng = self.rng
        now = timezone.now()
        categories, city_ids, language_ids = self._reference_data()
        category_list = [(categories[slug], titles) for slug, _name, titles in CATEGORIES]

        # Sellers: one per 10 partners (at least 5), each with an owner user.
        n_sellers = max(5, count // 10)
        password = make_password(PASSWORD)
        user0 = reserve_ids(User, n_sellers)
        insert(
            User,
            ["id", "email", "password", "full_name", "is_active", "is_staff", "is_superuser", "date_joined"],
            (
                (
                    user0 + i,
                    f"bench-seller-{first + i}-{user0 + i}@example.com",
                    password,
                    f"Bench Seller {i}",
                    True,
                    False,
                    False,
                    now,
                )
                for i in range(n_sellers)
            ),
        )
        account0 = reserve_ids(SellerAccount, n_sellers)
        insert(
            SellerAccount,
            ["id", "name", "marketplace", "owner_id", "created_at"],
            (
                (account0 + i, f"Bench Store {user0 + i}", "IN" if i % 5 else "US", user0 + i, now)
                for i in range(n_sellers)
            ),
        )
        membership0 = reserve_ids(SellerMembership, n_sellers)
        insert(
            SellerMembership,
            ["id", "account_id", "user_id", "role", "created_at"],
            ((membership0 + i, account0 + i, user0 + i, "owner", now) for i in range(n_sellers)),
        )
        sellers = [(account0 + i, user0 + i, "IN" if i % 5 else "US") for i in range(n_sellers)]

        # Partners and their offerings (computed first: stats go onto the partner row).
        partner0 = reserve_ids(ServicePartner, count)
        offering0 = reserve_ids(ServiceOffering, count * 5)
        offerings, partner_offerings, partner_rows = [], defaultdict(list), []
        m2m_categories, m2m_cities, m2m_languages = [], [], []
        guaranteed = set()
        for i in range(count):
            pid = partner0 + i
            number = first + i
            cats = rng.sample(category_list, rng.choice((1, 1, 2, 2, 3)))
            titles = []
            for _k in range(rng.choice((3, 4, 4, 5))):
                category, options = rng.choice(cats)
                oid = offering0 + len(offerings)
                title = rng.choice(options).capitalize()
                price = Decimal(rng.choice((1500, 2500, 4000, 5000, 7500, 10000, 15000, 25000, 50000)))
                offerings.append(
                    (
                        oid,
                        pid,
                        category.id,
                        title,
                        f"{title} for marketplace sellers.",
                        price,
                        rng.choice(("", "per month", "per 100 listings")),
                        rng.choice((2, 3, 5, 7, 10, 14)),
                        True,
                        now,
                    )
                )
                partner_offerings[pid].append((oid, price))
                titles.append(title)
            for category, _options in cats:
                m2m_categories.append((pid, category.id))
            for city in rng.sample(city_ids, rng.choice((1, 1, 2, 3))):
                m2m_cities.append((pid, city))
            for language in rng.sample(language_ids, rng.choice((1, 2, 2, 3))):
                m2m_languages.append((pid, language))
            if rng.random() < 0.35:
                guaranteed.add(pid)
            name = f"{rng.choice(FIRST)} {rng.choice(SECOND)} {number}"
            tagline = rng.choice(TAGLINES)
            description = (
                f"{name} helps marketplace sellers with {', '.join(t.lower() for t in titles)}. "
                f"Serving sellers since {2005 + number % 19}."
            )
            document = "\n".join([name, tagline, description, *titles, *(c.name for c, _o in cats)])
            partner_rows.append(
                [
                    pid,
                    f"{SLUG_PREFIX}{number}",
                    name,
                    tagline,
                    description,
                    f"hello@bench-{number}.example",
                    2005 + number % 19,
                    rng.random() > 0.1,
                    True,
                    pid in guaranteed,
                    None,
                    0,
                    min(p for _o, p in partner_offerings[pid]),
                    document,
                    now - timedelta(days=rng.randint(0, 1500)),
                    now,
                ]
            )

        # Guarantee programme for the guaranteed partners: terms, parameters, enrolment, badge.
        terms_of = {}
        g_list = sorted(guaranteed)
        terms0 = reserve_ids(GuaranteeTerms, len(g_list))
        since = now - timedelta(days=400)
        insert(
            GuaranteeTerms,
            [
                "id",
                "partner_id",
                "status",
                "version",
                "summary",
                "is_current",
                "created_at",
                "updated_at",
                "published_at",
            ],
            (
                (terms0 + k, pid, "published", 1, "We meet these service levels.", True, since, since, since)
                for k, pid in enumerate(g_list)
            ),
        )
        for k, pid in enumerate(g_list):
            terms_of[pid] = terms0 + k
        param0 = reserve_ids(GuaranteeParameter, len(g_list) * len(PARAMETERS))
        insert(
            GuaranteeParameter,
            ["id", "terms_id", "key", "label", "value", "unit", "position"],
            (
                (param0 + k * len(PARAMETERS) + j, terms0 + k, key, label, value, unit, j)
                for k in range(len(g_list))
                for j, (key, label, value, unit) in enumerate(PARAMETERS)
            ),
        )
        enrollment0 = reserve_ids(Enrollment, len(g_list))
        insert(
            Enrollment,
            ["id", "partner_id", "status", "applied_at", "decided_at", "updated_at"],
            ((enrollment0 + k, pid, "approved", since, since, since) for k, pid in enumerate(g_list)),
        )
        badge0 = reserve_ids(BadgeInterval, len(g_list))
        insert(
            BadgeInterval,
            ["id", "partner_id", "started_at"],
            ((badge0 + k, pid, since) for k, pid in enumerate(g_list)),
        )

        # Orders: 20 per partner on average, 60 % completed.
        n_orders = count * 20
        order0 = reserve_ids(ServiceOrder, n_orders)
        references = self._reserve_references(ORDER_PREFIX, n_orders)
        orders, completed = [], []
        pids = [partner0 + i for i in range(count)]
        for k in range(n_orders):
            oid = order0 + k
            pid = pids[k % count] if k < count * 10 else rng.choice(pids)
            account, user, marketplace = rng.choice(sellers)
            offering_id, price = rng.choice(partner_offerings[pid])
            requested = now - timedelta(days=rng.uniform(1, 360))
            roll = rng.random()
            status = (
                "completed"
                if roll < 0.6
                else "accepted"
                if roll < 0.7
                else "requested"
                if roll < 0.8
                else ("cancelled" if roll < 0.9 else "declined")
            )
            accepted = (
                requested + timedelta(days=1) if status in ("completed", "accepted", "cancelled") else None
            )
            done = None
            if status == "completed":
                done = min(now - timedelta(minutes=5), accepted + timedelta(days=rng.randint(2, 20)))
            covered = pid in guaranteed and accepted is not None and accepted > since
            terms = terms_of[pid] if covered else None
            deadline = claim_deadline_for(done) if (covered and done) else None
            orders.append(
                (
                    oid,
                    references[k],
                    account,
                    user,
                    pid,
                    offering_id,
                    status,
                    "Scope as agreed in the proposal.",
                    price,
                    price if accepted else None,
                    covered,
                    terms,
                    requested,
                    accepted,
                    done,
                    requested + timedelta(days=2) if status == "cancelled" else None,
                    requested + timedelta(days=1) if status == "declined" else None,
                    deadline,
                    bool(deadline and deadline > now),
                )
            )
            if done:
                completed.append((oid, pid, account, user, marketplace, covered, price, done))
        insert(
            ServiceOrder,
            [
                "id",
                "reference",
                "seller_id",
                "requested_by_id",
                "partner_id",
                "offering_id",
                "status",
                "scope",
                "budget",
                "agreed_price",
                "covered",
                "guarantee_terms_id",
                "requested_at",
                "accepted_at",
                "completed_at",
                "cancelled_at",
                "declined_at",
                "claim_deadline",
                "claim_window_open",
            ],
            orders,
        )

        # Reviews: 10 per partner on average, one per completed order.
        n_reviews = min(count * 10, len(completed))
        reviewed = rng.sample(completed, n_reviews)
        review0 = reserve_ids(Review, n_reviews)
        ratings = defaultdict(list)
        review_rows = []
        for k, (oid, pid, _account, user, _m, _covered, _price, done) in enumerate(reviewed):
            rating = rng.choices((1, 2, 3, 4, 5), weights=(1, 1, 3, 8, 10))[0]
            ratings[pid].append(rating)
            reply = "Thank you for the feedback." if k % 4 == 0 else ""
            review_rows.append(
                (
                    review0 + k,
                    oid,
                    pid,
                    user,
                    rating,
                    "",
                    f"Rated {rating} of 5: work as described.",
                    done + timedelta(days=1),
                    reply,
                    done + timedelta(days=2) if reply else None,
                    False,
                )
            )
        insert(
            Review,
            [
                "id",
                "order_id",
                "partner_id",
                "author_id",
                "rating",
                "title",
                "text",
                "created_at",
                "reply",
                "replied_at",
                "is_hidden",
            ],
            review_rows,
        )

        # Claims: 2 per partner on average, on covered completed orders of IN sellers.
        eligible = [c for c in completed if c[5] and c[4] == "IN"]
        n_claims = min(count * 2, len(eligible))
        claim_rows = []
        claim0 = reserve_ids(Claim, n_claims)
        claim_refs = self._reserve_references(CLAIM_PREFIX, n_claims)
        for k, (oid, pid, account, user, _m, _covered, price, done) in enumerate(
            rng.sample(eligible, n_claims)
        ):
            filed = done + timedelta(days=rng.randint(1, 25))
            filed = min(filed, now - timedelta(minutes=1))
            closed = rng.random() < 0.6
            claim_rows.append(
                (
                    claim0 + k,
                    claim_refs[k],
                    oid,
                    account,
                    pid,
                    user,
                    user,
                    "closed" if closed else rng.choice(("submitted", "under_review")),
                    rng.choice(("rejected", "upheld", "partially_upheld")) if closed else "",
                    rng.choice([r for r, _l in Claim.Reason.choices]),
                    "The work was not done as agreed.",
                    "Raised it with the partner twice.",
                    True,
                    "partial_refund",
                    (price / 2).quantize(Decimal("0.01")),
                    price,
                    filed,
                    filed,
                    filed,
                    filed + timedelta(days=10) if closed else None,
                    filed + timedelta(days=30) if closed else None,
                    closed,
                )
            )
        insert(
            Claim,
            [
                "id",
                "reference",
                "order_id",
                "seller_id",
                "partner_id",
                "claimant_id",
                "filed_by_id",
                "status",
                "outcome",
                "reason",
                "description",
                "resolution_attempt",
                "resolution_confirmed",
                "remedy",
                "amount",
                "agreed_price",
                "created_at",
                "updated_at",
                "submitted_at",
                "decided_at",
                "closed_at",
                "is_final",
            ],
            claim_rows,
        )

        # Partners last, with their final stats; then the many-to-many rows.
        for row in partner_rows:
            values = ratings.get(row[0])
            if values:
                row[10] = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"))
                row[11] = len(values)
        insert(
            ServicePartner,
            [
                "id",
                "slug",
                "name",
                "tagline",
                "description",
                "email",
                "founded_year",
                "accepting_clients",
                "is_listed",
                "badge_active",
                "rating_avg",
                "review_count",
                "price_from",
                "search_document",
                "created_at",
                "updated_at",
            ],
            partner_rows,
        )
        insert(
            ServiceOffering,
            [
                "id",
                "partner_id",
                "category_id",
                "title",
                "description",
                "price_from",
                "price_unit",
                "turnaround_days",
                "is_active",
                "created_at",
            ],
            offerings,
        )
        for field, rows in (
            ("categories", m2m_categories),
            ("cities", m2m_cities),
            ("languages", m2m_languages),
        ):
            through = ServicePartner._meta.get_field(field).remote_field.through
            target = [
                f for f in through._meta.concrete_fields if f.is_relation and f.attname != "servicepartner_id"
            ]
            start = reserve_ids(through, len(rows))
            insert(
                through,
                ["id", "servicepartner_id", target[0].attname],
                [(start + k, a, b) for k, (a, b) in enumerate(rows)],
            )
        return {
            "partners": count,
            "offerings": len(offerings),
            "orders": n_orders,
            "reviews": n_reviews,
            "claims": n_claims,
            "sellers": n_sellers,
        }
