"""PostgreSQL full-text search for the directory.

A stored generated tsvector column (name weighted A, tagline B, the whole search
document C) with a GIN index, and an index that serves the default directory
order for deep pages. Neither is part of the Django model state: the column is
only read through SQL in partners.selectors, and SQLite uses a simpler fallback.
"""

from django.db import migrations

FORWARD = [
    """
    ALTER TABLE partners_servicepartner ADD COLUMN IF NOT EXISTS search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(tagline, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(search_document, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX IF NOT EXISTS partner_search_gin ON partners_servicepartner USING gin (search_vector)",
    """
    CREATE INDEX IF NOT EXISTS partner_directory_default ON partners_servicepartner
    (badge_active DESC, rating_avg DESC NULLS LAST, review_count DESC, id) WHERE is_listed
    """,
]
BACKWARD = [
    "DROP INDEX IF EXISTS partner_directory_default",
    "DROP INDEX IF EXISTS partner_search_gin",
    "ALTER TABLE partners_servicepartner DROP COLUMN IF EXISTS search_vector",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("partners", "0002_initial")]

    operations = [migrations.RunPython(forward, backward)]
