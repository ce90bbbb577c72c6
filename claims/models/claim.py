"""The claim itself: its status and transition map, the offer, the decision, the appeal."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.exceptions import ClaimStateError
from claims.models.review import ReasonCode
from partnernet.money import MONEY  # re-exported: `from claims.models import MONEY` still works
from partnernet.workflow import StateMachine


class Claim(StateMachine, models.Model):
    """A seller's claim under the Service Guarantee.

    A draft carries a private `DR-` reference so that it can be resumed and have
    documents added; submission gives it its sequential `CL-YYYY-NNNNNN`.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        AWAITING_SELLER = "awaiting_seller", _("Awaiting the seller")
        AWAITING_PARTNER = "awaiting_partner", _("Awaiting the partner")
        DECIDED = "decided", _("Decided")
        APPEALED = "appealed", _("Appealed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CLOSED = "closed", _("Closed")

    OPEN_STATUSES = (
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        Status.AWAITING_SELLER,
        Status.AWAITING_PARTNER,
        Status.APPEALED,
    )

    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED, Status.WITHDRAWN},
        Status.SUBMITTED: {
            Status.UNDER_REVIEW,
            Status.AWAITING_SELLER,
            Status.AWAITING_PARTNER,
            Status.DECIDED,
            Status.WITHDRAWN,
        },
        Status.UNDER_REVIEW: {
            Status.AWAITING_SELLER,
            Status.AWAITING_PARTNER,
            Status.DECIDED,
            Status.WITHDRAWN,
        },
        Status.AWAITING_SELLER: {Status.UNDER_REVIEW, Status.DECIDED, Status.WITHDRAWN},
        Status.AWAITING_PARTNER: {Status.UNDER_REVIEW, Status.DECIDED, Status.WITHDRAWN},
        Status.DECIDED: {Status.APPEALED, Status.CLOSED},
        Status.APPEALED: {
            Status.UNDER_REVIEW,
            Status.AWAITING_SELLER,
            Status.AWAITING_PARTNER,
            Status.DECIDED,
        },
        Status.WITHDRAWN: set(),
        Status.CLOSED: set(),
    }
    state_error = ClaimStateError

    class Reason(models.TextChoices):
        NOT_COMPLETED_AS_AGREED = "not_completed_as_agreed", _("Not completed as agreed")
        MISSED_DEADLINE = "missed_deadline", _("Missed the agreed deadline")
        QUALITY_BELOW_TERMS = "quality_below_terms", _("Quality below the guarantee terms")
        NOT_DELIVERED = "not_delivered", _("Not delivered")
        OTHER = "other", _("Other")

    class Remedy(models.TextChoices):
        REDO = "redo", _("Redo the work")
        FULL_REFUND = "full_refund", _("Full refund")
        PARTIAL_REFUND = "partial_refund", _("Partial refund")

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("Upheld")
        PARTIALLY_UPHELD = "partially_upheld", _("Partially upheld")
        REJECTED = "rejected", _("Rejected")
        RESOLVED_WITH_PARTNER = "resolved_with_partner", _("Resolved with the partner")

    class Channel(models.TextChoices):
        WEB = "web", _("Web")
        EMAIL_LINK = "email_link", _("Feedback e-mail link")
        API = "api", _("API")
        SUPPORT = "support", _("Filed by support")

    class OfferStatus(models.TextChoices):
        NONE = "", _("No offer")
        PENDING = "pending", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    reference = models.CharField(max_length=20, unique=True, editable=False)
    order = models.ForeignKey("partners.ServiceOrder", on_delete=models.PROTECT, related_name="claims")
    seller = models.ForeignKey("users.SellerAccount", on_delete=models.PROTECT, related_name="claims")
    partner = models.ForeignKey("partners.ServicePartner", on_delete=models.PROTECT, related_name="claims")
    claimant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claims")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=12, choices=Channel.choices, default=Channel.WEB)
    support_note = models.TextField(blank=True, help_text=_("Why support filed on the seller's behalf."))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)

    reason = models.CharField(max_length=30, choices=Reason.choices, blank=True)
    description = models.TextField(blank=True)
    resolution_attempt = models.TextField(
        blank=True, help_text=_("How the seller raised the issue with the partner and how it went.")
    )
    resolution_confirmed = models.BooleanField(
        default=False,
        help_text=_("The seller states the issue was raised with the partner and not resolved."),
    )
    remedy = models.CharField(max_length=20, choices=Remedy.choices, blank=True)
    amount = models.DecimalField(**MONEY, null=True, blank=True, help_text=_("Asked for a partial refund."))
    agreed_price = models.DecimalField(
        **MONEY, null=True, blank=True, help_text=_("The order's price, copied.")
    )
    eligibility_at_filing = models.JSONField(default=dict, blank=True)

    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
    )
    version = models.PositiveIntegerField(default=1)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    first_action_at = models.DateTimeField(null=True, blank=True)
    partner_notified_at = models.DateTimeField(null=True, blank=True)
    partner_responded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    # Service levels (business days in IST; see partnernet.business_days)
    partner_response_due = models.DateTimeField(null=True, blank=True)
    first_action_due = models.DateTimeField(null=True, blank=True)
    decision_due = models.DateTimeField(null=True, blank=True)
    awaiting_due = models.DateTimeField(null=True, blank=True)
    is_overdue = models.BooleanField(default=False)

    # The partner's offer (first recourse)
    offer_status = models.CharField(max_length=10, choices=OfferStatus.choices, blank=True, default="")
    offer_remedy = models.CharField(max_length=20, choices=Remedy.choices, blank=True)
    offer_amount = models.DecimalField(**MONEY, null=True, blank=True)
    offer_note = models.TextField(blank=True)
    offer_made_at = models.DateTimeField(null=True, blank=True)

    # Decision
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_remedy = models.CharField(max_length=20, choices=Remedy.choices, blank=True)
    decision_amount = models.DecimalField(**MONEY, null=True, blank=True)
    decision_reason = models.ForeignKey(ReasonCode, on_delete=models.PROTECT, null=True, blank=True)
    rationale = models.TextField(blank=True)
    appeal_deadline = models.DateTimeField(null=True, blank=True)
    is_final = models.BooleanField(default=False)

    # Appeal (once)
    appealed_at = models.DateTimeField(null=True, blank=True)
    appeal_statement = models.TextField(blank=True)
    original_outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    original_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["seller", "-created_at"], name="claim_seller_recent"),
            models.Index(fields=["partner", "status"], name="claim_partner_status"),
            models.Index(fields=["status", "decision_due"], name="claim_queue"),
            models.Index(fields=["assigned_to", "status"], name="claim_assignee"),
            models.Index(fields=["seller", "submitted_at"], name="claim_seller_submitted"),
        ]
        constraints = [
            # One live claim per order; a withdrawn one does not block a new one.
            models.UniqueConstraint(
                fields=["order"], condition=~Q(status="withdrawn"), name="uniq_live_claim_per_order"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | (Q(amount__gte=0) & Q(amount__lte=F("agreed_price"))),
                name="claim_amount_within_price",
            ),
            models.CheckConstraint(
                condition=Q(decision_amount__isnull=True)
                | (Q(decision_amount__gte=0) & Q(decision_amount__lte=F("agreed_price"))),
                name="claim_decision_amount_within_price",
            ),
            models.CheckConstraint(
                condition=Q(offer_amount__isnull=True)
                | (Q(offer_amount__gte=0) & Q(offer_amount__lte=F("agreed_price"))),
                name="claim_offer_amount_within_price",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False) | Q(status="withdrawn"),
                name="claim_submitted_has_moment",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("claims:detail", kwargs={"reference": self.reference})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def transition_to(self, status: str, *, message=None) -> None:
        """Apply a transition in memory and bump `version` (the caller holds the row lock and saves).

        Any change of status makes the forms and API calls loaded before it stale.
        """
        super().transition_to(
            status,
            message=message
            or _("A claim that is %(current)s cannot become %(new)s.")
            % {"current": self.get_status_display().lower(), "new": self.Status(status).label.lower()},
        )
        self.version += 1
