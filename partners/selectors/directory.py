"""Reads of the directory: search, filters, facets, ordering, and the home page's cards."""

import copy
import hashlib
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Count, F, FloatField, Q, Subquery, Value
from django.db.models.expressions import Case, Expression, When

from partners.models import City, Language, ServiceCategory, ServicePartner
from partners.selectors.cache import _generation
from partners.selectors.facets import RATING_STEPS, facet_memo, memo_row

PER_PAGE = 20
Q_MAX_LENGTH = 200
Q_MAX_TERMS = 8
SORTS = ("relevance", "rating", "reviews", "newest", "price")


def home_context() -> dict:
    categories = ServiceCategory.objects.annotate(
        partner_count=Count("partners", filter=Q(partners__is_listed=True))
    ).order_by("position", "name")
    featured = (
        ServicePartner.objects.filter(is_listed=True, badge_active=True)
        .prefetch_related("categories", "cities")
        .order_by("-rating_avg", "-review_count", "name")[:6]
    )
    return {"categories": categories, "featured": featured}


@dataclass(frozen=True)
class DirectoryParams:
    """Validated directory input (see partners.forms.DirectoryFilterForm)."""

    q: str = ""
    category: str = ""
    city: str = ""
    language: str = ""
    guaranteed: bool = False
    min_rating: Decimal | None = None
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    accepting: bool = False
    sort: str = "relevance"

    @property
    def active_filters(self) -> list[str]:
        names = [
            "category",
            "city",
            "language",
            "guaranteed",
            "min_rating",
            "price_min",
            "price_max",
            "accepting",
        ]
        return [n for n in names if getattr(self, n) not in ("", None, False)]


@dataclass
class DirectoryPage:
    partners: list
    number: int
    num_pages: int
    count: int
    per_page: int
    facets: dict = field(default_factory=dict)

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


def search_terms(q: str) -> list[str]:
    """Words of the query: runs of letters, digits and combining marks (so Hindi and other
    scripts stay whole), and nothing that could reach to_tsquery as syntax."""
    text = (q or "")[:Q_MAX_LENGTH].lower()
    cleaned = "".join(ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in text)
    return cleaned.split()[:Q_MAX_TERMS]


def _tsquery(terms: list[str]) -> str:
    # Prefix match on every word: "catalog" finds "cataloguing", as a search box should.
    return " & ".join(f"{t}:*" for t in terms)


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


class _TsExpression(Expression):
    """SQL over the partner table's generated `search_vector` column (PostgreSQL only).

    The column is not a model field, so it is named through whatever alias the query
    gives the partner table (a subquery calls it U0): a fixed table name would turn a
    subquery into a correlated one.
    """

    template = ""

    def __init__(self, tsquery: str, output_field):
        super().__init__(output_field=output_field)
        self.tsquery = tsquery

    def as_sql(self, compiler, connection):
        column = f'{compiler.quote_name_unless_alias(compiler.query.get_initial_alias())}."search_vector"'
        return self.template % {"column": column}, [self.tsquery]


class _TsMatch(_TsExpression):
    template = "%(column)s @@ to_tsquery('english'::regconfig, %%s)"
    conditional = True


class _TsRank(_TsExpression):
    template = "ts_rank(%(column)s, to_tsquery('english'::regconfig, %%s))"


def _search_filter(terms: list[str]):
    if _is_postgres():
        return _TsMatch(_tsquery(terms), BooleanField())
    condition = Q()
    for term in terms:
        condition &= Q(search_document__icontains=term) | Q(name__icontains=term)
    return condition


def _rank(terms: list[str]):
    if _is_postgres():
        return _TsRank(_tsquery(terms), FloatField())
    # SQLite: a name match above a tagline match above a match elsewhere.
    first = terms[0]
    return Case(
        When(name__icontains=first, then=Value(3.0)),
        When(tagline__icontains=first, then=Value(2.0)),
        default=Value(1.0),
        output_field=FloatField(),
    )


def _filters(params: DirectoryParams) -> dict:
    """One condition per filter, so facets can apply 'all the others'."""
    out = {}
    if params.category:
        out["category"] = Q(categories__slug=params.category)
    if params.city:
        out["city"] = Q(cities__slug=params.city)
    if params.language:
        out["language"] = Q(languages__code=params.language)
    if params.guaranteed:
        out["guaranteed"] = Q(badge_active=True)
    if params.min_rating is not None:
        out["min_rating"] = Q(rating_avg__gte=params.min_rating)
    if params.price_min is not None:
        out["price_min"] = Q(price_from__gte=params.price_min)
    if params.price_max is not None:
        out["price_max"] = Q(price_from__lte=params.price_max)
    if params.accepting:
        out["accepting"] = Q(accepting_clients=True)
    return out


def _base(params: DirectoryParams, conditions: dict, *, without: str | None = None):
    qs = ServicePartner.objects.filter(is_listed=True)
    terms = search_terms(params.q)
    if terms:
        qs = qs.filter(_search_filter(terms))
    for name, condition in conditions.items():
        if name != without:
            qs = qs.filter(condition)
    return qs


