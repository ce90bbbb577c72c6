"""The e-mail outbox: every e-mail is first a row, then sent by a task after commit.

    outbox_enqueue(purpose="claim_decided", obj=claim, to=[seller.email],
                   template="claims/claim_decided", context={...})

renders `templates/emails/<template>.txt` (required) and `.html` (optional)
with `subject` taken from the first line of the text template ("Subject: …"),
writes one OutboxMessage per recipient (a second enqueue of the same purpose,
object and recipient does nothing), and after the transaction commits hands
the new rows to `outbox_send_task`.

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
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
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
) -> list[OutboxMessage]:
    """Write the e-mail rows in the caller's transaction; send after commit. Idempotent."""
    recipients = [to] if isinstance(to, str) else list(to)
    recipients = sorted({r.strip().lower() for r in recipients if r and r.strip()})
    key = object_key(obj)
    existing = set(
        OutboxMessage.objects.filter(purpose=purpose, object_key=key, recipient__in=recipients).values_list(
            "recipient", flat=True
        )
    )
    todo = [r for r in recipients if r not in existing]
    if not todo:
        return []
    with translation.override(language or settings.LANGUAGE_CODE):
        subject, body_text, body_html = _render(template, context or {})
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
        ids = [m.pk for m in created]
        transaction.on_commit(lambda: outbox_dispatch_many(message_ids=ids, mark=False))
    return created


def _publish(message_id: int, producer: Any = None) -> bool:
    from partnernet.tasks import outbox_send_task

    try:
        outbox_send_task.apply_async(args=[message_id], retry=False, producer=producer)
    except Exception as exc:  # kombu and redis-py raise several types for an unreachable broker
        logger.warning("outbox %s not handed to the broker (%s); the relay will send it", message_id, exc)
        return False
    return True


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
    """Hand rows to the broker in order over one connection; stop at the first failure.

    Rows are written with `enqueued_at` already set (the hand-over is intended at
    commit), so the usual path costs no UPDATE after commit; `mark` re-stamps it
    for the relay's re-dispatches. Rows that could not be handed over get
    `enqueued_at` cleared, which is what the relay looks for.
    """
    from partnernet.celery import app

    handed: list[int] = []
    try:
        if app.conf.task_always_eager or len(message_ids) == 1:
            for pk in message_ids:
                if not _publish(pk):
                    break
                handed.append(pk)
        else:
            with app.producer_or_acquire() as producer:
                for pk in message_ids:
                    if not _publish(pk, producer=producer):
                        break
                    handed.append(pk)
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
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"X-PartnerNet-Purpose": message.purpose, "X-PartnerNet-Message": str(message.pk)},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
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
