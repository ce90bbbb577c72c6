"""Reads of notifications, always scoped to the signed-in user (another's is NotFound)."""

from __future__ import annotations

from django.db.models import QuerySet

from partnernet.errors import NotFound
from partnernet.notifications.models import Notification, NotificationPreference


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


def preferences_get(*, user) -> NotificationPreference:
    found = NotificationPreference.objects.filter(user=user).first()
    return found or NotificationPreference(user=user)
