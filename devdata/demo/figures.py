"""Demo data: the denormalised partner columns and the public guarantee figures."""

from decimal import Decimal

from django.db.models import Avg, Count, Min

from guarantees.models import Enrollment
from guarantees.services.compliance import compliance_update_partner
from guarantees.services.enrollment import enrollment_reinstate
from partners.models import Review, ServiceOffering, ServicePartner


class FiguresMixin:
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
                "offerings", "categories", "cities", "languages"
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
                + [name for c in partner.categories.all() for name in (c.name, c.name_hi) if name]
                + [name for c in partner.cities.all() for name in (c.name, c.name_hi) if name]
                + [name for lang in partner.languages.all() for name in (lang.name, lang.name_hi) if name]
            )
        ServicePartner.objects.bulk_update(
            partners, ["rating_avg", "review_count", "price_from", "search_document"]
        )

    def compliance(self):
        """The public guarantee figures, computed from the orders and claims as the nightly run does.

        `compliance_update_partner` also applies the suspension rule, so a badge partner whose
        demo record crossed a threshold would lose its badge here, exactly as in production.
        """
        for slug in self.terms_versions:
            compliance_update_partner(partner=self.partner_by_slug[slug], now=self.now)
        self._reinstate_demo_badge_partner()

    def _reinstate_demo_badge_partner(self):
        """partner@example.com's partner is the demo's partner *with* the badge. Its demo
        claims (every status, several upheld) cross the suspension rule, so the rule suspends
        it above; a lead then reinstates it, as support can — the record shows both."""
        partner = self.u["partner@example.com"].partner
        enrollment = Enrollment.objects.filter(partner=partner).first()
        if enrollment is not None and enrollment.status == Enrollment.Status.SUSPENDED:
            enrollment_reinstate(
                enrollment=enrollment,
                lead=self.lead,
                reason="Support reviewed the upheld claims: each was refunded and the partner changed "
                "its checks. The badge is reinstated.",
            )
