"""The order conversation and the issues settled with the partner before a claim (DESIGN §7)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models import Claim
from partnernet.errors import StateError
from partnernet.money import MONEY
from partnernet.workflow import StateMachine

MESSAGE_MAX_CHARS = 5000


class Party(models.TextChoices):
    SELLER = "seller", _("Seller")
    PARTNER = "partner", _("Partner")


class OrderMessage(models.Model):
    """One message in an order's thread between the seller's and the partner's members."""

    order = models.ForeignKey("partners.ServiceOrder", on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    party = models.CharField(max_length=10, choices=Party.choices)
    body = models.TextField(max_length=MESSAGE_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["order", "created_at"], name="ordermessage_order_time")]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.get_party_display()} at {self.created_at:%Y-%m-%d %H:%M}"


def attachment_path(instance: Any, filename: str) -> str:
    # Server-made names: the uploader's file name never reaches the storage.
    return f"conversations/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class MessageAttachment(models.Model):
    """A file on a message: content-checked (§6), private, served by a permission-checked view."""

    message = models.ForeignKey(OrderMessage, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def token(self) -> str:
        """The public handle in URLs: the random part of the storage name."""
        return (self.file.name or "").rsplit("/", 1)[-1]


class ThreadNotice(models.Model):
    """One e-mail about new messages to one side of an order (at most one per hour).

    The hour bucket makes two messages written at the same moment race on a
    unique constraint instead of both sending.
    """

    order = models.ForeignKey("partners.ServiceOrder", on_delete=models.CASCADE, related_name="+")
    party = models.CharField(max_length=10, choices=Party.choices, help_text=_("The side told."))
    hour = models.DateTimeField(help_text=_("The hour (UTC) the notice belongs to."))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order", "party", "hour"], name="uniq_thread_notice_per_hour")
        ]
        indexes = [models.Index(fields=["order", "party", "-created_at"], name="threadnotice_recent")]

    def __str__(self) -> str:
        return f"{self.order_id} → {self.party} ({self.hour:%Y-%m-%d %H}h)"


LIVE_STATUSES = ("open", "partner_accepted", "partner_countered", "partner_declined", "fulfilled")


class IssueStateError(StateError):
    code = "issue_state"


