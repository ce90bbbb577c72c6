"""What a partner card shows, as plain rows, no ORM objects — the cards the directory has
no cached HTML for, and the home page's featured partners: from the directory index of the
current generation (no query), or else in two queries for any number of cards (the
partners, and their categories and cities in one UNION)."""

from typing import Any

from django.urls import reverse

from partners.models import ServicePartner, hindi_interface
from partners.selectors.directory_index import PartnerIndex, partner_index
from partners.selectors.links import links_of

CARD_FIELDS = (
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


def _labels(ids: list[int]) -> dict[str, dict[int, list[str]]]:
    """The category and city names of the partners `ids`, in the interface's language."""
    hindi = hindi_interface()
    links = links_of(ids, {"categories": ("name", "name_hi"), "cities": ("name", "name_hi")})
    return {
        kind: {pk: [hi if hindi and hi else en for en, hi in names] for pk, names in by.items()}
        for kind, by in links.items()
    }


def _from_index(index: PartnerIndex, ids: list[int], url: str) -> list[dict[str, Any]]:
    hindi = hindi_interface()
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
    by_id = {r["id"]: r for r in ServicePartner.objects.filter(pk__in=ids).order_by().values(*CARD_FIELDS)}
    rows = [by_id[pk] for pk in ids if pk in by_id]
    labels = _labels([r["id"] for r in rows])
    for r in rows:
        r["url"] = url.replace("0-slug-0", r["slug"])
        r["categories"] = labels["categories"][r["id"]]
        r["cities"] = labels["cities"][r["id"]]
    return rows
