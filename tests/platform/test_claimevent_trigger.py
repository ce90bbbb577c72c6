"""Issue 16 item 7: claim events are append-only in the database too, not only in the ORM."""

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from claims.models import ClaimEvent
from tests import factories as f

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="database triggers exist on PostgreSQL only"),
]


@pytest.fixture
def event(db):
    claim = f.ClaimFactory()
    return ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.STATUS, message="filed")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE claims_claimevent SET message = 'rewritten' WHERE id = %s",
        "DELETE FROM claims_claimevent WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_or_remove_a_claim_event(event, sql):
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    event.refresh_from_db()
    assert event.message == "filed"


def test_new_events_are_still_written(event):
    ClaimEvent.objects.create(claim=event.claim, kind=ClaimEvent.Kind.STATUS, message="second")
    assert ClaimEvent.objects.filter(claim=event.claim).count() == 2
