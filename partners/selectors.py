"""Reads for the partners app (directory, profile, orders)."""

from django.db.models import Count, Q

from partners.models import ServiceCategory, ServicePartner


def home_context() -> dict:
    categories = ServiceCategory.objects.annotate(
        partner_count=Count("partners", filter=Q(partners__is_listed=True))
    ).order_by("position", "name")
    featured = (
        ServicePartner.objects.filter(is_listed=True, badge_active=True)
        .prefetch_related("categories", "cities")
        .order_by("-rating_avg", "-review_count", "name")[:6]
    )
    return {"categories": categories, "featured": featured}
