"""The e-mail outbox: every e-mail is first a row, then sent by a task after commit.

    outbox_enqueue(purpose="claim_decided", obj=claim, to=[seller.email],
                   template="claims/claim_decided", context={...})

renders `templates/emails/<template>.txt` (required) and `.html` (optional)
with `subject` taken from the first line of the text template ("Subject: …"),
writes one OutboxMessage per recipient (a second enqueue of the same purpose,
object and recipient does nothing), and after the transaction commits hands
the new rows to `outbox_send_batch_task`.

Delivery is at-least-once from the broker and at-most-once from the row:

- the row is written in the caller's transaction, so an e-mail exists exactly
  when the change it reports does;
- a worker takes a row with a conditional UPDATE (a lease, `claimed_at`), so two
  deliveries of the same task, or the task and the relay, never both send;
- a lease held by a worker that died expires after OUTBOX_LEASE_SECONDS and the
  relay hands the row out again;
- rows are written with `enqueued_at` set (handed over at commit, no extra
  UPDATE on the usual path); a publish that fails (broker down) clears it and
  the periodic relay dispatches the row a minute later; a row whose hand-over
  never happened (the process died after commit) or that a broker lost is
  re-dispatched after OUTBOX_REQUEUE_SECONDS.
"""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, Q, QuerySet
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from partnernet.models import OutboxMessage

logger = logging.getLogger(__name__)

# Give up after this many failed sends (the row stays `failed` for support to see).
OUTBOX_MAX_ATTEMPTS = 10
RELAY_BATCH = 1000


def _lease_seconds() -> int:
    # Read at call time so tests and the worker's environment can shorten it.
    return int(settings.OUTBOX_LEASE_SECONDS)


def _requeue_seconds() -> int:
    return int(settings.OUTBOX_REQUEUE_SECONDS)


