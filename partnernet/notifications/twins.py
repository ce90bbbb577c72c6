"""The in-app twin of an outbox e-mail: called by `partnernet.mail.outbox_enqueue` only.

Which e-mails get a twin: every e-mail to an address that belongs to an active,
non-staff user (a seller or partner member). E-mails to staff (assignments,
answers to a reviewer's question, the digest) and to addresses with no account
(a partner's contact address) have none.

Optional e-mails: a user may turn off the e-mail of three non-essential kinds.
A sender names the kind with `outbox_enqueue(..., preference=...)`, or uses a
purpose that starts with one of the prefixes in PURPOSE_PREFERENCES.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from partnernet.notifications.models import Notification, NotificationPreference

if TYPE_CHECKING:
    from partnernet.users.models import User

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
    site: str = settings.SITE_URL.rstrip("/")
    if url.startswith(site):
        url = url[len(site) :] or "/"
    return url[:500]


def users_to_notify(
    *, purpose: str, object_key: str, emails: Iterable[str], preference: str | None = None
) -> tuple[dict[str, User], set[str]]:
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


def _links(users: dict[str, User], url: str | None, context: Mapping[str, Any]) -> dict[int, str]:
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
    *,
    users: dict[str, User],
    purpose: str,
    object_key: str,
    title: str,
    url: str | None,
    context: Mapping[str, Any],
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
