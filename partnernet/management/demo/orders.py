"""Demo data: orders (every status), reviews, feedback requests and the denormalised columns."""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.db.models import Avg, Count, F, Min, Q

from claims.eligibility import claim_deadline_for
from claims.models import (
    Claim,
    FeedbackRequest,
)
from guarantees.models import (
    ComplianceSnapshot,
)
from partnernet.management.demo import data
from partnernet.references import ORDER_PREFIX, reference_next
from partners.models import (
    Review,
    ServiceOffering,
    ServiceOrder,
    ServicePartner,
)


class OrdersMixin:
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
