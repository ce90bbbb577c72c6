"""Sending rows: a lease per row (one conditional UPDATE), at most once per row."""

from datetime import datetime, timedelta
from typing import Any

from django.core.mail import get_connection
from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from partnernet.mail.common import OUTBOX_MAX_ATTEMPTS, _email, _lease_seconds
from partnernet.models import OutboxMessage


def outbox_send(*, message_id: int) -> bool:
    """Send one row if nobody has sent or is sending it. Returns True when this call sent it.

    The row is taken with a conditional UPDATE (a lease), so two deliveries of
    the same task, or the task and the relay, never both send. On failure the row
    becomes `failed` and the exception propagates so the task retries with
    back-off.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=_lease_seconds())
    taken = OutboxMessage.objects.filter(
        Q(status=OutboxMessage.Status.PENDING)
        | Q(status=OutboxMessage.Status.FAILED, attempts__lt=OUTBOX_MAX_ATTEMPTS)
        | Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=stale),
        pk=message_id,
    ).update(status=OutboxMessage.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not taken:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    email = _email(message.pk, message.purpose, message.recipient, message.subject, message.body_text,
                   message.body_html)  # fmt: skip
    try:
        email.send(fail_silently=False)
    except Exception as exc:
        OutboxMessage.objects.filter(pk=message_id, claimed_at=now).update(
            status=OutboxMessage.Status.FAILED, last_error=str(exc)[:2000]
        )
        raise
    OutboxMessage.objects.filter(pk=message_id).update(
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def _claim(message_ids: list[int], now: datetime) -> list[tuple[Any, ...]]:
    """Take every row of `message_ids` that nobody has sent or is sending, in ONE
    conditional UPDATE … RETURNING (the lease, as in outbox_send); returns their content."""
    table = connection.ops.quote_name(OutboxMessage._meta.db_table)
    marks = ", ".join(["%s"] * len(message_ids))
    sql = (
        f"UPDATE {table} SET status = %s, claimed_at = %s, attempts = attempts + 1 "  # noqa: S608
        f"WHERE id IN ({marks}) AND (status = %s OR (status = %s AND attempts < %s) "
        "OR (status = %s AND claimed_at < %s)) "
        "RETURNING id, purpose, recipient, subject, body_text, body_html"
    )
    S = OutboxMessage.Status
    moment = connection.ops.adapt_datetimefield_value
    stale = now - timedelta(seconds=_lease_seconds())
    args = [S.SENDING.value, moment(now), *message_ids, S.PENDING.value, S.FAILED.value, OUTBOX_MAX_ATTEMPTS,
            S.SENDING.value, moment(stale)]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        rows = cursor.fetchall()
    return sorted(rows)  # in id order, as they were enqueued


def outbox_send_batch(*, message_ids: list[int]) -> int:
    """Send the rows of a batch that nobody has sent or is sending; returns how many this
    call sent.

    One claim for the whole batch (a conditional UPDATE … RETURNING: the lease), one
    connection to the mail backend for all of it. Each row is marked sent by its own
    small UPDATE right after its message is accepted: a worker killed mid-batch leaves
    exactly the rows it had not sent in `sending`, which the relay hands out again when
    the lease expires, and never a sent row (a single UPDATE at the end would make the
    relay send the whole killed batch a second time). On a failure the failed row
    becomes `failed`, the rest of the batch goes back to `pending` as if never claimed,
    and the exception propagates so that the task retries the batch with back-off.
    """
    if not message_ids:
        return 0
    now = timezone.now()
    rows = _claim(list(message_ids), now)
    if not rows:
        return 0
    sent = 0
    backend = get_connection()
    backend.open()
    try:
        for index, (pk, purpose, recipient, subject, body_text, body_html) in enumerate(rows):
            email = _email(pk, purpose, recipient, subject, body_text, body_html, connection=backend)
            try:
                backend.send_messages([email])
            except Exception as exc:
                OutboxMessage.objects.filter(pk=pk, claimed_at=now).update(
                    status=OutboxMessage.Status.FAILED, last_error=str(exc)[:2000]
                )
                OutboxMessage.objects.filter(
                    pk__in=[r[0] for r in rows[index + 1 :]],
                    status=OutboxMessage.Status.SENDING,
                    claimed_at=now,
                ).update(status=OutboxMessage.Status.PENDING, claimed_at=None, attempts=F("attempts") - 1)
                raise
            OutboxMessage.objects.filter(pk=pk, claimed_at=now).update(
                status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error=""
            )
            sent += 1
    finally:
        backend.close()
    return sent
