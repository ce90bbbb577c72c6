"""A PostgreSQL trigger that keeps claim events append-only.

The model refuses `save()` on an existing event and `delete()`; this refuses
everything else (raw SQL, a shell, another service talking to the database):
UPDATE and DELETE on claims_claimevent raise (the foreign keys to the claim and
the actor are PROTECT, so no ORM cascade ever needs either). On SQLite this
migration does nothing.
"""

from django.db import migrations

from partnernet.append_only import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_review_groups")]

    operations = [
        append_only_trigger(
            table="claims_claimevent",
            function="claims_event_append_only",
            what="Claim events",
        )
    ]
