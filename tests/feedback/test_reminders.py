"""The 7-days-left reminder: once, only to a seller who has neither reviewed nor claimed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from claims.models import Claim, FeedbackRequest
from claims.tasks.feedback import claim_reminders_send_task, claim_windows_close_task
from partnernet.models import OutboxMessage
from partners.services.orders import order_complete
from partners.services.reviews import review_create
from tests import factories as f
from tests.orders.factories import accepted_order

pytestmark = pytest.mark.django_db
IST = ZoneInfo("Asia/Kolkata")
COMPLETED = datetime(2026, 11, 1, 15, 0, tzinfo=IST)
DEADLINE = datetime(2026, 12, 1, 23, 59, 59, 999999, tzinfo=IST)


def _complete(seller, partner, member):
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    with time_machine.travel(COMPLETED, tick=False):
        return order_complete(order=order, user=member)


def reminders():
    return OutboxMessage.objects.filter(purpose="claim_window_reminder")


def test_reminder_is_sent_once_inside_the_last_seven_days(
    seller, guaranteed, django_capture_on_commit_callbacks
):
    partner, member = guaranteed
    order = _complete(seller, partner, member)
    with time_machine.travel(DEADLINE - timedelta(days=8), tick=False):
        assert claim_reminders_send_task.apply().get() == 0
    mail.outbox.clear()
    with (
        time_machine.travel(DEADLINE - timedelta(days=7), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert claim_reminders_send_task.apply().get() == 1
        assert claim_reminders_send_task.apply().get() == 0
    assert reminders().count() == 1
    assert len(mail.outbox) == 1 and "7 days left" in mail.outbox[0].subject
    assert "11:59 PM IST on Tuesday, 1 December 2026" in mail.outbox[0].body
    assert FeedbackRequest.objects.get(order=order).reminder_sent_at is not None


def test_no_reminder_after_a_review_or_a_claim_or_for_uncovered(seller, guaranteed, unguaranteed):
    partner, member = guaranteed
    reviewed = _complete(seller, partner, member)
    review_create(order=reviewed, user=seller, rating=5, text="All good, thank you.")
    claimed = _complete(seller, partner, member)
    f.ClaimFactory(order=claimed)
    _complete(seller, *unguaranteed)
    with time_machine.travel(DEADLINE - timedelta(days=3), tick=False):
        assert claim_reminders_send_task.apply().get() == 0
    assert not reminders().exists()


def test_a_withdrawn_claim_does_not_stop_the_reminder(seller, guaranteed):
    partner, member = guaranteed
    order = _complete(seller, partner, member)
    f.ClaimFactory(order=order, status=Claim.Status.WITHDRAWN)
    with time_machine.travel(DEADLINE - timedelta(days=3), tick=False):
        assert claim_reminders_send_task.apply().get() == 1


def test_no_reminder_once_the_window_closed(seller, guaranteed):
    partner, member = guaranteed
    _complete(seller, partner, member)
    with time_machine.travel(DEADLINE + timedelta(seconds=1), tick=False):
        assert claim_windows_close_task.apply().get() == 1
        assert claim_reminders_send_task.apply().get() == 0
