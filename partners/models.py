from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partnernet.documents import UploadedDocument
from partnernet.money import MONEY  # re-exported: `from partners.models import MONEY` still works
from partnernet.workflow import StateMachine
from partners.errors import EventImmutable, OrderStateError


def hindi_interface() -> bool:
    """Whether the interface speaks Hindi now (then Hindi names are shown where they exist)."""
    return (get_language() or "").split("-")[0] == "hi"


class HindiNamed(models.Model):
    """A name kept in English and in Hindi: the Hindi interface shows `name_hi` (when set),
    and both are searchable (they are written into each partner's search document)."""

    name_hi = models.CharField(_("name in Hindi"), max_length=100, blank=True)
    name: str  # each concrete model's own `name` field

    class Meta:
        abstract = True

    @property
    def label(self) -> str:
        return self.name_hi if hindi_interface() and self.name_hi else self.name

    def __str__(self):
        return self.label


class ServiceCategory(HindiNamed):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "service categories"


class City(HindiNamed):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    state = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "cities"


class Language(HindiNamed):
    code = models.SlugField(max_length=10, unique=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]


class ServicePartner(models.Model):
    """A third-party service business listed in the Partner Network.

    `badge_active`, `rating_avg`, `review_count` and `price_from` are kept up to
    date by the services that change their sources (badge intervals, reviews,
    offerings) so that the directory filters and sorts on plain indexed columns.
    """

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    tagline = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    logo = models.ImageField(upload_to="logos/", blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=32, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    categories = models.ManyToManyField(ServiceCategory, related_name="partners", blank=True)
    cities = models.ManyToManyField(City, related_name="partners", blank=True)
    languages = models.ManyToManyField(Language, related_name="partners", blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="PartnerMembership", related_name="partners"
    )
    accepting_clients = models.BooleanField(_("accepting new clients"), default=True)
    is_listed = models.BooleanField(default=True, help_text=_("Shown in the directory."))

    badge_active = models.BooleanField(default=False, editable=False)
    rating_avg = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True, editable=False)
    review_count = models.PositiveIntegerField(default=0, editable=False)
    price_from = models.DecimalField(**MONEY, null=True, blank=True, editable=False)
    search_document = models.TextField(blank=True, editable=False)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["is_listed", "badge_active"], name="partner_listed_badge"),
            models.Index(fields=["-rating_avg", "-review_count"], name="partner_rating"),
            models.Index(fields=["-review_count"], name="partner_reviews"),
            models.Index(fields=["-created_at"], name="partner_newest"),
            models.Index(fields=["price_from"], name="partner_price"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:profile", kwargs={"slug": self.slug})


class PartnerMembership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        STAFF = "staff", _("Staff")

    partner = models.ForeignKey(ServicePartner, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "user"], name="uniq_partner_membership")]

    def __str__(self):
        return f"{self.user} at {self.partner} ({self.role})"


class ServiceOffering(models.Model):
    partner = models.ForeignKey(ServicePartner, on_delete=models.CASCADE, related_name="offerings")
    category = models.ForeignKey(ServiceCategory, on_delete=models.PROTECT, related_name="offerings")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    price_from = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0"))])
    price_unit = models.CharField(max_length=60, blank=True, help_text=_("e.g. per month, per 100 listings"))
    turnaround_days = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["price_from", "title"]
        indexes = [models.Index(fields=["partner", "is_active"], name="offering_partner_active")]
        constraints = [
            models.CheckConstraint(condition=Q(price_from__gte=0), name="offering_price_not_negative")
        ]

    def __str__(self):
        return f"{self.title} ({self.partner})"


