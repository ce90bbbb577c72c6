"""Plain rows from raw SQL, typed alike on PostgreSQL and SQLite.

Pages that read a few columns in one hand-written query (a UNION ALL of several lists, a
row of LEFT JOINs) skip the ORM's compiler and model instances; these helpers do the two
things the ORM would otherwise have done for them: type the NULLs that pad a UNION's
branches, and turn SQLite's text and floats into the dates and decimals PostgreSQL returns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from weakref import WeakKeyDictionary

from django.conf import settings
from django.db import connection
from django.db.models import Field, Model
from django.utils import timezone


def sql_table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def sql_null(model: type[Model], name: str) -> str:
    """A NULL of the column's type: PostgreSQL resolves a UNION's column types pairwise, so
    an untyped NULL in the first two branches would become text before meeting a date."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    return f"CAST(NULL AS {field.cast_db_type(connection)})"


def row_decimal(value: Any, places: int = 2) -> Decimal:
    """A column's decimal (callers check for NULL first, as for the dates)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places))


def row_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def row_datetime(value: Any) -> datetime:
    """An aware datetime (SQLite keeps naive UTC text when USE_TZ is on)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return timezone.make_aware(moment, UTC) if timezone.is_naive(moment) else moment


# Which statements each PostgreSQL connection (the driver's object) has prepared.
_prepared: WeakKeyDictionary[Any, set[str]] = WeakKeyDictionary()
_PLACEHOLDER = re.compile(r"%(s|%)")


def _numbered(sql: str) -> str:
    """`%s` placeholders as PostgreSQL's `$1`, `$2`, … (and `%%` as `%`)."""
    count = 0

    def number(match: re.Match[str]) -> str:
        nonlocal count
        if match.group(1) == "%":
            return "%"
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(number, sql)


def execute_prepared(cursor: Any, name: str, sql: str, args: Sequence[Any]) -> None:
    """Run a hot page's hand-written query as a prepared statement of this PostgreSQL
    connection: planned once per connection instead of on every request (the profile's
    UNION plans in ≈ 0.7 ms and runs in ≈ 0.5). The first use sends PREPARE and EXECUTE in
    one round trip, so a query budget counts one query either way. Elsewhere (SQLite), or
    with DB_PREPARED_STATEMENTS off (a pooler in transaction mode, which does not keep a
    session's statements), the query runs as it is."""
    if connection.vendor != "postgresql" or not settings.DB_PREPARED_STATEMENTS:
        cursor.execute(sql, args)
        return
    done = _prepared.setdefault(connection.connection, set())
    execute = f"EXECUTE {name} ({', '.join(['%s'] * len(args))})" if args else f"EXECUTE {name}"
    if name in done:
        cursor.execute(execute, args)
        return
    # The statement's text is ours (no user input): only the arguments vary, and they are
    # passed to EXECUTE as parameters.
    prepare = f"PREPARE {name} AS {_numbered(sql)}".replace("%", "%%")
    cursor.execute(f"{prepare}; {execute}", args)
    done.add(name)
