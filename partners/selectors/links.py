"""A partner's categories, cities and languages read in plain SQL: the link tables' names
and columns (from the model, never spelled out), and one UNION query for the links of many
partners, each list in its model's order — the order a prefetch would give."""

from typing import Any

from django.db import connection
from django.db.models import ManyToManyField

from partners.models import City, Language, ServiceCategory, ServicePartner

LINKED: dict[str, type[ServiceCategory | City | Language]] = {
    "categories": ServiceCategory,
    "cities": City,
    "languages": Language,
}
# Each model's ordering as two sort columns of its table `o` (ServiceCategory: position,
# name; City and Language: name).
LINK_ORDER = {"categories": ("o.position", "o.name"), "cities": ("0", "o.name"), "languages": ("0", "o.name")}


def link_columns(field_name: str) -> tuple[str, str, str]:
    """(the link table, its partner column, its option column) of ServicePartner.<field_name>."""
    field = ServicePartner._meta.get_field(field_name)
    assert isinstance(field, ManyToManyField)
    return field.m2m_db_table(), field.m2m_column_name(), field.m2m_reverse_name()


def links_of(
    ids: list[int], select: dict[str, tuple[str, ...]]
) -> dict[str, dict[int, list[tuple[Any, ...]]]]:
    """For each link field of `select` (e.g. {"cities": ("slug",)}), each partner's options as
    tuples of those option columns, in one query. Every field selects as many columns."""
    out: dict[str, dict[int, list[tuple[Any, ...]]]] = {name: {pk: [] for pk in ids} for name in select}
    if not ids:
        return out
    marks = ", ".join(["%s"] * len(ids))
    parts: list[str] = []
    args: list[int] = []
    for name, columns in select.items():
        table, partner_col, option_col = link_columns(name)
        first, second = LINK_ORDER[name]
        values = ", ".join(f"o.{c} AS c{i}" for i, c in enumerate(columns))
        parts.append(
            f"SELECT '{name}' AS kind, t.{partner_col} AS pid, {values}, {first} AS s1, {second} AS s2 "  # noqa: S608
            f"FROM {LINKED[name]._meta.db_table} o JOIN {table} t ON t.{option_col} = o.id "
            f"WHERE t.{partner_col} IN ({marks})"
        )
        args.extend(ids)
    width = len(next(iter(select.values())))
    picked = ", ".join(f"c{i}" for i in range(width))
    union = " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT kind, pid, {picked} FROM ({union}) u ORDER BY kind, s1, s2", args)  # noqa: S608
        for kind, pk, *values in cursor.fetchall():
            out[kind][pk].append(tuple(values))
    return out
