"""The directory's query, shared by every way of answering it: the validated input, the
search words, one condition per filter and the sort orders (partners.selectors.directory
assembles pages from them; partners.selectors.directory_index answers them in memory)."""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import BooleanField, F, Field, FloatField, Q, QuerySet, Value
from django.db.models.expressions import Case, Expression, OrderBy, When

from partners import search
from partners.models import City, Language, ServiceCategory, ServicePartner

PER_PAGE = 20
Q_MAX_LENGTH = 200
Q_MAX_TERMS = 8
SORTS = ("relevance", "rating", "reviews", "newest", "price")
RATING_STEPS = (Decimal("4.5"), Decimal("4"), Decimal("3.5"), Decimal("3"))


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


def search_terms(q: str) -> list[str]:
    """Words of the query: runs of letters, digits and combining marks (so Hindi and other
    scripts stay whole), and nothing that could reach to_tsquery as syntax."""
    text = (q or "")[:Q_MAX_LENGTH].lower()
    cleaned = "".join(ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in text)
    return cleaned.split()[:Q_MAX_TERMS]


def _tsquery(terms: list[str]) -> str:
    # Prefix match on every word and its aliases: "catalog" finds "cataloguing" (partners.search).
    return search.tsquery(search.expand_terms(terms))


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


class _TsExpression(Expression):
    """SQL over the partner table's generated `search_vector` column (PostgreSQL only).

    The column is not a model field, so it is named through whatever alias the query
    gives the partner table (a subquery calls it U0): a fixed table name would turn a
    subquery into a correlated one.
    """

    template = ""

    def __init__(self, tsquery: str, output_field: "Field[Any, Any]") -> None:
        super().__init__(output_field=output_field)
        self.tsquery = tsquery

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[str]]:
        column = f'{compiler.quote_name_unless_alias(compiler.query.get_initial_alias())}."search_vector"'
        return self.template % {"column": column}, (self.tsquery,)


class _TsMatch(_TsExpression):
    template = "%(column)s @@ to_tsquery('english'::regconfig, %%s)"
    conditional = True


class _TsRank(_TsExpression):
    template = "ts_rank(%(column)s, to_tsquery('english'::regconfig, %%s))"


def _search_filter(terms: list[str]) -> Q | Expression:
    if _is_postgres():
        return _TsMatch(_tsquery(terms), BooleanField())
    return search.like_condition(search.expand_terms(terms))


def _rank(terms: list[str]) -> Expression:
    if _is_postgres():
        return _TsRank(_tsquery(terms), FloatField())
    # SQLite: a name match above a tagline match above a match elsewhere.
    first = search.expand_terms(terms)[0]
    return Case(
        When(_any_of("name", first), then=Value(3.0)),
        When(_any_of("tagline", first), then=Value(2.0)),
        default=Value(1.0),
        output_field=FloatField(),
    )


def _any_of(field_name: str, words: Iterable[str]) -> Q:
    condition = Q()
    for word in words:
        condition |= Q(**{f"{field_name}__icontains": word})
    return condition


def _filters(params: DirectoryParams) -> dict[str, Q]:
    """One condition per filter, so facets can apply 'all the others'."""
    out: dict[str, Q] = {}
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


def _base(
    params: DirectoryParams, conditions: dict[str, Q], *, without: str | None = None
) -> QuerySet[ServicePartner]:
    qs = ServicePartner.objects.filter(is_listed=True)
    terms = search_terms(params.q)
    if terms:
        qs = qs.filter(_search_filter(terms))
    for name, condition in conditions.items():
        if name != without:
            qs = qs.filter(condition)
    return qs


def _ids_sql(qs: QuerySet[ServicePartner]) -> tuple[str, list[Any]]:
    # order_by(): the model's default ordering would make every subquery sort all partners.
    sql, sql_params = qs.order_by().values("pk").query.sql_with_params()
    return sql, list(sql_params)


def _ordering(params: DirectoryParams, has_terms: bool) -> list[str | OrderBy]:
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


def directory_options() -> dict[str, set[str]]:
    """Valid values for the filters (for the API's 400s), in one query."""
    parts = [
        f"SELECT 'category', slug FROM {ServiceCategory._meta.db_table}",  # noqa: S608
        f"SELECT 'city', slug FROM {City._meta.db_table}",  # noqa: S608
        f"SELECT 'language', code FROM {Language._meta.db_table}",  # noqa: S608
    ]
    out: dict[str, set[str]] = {"category": set(), "city": set(), "language": set()}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        for kind, value in cursor.fetchall():
            out[kind].add(value)
    return out
