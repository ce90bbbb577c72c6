from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 12, "decimal_places": 2}


class ClaimStateError(Exception):
    """The claim is not in a state that allows this action."""


class EventImmutable(Exception):
    """Claim events are append-only."""


class FeedbackRequest(models.Model):
    """The post-completion e-mail to the seller: review link and, when covered, claim link.

    The link's token is signed (django.core.signing) and names the order and the
    seller; this row records what was sent and when, and holds the nonce that a
    token must carry, so that a token can be revoked by rotating it.
    """

    order = models.OneToOneField(
        "partners.ServiceOrder", on_delete=models.CASCADE, related_name="feedback_request"
    )
    seller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Feedback for {self.order}"


class ReasonCode(models.Model):
    """Why a decision went the way it did (kept by leads in the admin)."""

    code = models.SlugField(max_length=60, unique=True)
    label = models.CharField(max_length=150)
    outcomes = models.CharField(
        max_length=120, blank=True, help_text=_("Comma-separated outcomes it fits; empty: all.")
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["label"]

    def __str__(self):
        return self.label


class DecisionTemplate(models.Model):
    name = models.CharField(max_length=120)
    outcome = models.CharField(max_length=30, blank=True)
    reason_code = models.ForeignKey(ReasonCode, on_delete=models.SET_NULL, null=True, blank=True)
    text = models.TextField()
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Claim(models.Model):
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

    def can_transition_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    def transition_to(self, status: str) -> None:
        """Apply a transition in memory (the caller holds the row lock and saves)."""
        if not self.can_transition_to(status):
            raise ClaimStateError(
                _("A claim that is %(current)s cannot become %(new)s.")
                % {"current": self.get_status_display().lower(), "new": self.Status(status).label.lower()}
            )
        self.status = status
        self.version += 1


def claim_document_path(instance, filename):
    # Server-made names: never the uploader's file name on disk or in S3.
    import uuid

    return f"claims/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class ClaimDocument(models.Model):
    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        PAYMENT_RECEIPT = "payment_receipt", _("Payment receipt")
        SCOPE = "scope", _("Scope of services")
        CORRESPONDENCE = "correspondence", _("Correspondence")
        OTHER = "other", _("Other")

    class Party(models.TextChoices):
        SELLER = "seller", _("Seller")
        PARTNER = "partner", _("Partner")
        SUPPORT = "support", _("Support")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    party = models.CharField(max_length=10, choices=Party.choices, default=Party.SELLER)
    file = models.FileField(upload_to=claim_document_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["claim", "kind"], name="claimdoc_claim_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


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


class InformationRequest(models.Model):
    class Party(models.TextChoices):
        SELLER = "seller", _("Seller")
        PARTNER = "partner", _("Partner")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="information_requests")
    party = models.CharField(max_length=10, choices=Party.choices)
    question = models.TextField()
    due_at = models.DateTimeField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.claim}: ask {self.party}"


class ParameterFinding(models.Model):
    """A reviewer's finding on one parameter of the terms snapshot (part of the record)."""

    class Finding(models.TextChoices):
        MET = "met", _("Met")
        NOT_MET = "not_met", _("Not met")
        UNCLEAR = "unclear", _("Unclear")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="findings")
    parameter = models.ForeignKey("guarantees.GuaranteeParameter", on_delete=models.PROTECT, related_name="+")
    finding = models.CharField(max_length=10, choices=Finding.choices)
    note = models.TextField(blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "parameter"], name="uniq_finding_per_parameter")
        ]

    def __str__(self):
        return f"{self.claim} / {self.parameter}: {self.finding}"
