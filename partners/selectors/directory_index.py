"""The directory answered in memory: an index of the listed partners per cache generation.

Every listed partner has a position (in id order). Each filter value — a category, a city,
a language, the badge, "accepting", a rating step — is a bitset over the positions (a
Python int), and each sort order is the list of positions in that order. A page's facet
counts are then popcounts of ANDs of a few bitsets, its total one more, and its 20 ids a
walk down the sort order: microseconds, whatever the number of partners, and no SQL but
the search words' matches (one indexed query per new search, kept with the index).

The index belongs to a cache generation (partners.selectors.cache): a change that moves
counts or cards (a badge, a listing, categories, cities, languages, ratings) starts a new
generation after its commit, and the next request in each process builds the index of the
new generation from the primary — so a suspended badge leaves `guaranteed=1` at once, as
with the counts in SQL. Built in one pass of four plain queries (partners, and the three
link tables); measured at 10,000 partners: 0.13 s and 11 MB per process, linear in
partners (the README's "Past one machine" says what replaces it at a million).
"""

import bisect
import hashlib
import threading
import time
from array import array
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections

from partners.models import City, Language, ServiceCategory, ServicePartner
from partners.selectors.cache import ON_FORGET, _generation
from partners.selectors.directory_query import (
    RATING_STEPS,
    DirectoryParams,
    _rank,
    _search_filter,
)
from partners.selectors.links import link_columns

M2M_KINDS: tuple[tuple[str, type[ServiceCategory | City | Language], str, str], ...] = (
    ("category", ServiceCategory, "categories", "slug"),
    ("city", City, "cities", "slug"),
    ("language", Language, "languages", "code"),
)
# What a card's cache key is made of (partners.views.directory.partner_cards).
KEY_FIELDS = ("id", "badge_active", "rating_avg", "review_count", "price_from", "updated_at")
SEARCHES_KEPT = 512
FEW = 512  # a match set this small is sorted; a larger one is found by walking the order


