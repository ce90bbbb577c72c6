"""The partner list API's rows without ORM objects: `values()` for the partners and one
query for their categories, cities and languages (DESIGN §5's partner shape, the same
JSON as partners.serializers.PartnerSerializer, byte for byte)."""

from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse

from partners.models import City, Language, ServiceCategory, ServicePartner

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
# (kind, model, field, key, the model's ordering as SQL) — the order a prefetch would give.
LINKS = (
    ("categories", ServiceCategory, "categories", "slug", "o.position, o.name"),
    ("cities", City, "cities", "slug", "o.name"),
    ("languages", Language, "languages", "code", "o.name"),
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
    """Categories, cities and languages of the partners `ids`, in one query, each list in
    the order of its model (the order a prefetch would give)."""
    out: dict[str, dict[int, list[str]]] = {kind: {pk: [] for pk in ids} for kind, *_ in LINKS}
    marks = ", ".join(["%s"] * len(ids))
    parts, args = [], []
    for kind, model, fname, key, ordering in LINKS:
        t = ServicePartner._meta.get_field(fname).remote_field.through._meta  # type: ignore[union-attr]
        partner_col = t.get_field("servicepartner").column
        target_col = [f for f in t.fields if f.is_relation and f.related_model is model][0].column
        first, _, second = ordering.partition(", ")
        if not second:
            first, second = "0", first
        parts.append(
            f"SELECT '{kind}' AS kind, t.{partner_col} AS pid, o.{key} AS value, {first} AS s1, "  # noqa: S608
            f"{second} AS s2 FROM {model._meta.db_table} o JOIN {t.db_table} t ON t.{target_col} = o.id "
            f"WHERE t.{partner_col} IN ({marks})"
        )
        args.extend(ids)
    with connection.cursor() as cursor:
        union = " UNION ALL ".join(parts)
        cursor.execute(f"SELECT kind, pid, value FROM ({union}) u ORDER BY kind, s1, s2", args)  # noqa: S608
        for kind, pk, value in cursor.fetchall():
            out[kind][pk].append(value)
    return out


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
