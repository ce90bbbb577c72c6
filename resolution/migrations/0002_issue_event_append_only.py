"""A PostgreSQL trigger that refuses UPDATE and DELETE on issue events.

The model and queryset guards stop the ORM; this stops everything else (raw SQL,
a shell, another service talking to the database). On SQLite it does nothing.
"""

from django.db import migrations

from partnernet.append_only import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("resolution", "0001_initial")]

    operations = [
        append_only_trigger(
            table="resolution_issueevent",
            function="resolution_issueevent_append_only",
            what="Issue events",
        )
    ]
