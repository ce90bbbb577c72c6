"""A PostgreSQL trigger that refuses UPDATE and DELETE on issue events.

The model and queryset guards stop the ORM; this stops everything else (raw SQL,
a shell, another service talking to the database). On SQLite it does nothing.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION resolution_issueevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Issue events are append-only (event id %)', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS resolution_issueevent_append_only ON resolution_issueevent;
CREATE TRIGGER resolution_issueevent_append_only
    BEFORE UPDATE OR DELETE ON resolution_issueevent
    FOR EACH ROW EXECUTE FUNCTION resolution_issueevent_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS resolution_issueevent_append_only ON resolution_issueevent;
DROP FUNCTION IF EXISTS resolution_issueevent_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("resolution", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