class Promotion(models.Model):
    """A special rate for marketplace sellers, shown only between its start and end dates."""

    partner = models.ForeignKey(ServicePartner, on_delete=models.CASCADE, related_name="promotions")
    offering = models.ForeignKey(
        ServiceOffering, on_delete=models.SET_NULL, null=True, blank=True, related_name="promotions"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    discount_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["ends_on"]
        indexes = [models.Index(fields=["partner", "starts_on", "ends_on"], name="promotion_partner_dates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="promotion_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title


class ServiceOrder(StateMachine, models.Model):
    """An engagement between a seller account and a partner (the seller pays the partner directly).

    Its status moves only along `TRANSITIONS`, through `transition_to` in the order
    services (under the row lock); each change writes an `OrderEvent`.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        DECLINED = "declined", _("Declined")

    TRANSITIONS = {
        Status.REQUESTED: {Status.ACCEPTED, Status.DECLINED, Status.CANCELLED},
        Status.ACCEPTED: {Status.COMPLETED, Status.CANCELLED},
        Status.COMPLETED: set(),
        Status.CANCELLED: set(),
        Status.DECLINED: set(),
    }
    state_error = OrderStateError

    reference = models.CharField(max_length=20, unique=True, editable=False)
    seller = models.ForeignKey("users.SellerAccount", on_delete=models.PROTECT, related_name="orders")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requested_orders"
    )
    partner = models.ForeignKey(ServicePartner, on_delete=models.PROTECT, related_name="orders")
    offering = models.ForeignKey(
        ServiceOffering, on_delete=models.SET_NULL, null=True, blank=True, related_name="orders"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REQUESTED)
    scope = models.TextField(help_text=_("The agreed scope of services."))
    budget = models.DecimalField(**MONEY, null=True, blank=True)
    agreed_price = models.DecimalField(**MONEY, null=True, blank=True)
    due_on = models.DateField(null=True, blank=True, help_text=_("The agreed completion date."))

    covered = models.BooleanField(
        default=False, help_text=_("Covered by the Service Guarantee at acceptance.")
    )
    guarantee_terms = models.ForeignKey(
        "guarantees.GuaranteeTerms", on_delete=models.PROTECT, null=True, blank=True, related_name="orders"
    )

    requested_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    close_reason = models.TextField(blank=True, help_text=_("Why it was declined or cancelled."))

    claim_deadline = models.DateTimeField(
        null=True, blank=True, help_text=_("End of the claim window (set at completion for covered orders).")
    )
    claim_window_open = models.BooleanField(default=False)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [
            models.Index(fields=["seller", "-requested_at"], name="order_seller_recent"),
            models.Index(fields=["partner", "status"], name="order_partner_status"),
            models.Index(fields=["partner", "covered", "completed_at"], name="order_partner_covered"),
            models.Index(
                fields=["claim_deadline"], name="order_open_window", condition=Q(claim_window_open=True)
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreed_price__isnull=True) | Q(agreed_price__gte=0),
                name="order_price_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_at__isnull=False),
                name="order_completed_has_moment",
            ),
            models.CheckConstraint(
                condition=Q(covered=False) | Q(guarantee_terms__isnull=False), name="order_covered_has_terms"
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("partners:order_detail", kwargs={"reference": self.reference})

    def transition_to(self, status: str, *, message=None) -> None:
        super().transition_to(
            status,
            message=message
            or _("This order is %(current)s, so it cannot be %(new)s.")
            % {"current": self.get_status_display().lower(), "new": self.Status(status).label.lower()},
        )


class OrderEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise EventImmutable(_("Order events are append-only."))

    def delete(self):
        raise EventImmutable(_("Order events are append-only."))


class OrderEvent(models.Model):
    """One thing that happened to an order, written in the same transaction as the change.

    Append-only: the model and its queryset refuse updates and deletes, and on
    PostgreSQL a trigger refuses them from any other path (migration 0004).
    """

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")
        DOCUMENT_ADDED = "document_added", _("Document added")

    order = models.ForeignKey(ServiceOrder, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = OrderEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["order", "created_at"], name="orderevent_order_time")]

    def __str__(self):
        return f"{self.order}: {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise EventImmutable(_("Order events are append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise EventImmutable(_("Order events are append-only."))

    @classmethod
    def record(cls, order: ServiceOrder, *, kind: str, actor=None, data: dict | None = None) -> "OrderEvent":
        return cls.objects.create(order=order, kind=kind, actor=actor, data=data or {})


class OrderDocument(UploadedDocument):
    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        PAYMENT_RECEIPT = "payment_receipt", _("Payment receipt")
        SCOPE = "scope", _("Scope of services")
        OTHER = "other", _("Other")

    order = models.ForeignKey(ServiceOrder, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to="orders/%Y/%m/")

    class Meta:
        ordering = ["uploaded_at"]


class Review(models.Model):
    """A verified review: only the seller of a completed order, one per order."""

    order = models.OneToOneField(ServiceOrder, on_delete=models.PROTECT, related_name="review")
    partner = models.ForeignKey(ServicePartner, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    title = models.CharField(max_length=150, blank=True)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    reply = models.TextField(blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["partner", "is_hidden", "-created_at"], name="review_partner_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="review_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.rating}★ for {self.partner} ({self.order})"
