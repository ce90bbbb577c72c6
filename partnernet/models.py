"""Cross-cutting records: the e-mail outbox, the support calendar, reference counters."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """One e-mail to one recipient, written in the same transaction as the change it reports.

    The unique (purpose, object_key, recipient) makes a second enqueue of the same
    notice a no-op, so a retried service or a task delivered twice never sends twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    purpose = models.CharField(max_length=64)
    object_key = models.CharField(
        max_length=100, help_text=_("app_label.model:pk of what the e-mail is about")
    )
    recipient = models.EmailField()
    subject = models.CharField(max_length=250)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "object_key", "recipient"], name="uniq_outbox_purpose_object"
            )
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="outbox_status_created"),
            models.Index(fields=["object_key"], name="outbox_object"),
        ]

    def __str__(self):
        return f"{self.purpose} → {self.recipient} ({self.status})"


class Holiday(models.Model):
    """A day support does not work; business-day service levels skip it."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d %b %Y} — {self.name}"


class ReferenceCounter(models.Model):
    """The last number handed out for a public reference prefix in a year (SO-2026-000123)."""

    prefix = models.CharField(max_length=4)
    year = models.PositiveIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="uniq_reference_counter")]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.value}"
