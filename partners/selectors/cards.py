"""What a partner card shows, as plain rows, no ORM objects — the cards the directory has
no cached HTML for, and the home page's featured partners: from the directory index of the
current generation (no query), or else in two queries for any number of cards (the
partners, and their categories and cities in one UNION)."""

from typing import Any

from django.db import connection
from django.urls import reverse
from django.utils.translation import get_language

from partners.models import City, ServiceCategory, ServicePartner
from partners.selectors.directory_index import PartnerIndex, partner_index

CARD_VALUES = (
    "id",
    "slug",
    "name",
    "tagline",
    "badge_active",
    "rating_avg",
    "review_count",
    "price_from",
    "logo",
    "updated_at",
)
# (kind, model, field, the model's ordering as two sort columns) — a prefetch's order.
CARD_LINKS = (
    ("categories", ServiceCategory, "categories", "o.position", "o.name"),
    ("cities", City, "cities", "0", "o.name"),
)


def _labels(ids: list[int]) -> dict[str, dict[int, list[str]]]:
    """The category and city names of the partners `ids`, in the interface's language."""
    hindi = (get_language() or "").split("-")[0] == "hi"
    out: dict[str, dict[int, list[str]]] = {kind: {pk: [] for pk in ids} for kind, *_ in CARD_LINKS}
    marks = ", ".join(["%s"] * len(ids))
    parts, args = [], []
    for kind, model, fname, first, second in CARD_LINKS:
        t = ServicePartner._meta.get_field(fname).remote_field.through._meta  # type: ignore[union-attr]
        partner_col = t.get_field("servicepartner").column
        target_col = [f for f in t.fields if f.is_relation and f.related_model is model][0].column
        parts.append(
            f"SELECT '{kind}' AS kind, t.{partner_col} AS pid, o.name AS name, o.name_hi AS name_hi, "  # noqa: S608
            f"{first} AS s1, {second} AS s2 FROM {model._meta.db_table} o "
            f"JOIN {t.db_table} t ON t.{target_col} = o.id WHERE t.{partner_col} IN ({marks})"
        )
        args.extend(ids)
    union = " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT kind, pid, name, name_hi FROM ({union}) u ORDER BY kind, s1, s2", args)  # noqa: S608
        for kind, pk, name, name_hi in cursor.fetchall():
            out[kind][pk].append(name_hi if hindi and name_hi else name)
    return out


def _from_index(index: PartnerIndex, ids: list[int], url: str) -> list[dict[str, Any]]:
    hindi = (get_language() or "").split("-")[0] == "hi"
    names = index.card_names

    def label(option: int) -> str:
        name, name_hi = names[option]
        return name_hi if hindi and name_hi else name

    rows = []
    for pk in ids:
        p = index.positions[pk]
        _id, badge, rating, reviews, price, updated = index.keys[p]
        slug, name, tagline, logo, categories, cities = index.cards[p]
        rows.append(
            {
                "id": pk, "slug": slug, "name": name, "tagline": tagline, "badge_active": badge,
                "rating_avg": rating, "review_count": reviews, "price_from": price, "logo": logo,
                "updated_at": updated, "url": url.replace("0-slug-0", slug),
                "categories": [label(c) for c in categories], "cities": [label(c) for c in cities],
            }
        )  # fmt: skip
    return rows


def card_rows(*, ids: list[int]) -> list[dict[str, Any]]:
    """The cards of the listed partners `ids`, in that order (includes/_partner_card.html)."""
    if not ids:
        return []
    # One reverse() for all the cards: a slug is made of URL-safe characters only.
    url = reverse("partners:profile", kwargs={"slug": "0-slug-0"})
    index = partner_index()
    if index is not None and all(pk in index.positions for pk in ids):
        return _from_index(index, ids, url)
    by_id = {r["id"]: r for r in ServicePartner.objects.filter(pk__in=ids).order_by().values(*CARD_VALUES)}
    rows = [by_id[pk] for pk in ids if pk in by_id]
    labels = _labels([r["id"] for r in rows])
    for r in rows:
        r["url"] = url.replace("0-slug-0", r["slug"])
        r["categories"] = labels["categories"][r["id"]]
        r["cities"] = labels["cities"][r["id"]]
    return rows
