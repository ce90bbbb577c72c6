"""Reads of the directory: one page of partners with its facet counts, the partner list
API's queryset, and the home page's cards.

A page is answered by the in-memory index of the current cache generation
(partners.selectors.directory_index) when the directory cache is on, and in SQL otherwise
(partners.selectors.facets_sql and a deferred join); both give the same counts, ids and
order (tests/partners/test_cold_path.py compares them).
"""

from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Subquery, Value, When

from partners import search
from partners.models import ServiceCategory, ServicePartner
from partners.selectors.cards import CARD_FIELDS, card_rows
from partners.selectors.directory_index import KEY_FIELDS, PartnerIndex, partner_index
from partners.selectors.directory_query import (
    PER_PAGE,
    Q_MAX_LENGTH,
    Q_MAX_TERMS,
    RATING_STEPS,
    SORTS,
    DirectoryParams,
    _base,
    _filters,
    _ordering,
    _rank,
    directory_options,
    search_terms,
)
from partners.selectors.facets_sql import _facets, facets_sorted, facets_sql

__all__ = [
    "CARD_FIELDS",
    "PER_PAGE",
    "Q_MAX_LENGTH",
    "Q_MAX_TERMS",
    "RATING_STEPS",
    "SORTS",
    "DirectoryPage",
    "DirectoryParams",
    "_facets",
    "_filters",
    "directory_options",
    "home_context",
    "partner_directory",
    "partner_directory_api",
    "partners_for_cards",
    "search_terms",
]


def home_context() -> dict[str, Any]:
    categories = ServiceCategory.objects.annotate(
        partner_count=Count("partners", filter=Q(partners__is_listed=True))
    ).order_by("position", "name")
    featured = (
        ServicePartner.objects.filter(is_listed=True, badge_active=True)
        .order_by("-rating_avg", "-review_count", "name")
        .values_list("pk", flat=True)[:6]
    )
    return {"categories": categories, "featured": card_rows(ids=list(featured))}


@dataclass
class DirectoryPage:
    partners: list[ServicePartner]
    number: int
    num_pages: int
    count: int
    per_page: int
    facets: dict[str, Any] = field(default_factory=dict)
    corrected_q: str = ""  # the query actually searched, when misspelt words were corrected

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return 0 if not self.count else (self.number - 1) * self.per_page + 1

    @property
    def end_index(self) -> int:
        return min(self.number * self.per_page, self.count)


def _in_order(ids: list[int]) -> QuerySet[ServicePartner]:
    """The partners of `ids`, in that order."""
    return ServicePartner.objects.filter(pk__in=ids).order_by(
        Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)], output_field=IntegerField())
    )


def index_count(index: PartnerIndex, params: DirectoryParams) -> int:
    """How many listed partners match every filter and the words (the API's count)."""
    terms = search_terms(params.q)
    mask = index.search(terms)[0] if terms else index.everyone
    for s in index.filter_sets(params).values():
        mask &= s
    return mask.bit_count()


def index_answer(
    index: PartnerIndex, params: DirectoryParams, *, offset: int, n: int
) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    """From the index: (facets with "total", the KEY_FIELDS of the partners offset … offset+n)."""
    sets = index.filter_sets(params)
    terms = search_terms(params.q)
    base = index.everyone
    ordered: list[int] | None = None
    if terms:
        base, ordered = index.search(terms)
    facets = index.facets(sets, base)
    mask = facets.pop("_mask")
    count = facets["total"]
    facets_sorted(facets)
    if ordered is not None and params.sort == "relevance":
        # By relevance: the matches are few enough to walk in their own order.
        order, rank = ordered, None
        if mask == base:
            return facets, [index.keys[p] for p in ordered[offset : offset + n]]
    else:
        order, rank = index.orders[params.sort], index.ranks[params.sort]
    return facets, [index.keys[p] for p in index.page(mask, count, order, rank, offset, n)]


def partners_for_cards(*, ids: list[int]) -> list[ServicePartner]:
    """The partners `ids` with what their cards show (CARD_FIELDS, categories, cities)."""
    return list(_in_order(ids).only(*CARD_FIELDS).prefetch_related("categories", "cities"))


def _answer(
    params: DirectoryParams, index: PartnerIndex | None, offset: int, n: int
) -> tuple[dict[str, Any], list[tuple[Any, ...]] | None]:
    """(facets with "total", the page's KEY_FIELDS — None when the caller must query it)."""
    if index is not None:
        return index_answer(index, params, offset=offset, n=n)
    return facets_sql(params, _filters(params)), None