def bits(positions: list[int], size: int) -> int:
    """The bitset of `positions` (bit p of the int is position p)."""
    buffer = bytearray((size + 7) // 8)
    for p in positions:
        buffer[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(buffer, "little")


def members(mask: int) -> list[int]:
    """The positions of a (small) bitset, lowest first."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def _rating_desc(rating: Decimal | None) -> tuple[int, Decimal]:
    # ORDER BY rating_avg DESC NULLS LAST
    return (1, Decimal(0)) if rating is None else (0, -rating)


@dataclass
class PartnerIndex:
    generation: int
    built: float  # time.monotonic() when built
    size: int
    keys: list[tuple[Any, ...]]  # position -> KEY_FIELDS
    everyone: int
    sets: dict[tuple[str, str], int]
    options: dict[str, list[tuple[str, str]]]  # kind -> [(value, label)], every option
    orders: dict[str, list[int]]  # sort -> positions in that order
    ranks: dict[str, list[int]]  # sort -> position -> its place in that order
    ratings: list[tuple[Decimal, int]]  # (rating, position), rated partners, ascending
    prices: list[tuple[Decimal, int]]  # (starting price, position), ascending
    positions: dict[int, int]  # partner id -> position
    # What a card shows (partners.selectors.cards): (slug, name, tagline, logo, category
    # ids, city ids) by position, and each category's and city's (name, name_hi).
    cards: list[tuple[str, str, str, str, tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)
    card_names: dict[int, tuple[str, str]] = field(default_factory=dict)
    searches: "OrderedDict[tuple[str, ...], tuple[int, list[int]]]" = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    # --- the sets ---

    def _range(self, pairs: list[tuple[Decimal, int]], low: Decimal | None, high: Decimal | None) -> int:
        values = [v for v, _p in pairs]
        start = 0 if low is None else bisect.bisect_left(values, low)
        end = len(values) if high is None else bisect.bisect_right(values, high)
        return bits([p for _v, p in pairs[start:end]], self.size)

    def filter_sets(self, params: DirectoryParams) -> dict[str, int]:
        """One bitset per filter in use (as partners.selectors.directory_query._filters)."""
        out: dict[str, int] = {}
        for kind, _model, _field, _key in M2M_KINDS:
            value = getattr(params, kind)
            if value:
                out[kind] = self.sets.get((kind, value), 0)
        if params.guaranteed:
            out["guaranteed"] = self.sets[("guaranteed", "1")]
        if params.min_rating is not None:
            step = self.sets.get(("min_rating", str(params.min_rating)))
            out["min_rating"] = (
                step if step is not None else self._range(self.ratings, params.min_rating, None)
            )
        if params.price_min is not None:
            out["price_min"] = self._range(self.prices, params.price_min, None)
        if params.price_max is not None:
            out["price_max"] = self._range(self.prices, None, params.price_max)
        if params.accepting:
            out["accepting"] = self.sets[("accepting", "1")]
        return out

    def search(self, terms: list[str]) -> tuple[int, list[int]]:
        """The matches of the search words: (bitset, positions by relevance). One query the
        first time the words are searched in this generation by any process: the matches
        (ids in relevance order) are shared through the cache for the others."""
        key = tuple(terms)
        with self.lock:
            hit = self.searches.get(key)
            if hit is not None:
                self.searches.move_to_end(key)
                return hit
        shared_key = f"directory:{self.generation}:match:{hashlib.sha1(repr(key).encode()).hexdigest()}"  # noqa: S324
        shared = cache.get(shared_key)
        if isinstance(shared, bytes):
            # Another process of this generation matched these words: its ids, by relevance.
            ids = array("q")
            ids.frombytes(shared)
            ordered = [self.positions[pk] for pk in ids if pk in self.positions]
        else:
            rows = (
                ServicePartner.objects.using("default")
                .filter(is_listed=True)
                .filter(_search_filter(terms))
                .annotate(rank=_rank(terms))
                .order_by()
                .values_list("pk", "rank")
            )
            found = [(self.positions[pk], rank) for pk, rank in rows if pk in self.positions]
            tie = self.ranks["match"]
            # ORDER BY rank DESC, badge_active DESC, rating_avg DESC NULLS LAST, id
            ordered = [p for p, _r in sorted(found, key=lambda pr: (-pr[1], tie[pr[0]]))]
            ids = array("q", [self.keys[p][0] for p in ordered])
            cache.set(shared_key, ids.tobytes(), settings.DIRECTORY_CACHE_SECONDS)
        hit = (bits(ordered, self.size), ordered)
        with self.lock:
            self.searches[key] = hit
            while len(self.searches) > SEARCHES_KEPT:
                self.searches.popitem(last=False)
        return hit

    # --- the answers ---

    def facets(self, sets: dict[str, int], base: int) -> dict[str, Any]:
        """The facet counts (partners.selectors.facets_sql's shape) and the total."""

        def others(without: str) -> int:
            mask = base
            for name, s in sets.items():
                if name != without:
                    mask &= s
            return mask

        out: dict[str, Any] = {}
        for kind, _model, _field, _key in M2M_KINDS:
            mask = others(kind)
            out[kind] = [
                {
                    "value": value,
                    "label": label,
                    "count": (mask & self.sets.get((kind, value), 0)).bit_count(),
                }
                for value, label in self.options[kind]
            ]
        for kind in ("guaranteed", "accepting"):
            out[kind] = (others(kind) & self.sets[(kind, "1")]).bit_count()
        mask = others("min_rating")
        out["min_rating"] = [
            {
                "value": str(step),
                "label": str(step),
                "count": (mask & self.sets[("min_rating", str(step))]).bit_count(),
            }
            for step in RATING_STEPS
        ]
        full = others("")
        out["total"] = full.bit_count()
        out["_mask"] = full
        return out

    def page(
        self, mask: int, count: int, order: list[int], rank: list[int] | None, offset: int, n: int
    ) -> list[int]:
        """Positions offset … offset+n of `mask` in `order` (`rank`: each position's place in it)."""
        if n <= 0:
            return []  # a count only (the API's)
        if mask == self.everyone and len(order) == self.size:
            return order[offset : offset + n]
        if count <= FEW and rank is not None:
            return sorted(members(mask), key=rank.__getitem__)[offset : offset + n]
        tested = mask.to_bytes((self.size + 7) // 8, "little")
        out: list[int] = []
        skip = offset
        for p in order:
            if tested[p >> 3] >> (p & 7) & 1:
                if skip:
                    skip -= 1
                    continue
                out.append(p)
                if len(out) == n:
                    break
        return out


def _orders(rows: list[tuple[Any, ...]]) -> dict[str, list[int]]:
    # rows: (id, badge, accepting, rating, reviews, price, created) by position
    by = range(len(rows))
    return {
        # The orders of partners.selectors.directory_query._ordering, as ORDER BY gives them.
        "relevance": sorted(
            by, key=lambda p: (not rows[p][1], _rating_desc(rows[p][3]), -rows[p][4], rows[p][0])
        ),
        "rating": sorted(by, key=lambda p: (_rating_desc(rows[p][3]), -rows[p][4], rows[p][0])),
        "reviews": sorted(by, key=lambda p: (-rows[p][4], _rating_desc(rows[p][3]), rows[p][0])),
        "newest": sorted(by, key=lambda p: (rows[p][6], rows[p][0]), reverse=True),
        "price": sorted(by, key=lambda p: (rows[p][5] is None, rows[p][5] or 0, rows[p][0])),
        # The tie-break among equally relevant matches.
        "match": sorted(by, key=lambda p: (not rows[p][1], _rating_desc(rows[p][3]), rows[p][0])),
    }


def index_build(generation: int) -> PartnerIndex:
    """The index of the listed partners as the primary has them now."""
    rows = list(
        ServicePartner.objects.using("default")
        .filter(is_listed=True)
        .order_by("pk")
        .values_list(
            "pk", "badge_active", "accepting_clients", "rating_avg", "review_count", "price_from",
            "created_at", "updated_at", "slug", "name", "tagline", "logo",
        )
    )  # fmt: skip
    size = len(rows)
    positions = {row[0]: p for p, row in enumerate(rows)}
    sets: dict[tuple[str, str], int] = {
        ("guaranteed", "1"): bits([p for p, r in enumerate(rows) if r[1]], size),
        ("accepting", "1"): bits([p for p, r in enumerate(rows) if r[2]], size),
    }
    ratings = sorted((r[3], p) for p, r in enumerate(rows) if r[3] is not None)
    values = [v for v, _p in ratings]
    for step in RATING_STEPS:
        sets[("min_rating", str(step))] = bits(
            [p for _v, p in ratings[bisect.bisect_left(values, step) :]], size
        )
    options: dict[str, list[tuple[str, str]]] = {}
    on_card: dict[str, list[list[int]]] = {"category": [[] for _ in rows], "city": [[] for _ in rows]}
    card_names: dict[int, tuple[str, str]] = {}
    for kind, model, fname, key in M2M_KINDS:
        named = list(model.objects.using("default").order_by("pk").values_list("pk", key, "name"))
        options[kind] = [(value, name) for _pk, value, name in named]
        value_of = {pk: value for pk, value, _name in named}
        table, partner_col, option_col = link_columns(fname)
        with connections["default"].cursor() as cursor:
            cursor.execute(f"SELECT {partner_col}, {option_col} FROM {table}")  # noqa: S608
            links = cursor.fetchall()
        grouped: dict[str, list[int]] = {}
        for partner_id, option_id in links:
            p = positions.get(partner_id)
            if p is not None:
                grouped.setdefault(value_of[option_id], []).append(p)
                if kind in on_card:
                    on_card[kind][p].append(option_id)
        for value, members_ in grouped.items():
            sets[(kind, value)] = bits(members_, size)
        if kind in on_card:
            # A card lists them in the model's order (as a prefetch would): categories by
            # position and name, cities by name (one table of names: see _card_id).
            named_in_order = list(model.objects.using("default").values_list("pk", "name", "name_hi"))
            order_of = {pk: i for i, (pk, _n, _h) in enumerate(named_in_order)}
            for pk, name, name_hi in named_in_order:
                card_names[_card_id(kind, pk)] = (name, name_hi)
            for listed in on_card[kind]:
                listed.sort(key=order_of.__getitem__)
                listed[:] = [_card_id(kind, pk) for pk in listed]
    orders = _orders(rows)
    ranks = {}
    for name, order in orders.items():
        place = [0] * size
        for i, p in enumerate(order):
            place[p] = i
        ranks[name] = place
    return PartnerIndex(
        generation=generation,
        built=time.monotonic(),
        size=size,
        keys=[(r[0], r[1], r[3], r[4], r[5], r[7]) for r in rows],
        everyone=(1 << size) - 1,
        sets=sets,
        options=options,
        orders=orders,
        ranks=ranks,
        ratings=ratings,
        prices=sorted((r[5], p) for p, r in enumerate(rows) if r[5] is not None),
        positions=positions,
        cards=[
            (r[8], r[9], r[10], r[11], tuple(on_card["category"][p]), tuple(on_card["city"][p]))
            for p, r in enumerate(rows)
        ],
        card_names=card_names,
    )


def _card_id(kind: str, pk: int) -> int:
    # One table of names for categories and cities: a city's id is kept negative.
    return pk if kind == "category" else -pk


_current: dict[str, PartnerIndex] = {}
_building = threading.Lock()


def partner_index() -> PartnerIndex | None:
    """The index of the current generation (None when the directory cache is off: then there
    is no generation to say when it is out of date, and the directory counts in SQL)."""
    if not settings.DIRECTORY_CACHE_SECONDS:
        return None
    generation = _generation()
    index = _current.get("index")
    if index is not None and _fresh(index, generation):
        return index
    with _building:
        index = _current.get("index")
        if not _fresh(index, generation):
            index = index_build(generation)
            _current["index"] = index
    return index


def _fresh(index: PartnerIndex | None, generation: int) -> bool:
    # The generation says when it is out of date; the age bounds how long it can be wrong
    # if the shared cache cannot say (down, or emptied): as long as a cached fragment.
    return (
        index is not None
        and index.generation == generation
        and time.monotonic() - index.built < settings.DIRECTORY_CACHE_SECONDS
    )


def partner_index_forget() -> None:
    """Drop this process's index (tests; the next request builds the current one)."""
    _current.clear()


ON_FORGET.append(partner_index_forget)
