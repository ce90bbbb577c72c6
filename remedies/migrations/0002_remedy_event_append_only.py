"""A PostgreSQL trigger that refuses UPDATE and DELETE on remedy events.

The model and queryset guards stop the ORM; this stops everything else (raw
SQL, a shell). On SQLite this migration does nothing.
"""

from django.db import migrations

from partnernet.append_only import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("remedies", "0001_initial")]

    operations = [
        append_only_trigger(
            table="remedies_remedyevent",
            function="remedies_event_append_only",
            what="Remedy events",
        )
    ]
