"""Handing rows to the broker: after commit, in batches, per queue; never raising."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from partnernet.celery import app
from partnernet.mail.common import _batch_size, logger
from partnernet.models import OutboxMessage

# The send task, published by name: the task module calls into this package, not the
# other way round (Celery's registry holds it once the app has loaded its tasks).
SEND_BATCH_TASK = "partnernet.tasks.outbox_send_batch_task"


def outbox_queues(message_ids: list[int]) -> list[tuple[str | None, list[int]]]:
    """The rows grouped by the queue their send task goes to: with QUEUES_PER_PURPOSE, bulk
    e-mail (OUTBOX_BULK_PURPOSES) on `mail-bulk` and every other notice on `mail`, so that
    a burst of feedback requests never queues in front of a claim notice; else one group
    on the default queue (None)."""
    if not settings.QUEUES_PER_PURPOSE:
        return [(None, message_ids)]
    bulk = set(settings.OUTBOX_BULK_PURPOSES)
    purposes = dict(OutboxMessage.objects.filter(pk__in=message_ids).values_list("pk", "purpose"))
    groups: dict[str, list[int]] = {"mail": [], "mail-bulk": []}
    for pk in message_ids:
        groups["mail-bulk" if purposes.get(pk) in bulk else "mail"].append(pk)
    return [(queue, ids) for queue, ids in groups.items() if ids]


def _publish(message_ids: list[int], producer: Any = None, queue: str | None = None) -> bool:
    options = {"queue": queue} if queue else {}
    try:
        app.tasks[SEND_BATCH_TASK].apply_async(args=[message_ids], retry=False, producer=producer, **options)
    except Exception as exc:  # kombu and redis-py raise several types for an unreachable broker
        logger.warning("outbox %s not handed to the broker (%s); the relay will send them", message_ids, exc)
        return False
    return True


def outbox_dispatch_on_commit(ids: list[int]) -> None:
    """Hand new rows to the broker after the transaction commits, in batches.

    A transaction that writes many rows one enqueue at a time (10,000 orders completed
    in one go) hands them over together: each enqueue registers its own commit callback
    as before, and the first of them to run dispatches its own rows and those of every
    enqueue after it in the same outermost transaction (the later callbacks then find
    nothing left). A callback a rolled-back savepoint discarded leaves its rows to an
    earlier callback; those rows do not exist, and the send task's claim finds nothing.
    """
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        outbox_dispatch_many(message_ids=ids, mark=False)
        return
    # The list of pending callbacks identifies the transaction: Django starts a new one
    # at commit and at rollback (and after a savepoint rollback, which merely starts a
    # new group here).
    owner = conn.run_on_commit
    pending = getattr(conn, "_outbox_pending", None)
    if pending is None or pending["owner"] is not owner:
        pending = {"owner": owner, "groups": []}
        conn._outbox_pending = pending
    groups = pending["groups"]
    groups.append([list(ids), False])
    index = len(groups) - 1
    transaction.on_commit(lambda: _dispatch_from(groups, index))


def _dispatch_from(groups: list[list[Any]], index: int) -> None:
    if groups[index][1]:
        return  # an earlier callback of this transaction took these rows along
    ids: list[int] = []
    for group in groups[index:]:
        if not group[1]:
            group[1] = True
            ids.extend(group[0])
    outbox_dispatch_many(message_ids=list(dict.fromkeys(ids)), mark=False)


def _set_enqueued(ids: list[int], moment: datetime | None) -> None:
    for start in range(0, len(ids), 1000):
        OutboxMessage.objects.filter(
            pk__in=ids[start : start + 1000], status=OutboxMessage.Status.PENDING
        ).update(enqueued_at=moment)


def outbox_dispatch(*, message_id: int) -> bool:
    """Hand one row to the broker. A broker that is down is not an error: the relay retries.

    Never raises: this runs in the web request after commit, and the request must
    succeed whether or not the broker is reachable (the settings make the
    publish fail fast instead of retrying).
    """
    return outbox_dispatch_many(message_ids=[message_id]) == 1


def outbox_dispatch_many(*, message_ids: list[int], mark: bool = True) -> int:
    """Hand rows to the broker in order over one connection, OUTBOX_BATCH_SIZE rows per
    send task; stop at the first failure.

    Rows are written with `enqueued_at` already set (the hand-over is intended at
    commit), so the usual path costs no UPDATE after commit; `mark` re-stamps it
    for the relay's re-dispatches. Rows that could not be handed over get
    `enqueued_at` cleared, which is what the relay looks for.
    """
    size = _batch_size()
    handed: list[int] = []
    try:
        groups = outbox_queues(message_ids)
        message_ids = [pk for _queue, ids in groups for pk in ids]  # in the order handed over
        batches = [(queue, ids[i : i + size]) for queue, ids in groups for i in range(0, len(ids), size)]
        if app.conf.task_always_eager or len(batches) == 1:
            for queue, batch in batches:
                if not _publish(batch, queue=queue):
                    break
                handed.extend(batch)
        else:
            with app.producer_or_acquire() as producer:
                for queue, batch in batches:
                    if not _publish(batch, producer=producer, queue=queue):
                        break
                    handed.extend(batch)
    except Exception as exc:  # acquiring the connection itself failed
        logger.warning("outbox: broker unreachable (%s); the relay will send the rest", exc)
    failed = message_ids[len(handed) :]
    try:
        if failed:
            _set_enqueued(failed, None)
        if mark and handed:
            _set_enqueued(handed, timezone.now())
    except Exception:  # the rows stay as they are; the relay's requeue rule still finds them
        logger.exception("outbox: could not record the hand-over of %d rows", len(message_ids))
    return len(handed)
