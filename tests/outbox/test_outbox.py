"""The outbox service in-process: idempotent enqueue, the lease, failures, the relay."""

import time
from contextlib import contextmanager
from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.utils import timezone

from partnernet.mail import (
    outbox_dispatch,
    outbox_enqueue,
    outbox_relay,
    outbox_relay_candidates,
    outbox_send,
)
from partnernet.models import OutboxMessage
from tests import factories as f

pytestmark = pytest.mark.django_db


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise SMTPException("relay said no")


def _enqueue(obj, to=("a@example.com",)):
    return outbox_enqueue(
        purpose="order_feedback",
        obj=obj,
        to=list(to),
        template="orders/order_cancelled",
        context={"order": obj},
    )


@pytest.fixture
def order(db):
    o = f.OrderFactory()
    o.cancelled_by = o.requested_by
    return o


def test_enqueue_twice_writes_one_row_per_recipient(order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _enqueue(order, to=["A@example.com", "b@example.com", "a@example.com "])
        second = _enqueue(order, to=["a@example.com"])
    assert len(first) == 2 and second == []
    assert OutboxMessage.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]


def test_subject_comes_from_the_first_line(order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        (row,) = _enqueue(order)
    assert row.subject == f"Order {order.reference} was cancelled"
    assert not row.body_text.startswith("Subject")


def test_sending_twice_sends_once(order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        (row,) = _enqueue(order)
    assert outbox_send(message_id=row.pk) is True
    assert outbox_send(message_id=row.pk) is False
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 1 and row.sent_at


def test_a_live_lease_is_respected_and_an_expired_one_taken_over(
    order, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_LEASE_SECONDS = 300
    with django_capture_on_commit_callbacks(execute=False):
        (row,) = _enqueue(order)
    OutboxMessage.objects.filter(pk=row.pk).update(status="sending", claimed_at=timezone.now())
    assert outbox_send(message_id=row.pk) is False
    assert mail.outbox == []
    OutboxMessage.objects.filter(pk=row.pk).update(claimed_at=timezone.now() - timedelta(seconds=301))
    assert outbox_send(message_id=row.pk) is True
    assert len(mail.outbox) == 1


def test_failure_marks_the_row_and_raises_for_the_retry(order, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        (row,) = _enqueue(order)
    settings.EMAIL_BACKEND = "tests.outbox.test_outbox.FailingBackend"
    with pytest.raises(SMTPException):
        outbox_send(message_id=row.pk)
    row.refresh_from_db()
    assert row.status == "failed" and row.attempts == 1 and "relay said no" in row.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_send(message_id=row.pk) is True
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 2 and row.last_error == ""


def test_relay_picks_rows_that_never_reached_the_broker_or_whose_worker_died(order, settings):
    settings.OUTBOX_LEASE_SECONDS = 300
    settings.OUTBOX_REQUEUE_SECONDS = 1800
    now = timezone.now()
    old = now - timedelta(minutes=5)

    def row(recipient, **kw):
        return OutboxMessage.objects.create(
            purpose="p", object_key="x:1", recipient=recipient, subject="s", body_text="b", **kw
        )

    never = row("never@example.com", created_at=old)
    fresh = row("fresh@example.com", created_at=now)
    queued = row("queued@example.com", created_at=old, enqueued_at=old)
    lost = row("lost@example.com", created_at=old, enqueued_at=now - timedelta(hours=1))
    dead = row("dead@example.com", created_at=old, status="sending", claimed_at=now - timedelta(minutes=6))
    busy = row("busy@example.com", created_at=old, status="sending", claimed_at=now)
    gave_up = row(
        "gaveup@example.com", created_at=old, status="failed", attempts=10, claimed_at=old - old.resolution
    )
    sent = row("sent@example.com", created_at=old, status="sent")
    picked = set(outbox_relay_candidates().values_list("pk", flat=True))
    assert picked == {never.pk, lost.pk, dead.pk}
    assert not picked & {fresh.pk, queued.pk, busy.pk, gave_up.pk, sent.pk}


def test_relay_sends_a_never_dispatched_row_once(order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        (row,) = _enqueue(order)
    assert row.enqueued_at is not None  # written as "handed over at commit"
    # as the failed publish leaves it (broker down at commit), five minutes ago
    OutboxMessage.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - timedelta(minutes=5), enqueued_at=None
    )
    assert outbox_relay() == 1  # eager: dispatch runs the task
    assert outbox_relay() == 0
    assert len(mail.outbox) == 1


@contextmanager
def broker_at(url):
    """Point this process's Celery app at another broker (and stop running tasks eagerly)."""
    from partnernet.celery import app

    # Overrides live in app.conf.changes; restoring means removing them again, so that
    # the Django settings (and the eager fixture of later tests) show through.
    keys = ("task_always_eager", "broker_url")
    saved = {k: app.conf.changes[k] for k in keys if k in app.conf.changes}
    app.conf.task_always_eager = False
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield app
    finally:
        for k in keys:
            app.conf.changes.pop(k, None)
        app.conf.changes.update(saved)
        app._pool = None
        app.amqp._producer_pool = None


def test_dispatch_to_an_unreachable_broker_returns_false_quickly(order, django_capture_on_commit_callbacks):
    """The web path never raises for a dead broker; the row waits for the relay."""
    with django_capture_on_commit_callbacks(execute=False):
        (row,) = _enqueue(order)
    with broker_at("redis://127.0.0.1:1/0"):
        started = time.monotonic()
        assert outbox_dispatch(message_id=row.pk) is False
        elapsed = time.monotonic() - started
    assert elapsed < 5
    row.refresh_from_db()
    assert row.status == "pending" and row.enqueued_at is None
    assert mail.outbox == []
