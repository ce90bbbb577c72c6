"""On PostgreSQL: the append-only trigger, and two answers to one remedy at once (real threads)."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from partnernet.errors import DomainError
from partnernet.models import OutboxMessage
from remedies.models import Remedy, RemedyEvent
from remedies.services import remedies_sweep, remedy_confirm, remedy_dispute, remedy_fulfil
from tests import factories as f
from tests.remedies.conftest import REFUND, decide

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs PostgreSQL (DATABASE_URL)"),
]


def _owed(seller, partner_member, reviewer):
    order = f.completed_order(seller=seller.seller_account, partner=partner_member.partner)
    return Remedy.objects.get(claim=decide(f.ClaimFactory(order=order), reviewer))


def _race(*actions):
    results, barrier = [], threading.Barrier(len(actions))

    def run(action):
        try:
            barrier.wait()
            action()
            results.append("ok")
        except DomainError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return sorted(results)


def test_trigger_refuses_raw_sql_update_and_delete(seller, partner_member, reviewer):
    remedy = _owed(seller, partner_member, reviewer)
    event = remedy.events.first()
    for sql in (
        "UPDATE remedies_remedyevent SET message = 'raw' WHERE id = %s",
        "DELETE FROM remedies_remedyevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(sql, [event.pk])
    assert RemedyEvent.objects.get(pk=event.pk).message == event.message


def test_confirm_and_dispute_at_once_one_wins(seller, partner_member, reviewer):
    remedy = remedy_fulfil(remedy=_owed(seller, partner_member, reviewer), user=partner_member, **REFUND)
    results = _race(
        lambda: remedy_confirm(remedy=remedy, user=seller),
        lambda: remedy_dispute(remedy=remedy, user=seller, reason="Not received."),
    )
    assert results == ["ok", "refused"]
    remedy.refresh_from_db()
    assert remedy.status in ("confirmed", "disputed")
    assert remedy.events.filter(kind__in=["confirmed", "disputed"]).count() == 1


def test_two_sweeps_at_once_mark_and_mail_each_remedy_once(seller, partner_member, reviewer):
    remedies = [_owed(seller, partner_member, reviewer) for _ in range(3)]
    with time_machine.travel(timezone.now() + timedelta(days=20)):
        assert _race(remedies_sweep, remedies_sweep) == ["ok", "ok"]
    assert set(Remedy.objects.values_list("status", flat=True)) == {"overdue"}
    assert sum(r.events.filter(kind="overdue").count() for r in remedies) == 3
    assert OutboxMessage.objects.filter(purpose="remedy_overdue", recipient=seller.email).count() == 3
