"""Batched sending: one claim and one mail connection per batch, every outbox guarantee kept."""

from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone

from partnernet.mail import outbox_enqueue, outbox_relay, outbox_send_batch
from partnernet.models import OutboxMessage
from tests import factories as f

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Stands in for SIGKILL in-process: nothing after it runs, not even `except Exception`."""


class CountingBackend(EmailBackend):
    """locmem, counting connections; FAIL_AT / DIE_AT: the n-th message (1-based) fails / kills."""

    opened = 0
    sent = 0
    FAIL_AT = None
    DIE_AT = None

    def open(self):
        type(self).opened += 1
        return super().open()

    def send_messages(self, messages):
        for _ in messages:
            type(self).sent += 1
            if type(self).sent == type(self).FAIL_AT:
                raise SMTPException("relay said no")
            if type(self).sent == type(self).DIE_AT:
                raise WorkerKilled
        return super().send_messages(messages)


@pytest.fixture
def backend(settings):
    settings.EMAIL_BACKEND = "tests.outbox.test_batch.CountingBackend"
    CountingBackend.opened = CountingBackend.sent = 0
    CountingBackend.FAIL_AT = CountingBackend.DIE_AT = None
    yield CountingBackend
    CountingBackend.FAIL_AT = CountingBackend.DIE_AT = None


@pytest.fixture
def order(db):
    o = f.OrderFactory()
    o.cancelled_by = o.requested_by
    return o


def _enqueue(order, recipients):
    return outbox_enqueue(
        purpose="batch", obj=order, to=recipients, template="orders/order_cancelled", context={"order": order}
    )


def _rows(order, n):
    with transaction.atomic():
        rows = _enqueue(order, [f"r{i:02d}@example.com" for i in range(n)])
    return [r.pk for r in rows]


def test_many_enqueues_in_one_transaction_are_sent_in_batches_of_ten(
    order, backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for i in range(25):  # one enqueue per row, as 25 completed orders would do
            _enqueue(order, [f"r{i:02d}@example.com"])
    assert len(callbacks) == 25
    assert len(mail.outbox) == 25
    rows = OutboxMessage.objects.all()
    assert {r.status for r in rows} == {"sent"} and {r.attempts for r in rows} == {1}
    # one claim per batch: the rows of a batch share their lease's moment
    assert len(set(rows.values_list("claimed_at", flat=True))) == 3
    assert backend.opened == 3  # one mail connection per batch, not per e-mail


def test_a_batch_claims_only_rows_nobody_has_sent_or_is_sending(order, backend, settings):
    settings.OUTBOX_LEASE_SECONDS = 300
    ids = _rows(order, 6)
    now = timezone.now()
    sent, busy, dead, failed, gave_up, fresh = ids
    OutboxMessage.objects.filter(pk=sent).update(status="sent", attempts=1)
    OutboxMessage.objects.filter(pk=busy).update(status="sending", claimed_at=now, attempts=1)
    OutboxMessage.objects.filter(pk=dead).update(
        status="sending", claimed_at=now - timedelta(seconds=301), attempts=1
    )
    OutboxMessage.objects.filter(pk=failed).update(status="failed", attempts=3)
    OutboxMessage.objects.filter(pk=gave_up).update(status="failed", attempts=10)
    mail.outbox.clear()

    assert outbox_send_batch(message_ids=ids + [10**9]) == 3  # an id with no row is no error
    sent_now = sorted(int(m.extra_headers["X-PartnerNet-Message"]) for m in mail.outbox)
    assert sent_now == sorted([dead, failed, fresh])
    attempts = dict(OutboxMessage.objects.values_list("pk", "attempts"))
    assert attempts == {sent: 1, busy: 1, dead: 2, failed: 4, gave_up: 10, fresh: 1}
    assert OutboxMessage.objects.get(pk=busy).status == "sending"
    assert OutboxMessage.objects.get(pk=gave_up).status == "failed"
    assert outbox_send_batch(message_ids=ids) == 0  # a second delivery sends nothing


def test_a_failure_mid_batch_fails_that_row_returns_the_rest_and_the_retry_sends_each_once(order, backend):
    ids = _rows(order, 5)
    mail.outbox.clear()
    backend.sent = 0
    backend.FAIL_AT = 3
    with pytest.raises(SMTPException):
        outbox_send_batch(message_ids=ids)
    status = dict(OutboxMessage.objects.values_list("pk", "status"))
    assert [status[pk] for pk in ids] == ["sent", "sent", "failed", "pending", "pending"]
    attempts = dict(OutboxMessage.objects.values_list("pk", "attempts"))
    assert [attempts[pk] for pk in ids] == [1, 1, 1, 0, 0]  # the untried rows were not charged
    assert "relay said no" in OutboxMessage.objects.get(pk=ids[2]).last_error

    backend.FAIL_AT = None
    assert outbox_send_batch(message_ids=ids) == 3  # the task's retry: the same batch
    headers = [int(m.extra_headers["X-PartnerNet-Message"]) for m in mail.outbox]
    assert sorted(headers) == sorted(ids) and len(headers) == len(set(headers))


def test_a_worker_killed_mid_batch_leaves_only_unsent_rows_and_nothing_is_sent_twice(
    order, backend, settings
):
    settings.OUTBOX_LEASE_SECONDS = 300
    settings.OUTBOX_RELAY_AFTER_SECONDS = 0
    ids = _rows(order, 6)
    mail.outbox.clear()
    OutboxMessage.objects.update(status="pending", attempts=0, claimed_at=None, sent_at=None)
    backend.sent = 0
    backend.DIE_AT = 4
    with pytest.raises(WorkerKilled):
        outbox_send_batch(message_ids=ids)
    status = dict(OutboxMessage.objects.values_list("pk", "status"))
    assert [status[pk] for pk in ids] == ["sent"] * 3 + ["sending"] * 3
    assert outbox_send_batch(message_ids=ids) == 0  # the redelivered task: the lease holds
    assert outbox_relay() == 0  # nor does the relay take a live lease

    backend.DIE_AT = None
    OutboxMessage.objects.filter(status="sending").update(claimed_at=timezone.now() - timedelta(seconds=301))
    assert outbox_relay() == 3  # eager: the relay's batch sends the three left
    headers = [int(m.extra_headers["X-PartnerNet-Message"]) for m in mail.outbox]
    assert sorted(headers) == sorted(ids) and len(headers) == len(set(headers))
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_rows_of_a_rolled_back_savepoint_are_not_sent_and_the_rest_are(
    order, backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        _enqueue(order, ["kept@example.com"])
        try:
            with transaction.atomic():
                _enqueue(order, ["gone@example.com"])
                raise RuntimeError("the service refused")
        except RuntimeError:
            pass
        _enqueue(order, ["later@example.com"])
    assert sorted(m.to[0] for m in mail.outbox) == ["kept@example.com", "later@example.com"]
    assert sorted(OutboxMessage.objects.values_list("recipient", flat=True)) == [
        "kept@example.com",
        "later@example.com",
    ]


def test_a_rolled_back_transaction_sends_nothing_and_the_next_sends_only_its_own(
    order, backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # never committed
        _enqueue(order, ["never@example.com"])
    with django_capture_on_commit_callbacks(execute=True):
        _enqueue(order, ["next@example.com"])
    assert [m.to[0] for m in mail.outbox] == ["next@example.com"]
    assert OutboxMessage.objects.get(recipient="never@example.com").status == "pending"