def object_key(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def _render(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    ctx = {"SITE_URL": settings.SITE_URL, "SUPPORT_EMAIL": settings.SUPPORT_EMAIL, **context}
    text = render_to_string(f"emails/{template}.txt", ctx).strip()
    first, _, rest = text.partition("\n")
    if not first.lower().startswith("subject:"):
        raise ValueError(f"emails/{template}.txt must start with a 'Subject:' line")
    subject = " ".join(first.split(":", 1)[1].split())
    try:
        html: str = render_to_string(f"emails/{template}.html", {**ctx, "subject": subject})
    except TemplateDoesNotExist:
        html = ""
    return subject, rest.strip() + "\n", html


def outbox_enqueue(
    *,
    purpose: str,
    obj: models.Model,
    to: str | Iterable[str],
    template: str,
    context: dict[str, Any] | None = None,
    language: str | None = None,
    notify: bool = True,
    title: str | None = None,
    url: str | None = None,
    preference: str | None = None,
) -> list[OutboxMessage]:
    """Write the e-mail rows in the caller's transaction; send after commit. Idempotent.

    Every recipient who is a portal user (active, not staff) also gets an in-app
    notification in the same transaction (`notify=False` for none): its title is
    `title` or the subject, its link `url` or `context["url"]`. `preference` names
    a non-essential kind ("new_message", "review_reply", "promotion_ending") whose
    e-mail a user may have turned off: they get the notification only.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    recipients = sorted({r.strip().lower() for r in recipients if r and r.strip()})
    key = object_key(obj)
    existing = set(
        OutboxMessage.objects.filter(purpose=purpose, object_key=key, recipient__in=recipients).values_list(
            "recipient", flat=True
        )
    )
    users, suppressed = _notified_users(purpose, key, recipients, notify=notify, preference=preference)
    todo = [r for r in recipients if r not in existing and r not in suppressed]
    if not todo and not users:
        return []
    with translation.override(language or settings.LANGUAGE_CODE):
        subject, body_text, body_html = _render(template, context or {})
        if users:
            _notifications_write(users, purpose, key, title or subject, url, context or {})
    created: list[OutboxMessage] = []
    for recipient in todo:
        try:
            # A savepoint: a concurrent enqueue of the same notice loses the race on
            # the unique constraint without spoiling the caller's transaction.
            with transaction.atomic():
                message = OutboxMessage.objects.create(
                    purpose=purpose,
                    object_key=key,
                    recipient=recipient,
                    subject=subject[:250],
                    body_text=body_text,
                    body_html=body_html,
                    enqueued_at=timezone.now(),
                )
        except IntegrityError:
            continue
        created.append(message)
    if created:
        outbox_dispatch_on_commit([m.pk for m in created])
    return created


def _notified_users(
    purpose: str, key: str, recipients: list[str], *, notify: bool, preference: str | None
) -> tuple[dict[str, Any], set[str]]:
    """(portal users among the recipients not yet notified of this, addresses whose
    e-mail of this kind is turned off)."""
    from partnernet.notifications.twins import users_to_notify

    if not notify or not recipients:
        return {}, set()
    return users_to_notify(purpose=purpose, object_key=key, emails=recipients, preference=preference)


def _notifications_write(
    users: dict[str, Any], purpose: str, key: str, title: str, url: str | None, context: dict[str, Any]
) -> None:
    from partnernet.notifications.twins import notifications_for_email

    notifications_for_email(
        users=users, purpose=purpose, object_key=key, title=str(title), url=url, context=context
    )


def _batch_size() -> int:
    # Ten rows per task: big enough to share a task, a claim and a mail connection, small
    # enough that a slow or stuck send holds few rows behind it (and that two workers
    # share a burst of a few dozen).
    return max(1, int(settings.OUTBOX_BATCH_SIZE))


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
    from partnernet.tasks import outbox_send_batch_task

    options = {"queue": queue} if queue else {}
    try:
        outbox_send_batch_task.apply_async(args=[message_ids], retry=False, producer=producer, **options)
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
    from partnernet.celery import app

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


def _email(
    pk: int,
    purpose: str,
    recipient: str,
    subject: str,
    body_text: str,
    body_html: str,
    connection: Any = None,
) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=subject,
        body=body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
        headers={"X-PartnerNet-Purpose": purpose, "X-PartnerNet-Message": str(pk)},
        connection=connection,
    )
    if body_html:
        email.attach_alternative(body_html, "text/html")
    return email


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


def outbox_relay_candidates(*, older_than_seconds: int = 60) -> QuerySet[OutboxMessage]:
    """Rows a worker should have sent by now and may never get to without help."""
    now = timezone.now()
    lease = timedelta(seconds=_lease_seconds())
    return OutboxMessage.objects.filter(
        # never reached the broker (it was down at commit)
        Q(
            status=OutboxMessage.Status.PENDING,
            enqueued_at__isnull=True,
            created_at__lt=now - timedelta(seconds=older_than_seconds),
        )
        # reached a broker that lost it (e.g. flushed) — long enough not to double a backlog
        | Q(
            status=OutboxMessage.Status.PENDING,
            enqueued_at__lt=now - timedelta(seconds=_requeue_seconds()),
        )
        # taken by a worker that died mid-send
        | Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=now - lease)
        # failed and out of the task's own retries
        | Q(status=OutboxMessage.Status.FAILED, attempts__lt=OUTBOX_MAX_ATTEMPTS, claimed_at__lt=now - lease)
    )


def outbox_relay(*, older_than_seconds: int | None = None) -> int:
    """Re-dispatch rows that never reached a worker (broker down) or whose worker died."""
    if older_than_seconds is None:
        # Young rows are most likely still on their way through on_commit.
        older_than_seconds = int(settings.OUTBOX_RELAY_AFTER_SECONDS)
    ids = list(
        outbox_relay_candidates(older_than_seconds=older_than_seconds)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:RELAY_BATCH]
    )
    return outbox_dispatch_many(message_ids=ids)


# --- security (issue 16, item 6): e-mails rendered elsewhere (allauth) through the outbox ---


def outbox_enqueue_rendered(
    *, purpose: str, object_key: str, recipient: str, subject: str, body_text: str, body_html: str = ""
) -> OutboxMessage | None:
    """An e-mail already rendered (allauth's) as an outbox row, sent after commit like the rest."""
    recipient = (recipient or "").strip().lower()
    if not recipient:
        return None
    with transaction.atomic():
        message, created = OutboxMessage.objects.get_or_create(
            purpose=purpose[:64],
            object_key=object_key[:100],
            recipient=recipient,
            defaults={
                "subject": subject[:250],
                "body_text": body_text,
                "body_html": body_html,
                "enqueued_at": timezone.now(),
            },
        )
    if created:
        transaction.on_commit(lambda: outbox_dispatch_many(message_ids=[message.pk], mark=False))
    return message
