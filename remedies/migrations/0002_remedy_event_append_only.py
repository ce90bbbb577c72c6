"""A PostgreSQL trigger that refuses UPDATE and DELETE on remedy events.

The model and queryset guards stop the ORM; this stops everything else (raw
SQL, a shell). On SQLite this migration does nothing.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION remedies_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Remedy events are append-only (event id %)', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS remedies_event_append_only ON remedies_remedyevent;
CREATE TRIGGER remedies_event_append_only
    BEFORE UPDATE OR DELETE ON remedies_remedyevent
    FOR EACH ROW EXECUTE FUNCTION remedies_event_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS remedies_event_append_only ON remedies_remedyevent;
DROP FUNCTION IF EXISTS remedies_event_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("remedies", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
