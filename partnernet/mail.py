"""The e-mail outbox: every e-mail is first a row, then sent by a task after commit.

    outbox_enqueue(purpose="claim_decided", obj=claim, to=[seller.email],
                   template="claims/claim_decided", context={...})

renders `templates/emails/<template>.txt` (required) and `.html` (optional)
with `subject` taken from the first line of the text template ("Subject: …"),
writes one OutboxMessage per recipient (a second enqueue of the same purpose,
object and recipient does nothing), and after the transaction commits hands
each new row to `outbox_send_task`. If the broker is down then, the row stays
pending and the periodic relay sends it later.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from partnernet.models import OutboxMessage

logger = logging.getLogger(__name__)

# A row claimed by a worker that died is taken back after this long.
OUTBOX_LEASE_SECONDS = getattr(settings, "OUTBOX_LEASE_SECONDS", 300)


def object_key(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def _render(template: str, context: dict) -> tuple[str, str, str]:
    ctx = {"SITE_URL": settings.SITE_URL, "SUPPORT_EMAIL": settings.SUPPORT_EMAIL, **context}
    text = render_to_string(f"emails/{template}.txt", ctx).strip()
    first, _, rest = text.partition("\n")
    if not first.lower().startswith("subject:"):
        raise ValueError(f"emails/{template}.txt must start with a 'Subject:' line")
    subject = " ".join(first.split(":", 1)[1].split())
    try:
        html = render_to_string(f"emails/{template}.html", {**ctx, "subject": subject})
    except TemplateDoesNotExist:
        html = ""
    return subject, rest.strip() + "\n", html


def outbox_enqueue(
    *, purpose: str, obj, to, template: str, context: dict | None = None, language: str | None = None
) -> list[OutboxMessage]:
    """Write the e-mail rows in the caller's transaction; send after commit. Idempotent."""
    recipients = [to] if isinstance(to, str) else list(to)
    recipients = sorted({r.strip().lower() for r in recipients if r and r.strip()})
    key = object_key(obj)
    created: list[OutboxMessage] = []
    with translation.override(language or settings.LANGUAGE_CODE):
        subject, body_text, body_html = _render(template, context or {})
    for recipient in recipients:
        if OutboxMessage.objects.filter(purpose=purpose, object_key=key, recipient=recipient).exists():
            continue
        try:
            with transaction.atomic():
                message = OutboxMessage.objects.create(
                    purpose=purpose,
                    object_key=key,
                    recipient=recipient,
                    subject=subject[:250],
                    body_text=body_text,
                    body_html=body_html,
                )
        except IntegrityError:
            continue  # the same notice was enqueued concurrently: one row is enough
        created.append(message)
    for message in created:
        transaction.on_commit(lambda pk=message.pk: outbox_dispatch(message_id=pk))
    return created


def outbox_dispatch(*, message_id: int) -> bool:
    """Hand a row to the broker. A broker that is down is not an error: the relay retries."""
    from partnernet.tasks import outbox_send_task

    try:
        outbox_send_task.apply_async(args=[message_id], retry=False)
    except Exception as exc:  # kombu raises several types for an unreachable broker
        logger.warning("outbox %s not handed to the broker (%s); the relay will send it", message_id, exc)
        return False
    OutboxMessage.objects.filter(pk=message_id, enqueued_at__isnull=True).update(enqueued_at=timezone.now())
    return True


def outbox_send(*, message_id: int) -> bool:
    """Send one row if nobody has sent or is sending it. Returns True when this call sent it.

    The row is claimed with a conditional UPDATE (a lease), so two deliveries of
    the same task, or the task and the relay, never both send.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=OUTBOX_LEASE_SECONDS)
    claimed = OutboxMessage.objects.filter(
        Q(status=OutboxMessage.Status.PENDING)
        | Q(status=OutboxMessage.Status.FAILED)
        | Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=stale),
        pk=message_id,
    ).update(status=OutboxMessage.Status.SENDING, claimed_at=now)
    if not claimed:
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
        OutboxMessage.objects.filter(pk=message_id).update(
            status=OutboxMessage.Status.FAILED, attempts=message.attempts + 1, last_error=str(exc)[:2000]
        )
        raise
    OutboxMessage.objects.filter(pk=message_id).update(
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), attempts=message.attempts + 1, last_error=""
    )
    return True


def outbox_relay(*, older_than_seconds: int = 60) -> int:
    """Re-dispatch rows that never reached a worker (broker down) or whose worker died."""
    now = timezone.now()
    ids = list(
        OutboxMessage.objects.filter(
            Q(status=OutboxMessage.Status.PENDING, created_at__lt=now - timedelta(seconds=older_than_seconds))
            | Q(
                status=OutboxMessage.Status.SENDING,
                claimed_at__lt=now - timedelta(seconds=OUTBOX_LEASE_SECONDS),
            )
            | Q(
                status=OutboxMessage.Status.FAILED,
                attempts__lt=10,
                claimed_at__lt=now - timedelta(seconds=older_than_seconds),
            )
        ).values_list("pk", flat=True)[:1000]
    )
    return sum(1 for pk in ids if outbox_dispatch(message_id=pk))