def _ids_sql(qs) -> tuple[str, list]:
    # order_by(): the model's default ordering would make every subquery sort all partners.
    sql, sql_params = qs.order_by().values("pk").query.sql_with_params()
    return sql, list(sql_params)


def _facets(params: DirectoryParams, conditions: dict, memo: dict | None = None) -> dict:
    """Every facet value with the number of partners it would leave, given the other filters,
    plus the total for all filters — in at most ONE round trip (a UNION ALL of grouped counts).

    With the memo (partners.selectors.facets), every count that depends on at most one
    filter and no search is read from it: an unfiltered or single-filter page costs no
    query, and a page with more filters counts only over its matching rows (the CTE of the
    partners matching every filter, found through the link tables' indexes). Without it,
    a facet whose own filter is in use needs its own, wider set ("all the other filters").
    """
    searched = bool(search_terms(params.q))
    counts: dict = {}  # kind -> {value: n} read from the memo

    def from_memo(kind, without) -> bool:
        kinds = [k for k in conditions if k != without]
        row = memo_row(memo, params, kinds, searched=searched)
        if row is None:
            return False
        counts[kind] = row.get(kind, {})
        return True

    parts: list[str] = []
    args: list = []

    def m2m(kind, model, through_field, key_col):
        if from_memo(kind, kind if kind in conditions else None):
            return
        through = ServicePartner._meta.get_field(through_field).remote_field.through
        t = through._meta
        partner_col = t.get_field("servicepartner").column
        target_col = [f for f in t.fields if f.is_relation and f.related_model is model][0].column
        if kind in conditions:
            ids, ids_args = _ids_sql(_base(params, conditions, without=kind))
            source = f"{t.db_table} t WHERE t.{partner_col} IN ({ids})"
            args.extend(ids_args)
        else:
            # A plain join on the (unique) ids lets the planner hash the through table.
            source = f"{t.db_table} t JOIN full_base b ON b.id = t.{partner_col}"
        parts.append(
            f"SELECT '{kind}' AS kind, o.{key_col} AS key, o.name AS label, COALESCE(c.n, 0) AS n "  # noqa: S608
            f"FROM {model._meta.db_table} o LEFT JOIN (SELECT t.{target_col} AS oid, COUNT(*) AS n "
            f"FROM {source} GROUP BY t.{target_col}) c ON c.oid = o.id"
        )

    m2m("category", ServiceCategory, "categories", "slug")
    m2m("city", City, "cities", "slug")
    m2m("language", Language, "languages", "code")

    def scalar(kind, key, column_sql, column_args, condition, own_filter):
        if from_memo(kind, own_filter if own_filter in conditions else None):
            return
        if own_filter not in conditions:
            parts.append(f"SELECT '{kind}', '{key}', '', COUNT(*) FROM full_base WHERE {column_sql}")  # noqa: S608
            args.extend(column_args)
            return
        sql, sql_args = _ids_sql(_base(params, conditions, without=own_filter).filter(condition))
        parts.append(f"SELECT '{kind}', '{key}', '', COUNT(*) FROM ({sql}) s")  # noqa: S608
        args.extend(sql_args)

    scalar("guaranteed", "1", "badge_active", [], Q(badge_active=True), "guaranteed")
    scalar("accepting", "1", "accepting_clients", [], Q(accepting_clients=True), "accepting")
    for step in RATING_STEPS:
        if "min_rating" in counts:
            break  # the memo holds every step at once
        scalar(
            "min_rating", str(step), "rating_avg >= %s", [str(step)], Q(rating_avg__gte=step), "min_rating"
        )
    if not from_memo("", None):
        parts.append("SELECT 'total', '', '', COUNT(*) FROM full_base")

    facets: dict = {
        "category": [],
        "city": [],
        "language": [],
        "guaranteed": 0,
        "accepting": 0,
        "min_rating": [],
    }
    rows: list = []
    if parts:
        full_sql, full_args = (
            _base(params, conditions)
            .order_by()
            .values_list("pk", "badge_active", "accepting_clients", "rating_avg")
        ).query.sql_with_params()
        sql = (
            f"WITH full_base (id, badge_active, accepting_clients, rating_avg) AS ({full_sql}) "  # noqa: S608
            + " UNION ALL ".join(parts)
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, list(full_args) + args)
            rows = cursor.fetchall()
    for kind, values in counts.items():
        if kind in ("category", "city", "language"):
            rows += [(kind, key, label, values.get(key, 0)) for key, label in memo["options"][kind]]
        elif kind == "min_rating":
            rows += [(kind, str(step), "", values.get(str(step), 0)) for step in RATING_STEPS]
        elif kind == "":
            rows.append(("total", "", "", values.get("", 0)))
        else:
            rows.append((kind, "1", "", values.get("1", 0)))
    for kind, key, label, n in rows:
        if kind in ("category", "city", "language"):
            facets[kind].append({"value": key, "label": label, "count": n})
        elif kind == "min_rating":
            facets[kind].append({"value": key, "label": key, "count": n})
        elif kind == "total":
            facets["total"] = n
        else:
            facets[kind] = n
    facets["min_rating"].sort(key=lambda o: -Decimal(o["value"]))
    for kind in ("category", "city", "language"):
        facets[kind].sort(key=lambda o: (-o["count"] if kind == "city" else 0, o["label"]))
    return facets


