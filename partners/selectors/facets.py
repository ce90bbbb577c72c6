"""Facet counts kept off the request path: the unfiltered directory and every single filter.

The memo is one set-based count of every pair of memberships over the listed partners
(`category:x`, `city:y`, `language:z`, `guaranteed:1`, `accepting:1`, `min_rating:4.5`, and
`:` for "any"): memo[(a)][kind][value] is the number of listed partners with membership a
and kind:value. So the counts of the unfiltered page, of any one filter, and the "all the
other filters" counts of a two-filter page are all read from it; only what depends on two
or more filters at once, or on a search, is counted per request, over the matching rows.

It is built for a cache generation right after the change that starts the generation
(`directory_cache_bump`, on commit: a badge, listing, category, city or language change
is in the counts of the very generation that makes it visible), kept in the shared cache
and in each process, and rebuilt by a reader only when it is missing.
"""

import logging
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from partners.models import City, Language, ServiceCategory, ServicePartner

logger = logging.getLogger(__name__)

RATING_STEPS = (Decimal("4.5"), Decimal("4"), Decimal("3.5"), Decimal("3"))
M2M_KINDS = (
    ("category", ServiceCategory, "categories", "slug"),
    ("city", City, "cities", "slug"),
    ("language", Language, "languages", "code"),
)
ANY = ("", "")
_local: dict = {}  # generation -> memo, this process


def _memo_key(generation: int) -> str:
    return f"directory:facetmemo:{generation}"


def _links() -> list[tuple[str, str, str, str, type]]:
    """(kind, link table, its partner column, its option column, option model) per kind."""
    out = []
    for kind, model, fname, _key in M2M_KINDS:
        t = ServicePartner._meta.get_field(fname).remote_field.through._meta
        target = [f for f in t.fields if f.is_relation and f.related_model is model][0].column
        out.append((kind, t.db_table, t.get_field("servicepartner").column, target, model))
    return out


def facet_memo_build() -> dict:
    """Count, over the listed partners, every pair of memberships of different kinds, in
    one round trip of grouped counts: the three pairs of link tables joined on the partner,
    each link table grouped with the partner's flags summed, and the flags of the partner
    table summed. (A pair of the same kind is never needed: a facet is always counted
    without its own filter.)"""
    partner = ServicePartner._meta.db_table
    scalars = [("guaranteed", "1", "p.badge_active"), ("accepting", "1", "p.accepting_clients")]
    scalars += [("min_rating", str(step), f"p.rating_avg >= {step}") for step in RATING_STEPS]
    flags = ", ".join(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)" for _k, _v, cond in scalars)
    links = _links()
    memo: dict = {"options": {}}
    options: dict[str, dict[int, str]] = {}
    for kind, model, _fname, key in M2M_KINDS:
        # The primary, as the raw counts below: exact right after the commit that bumped.
        rows = list(model.objects.using("default").order_by("pk").values_list("pk", key, "name"))
        memo["options"][kind] = [(value, name) for _pk, value, name in rows]
        options[kind] = {pk: value for pk, value, _name in rows}
    queries = []
    for i, (ka, ta, pa, oa, _ma) in enumerate(links):
        for kb, tb, pb, ob, _mb in links[i + 1 :]:
            queries.append(
                (
                    ("pair", ka, kb),
                    f"SELECT a.{oa}, b.{ob}, COUNT(*) FROM {ta} a JOIN {tb} b ON b.{pb} = a.{pa} "  # noqa: S608
                    f"JOIN {partner} p ON p.id = a.{pa} WHERE p.is_listed GROUP BY a.{oa}, b.{ob}",
                )
            )
        queries.append(
            (
                ("flags", ka),
                f"SELECT a.{oa}, COUNT(*), {flags} FROM {ta} a JOIN {partner} p ON p.id = a.{pa} "  # noqa: S608
                f"WHERE p.is_listed GROUP BY a.{oa}",
            )
        )
    pairs = [
        f"SUM(CASE WHEN {c1} AND {c2} THEN 1 ELSE 0 END)"
        for _k1, _v1, c1 in scalars[:2]
        for _k2, _v2, c2 in scalars
    ]
    queries.append(
        (("partners",), f"SELECT COUNT(*), {flags}, {', '.join(pairs)} FROM {partner} p WHERE p.is_listed")  # noqa: S608
    )

    def add(a, b, n):
        memo.setdefault(a, {}).setdefault(b[0], {})[b[1]] = int(n or 0)
        memo.setdefault(b, {}).setdefault(a[0], {})[a[1]] = int(n or 0)

    with connection.cursor() as cursor:
        for what, sql in queries:
            cursor.execute(sql)
            for row in cursor.fetchall():
                if what[0] == "pair":
                    add((what[1], options[what[1]][row[0]]), (what[2], options[what[2]][row[1]]), row[2])
                elif what[0] == "flags":
                    a = (what[1], options[what[1]][row[0]])
                    add(a, ANY, row[1])
                    for (kind, value, _c), n in zip(scalars, row[2:], strict=True):
                        add(a, (kind, value), n)
                else:
                    total, flag_counts, pair_counts = (
                        row[0],
                        row[1 : 1 + len(scalars)],
                        row[1 + len(scalars) :],
                    )
                    memo.setdefault(ANY, {})[""] = {"": int(total or 0)}
                    for (kind, value, _c), n in zip(scalars, flag_counts, strict=True):
                        add(ANY, (kind, value), n)
                    combos = [(s1, s2) for s1 in scalars[:2] for s2 in scalars]
                    for (s1, s2), n in zip(combos, pair_counts, strict=True):
                        if s1[0] != s2[0]:
                            add((s1[0], s1[1]), (s2[0], s2[1]), n)
    memo.setdefault(ANY, {})
    return memo


def facet_memo_refresh(generation: int) -> dict:
    memo = facet_memo_build()
    cache.set(_memo_key(generation), memo, 3600)
    _local.clear()
    _local[generation] = memo
    return memo


def facet_memo_forget() -> None:
    _local.clear()


def facet_memo(generation: int) -> dict | None:
    """The memo of this generation (None when the directory cache is off)."""
    if not settings.DIRECTORY_CACHE_SECONDS:
        return None
    memo = _local.get(generation)
    if memo is None:
        memo = cache.get(_memo_key(generation))
        if memo is None:
            # Missing (evicted, or a reader got here first): build it, it is one query.
            memo = facet_memo_refresh(generation)
        else:
            _local.clear()
            _local[generation] = memo
    return memo


def memo_value(kind: str, params) -> str | None:
    """The memo's value for one filter of `params`, or None if the memo does not hold it."""
    if kind in ("category", "city", "language"):
        return getattr(params, kind)
    if kind in ("guaranteed", "accepting"):
        return "1"
    if kind == "min_rating":
        for step in RATING_STEPS:
            if params.min_rating == step:
                return str(step)
    return None  # price filters are ranges: counted per request


def memo_row(memo: dict | None, params, kinds, *, searched: bool) -> dict | None:
    """memo[(the one filter of `kinds`)], memo[ANY] for none, None when not held."""
    if memo is None or searched or len(kinds) > 1:
        return None
    if not kinds:
        return memo[ANY]
    (kind,) = kinds
    value = memo_value(kind, params)
    return None if value is None else memo.get((kind, value), {})
