"""Writes and reads of notifications; `notifications_for_email` is called by the outbox.

Which e-mails get a twin: every e-mail to an address that belongs to an active,
non-staff user (a seller or partner member). E-mails to staff (assignments,
answers to a reviewer's question, the digest) and to addresses with no account
(a partner's contact address) have none.

Optional e-mails: a user may turn off the e-mail of three non-essential kinds.
A sender names the kind with `outbox_enqueue(..., preference=...)`, or uses a
purpose that starts with one of the prefixes in PURPOSE_PREFERENCES.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partnernet.errors import InvalidInput, NotFound
from partnernet.notifications.models import Notification, NotificationPreference

# preference kind → the NotificationPreference field that turns its e-mail off
OPTIONAL_KINDS = {
    "new_message": "email_new_message",
    "review_reply": "email_review_reply",
    "promotion_ending": "email_promotion_ending",
}
# Purposes (their part before ":") that are optional without the sender saying so.
PURPOSE_PREFERENCES = {
    "order_message": "new_message",
    "order_message_digest": "new_message",
    "review_reply": "review_reply",
    "review_replied": "review_reply",
    "promotion_ending": "promotion_ending",
}


def notification_kind(purpose: str) -> str:
    """The kind shown in the API: the purpose without its ":<version>" suffix."""
    return purpose.split(":", 1)[0]


def preference_for(purpose: str, preference: str | None = None) -> str | None:
    if preference is not None:
        if preference not in OPTIONAL_KINDS:
            raise ValueError(f"unknown notification preference {preference!r}")
        return preference
    return PURPOSE_PREFERENCES.get(notification_kind(purpose))


def _relative(url: str) -> str:
    site = settings.SITE_URL.rstrip("/")
    if url.startswith(site):
        url = url[len(site) :] or "/"
    return url[:500]


def users_to_notify(
    *, purpose: str, object_key: str, emails: Iterable[str], preference: str | None = None
) -> tuple[dict[str, object], set[str]]:
    """For one e-mail: (the portal users among `emails` who have no notification of it
    yet, by address; the addresses whose owner turned this kind's e-mail off)."""
    emails = list(emails)
    users = {
        u.email.lower(): u
        for u in get_user_model()
        .objects.filter(email__in=emails, is_active=True, is_staff=False)
        .only("pk", "email")
    }
    if not users:
        return {}, set()
    kind = preference_for(purpose, preference)
    suppressed: set[str] = set()
    if kind is not None:
        off = NotificationPreference.objects.filter(
            user_id__in=[u.pk for u in users.values()], **{OPTIONAL_KINDS[kind]: False}
        ).values_list("user__email", flat=True)
        suppressed = {e.lower() for e in off}
    notified = set(
        Notification.objects.filter(
            recipient_id__in=[u.pk for u in users.values()], purpose=purpose, object_key=object_key
        ).values_list("recipient_id", flat=True)
    )
    return {e: u for e, u in users.items() if u.pk not in notified}, suppressed


def _links(users: dict[str, object], url: str | None, context: dict) -> dict[int, str]:
    """Each user's link: `url`, else the context's `url`, else the side's own page
    (`seller_url` / `partner_url`, which paired e-mails share one context for)."""
    link = url or context.get("url")
    if link or not (context.get("seller_url") or context.get("partner_url")):
        return {u.pk: str(link or "") for u in users.values()}
    from partnernet.users.models import SellerMembership

    ids = [u.pk for u in users.values()]
    sellers = set(SellerMembership.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
    return {
        pk: str((context.get("seller_url") if pk in sellers else context.get("partner_url")) or "")
        for pk in ids
    }


def notifications_for_email(
    *, users: dict[str, object], purpose: str, object_key: str, title: str, url: str | None, context: dict
) -> list[Notification]:
    """Write the in-app twins of one e-mail (in the caller's transaction)."""
    if not users:
        return []
    now = timezone.now()
    links = _links(users, url, context)
    rows = [
        Notification(
            recipient_id=u.pk,
            kind=notification_kind(purpose),
            purpose=purpose,
            object_key=object_key,
            title=title[:250],
            url=_relative(links[u.pk]),
            created_at=now,
        )
        for u in users.values()
    ]
    # ignore_conflicts: a concurrent twin loses on the unique constraint quietly.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return rows


# --- reads ------------------------------------------------------------------------


def notification_list(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def notification_unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_get(*, user, notification_id) -> Notification:
    """One of the user's own notifications; another user's (or none) is NotFound."""
    try:
        pk = int(notification_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    found = Notification.objects.filter(recipient=user, pk=pk).first()
    if found is None:
        raise NotFound()
    return found


# --- writes -----------------------------------------------------------------------


def notification_mark_read(*, user, notification_id) -> Notification:
    notification = notification_get(user=user, notification_id=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def preferences_get(*, user) -> NotificationPreference:
    found = NotificationPreference.objects.filter(user=user).first()
    return found or NotificationPreference(user=user)


def preferences_update(*, user, **values) -> NotificationPreference:
    """Set any of the `email_*` switches; unknown names are refused naming the field."""
    allowed = set(OPTIONAL_KINDS.values())
    for name, value in values.items():
        if name not in allowed:
            raise InvalidInput(_("There is no such preference."), field=name)
        if not isinstance(value, bool):
            raise InvalidInput(_("Choose on or off."), field=name)
    with transaction.atomic():
        preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
        for name, value in values.items():
            setattr(preference, name, value)
        preference.save()
    return preference
