"""The periodic sweep: overdue (set-based, idempotent), the advance notice, auto-confirmation."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnernet.models import OutboxMessage
from remedies.models import Remedy
from remedies.services import remedies_sweep, remedy_fulfil
from tests import factories as f
from tests.remedies.conftest import REFUND, decide

pytestmark = pytest.mark.django_db


def _remedies(n, seller, partner_member, reviewer):
    out = []
    for _ in range(n):
        order = f.completed_order(seller=seller.seller_account, partner=partner_member.partner)
        out.append(Remedy.objects.get(claim=decide(f.ClaimFactory(order=order), reviewer)))
    return out


def test_overdue_sweep_is_set_based_and_idempotent(seller, partner_member, reviewer):
    remedies = _remedies(3, seller, partner_member, reviewer)
    later = timezone.now() + timedelta(days=30)
    with time_machine.travel(later), CaptureQueriesContext(connection) as queries:
        result = remedies_sweep()
    assert result["overdue"] == 3
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "remedies_remedy"')]
    assert len(updates) == 1  # one UPDATE for every remedy, not one per row
    assert set(Remedy.objects.values_list("status", flat=True)) == {"overdue"}
    seller_mail = OutboxMessage.objects.filter(purpose="remedy_overdue", recipient=seller.email)
    partner_mail = OutboxMessage.objects.filter(purpose="remedy_overdue", recipient=partner_member.email)
    assert seller_mail.count() == 3 and partner_mail.count() == 3
    events = sum(r.events.filter(kind="overdue").count() for r in remedies)
    assert events == 3

    with time_machine.travel(later + timedelta(hours=1)):
        assert remedies_sweep() == {"overdue": 0, "notices": 0, "auto_confirmed": 0}
    assert OutboxMessage.objects.filter(purpose="remedy_overdue", recipient=seller.email).count() == 3
    assert sum(r.events.filter(kind="overdue").count() for r in remedies) == 3


def test_overdue_sweep_twice_sends_one_email_per_side(world):
    with time_machine.travel(timezone.now() + timedelta(days=20)):
        remedies_sweep()
        remedies_sweep()
    assert (
        OutboxMessage.objects.filter(purpose="remedy_overdue", recipient=world["seller"].email).count() == 1
    )
    assert (
        OutboxMessage.objects.filter(purpose="remedy_overdue", recipient=world["partner"].email).count() == 1
    )


def test_due_on_its_last_day_is_not_overdue(world):
    remedy = world["remedy"]
    from partnernet.business_days import end_of_day_ist

    with time_machine.travel(end_of_day_ist(remedy.due_on) - timedelta(seconds=1)):
        assert remedies_sweep()["overdue"] == 0
    with time_machine.travel(end_of_day_ist(remedy.due_on) + timedelta(seconds=1)):
        assert remedies_sweep()["overdue"] == 1


def test_fulfilled_remedy_is_never_marked_overdue(world):
    remedy_fulfil(remedy=world["remedy"], user=world["partner"], **REFUND)
    with time_machine.travel(timezone.now() + timedelta(days=9)):
        assert remedies_sweep()["overdue"] == 0
    assert Remedy.objects.get(pk=world["remedy"].pk).overdue_at is None


def test_seller_is_told_in_advance_then_confirmed_automatically(world):
    remedy = remedy_fulfil(remedy=world["remedy"], user=world["partner"], **REFUND)
    start = remedy.fulfilled_at
    with time_machine.travel(start + timedelta(days=10)):
        assert remedies_sweep() == {"overdue": 0, "notices": 0, "auto_confirmed": 0}
    with time_machine.travel(start + timedelta(days=11, minutes=1)):
        assert remedies_sweep()["notices"] == 1
    notice = OutboxMessage.objects.filter(purpose__startswith="remedy_auto_confirm_notice")
    assert list(notice.values_list("recipient", flat=True)) == [world["seller"].email]
    with time_machine.travel(start + timedelta(days=13)):
        assert remedies_sweep()["auto_confirmed"] == 0
    with time_machine.travel(start + timedelta(days=14, minutes=2)):
        assert remedies_sweep()["auto_confirmed"] == 1
        assert remedies_sweep()["auto_confirmed"] == 0
    remedy.refresh_from_db()
    assert (remedy.status, remedy.confirmation) == ("confirmed", "automatic")
    told = set(
        OutboxMessage.objects.filter(purpose="remedy_auto_confirmed").values_list("recipient", flat=True)
    )
    assert {world["seller"].email, world["partner"].email} <= told


def test_a_late_notice_still_gives_the_seller_the_notice_period(world):
    remedy = remedy_fulfil(remedy=world["remedy"], user=world["partner"], **REFUND)
    with time_machine.travel(remedy.fulfilled_at + timedelta(days=20)):
        assert remedies_sweep() == {"overdue": 0, "notices": 1, "auto_confirmed": 0}
    with time_machine.travel(remedy.fulfilled_at + timedelta(days=23, minutes=1)):
        assert remedies_sweep()["auto_confirmed"] == 1


def test_disputed_remedy_is_not_confirmed_automatically(world):
    from remedies.services import remedy_dispute

    remedy = remedy_fulfil(remedy=world["remedy"], user=world["partner"], **REFUND)
    remedy_dispute(remedy=remedy, user=world["seller"], reason="The UTR does not match any credit.")
    with time_machine.travel(remedy.fulfilled_at + timedelta(days=30)):
        assert remedies_sweep()["auto_confirmed"] == 0
    assert Remedy.objects.get(pk=remedy.pk).status == "disputed"
