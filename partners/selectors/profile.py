"""Reads of one partner's public profile (one plain query for the partner, one for its labels)."""

from datetime import date
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from partners.models import (
    City,
    Language,
    Promotion,
    Review,
    ServiceCategory,
    ServiceOffering,
    ServicePartner,
    hindi_interface,
)
from partners.selectors.links import link_columns


def partner_get_public(*, slug: str) -> ServicePartner:
    """The listed partner (one plain query: the profile's cache key is built from it)."""
    # No ORDER BY (the model's default ordering) on a unique lookup.
    partner = next(iter(ServicePartner.objects.filter(slug=slug, is_listed=True).order_by()[:1]), None)
    if partner is None:
        raise Http404("No such partner")
    return partner


def partner_labels(*, partner: ServicePartner) -> dict[str, list[dict[str, Any]]]:
    """Categories, cities, languages and the 1–5 rating distribution of one partner, in one
    query (a UNION ALL), so that the profile stays within its query budget."""
    parts: list[str] = []
    args: list[int] = []
    # The Hindi interface shows the Hindi names where they exist (HindiNamed.label).
    name = "COALESCE(NULLIF(o.name_hi, ''), o.name)" if hindi_interface() else "o.name"
    for kind, model, fname, key in (
        ("category", ServiceCategory, "categories", "slug"),
        ("city", City, "cities", "slug"),
        ("language", Language, "languages", "code"),
    ):
        table, partner_col, option_col = link_columns(fname)
        parts.append(
            f"SELECT '{kind}', o.{key}, {name} FROM {model._meta.db_table} o "  # noqa: S608
            f"JOIN {table} t ON t.{option_col} = o.id WHERE t.{partner_col} = %s"
        )
        args.append(partner.pk)
    parts.append(
        f"SELECT 'rating', CAST(rating AS VARCHAR(1)), CAST(COUNT(*) AS VARCHAR(12)) "  # noqa: S608
        f"FROM {Review._meta.db_table} WHERE partner_id = %s AND NOT is_hidden GROUP BY rating"
    )
    args.append(partner.pk)
    out: dict[str, list[dict[str, Any]]] = {"category": [], "city": [], "language": []}
    stars = dict.fromkeys(range(1, 6), 0)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), args)
        for kind, key, name in cursor.fetchall():
            if kind == "rating":
                stars[int(key)] = int(name)
            else:
                out[kind].append({"value": key, "label": name})
    for values in out.values():
        values.sort(key=lambda o: o["label"])
    total = sum(stars.values())
    out["ratings"] = [
        {"stars": s, "count": stars[s], "percent": round(100 * stars[s] / total) if total else 0}
        for s in range(5, 0, -1)
    ]
    return out


def offerings_active(*, partner: ServicePartner) -> QuerySet[ServiceOffering]:
    return ServiceOffering.objects.filter(partner=partner, is_active=True).select_related("category")


def promotions_active(*, partner: ServicePartner, today: date | None = None) -> QuerySet[Promotion]:
    """Promotions running today (IST): an expired one disappears by itself, no job needed."""
    today = today or timezone.localdate()
    return Promotion.objects.filter(partner=partner, starts_on__lte=today, ends_on__gte=today).select_related(
        "offering"
    )


def reviews_public(*, partner: ServicePartner) -> QuerySet[Review]:
    return (
        Review.objects.filter(partner=partner, is_hidden=False)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )
