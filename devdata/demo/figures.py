"""Demo data: the denormalised partner columns and the public guarantee figures."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Avg, Count, F, Min, Q

from claims.models import Claim
from guarantees.models import ComplianceSnapshot
from partners.models import Review, ServiceOffering, ServiceOrder, ServicePartner


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