def partner_directory(
    *, params: DirectoryParams, page: int = 1, per_page: int = PER_PAGE, prefetch: bool = True
) -> DirectoryPage:
    """One page of listed partners with facet counts. From the index: no query at all with
    prefetch=False (the partners carry only KEY_FIELDS, enough for the cards' cache keys;
    the cards without cached HTML come from partners.selectors.cards), three with prefetch
    (model instances with CARD_FIELDS, their categories, their cities). In SQL: the facets
    with the total, the page, and the categories and cities of the page's cards."""
    index = partner_index()
    # The page asked for; if it lies past the end, the last page is asked for again below.
    facets, keys = _answer(params, index, (max(1, page) - 1) * per_page, per_page)
    count = facets.pop("total", 0)
    corrected_q = ""
    if count < search.FEW_RESULTS and search_terms(params.q):
        # Typo tolerance (partners.search): only a search that finds nothing or few pays for it.
        better = search.corrected_query(params.q)
        if better:
            corrected = replace(params, q=better)
            corrected_facets, corrected_keys = _answer(
                corrected, index, (max(1, page) - 1) * per_page, per_page
            )
            if corrected_facets.get("total", 0) > count:
                params, facets, keys, corrected_q = corrected, corrected_facets, corrected_keys, better
                count = facets.pop("total", 0)
    num_pages = max(1, -(-count // per_page))
    number = min(max(1, page), num_pages)
    if index is not None and number != max(1, page):
        # A page past the end shows the last one.
        _again, keys = index_answer(index, params, offset=(number - 1) * per_page, n=per_page)
    partners: list[ServicePartner] = []
    if count and keys is not None:
        ids = [k[0] for k in keys]
        if prefetch:
            partners = partners_for_cards(ids=ids)
        else:
            partners = [ServicePartner.from_db("default", KEY_FIELDS, k) for k in keys]
    elif count:
        terms = search_terms(params.q)
        conditions = _filters(params)
        ordering = _ordering(params, bool(terms))
        offset = (number - 1) * per_page
        # A deferred join: the ordered window of ids is found on narrow index rows, and
        # only the page's own rows are read in full (deep pages stay cheap).
        ranked = _base(params, conditions)
        if terms:
            ranked = ranked.annotate(rank=_rank(terms))
        window = ranked.order_by(*ordering).values("pk")[offset : offset + per_page]
        qs = ServicePartner.objects.filter(pk__in=Subquery(window)).only(*CARD_FIELDS)
        if terms:
            qs = qs.annotate(rank=_rank(terms))
        qs = qs.order_by(*ordering)
        partners = list(qs.prefetch_related("categories", "cities") if prefetch else qs)
    return DirectoryPage(
        partners=partners,
        number=number,
        num_pages=num_pages,
        count=count,
        per_page=per_page,
        facets=facets,
        corrected_q=corrected_q,
    )


class IndexedPartners:
    """The API's partners from the index: count() and a slice, like the queryset it stands
    for (the slice is the page's partners, in order, as a queryset)."""

    def __init__(self, index: PartnerIndex, params: DirectoryParams) -> None:
        self.index, self.params = index, params
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = index_count(self.index, self.params)
        return self._count

    def __getitem__(self, window: slice) -> QuerySet[ServicePartner]:
        start = window.start or 0
        _facets, keys = index_answer(self.index, self.params, offset=start, n=(window.stop or start) - start)
        return _in_order([k[0] for k in keys])


def partner_directory_api(*, params: DirectoryParams, prefetch: bool = True) -> Any:
    """The API's partners: same search, filters and order; the caller paginates (count()
    and a slice; prefetch=False for partners.selectors.listing.partner_rows)."""
    index = partner_index()
    terms = search_terms(params.q)
    if index is not None and not prefetch:
        if terms and IndexedPartners(index, params).count() < search.FEW_RESULTS:
            better = search.corrected_query(params.q)
            if better:
                params = replace(params, q=better)
        return IndexedPartners(index, params)
    conditions = _filters(params)
    qs = _base(params, conditions)
    if terms and qs.order_by()[: search.FEW_RESULTS].count() < search.FEW_RESULTS:
        better = search.corrected_query(params.q)
        if better:
            params = replace(params, q=better)
            terms = search_terms(better)
            qs = _base(params, conditions)
    if terms:
        qs = qs.annotate(rank=_rank(terms))
    qs = qs.order_by(*_ordering(params, bool(terms)))
    return qs.prefetch_related("categories", "cities", "languages") if prefetch else qs
