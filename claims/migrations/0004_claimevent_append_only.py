"""A PostgreSQL trigger that keeps claim events append-only.

The model refuses `save()` on an existing event and `delete()`; this refuses
everything else (raw SQL, a shell, another service talking to the database):
UPDATE and DELETE on claims_claimevent raise (the foreign keys to the claim and
the actor are PROTECT, so no ORM cascade ever needs either). On SQLite this
migration does nothing.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION claims_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Claim events are append-only (% of event id %)', TG_OP, OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS claims_event_append_only ON claims_claimevent;
CREATE TRIGGER claims_event_append_only
    BEFORE UPDATE OR DELETE ON claims_claimevent
    FOR EACH ROW EXECUTE FUNCTION claims_event_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS claims_event_append_only ON claims_claimevent;
DROP FUNCTION IF EXISTS claims_event_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_review_groups")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
