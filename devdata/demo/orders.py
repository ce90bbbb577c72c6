"""Demo data: how an order and a review are made, and the background engagements of every partner."""

from datetime import timedelta
from decimal import Decimal

from devdata.demo import data
from partnernet.references import ORDER_PREFIX, reference_next
from partners.claim_window import claim_deadline_for
from partners.models import (
    Review,
    ServiceOrder,
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
