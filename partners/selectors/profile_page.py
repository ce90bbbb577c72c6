"""The public profile's lists — active offerings, today's promotions, the latest visible
reviews — in one query (a UNION ALL), as plain dicts shaped like what the template reads.

The profile body is rendered once per cache generation, so its cold render is what a
visitor to a partner nobody asked for lately waits for: no model instances are built, and
the three lists cost one round trip. The orders are the models' own (offerings by price
and title, promotions by end date, reviews newest first), with the id breaking ties.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import TypedDict

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language

from partnernet.rows import row_date, row_datetime, row_decimal, sql_null, sql_table
from partners.models import Promotion, Review, ServiceCategory, ServiceOffering, ServicePartner

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


class ProfileLists(TypedDict):
    offerings: list[ProfileOffering]
    promotions: list[ProfilePromotion]
    reviews: list[ProfileReview]


@cache
def _sql() -> str:
    user = get_user_model()
    o, c, p, r = ServiceOffering, ServiceCategory, Promotion, Review
    # Columns: kind, pos, t1..t5 (text), amount, number, day1, day2, moment.
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
        f"r.reply, r.full_name, r.email, {sql_null(o, 'price_from')}, r.rating, {sql_null(p, 'starts_on')}, "
        f"{sql_null(p, 'ends_on')}, r.created_at FROM (SELECT v.id, v.title, v.text, v.reply, v.rating, "
        f"v.created_at, u.full_name, u.email FROM {sql_table(r)} v "
        f"JOIN {sql_table(user)} u ON u.id = v.author_id "
        f"WHERE v.partner_id = %s AND v.is_hidden = %s ORDER BY v.created_at DESC, v.id DESC LIMIT %s) r"
    )
    return f"{offerings} UNION ALL {promotions} UNION ALL {reviews} ORDER BY 1, 2"


def profile_lists(
    *, partner: ServicePartner, today: date | None = None, reviews: int = PROFILE_REVIEWS
) -> ProfileLists:
    """The three lists of the profile body in one query (see the module docstring)."""
    today = today or timezone.localdate()
    hindi = (get_language() or "").split("-")[0] == "hi"
    out: ProfileLists = {"offerings": [], "promotions": [], "reviews": []}
    args: list[int | bool | date] = [partner.pk, True, partner.pk, today, today, partner.pk, False, reviews]
    with connection.cursor() as cursor:
        cursor.execute(_sql(), args)
        rows = cursor.fetchall()
    for kind, _pos, t1, t2, t3, t4, t5, amount, number, day1, day2, moment in rows:
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
        else:
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
    return out
