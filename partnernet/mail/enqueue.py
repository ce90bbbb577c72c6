"""Writing e-mails: rows in the caller's transaction, in-app twins, sent after commit."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from partnernet.mail.common import object_key
from partnernet.mail.dispatch import outbox_dispatch_many, outbox_dispatch_on_commit
from partnernet.models import OutboxMessage
from partnernet.notifications.twins import notifications_for_email, users_to_notify


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
    if not notify or not recipients:
        return {}, set()
    return users_to_notify(purpose=purpose, object_key=key, emails=recipients, preference=preference)


def _notifications_write(
    users: dict[str, Any], purpose: str, key: str, title: str, url: str | None, context: dict[str, Any]
) -> None:
    notifications_for_email(
        users=users, purpose=purpose, object_key=key, title=str(title), url=url, context=context
    )


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
