"""Append-only tables, enforced by PostgreSQL as well as by the ORM.

The event models (claim, order, issue and remedy events) refuse `save()` of an existing
row and `delete()` in Python; a trigger made here refuses UPDATE and DELETE from every
other path too (raw SQL, a shell, another service on the same database). Their foreign
keys are PROTECT, so no ORM cascade ever needs either. On SQLite the step does nothing.

A migration adds one with `operations = [append_only_trigger(table=..., function=...,
what="Claim events")]`; the function and trigger share the name `function`.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

_FORWARD = """
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{what} are append-only (% of event id %)', TG_OP, OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS {function} ON {table};
CREATE TRIGGER {function}
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {function}();
"""

_BACKWARD = """
DROP TRIGGER IF EXISTS {function} ON {table};
DROP FUNCTION IF EXISTS {function}();
"""


def append_only_trigger(*, table: str, function: str, what: str) -> migrations.RunPython:
    """A migration step: the trigger on PostgreSQL (reversible), nothing elsewhere."""
    names = {"table": table, "function": function, "what": what.replace("'", "''")}

    def run(sql: str) -> Any:
        def step(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(sql.format(**names), params=None)

        return step

    return migrations.RunPython(run(_FORWARD), run(_BACKWARD), elidable=False)