def _facets_cached(params: DirectoryParams, conditions: dict) -> dict:
    """Facet counts do not depend on the page or the sort, so every page of one search
    shares them; they are cached for a short time (a new generation after profile,
    offering and review changes)."""
    seconds = settings.DIRECTORY_CACHE_SECONDS
    if not seconds:
        return _facets(params, conditions)
    generation = _generation()
    memo = facet_memo(generation)
    if memo_row(memo, params, list(conditions), searched=bool(search_terms(params.q))) is not None:
        return _facets(params, conditions, memo)  # no query, and nothing worth caching twice
    signature = repr(replace(params, q=" ".join(search_terms(params.q)), sort=""))
    key = f"directory:facets:{generation}:{hashlib.sha1(signature.encode()).hexdigest()}"  # noqa: S324
    facets = cache.get(key)
    if facets is None:
        facets = _facets(params, conditions, memo)
        cache.set(key, facets, seconds)
    return copy.deepcopy(facets)


def _ordering(params: DirectoryParams, has_terms: bool) -> list:
    rating = F("rating_avg").desc(nulls_last=True)
    if params.sort == "rating":
        return [rating, "-review_count", "id"]
    if params.sort == "reviews":
        return ["-review_count", rating, "id"]
    if params.sort == "newest":
        return ["-created_at", "-id"]
    if params.sort == "price":
        return [F("price_from").asc(nulls_last=True), "id"]
    if has_terms:
        return ["-rank", "-badge_active", rating, "id"]
    # The default order is served by the partner_directory_default index on PostgreSQL.
    return ["-badge_active", rating, "-review_count", "id"]


CARD_FIELDS = (
    "id",
    "slug",
    "name",
    "tagline",
    "badge_active",
    "rating_avg",
    "review_count",
    "price_from",
    "updated_at",
)


def partner_directory(
    *, params: DirectoryParams, page: int = 1, per_page: int = PER_PAGE, prefetch: bool = True
) -> DirectoryPage:
    """One page of listed partners with facet counts, in at most four queries whatever the
    data size: facets with the total (often none: see partners.selectors.facets), the page,
    and the categories and cities of the page's cards (prefetch=False leaves those to the
    caller, which renders only the cards it has no cached HTML for)."""
    conditions = _filters(params)
    facets = _facets_cached(params, conditions)
    count = facets.pop("total", 0)
    num_pages = max(1, -(-count // per_page))
    number = min(max(1, page), num_pages)
    partners = []
    if count:
        terms = search_terms(params.q)
        ordering = _ordering(params, bool(terms))
        offset = (number - 1) * per_page
        # A deferred join: the ordered window of ids is found on narrow index rows, and
        # only the page's own rows are read in full (deep pages stay cheap).
        window = _base(params, conditions)
        if terms:
            window = window.annotate(rank=_rank(terms))
        window = window.order_by(*ordering).values("pk")[offset : offset + per_page]
        qs = ServicePartner.objects.filter(pk__in=Subquery(window)).only(*CARD_FIELDS)
        if terms:
            qs = qs.annotate(rank=_rank(terms))
        qs = qs.order_by(*ordering)
        partners = list(qs.prefetch_related("categories", "cities") if prefetch else qs)
    return DirectoryPage(
        partners=partners, number=number, num_pages=num_pages, count=count, per_page=per_page, facets=facets
    )


def partner_directory_api(*, params: DirectoryParams, prefetch: bool = True):
    """The API's queryset: same search, filters and order; the caller paginates
    (prefetch=False for partners.selectors.listing.partner_rows)."""
    conditions = _filters(params)
    terms = search_terms(params.q)
    qs = _base(params, conditions)
    if terms:
        qs = qs.annotate(rank=_rank(terms))
    qs = qs.order_by(*_ordering(params, bool(terms)))
    return qs.prefetch_related("categories", "cities", "languages") if prefetch else qs


def directory_options() -> dict:
    """Valid values for the filters (for the API's 400s), in one query."""
    parts = [
        f"SELECT 'category', slug FROM {ServiceCategory._meta.db_table}",  # noqa: S608
        f"SELECT 'city', slug FROM {City._meta.db_table}",  # noqa: S608
        f"SELECT 'language', code FROM {Language._meta.db_table}",  # noqa: S608
    ]
    out = {"category": set(), "city": set(), "language": set()}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        for kind, value in cursor.fetchall():
            out[kind].add(value)
    return out
