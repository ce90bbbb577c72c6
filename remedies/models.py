"""Remedy obligations and their append-only history (DESIGN §8).

A remedy is what a settled claim or an accepted issue owes the seller: a refund
of a stated amount or a redo of the work, due by `due_on` (an IST date). The
partner records fulfilment, the seller confirms or disputes; the periodic sweep
marks it overdue and confirms it automatically when the seller never answers.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnernet.errors import StateError
from partnernet.workflow import StateMachine

MONEY = {"max_digits": 12, "decimal_places": 2}


class RemedyStateError(StateError):
    code = "remedy_state"


class RemedyEventImmutable(Exception):
    """Remedy events are append-only."""


def remedy_document_path(instance, filename):
    # Server-made names only: never the uploader's file name on disk or in S3.
    return f"remedies/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Remedy(StateMachine, models.Model):
    class Status(models.TextChoices):
        DUE = "due", _("Due")
        FULFILLED = "fulfilled", _("Fulfilment recorded")
        CONFIRMED = "confirmed", _("Confirmed")
        DISPUTED = "disputed", _("Disputed")
        OVERDUE = "overdue", _("Overdue")
        CANCELLED = "cancelled", _("Cancelled")

    class Kind(models.TextChoices):
        REDO = "redo", _("Redo the work")
        FULL_REFUND = "full_refund", _("Full refund")
        PARTIAL_REFUND = "partial_refund", _("Partial refund")

    class Source(models.TextChoices):
        CLAIM = "claim", _("Claim")
        ISSUE = "issue", _("Issue")

    class Confirmation(models.TextChoices):
        NONE = "", _("Not confirmed")
        SELLER = "seller", _("Confirmed by the seller")
        AUTOMATIC = "automatic", _("Confirmed automatically")
        SUPPORT = "support", _("Settled by support")

    REFUNDS = (Kind.FULL_REFUND, Kind.PARTIAL_REFUND)
    OPEN_STATUSES = (Status.DUE, Status.OVERDUE, Status.FULFILLED, Status.DISPUTED)
    SETTLED_STATUSES = (Status.CONFIRMED, Status.CANCELLED)

    TRANSITIONS = {
        # Support may settle an open remedy with a note (CONFIRMED) or, when an appeal
        # removes what was owed, cancel it.
        Status.DUE: {Status.FULFILLED, Status.OVERDUE, Status.CONFIRMED, Status.CANCELLED},
        Status.OVERDUE: {Status.FULFILLED, Status.CONFIRMED, Status.CANCELLED},
        Status.FULFILLED: {Status.CONFIRMED, Status.DISPUTED, Status.CANCELLED},
        # After a dispute the partner may record fulfilment again, or support settles it.
        Status.DISPUTED: {Status.FULFILLED, Status.CONFIRMED, Status.CANCELLED},
        Status.CONFIRMED: set(),
        Status.CANCELLED: set(),
    }
    state_error = RemedyStateError

    source = models.CharField(max_length=8, choices=Source.choices)
    claim = models.OneToOneField(
        "claims.Claim", on_delete=models.PROTECT, null=True, blank=True, related_name="remedy_obligation"
    )
    issue = models.OneToOneField(
        "resolution.Issue", on_delete=models.PROTECT, null=True, blank=True, related_name="remedy_obligation"
    )
    order = models.ForeignKey("partners.ServiceOrder", on_delete=models.PROTECT, related_name="remedies")
    seller = models.ForeignKey("users.SellerAccount", on_delete=models.PROTECT, related_name="remedies")
    partner = models.ForeignKey("partners.ServicePartner", on_delete=models.PROTECT, related_name="remedies")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    amount = models.DecimalField(**MONEY, null=True, blank=True, help_text=_("The refund owed, in INR."))
    scope = models.TextField(blank=True, help_text=_("What is to be redone, or why the refund is owed."))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DUE)
    due_on = models.DateField(help_text=_("The last day (IST) to fulfil the remedy."))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    # Fulfilment (the partner)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    payment_reference = models.CharField(max_length=64, blank=True)
    paid_amount = models.DecimalField(**MONEY, null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    document = models.FileField(upload_to=remedy_document_path, max_length=200, blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    document_type = models.CharField(max_length=60, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)

    # The seller's answer, the sweep's marks
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmation = models.CharField(max_length=10, choices=Confirmation.choices, blank=True, default="")
    disputed_at = models.DateTimeField(null=True, blank=True)
    dispute_reason = models.TextField(blank=True)
    overdue_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When it first became overdue (kept after fulfilment).")
    )
    auto_confirm_notice_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="remedy_status_due"),
            models.Index(fields=["status", "fulfilled_at"], name="remedy_status_fulfilled"),
            models.Index(fields=["partner", "overdue_at"], name="remedy_partner_overdue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="redo", amount__isnull=True)
                | (Q(kind__in=["full_refund", "partial_refund"]) & Q(amount__isnull=False) & Q(amount__gt=0)),
                name="remedy_refund_has_amount",
            ),
            models.CheckConstraint(
                condition=Q(source="issue") | Q(claim__isnull=False), name="remedy_claim_source_has_claim"
            ),
            models.CheckConstraint(
                condition=Q(source="claim") | Q(issue__isnull=False), name="remedy_issue_source_has_issue"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["fulfilled", "disputed"]) | Q(fulfilled_at__isnull=False),
                name="remedy_fulfilled_has_moment",
            ),
            models.CheckConstraint(
                condition=Q(kind="redo")
                | Q(fulfilled_at__isnull=True)
                | (~Q(payment_reference="") & Q(paid_amount__isnull=False) & Q(paid_on__isnull=False)),
                name="remedy_refund_fulfilment_has_payment",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.order.reference if self.order_id else '—'}"

    @property
    def is_refund(self) -> bool:
        return self.kind in self.REFUNDS

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def source_reference(self) -> str:
        if self.claim_id:
            return self.claim.reference
        return self.order.reference

    def transition_to(self, status: str, *, message=None) -> None:
        super().transition_to(status, message=message)
        self.version += 1


class RemedyEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise RemedyEventImmutable("Remedy events are append-only.")

    def delete(self):
        raise RemedyEventImmutable("Remedy events are append-only.")


class RemedyEvent(models.Model):
    """One thing that happened to a remedy; append-only (a PostgreSQL trigger backs this up)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Remedy owed")
        REVISED = "revised", _("Remedy revised on appeal")
        FULFILLED = "fulfilled", _("Fulfilment recorded")
        CONFIRMED = "confirmed", _("Confirmed by the seller")
        DISPUTED = "disputed", _("Disputed by the seller")
        OVERDUE = "overdue", _("Overdue")
        AUTO_CONFIRM_NOTICE = "auto_confirm_notice", _("Seller told of the automatic confirmation")
        AUTO_CONFIRMED = "auto_confirmed", _("Confirmed automatically")
        SUPPORT_SETTLED = "support_settled", _("Settled by support")
        CANCELLED = "cancelled", _("Cancelled")

    remedy = models.ForeignKey(Remedy, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Remedy.Status.choices)
    message = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = RemedyEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["remedy", "created_at"], name="remedyevent_remedy_time")]

    def __str__(self):
        return f"{self.remedy_id}: {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RemedyEventImmutable("Remedy events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RemedyEventImmutable("Remedy events are append-only.")

    @classmethod
    def record(cls, remedy: Remedy, *, kind: str, actor=None, message: str = "", data=None) -> RemedyEvent:
        return cls.objects.create(
            remedy=remedy, kind=kind, actor=actor, status=remedy.status, message=message, data=data or {}
        )
