"""The claim's append-only history; each event says who may see it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.exceptions import EventImmutable
from claims.models.claim import Claim


class ClaimEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise EventImmutable("Claim events are append-only.")

    def delete(self):
        raise EventImmutable("Claim events are append-only.")


class ClaimEvent(models.Model):
    """One thing that happened to a claim. Append-only; each carries who may see it."""

    class Visibility(models.TextChoices):
        INTERNAL = "internal", _("Support only")
        SELLER = "seller", _("Seller and support")
        PARTNER = "partner", _("Partner and support")
        BOTH = "both", _("Seller, partner and support")

    class Kind(models.TextChoices):
        DRAFTED = "drafted", _("Draft started")
        SUBMITTED = "submitted", _("Submitted")
        FILED_ON_BEHALF = "filed_on_behalf", _("Filed by support")
        DOCUMENT_ADDED = "document_added", _("Document added")
        MESSAGE = "message", _("Message")
        NOTE = "note", _("Internal note")
        ASSIGNED = "assigned", _("Assigned")
        INFO_REQUESTED = "info_requested", _("Information requested")
        INFO_PROVIDED = "info_provided", _("Information provided")
        PARTNER_NOTIFIED = "partner_notified", _("Partner notified")
        PARTNER_RESPONDED = "partner_responded", _("Partner responded")
        OFFER_MADE = "offer_made", _("Partner offered a remedy")
        OFFER_ACCEPTED = "offer_accepted", _("Offer accepted")
        OFFER_DECLINED = "offer_declined", _("Offer declined")
        FINDING = "finding", _("Finding recorded")
        DECIDED = "decided", _("Decided")
        APPEALED = "appealed", _("Appealed")
        APPEAL_DECIDED = "appeal_decided", _("Appeal decided")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CLOSED = "closed", _("Closed")
        OVERDUE = "overdue", _("Overdue")
        STATUS = "status", _("Status changed")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL)
    message = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClaimEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["claim", "created_at"], name="claimevent_claim_time")]

    def __str__(self):
        return f"{self.claim}: {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise EventImmutable("Claim events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise EventImmutable("Claim events are append-only.")

    @classmethod
    def record(cls, claim, *, kind, actor=None, visibility=Visibility.INTERNAL, message="", data=None):
        return cls.objects.create(
            claim=claim, kind=kind, actor=actor, visibility=visibility, message=message, data=data or {}
        )

    @classmethod
    def visible_to_seller(cls):
        return Q(visibility__in=[cls.Visibility.SELLER, cls.Visibility.BOTH])

    @classmethod
    def visible_to_partner(cls):
        return Q(visibility__in=[cls.Visibility.PARTNER, cls.Visibility.BOTH])
