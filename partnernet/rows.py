"""Plain rows from raw SQL, typed alike on PostgreSQL and SQLite.

Pages that read a few columns in one hand-written query (a UNION ALL of several lists, a
row of LEFT JOINs) skip the ORM's compiler and model instances; these helpers do the two
things the ORM would otherwise have done for them: type the NULLs that pad a UNION's
branches, and turn SQLite's text and floats into the dates and decimals PostgreSQL returns.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

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
