"""The partner list API's rows without ORM objects: `values()` for the partners and one
query for their categories, cities and languages (DESIGN §5's partner shape, the same
JSON as partners.serializers.PartnerSerializer, byte for byte)."""

from django.conf import settings
from django.db import connection
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
_price = None


def _price_field():
    global _price
    if _price is None:
        from partners.serializers import PartnerSerializer

        _price = PartnerSerializer().fields["price_from"]
    return _price


def _links(ids: list[int]) -> dict[str, dict[int, list[str]]]:
    out: dict[str, dict[int, list[str]]] = {kind: {pk: [] for pk in ids} for kind, *_ in LINKS}
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        for kind, model, fname, key, ordering in LINKS:
            t = ServicePartner._meta.get_field(fname).remote_field.through._meta
            partner_col = t.get_field("servicepartner").column
            target_col = [f for f in t.fields if f.is_relation and f.related_model is model][0].column
            cursor.execute(
                f"SELECT t.{partner_col}, o.{key} FROM {model._meta.db_table} o "  # noqa: S608
                f"JOIN {t.db_table} t ON t.{target_col} = o.id WHERE t.{partner_col} IN ({marks}) "
                f"ORDER BY {ordering}",
                ids,
            )
            for pk, value in cursor.fetchall():
                out[kind][pk].append(value)
    return out


def partner_rows(queryset) -> list[dict]:
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