class Issue(StateMachine, models.Model):
    """A problem the seller raised with the partner, settled between them or escalated."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the partner")
        PARTNER_ACCEPTED = "partner_accepted", _("Accepted by the partner")
        PARTNER_COUNTERED = "partner_countered", _("Partner proposed another remedy")
        PARTNER_DECLINED = "partner_declined", _("Declined by the partner")
        FULFILLED = "fulfilled", _("Fulfilled by the partner")
        RESOLVED = "resolved", _("Resolved")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ESCALATED = "escalated", _("Escalated to a claim")

    # Statuses in which the issue is live: one per order (the database says so).
    LIVE_STATUSES: ClassVar[tuple[str, ...]] = LIVE_STATUSES

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Status.OPEN: {
            Status.PARTNER_ACCEPTED,
            Status.PARTNER_COUNTERED,
            Status.PARTNER_DECLINED,
            Status.WITHDRAWN,
            Status.ESCALATED,
        },
        Status.PARTNER_COUNTERED: {Status.PARTNER_ACCEPTED, Status.WITHDRAWN, Status.ESCALATED},
        Status.PARTNER_DECLINED: {Status.WITHDRAWN, Status.ESCALATED},
        Status.PARTNER_ACCEPTED: {Status.FULFILLED, Status.ESCALATED},
        Status.FULFILLED: {Status.RESOLVED, Status.ESCALATED},
        Status.RESOLVED: set(),
        Status.WITHDRAWN: set(),
        Status.ESCALATED: set(),
    }
    state_error = IssueStateError

    Reason = Claim.Reason
    Remedy = Claim.Remedy

    reference = models.CharField(max_length=20, unique=True, editable=False)
    order = models.ForeignKey("partners.ServiceOrder", on_delete=models.PROTECT, related_name="issues")
    seller = models.ForeignKey("users.SellerAccount", on_delete=models.PROTECT, related_name="issues")
    partner = models.ForeignKey("partners.ServicePartner", on_delete=models.PROTECT, related_name="issues")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)

    reason = models.CharField(max_length=30, choices=Claim.Reason.choices)
    remedy = models.CharField(
        max_length=20, choices=Claim.Remedy.choices, help_text=_("Asked, or agreed once accepted.")
    )
    amount = models.DecimalField(**MONEY, null=True, blank=True, help_text=_("For a partial refund."))
    description = models.TextField()
    agreed_price = models.DecimalField(
        **MONEY, null=True, blank=True, help_text=_("The order's price, copied.")
    )

    # The partner's counter-proposal (while countered; kept for the record afterwards).
    counter_remedy = models.CharField(max_length=20, choices=Claim.Remedy.choices, blank=True)
    counter_amount = models.DecimalField(**MONEY, null=True, blank=True)

    respond_by = models.DateTimeField(help_text=_("The partner answers by then (3 business days, IST)."))
    responded_at = models.DateTimeField(null=True, blank=True)
    fulfil_by = models.DateTimeField(null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    answer_overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    fulfil_overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    # A foreign key, not one-to-one: a later issue escalated into the same resumed draft links it too.
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="issues")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["order", "-created_at"], name="issue_order_recent"),
            models.Index(fields=["status", "respond_by"], name="issue_status_respond_by"),
            models.Index(fields=["status", "fulfil_by"], name="issue_status_fulfil_by"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(status__in=LIVE_STATUSES),
                name="uniq_live_issue_per_order",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True)
                | (Q(amount__gt=0) & (Q(agreed_price__isnull=True) | Q(amount__lte=F("agreed_price")))),
                name="issue_amount_within_price",
            ),
            models.CheckConstraint(
                condition=Q(counter_amount__isnull=True)
                | (
                    Q(counter_amount__gt=0)
                    & (Q(agreed_price__isnull=True) | Q(counter_amount__lte=F("agreed_price")))
                ),
                name="issue_counter_amount_within_price",
            ),
            models.CheckConstraint(
                condition=~Q(remedy="partial_refund") | Q(amount__isnull=False),
                name="issue_partial_refund_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(status="escalated") | Q(claim__isnull=False), name="issue_escalated_has_claim"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    def transition_to(self, status: str, *, message: Any = None) -> None:
        super().transition_to(status, message=message)
        self.version += 1


class EventImmutable(Exception):
    """Issue events are append-only."""


class IssueEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise EventImmutable("Issue events are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise EventImmutable("Issue events are append-only.")


class IssueEvent(models.Model):
    """One change of an issue, visible to both sides (and support). Append-only;
    a PostgreSQL trigger refuses UPDATE and DELETE as well (migration 0002)."""

    class Kind(models.TextChoices):
        REPORTED = "reported", _("Problem reported")
        ACCEPTED = "accepted", _("Partner accepted")
        COUNTERED = "countered", _("Partner proposed another remedy")
        DECLINED = "declined", _("Partner declined")
        COUNTER_ACCEPTED = "counter_accepted", _("Seller accepted the proposal")
        WITHDRAWN = "withdrawn", _("Withdrawn by the seller")
        ESCALATED = "escalated", _("Escalated to a claim")
        FULFILLED = "fulfilled", _("Partner recorded the remedy")
        RESOLVED = "resolved", _("Resolved")
        ANSWER_OVERDUE = "answer_overdue", _("Partner's answer overdue")
        FULFIL_OVERDUE = "fulfil_overdue", _("Remedy overdue")

    issue = models.ForeignKey(Issue, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Issue.Status.choices, help_text=_("Status after."))
    message = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = IssueEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["issue", "created_at"], name="issueevent_issue_time")]

    def __str__(self) -> str:
        return f"{self.issue_id}: {self.get_kind_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise EventImmutable("Issue events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise EventImmutable("Issue events are append-only.")

    @classmethod
    def record(
        cls,
        issue: Issue,
        *,
        kind: str,
        actor: Any = None,
        message: str = "",
        data: Mapping[str, Any] | None = None,
    ) -> IssueEvent:
        return cls.objects.create(
            issue=issue, kind=kind, actor=actor, status=issue.status, message=message, data=data or {}
        )
