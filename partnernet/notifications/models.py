"""A notification per e-mail to a portal user, and the user's e-mail preferences."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """The in-app twin of one e-mail to one portal user, written in the same transaction.

    Unique per (recipient, purpose, object), as the outbox row is, so a retried
    service never notifies twice.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=64, help_text=_("What the notice is about (the e-mail's purpose)."))
    purpose = models.CharField(max_length=64)
    object_key = models.CharField(max_length=100)
    title = models.CharField(max_length=250)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "purpose", "object_key"], name="uniq_notification_per_notice"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
            # The navigation's unread count: an index-only count of a user's unread rows.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self):
        return f"{self.recipient_id}: {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """Per user: which non-essential kinds are not e-mailed (the in-app notice stays)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_new_message = models.BooleanField(_("E-mail me new messages"), default=True)
    email_review_reply = models.BooleanField(_("E-mail me replies to my reviews"), default=True)
    email_promotion_ending = models.BooleanField(_("E-mail me when a promotion is ending"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"preferences of {self.user_id}"
