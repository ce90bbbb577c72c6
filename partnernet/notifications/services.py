"""Reads and writes of the notification pages and API (the outbox twin is in twins.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnernet.errors import InvalidInput
from partnernet.notifications.models import Notification, NotificationPreference
from partnernet.notifications.selectors import notification_get
from partnernet.notifications.twins import OPTIONAL_KINDS

if TYPE_CHECKING:
    from partnernet.users.models import User

# --- writes -----------------------------------------------------------------------


def notification_mark_read(*, user: User, notification_id: int | str) -> Notification:
    notification = notification_get(user=user, notification_id=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def preferences_update(*, user: User, **values: object) -> NotificationPreference:
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
