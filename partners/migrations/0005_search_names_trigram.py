"""Hindi names for categories, cities and languages, and pg_trgm for typo-tolerant search.

The Hindi names of the known slugs are filled in (a name already set stays). On PostgreSQL
the pg_trgm extension and GIN trigram indexes on partner and category names serve the
similarity fallback in partners.search (SQLite corrects words in Python instead).
"""

from django.db import migrations, models

TRIGRAM_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS partner_name_trgm ON partners_servicepartner USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS category_name_trgm ON partners_servicecategory USING gin (name gin_trgm_ops)",
]
TRIGRAM_BACKWARD = [
    "DROP INDEX IF EXISTS category_name_trgm",
    "DROP INDEX IF EXISTS partner_name_trgm",
]


def trigram_forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in TRIGRAM_FORWARD:
            schema_editor.execute(sql)


def trigram_backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in TRIGRAM_BACKWARD:
            schema_editor.execute(sql)


def hindi_names(apps, schema_editor):
    from partners.search_data import CATEGORY_HI, CITY_HI, LANGUAGE_HI

    for model, key, names in (
        ("ServiceCategory", "slug", CATEGORY_HI),
        ("City", "slug", CITY_HI),
        ("Language", "code", LANGUAGE_HI),
    ):
        manager = apps.get_model("partners", model).objects
        for value, name in names.items():
            manager.filter(**{key: value}, name_hi="").update(name_hi=name)


class Migration(migrations.Migration):
    dependencies = [("partners", "0004_order_events")]

    operations = [
        migrations.AddField(
            model_name="city",
            name="name_hi",
            field=models.CharField(blank=True, max_length=100, verbose_name="name in Hindi"),
        ),
        migrations.AddField(
            model_name="language",
            name="name_hi",
            field=models.CharField(blank=True, max_length=100, verbose_name="name in Hindi"),
        ),
        migrations.AddField(
            model_name="servicecategory",
            name="name_hi",
            field=models.CharField(blank=True, max_length=100, verbose_name="name in Hindi"),
        ),
        migrations.RunPython(hindi_names, migrations.RunPython.noop),
        migrations.RunPython(trigram_forward, trigram_backward),
    ]
