"""Fast inserts for large data sets: PostgreSQL COPY, bulk_create elsewhere.

Rows are tuples in the order of `columns` (attnames); every other concrete column
gets one constant default, computed once.
"""

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from partnernet.models import ReferenceCounter

NULL = "\\N"


def reserve_ids(model, count: int) -> int:
    """The first of `count` consecutive primary keys nobody else will be given."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")  # noqa: S608
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
            start = cursor.fetchone()[0] + 1
            cursor.execute("SELECT setval(%s, %s)", [sequence, start + count - 1])
            return start
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        return cursor.fetchone()[0] + 1


def _default(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if field.get_internal_type() in ("CharField", "TextField", "SlugField", "EmailField", "URLField"):
        return ""
    if field.get_internal_type() in ("FileField", "ImageField"):
        return ""
    raise ValueError(f"{field.model.__name__}.{field.attname} needs a value")


def _pg_text(value) -> str:
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime | date | Decimal | int | float):
        return value.isoformat() if isinstance(value, datetime | date) else str(value)
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def insert(model, columns: list[str], rows) -> int:
    """Insert rows (tuples in `columns` order, primary key included) and return how many."""
    now = timezone.now()
    fields = list(model._meta.concrete_fields)
    given = set(columns)
    extra = [f for f in fields if f.attname not in given]
    constants = [_default(f, now) for f in extra]
    rows = list(rows)
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        by_attname = {f.attname: f for f in fields}
        names = [by_attname[c].column for c in columns]
        names += [f.column for f in extra]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        tail = [_pg_text(v) for v in constants]
        for row in rows:
            writer.writerow([_pg_text(v) for v in row] + tail)
        buffer.seek(0)
        quoted = ", ".join(f'"{n}"' for n in names)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg2 cursor under Django's wrapper
            raw.copy_expert(
                f"COPY {model._meta.db_table} ({quoted}) FROM STDIN WITH (FORMAT csv, NULL '{NULL}')",  # noqa: S608
                buffer,
            )
        return len(rows)
    objs = []
    for row in rows:
        values = dict(zip(columns, row, strict=True))
        values.update({f.attname: c for f, c in zip(extra, constants, strict=True)})
        objs.append(model(**values))
    model.objects.bulk_create(objs, batch_size=500)
    return len(objs)


def reserve_references(prefix: str, count: int) -> list[str]:
    """`count` consecutive public references (SO-2026-000123 …) taken from the counter at once."""
    year = timezone.localtime().year
    counter, _ = ReferenceCounter.objects.get_or_create(prefix=prefix, year=year)
    counter = ReferenceCounter.objects.select_for_update().get(pk=counter.pk)
    first = counter.value + 1
    counter.value += count
    counter.save(update_fields=["value"])
    return [f"{prefix}-{year}-{n:06d}" for n in range(first, first + count)]
