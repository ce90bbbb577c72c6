"""Facet counts counted in SQL: the directory without its in-memory index (the cache off,
as in most tests) and the truth the index is tested against."""

from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q

from partners.models import City, Language, ServiceCategory
from partners.selectors.directory_query import RATING_STEPS, DirectoryParams, _base, _ids_sql
from partners.selectors.links import link_columns


def facets_sql(params: DirectoryParams, conditions: dict[str, Q]) -> dict[str, Any]:
    """Every facet value with the number of partners it would leave, given the other filters,
    plus the total for all filters — in ONE round trip (a UNION ALL of grouped counts over a
    CTE of the matching partners). A facet whose own filter is in use is counted over its
    own, wider set ("all the other filters")."""
    parts: list[str] = []
    args: list[Any] = []

    def m2m(
        kind: str, model: type[ServiceCategory | City | Language], through_field: str, key_col: str
    ) -> None:
        table, partner_col, target_col = link_columns(through_field)
        if kind in conditions:
            ids, ids_args = _ids_sql(_base(params, conditions, without=kind))
            source = f"{table} t WHERE t.{partner_col} IN ({ids})"
            args.extend(ids_args)
        else:
            # A plain join on the (unique) ids lets the planner hash the through table.
            source = f"{table} t JOIN full_base b ON b.id = t.{partner_col}"
        parts.append(
            f"SELECT '{kind}' AS kind, o.{key_col} AS key, o.name AS label, COALESCE(c.n, 0) AS n "  # noqa: S608
            f"FROM {model._meta.db_table} o LEFT JOIN (SELECT t.{target_col} AS oid, COUNT(*) AS n "
            f"FROM {source} GROUP BY t.{target_col}) c ON c.oid = o.id"
        )

    m2m("category", ServiceCategory, "categories", "slug")
    m2m("city", City, "cities", "slug")
    m2m("language", Language, "languages", "code")

    def scalar(kind: str, key: str, column_sql: str, column_args: list[str], condition: Q) -> None:
        if kind not in conditions:
            parts.append(f"SELECT '{kind}', '{key}', '', COUNT(*) FROM full_base WHERE {column_sql}")  # noqa: S608
            args.extend(column_args)
            return
        sql, sql_args = _ids_sql(_base(params, conditions, without=kind).filter(condition))
        parts.append(f"SELECT '{kind}', '{key}', '', COUNT(*) FROM ({sql}) s")  # noqa: S608
        args.extend(sql_args)

    scalar("guaranteed", "1", "badge_active", [], Q(badge_active=True))
    scalar("accepting", "1", "accepting_clients", [], Q(accepting_clients=True))
    for step in RATING_STEPS:
        scalar("min_rating", str(step), "rating_avg >= %s", [str(step)], Q(rating_avg__gte=step))
    parts.append("SELECT 'total', '', '', COUNT(*) FROM full_base")

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
    facets: dict[str, Any] = {"category": [], "city": [], "language": [], "guaranteed": 0, "accepting": 0,
                              "min_rating": []}  # fmt: skip
    for kind, key, label, n in rows:
        if kind in ("category", "city", "language"):
            facets[kind].append({"value": key, "label": label, "count": n})
        elif kind == "min_rating":
            facets[kind].append({"value": key, "label": key, "count": n})
        elif kind == "total":
            facets["total"] = n
        else:
            facets[kind] = n
    return facets_sorted(facets)


def facets_sorted(facets: dict[str, Any]) -> dict[str, Any]:
    """The order the page shows: ratings high to low, cities by count, the rest by name."""
    facets["min_rating"].sort(key=lambda o: -Decimal(o["value"]))
    for kind in ("category", "city", "language"):
        facets[kind].sort(key=lambda o: (-o["count"] if kind == "city" else 0, o["label"]))
    return facets


# The name the tests and older callers know.
_facets = facets_sql
