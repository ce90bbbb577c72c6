"""PostgreSQL triggers that refuse changes to published guarantee terms.

The model and queryset guards stop the ORM; these stop everything else (raw SQL,
a shell, another service talking to the database). Only `is_current` may move on
a published row, because publishing a newer version clears it on the older one.
On SQLite this migration does nothing.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION guarantees_terms_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'published' THEN
            RAISE EXCEPTION 'Published guarantee terms cannot be deleted (terms id %)', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'published'
       AND (to_jsonb(NEW) - 'is_current') IS DISTINCT FROM (to_jsonb(OLD) - 'is_current') THEN
        RAISE EXCEPTION 'Published guarantee terms cannot be changed (terms id %)', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION guarantees_parameter_immutable() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM guarantees_guaranteeterms
               WHERE id = OLD.terms_id AND status = 'published') THEN
        RAISE EXCEPTION 'Parameters of published guarantee terms cannot be changed (parameter id %)', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF NEW.terms_id <> OLD.terms_id AND EXISTS (
        SELECT 1 FROM guarantees_guaranteeterms WHERE id = NEW.terms_id AND status = 'published') THEN
        RAISE EXCEPTION 'Parameters cannot be moved into published guarantee terms'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS guarantees_terms_immutable ON guarantees_guaranteeterms;
CREATE TRIGGER guarantees_terms_immutable
    BEFORE UPDATE OR DELETE ON guarantees_guaranteeterms
    FOR EACH ROW EXECUTE FUNCTION guarantees_terms_immutable();

DROP TRIGGER IF EXISTS guarantees_parameter_immutable ON guarantees_guaranteeparameter;
CREATE TRIGGER guarantees_parameter_immutable
    BEFORE UPDATE OR DELETE ON guarantees_guaranteeparameter
    FOR EACH ROW EXECUTE FUNCTION guarantees_parameter_immutable();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS guarantees_parameter_immutable ON guarantees_guaranteeparameter;
DROP TRIGGER IF EXISTS guarantees_terms_immutable ON guarantees_guaranteeterms;
DROP FUNCTION IF EXISTS guarantees_parameter_immutable();
DROP FUNCTION IF EXISTS guarantees_terms_immutable();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("guarantees", "0002_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
