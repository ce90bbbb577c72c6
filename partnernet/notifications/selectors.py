"""Reads of notifications, always scoped to the signed-in user (another's is NotFound)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from partnernet.errors import NotFound
from partnernet.notifications.models import Notification, NotificationPreference
from partnernet.users.models import User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def notification_unread_count(*, user: User | AnonymousUser | None) -> int:
    if not isinstance(user, User) or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_get(*, user: User, notification_id: int | str) -> Notification:
    """One of the user's own notifications; another user's (or none) is NotFound."""
    try:
        pk = int(notification_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    found = Notification.objects.filter(recipient=user, pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def preferences_get(*, user: User) -> NotificationPreference:
    found = NotificationPreference.objects.filter(user=user).first()
    return found or NotificationPreference(user=user)
