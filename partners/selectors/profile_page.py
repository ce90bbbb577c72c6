"""What the public profile's body shows of one partner — its categories, cities and
languages, the 1–5 rating distribution, the active offerings, today's promotions and the
latest visible reviews — in one query (a UNION ALL), as plain dicts shaped like what the
template reads.

The profile body is rendered once per cache generation, so its cold render is what a
visitor to a partner nobody asked for lately waits for: no model instances are built, and
all of it costs one round trip. The orders are the models' own (offerings by price and
title, promotions by end date, reviews newest first), with the id breaking ties; labels
are sorted by their shown name, as partners.selectors.profile.partner_labels does.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import TypedDict

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from partnernet.rows import execute_prepared, row_date, row_datetime, row_decimal, sql_null, sql_table
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

PROFILE_REVIEWS = 10


class ProfileOffering(TypedDict):
    title: str
    description: str
    price_from: Decimal
    price_unit: str
    turnaround_days: int
    category: dict[str, str]  # {"label": the category's name in the interface language}


class ProfilePromotion(TypedDict):
    title: str
    description: str
    discount_percent: int | None
    starts_on: date
    ends_on: date
    offering: dict[str, str] | None  # {"title": …} of the promoted offering, if any


class ProfileReview(TypedDict):
    rating: int
    stars: str  # "★★★☆☆"
    title: str
    text: str
    reply: str
    author_name: str  # User.get_short_name()
    created_at: datetime


class LabelItem(TypedDict):
    value: str  # the slug (categories, cities) or code (languages)
    label: str


class RatingRow(TypedDict):
    stars: int
    count: int
    percent: int


class ProfileLabels(TypedDict):
    category: list[LabelItem]
    city: list[LabelItem]
    language: list[LabelItem]
    ratings: list[RatingRow]  # 5 stars first


class ProfileBody(TypedDict):
    labels: ProfileLabels
    offerings: list[ProfileOffering]
    promotions: list[ProfilePromotion]
    reviews: list[ProfileReview]


@cache
def _sql() -> str:
    user = get_user_model()
    o, c, p, r = ServiceOffering, ServiceCategory, Promotion, Review
    # Columns: kind, pos, t1..t5 (text), amount, number, day1, day2, moment.
    pad = f"{sql_null(o, 'price_from')}, {sql_null(o, 'turnaround_days')}, {sql_null(p, 'starts_on')}, "
    pad += f"{sql_null(p, 'ends_on')}, {sql_null(r, 'created_at')}"
    labels = []
    for kind, model, relation, key in (
        ("c", ServiceCategory, "categories", "slug"),
        ("i", City, "cities", "slug"),
        ("l", Language, "languages", "code"),
    ):
        table, partner_col, option_col = link_columns(relation)
        labels.append(
            f"SELECT '{kind}', 0, x.{key}, {sql_null(c, 'name')}, {sql_null(c, 'name')}, x.name, x.name_hi, "  # noqa: S608
            f"{pad} FROM {sql_table(model)} x JOIN {connection.ops.quote_name(table)} t "
            f"ON t.{option_col} = x.id WHERE t.{partner_col} = %s"
        )
    ratings = (
        f"SELECT 'x', rating, {sql_null(c, 'name')}, {sql_null(c, 'name')}, {sql_null(c, 'name')}, "  # noqa: S608
        f"{sql_null(c, 'name')}, {sql_null(c, 'name')}, {sql_null(o, 'price_from')}, COUNT(*), "
        f"{sql_null(p, 'starts_on')}, {sql_null(p, 'ends_on')}, {sql_null(r, 'created_at')} "
        f"FROM {sql_table(r)} WHERE partner_id = %s AND is_hidden = %s GROUP BY rating"
    )
    offerings = (
        f"SELECT 'o' AS kind, ROW_NUMBER() OVER (ORDER BY o.price_from, o.title, o.id) AS pos, "  # noqa: S608
        f"o.title AS t1, o.description AS t2, o.price_unit AS t3, c.name AS t4, c.name_hi AS t5, "
        f"o.price_from AS amount, o.turnaround_days AS number, {sql_null(p, 'starts_on')} AS day1, "
        f"{sql_null(p, 'ends_on')} AS day2, {sql_null(r, 'created_at')} AS moment "
        f"FROM {sql_table(o)} o JOIN {sql_table(c)} c ON c.id = o.category_id "
        f"WHERE o.partner_id = %s AND o.is_active = %s"
    )
    promotions = (
        f"SELECT 'p', ROW_NUMBER() OVER (ORDER BY p.ends_on, p.id), p.title, p.description, "  # noqa: S608
        f"f.title, {sql_null(c, 'name')}, {sql_null(c, 'name_hi')}, {sql_null(o, 'price_from')}, "
        f"p.discount_percent, p.starts_on, p.ends_on, {sql_null(r, 'created_at')} "
        f"FROM {sql_table(p)} p LEFT JOIN {sql_table(o)} f ON f.id = p.offering_id "
        f"WHERE p.partner_id = %s AND p.starts_on <= %s AND p.ends_on >= %s"
    )
    # The limit sits in a derived table: SQLite allows no LIMIT on a compound's member.
    reviews = (
        f"SELECT 'r', ROW_NUMBER() OVER (ORDER BY r.created_at DESC, r.id DESC), r.title, r.text, "  # noqa: S608
        f"r.reply, u.full_name, u.email, {sql_null(o, 'price_from')}, r.rating, {sql_null(p, 'starts_on')}, "
        f"{sql_null(p, 'ends_on')}, r.created_at FROM (SELECT v.id, v.author_id, v.title, v.text, v.reply, "
        f"v.rating, v.created_at FROM {sql_table(r)} v WHERE v.partner_id = %s AND v.is_hidden = %s "
        f"ORDER BY v.created_at DESC, v.id DESC LIMIT %s) r JOIN {sql_table(user)} u ON u.id = r.author_id"
    )
    parts = [offerings, promotions, reviews, *labels, ratings]
    return " UNION ALL ".join(parts) + " ORDER BY 1, 2"


def profile_body_data(
    *, partner: ServicePartner, today: date | None = None, reviews: int = PROFILE_REVIEWS
) -> ProfileBody:
    """Everything the profile body lists, in one query (see the module docstring)."""
    today = today or timezone.localdate()
    hindi = hindi_interface()
    out: ProfileBody = {
        "labels": {"category": [], "city": [], "language": [], "ratings": []},  # filled below
        "offerings": [],
        "promotions": [],
        "reviews": [],
    }
    args: list[int | bool | date] = [partner.pk, True, partner.pk, today, today, partner.pk, False, reviews]
    args += [partner.pk, partner.pk, partner.pk, partner.pk, False]
    with connection.cursor() as cursor:
        execute_prepared(cursor, "pn_profile_body", _sql(), args)
        rows = cursor.fetchall()
    stars = dict.fromkeys(range(1, 6), 0)
    labels: dict[str, list[LabelItem]] = {"c": [], "i": [], "l": []}  # categories, cities, languages
    for kind, pos, t1, t2, t3, t4, t5, amount, number, day1, day2, moment in rows:
        if kind == "o":
            out["offerings"].append(
                {
                    "title": t1,
                    "description": t2,
                    "price_unit": t3,
                    "category": {"label": t5 if hindi and t5 else t4},
                    "price_from": row_decimal(amount),
                    "turnaround_days": number,
                }
            )
        elif kind == "p":
            out["promotions"].append(
                {
                    "title": t1,
                    "description": t2,
                    "offering": {"title": t3} if t3 is not None else None,
                    "discount_percent": number,
                    "starts_on": row_date(day1),
                    "ends_on": row_date(day2),
                }
            )
        elif kind == "r":
            out["reviews"].append(
                {
                    "title": t1,
                    "text": t2,
                    "reply": t3,
                    "author_name": (t4 or t5).split(" ")[0],
                    "rating": number,
                    "stars": "★" * number + "☆" * (5 - number),
                    "created_at": row_datetime(moment),
                }
            )
        elif kind == "x":
            stars[int(pos)] = int(number)
        else:
            labels[kind].append({"value": t1, "label": t5 if hindi and t5 else t4})
    for items in labels.values():
        items.sort(key=lambda item: item["label"])
    total = sum(stars.values())
    out["labels"] = {
        "category": labels["c"],
        "city": labels["i"],
        "language": labels["l"],
        "ratings": [
            {"stars": s, "count": stars[s], "percent": round(100 * stars[s] / total) if total else 0}
            for s in range(5, 0, -1)
        ],
    }
    return out
