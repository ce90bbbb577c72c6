"""The partner list API's rows without ORM objects: `values()` for the partners and one
query for their categories, cities and languages (DESIGN §5's partner shape, the same
JSON as partners.serializers.PartnerSerializer, byte for byte)."""

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from partners.models import ServicePartner
from partners.selectors.links import links_of

ROW_FIELDS = (
    "pk",
    "slug",
    "name",
    "tagline",
    "badge_active",
    "rating_avg",
    "review_count",
    "price_from",
    "accepting_clients",
)
_price: Any = None


def _price_field() -> Any:
    """The serializer's own money field, so that the JSON is the serializer's to the byte."""
    global _price
    if _price is None:
        from partners.serializers import PartnerSerializer

        _price = PartnerSerializer().fields["price_from"]
    return _price


def _links(ids: list[int]) -> dict[str, dict[int, list[str]]]:
    """Categories, cities and languages of the partners `ids`, in one query."""
    links = links_of(ids, {"categories": ("slug",), "cities": ("slug",), "languages": ("code",)})
    return {kind: {pk: [v for (v,) in values] for pk, values in by.items()} for kind, by in links.items()}


def partner_rows(queryset: QuerySet[ServicePartner]) -> list[dict[str, Any]]:
    """The API shape of each partner of `queryset` (a sliced directory queryset)."""
    rows = list(queryset.values(*ROW_FIELDS))
    if not rows:
        return []
    links = _links([r["pk"] for r in rows])
    price = _price_field()
    site = settings.SITE_URL
    return [
        {
            "slug": r["slug"],
            "name": r["name"],
            "tagline": r["tagline"],
            "badge": r["badge_active"],
            "rating": float(r["rating_avg"]) if r["rating_avg"] is not None and r["review_count"] else None,
            "review_count": r["review_count"],
            "categories": links["categories"][r["pk"]],
            "cities": links["cities"][r["pk"]],
            "languages": links["languages"][r["pk"]],
            "price_from": price.to_representation(r["price_from"]) if r["price_from"] is not None else None,
            "accepting_clients": r["accepting_clients"],
            "url": site + reverse("partners:profile", kwargs={"slug": r["slug"]}),
        }
        for r in rows
    ]
