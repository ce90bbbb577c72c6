"""Demo data: the demo sellers' own orders, covering every order status and every claim status."""

import re
import secrets
from datetime import timedelta

from claims.models import FeedbackRequest
from partners.models import ServiceOrder


def _words(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 3}


def offering_for_scope(offerings, scope: str):
    """The offering whose title and category say most of what the scope says, so that a
    "Create 50 saree listings" order is a cataloguing order, not a Sponsored Products one."""
    wanted = _words(scope)

    def score(offering):
        category = offering.category
        return len(wanted & _words(f"{offering.title} {category.name} {category.description}"))

    best = max(offerings, key=score, default=None)
    return best if best is not None and score(best) > 0 else None


class DemoOrdersMixin:
    def demo_orders(self):
        """The demo sellers' own orders: every order status and every claim status."""
        s1 = self.accounts["seller@example.com"]
        s2 = self.accounts["seller2@example.com"]
        us = self.accounts["seller.us@example.com"]
        p = self.partner_by_slug
        o = self.offerings

        def order(account, slug, n, scope, status, completed=None, requested=None, price=None):
            offering = offering_for_scope(o[slug], scope) or o[slug][n % len(o[slug])]
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
