from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guarantees.errors import EnrollmentError, TermsImmutable
from partnernet.workflow import StateMachine

__all__ = ["EnrollmentError", "TermsImmutable"]


class ProgrammeRequirement(models.Model):
    """A parameter every enrolled partner must state, with an optional programme floor.

    A floor is a bound in the direction that is better for the seller: `max` for
    "no slower than 72 hours" (the partner's value must be ≤ 72), `min` for
    "at least 1 revision". Changing a requirement never touches published terms:
    those keep their own copy of key, label, unit and value.
    """

    class ValueType(models.TextChoices):
        INTEGER = "integer", _("Whole number")
        DECIMAL = "decimal", _("Number")
        CHOICE = "choice", _("One of a list")
        TEXT = "text", _("Text")

    class FloorDirection(models.TextChoices):
        MAX = "max", _("At most (value must not exceed the floor)")
        MIN = "min", _("At least (value must not be below the floor)")

    key = models.SlugField(max_length=60, unique=True)
    label = models.CharField(max_length=120)
    help_text = models.CharField(max_length=250, blank=True)
    value_type = models.CharField(max_length=10, choices=ValueType.choices)
    unit = models.CharField(max_length=30, blank=True)
    choices = models.CharField(max_length=250, blank=True, help_text=_("Comma-separated, for a choice."))
    floor = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    floor_direction = models.CharField(max_length=3, choices=FloorDirection.choices, blank=True)
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "label"]

    def __str__(self):
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [c.strip() for c in self.choices.split(",") if c.strip()]

    @property
    def is_numeric(self) -> bool:
        return self.value_type in (self.ValueType.INTEGER, self.ValueType.DECIMAL)

    def clean(self):
        errors = {}
        if self.floor is not None and not self.is_numeric:
            errors["floor"] = _("A floor only applies to a number.")
        if self.floor is not None and not self.floor_direction:
            errors["floor_direction"] = _("Say whether the floor is a maximum or a minimum.")
        if self.floor is None and self.floor_direction:
            errors["floor"] = _("Give the floor value, or clear the direction.")
        if self.value_type == self.ValueType.CHOICE and len(self.choice_list) < 2:
            errors["choices"] = _("List at least two choices, separated by commas.")
        if errors:
            raise ValidationError(errors)


class GuaranteeTermsQuerySet(models.QuerySet):
    def bulk_update(self, objs, fields, *args, **kwargs):
        # Checked before Django opens its savepoint-less block, so a refusal leaves
        # the caller's transaction usable (update() below is the second line).
        objs = list(objs)
        if (
            set(fields) - {"is_current"}
            and self.model.objects.filter(
                pk__in=[o.pk for o in objs], status=GuaranteeTerms.Status.PUBLISHED
            ).exists()
        ):
            raise TermsImmutable(_("Published guarantee terms cannot be changed; publish a new version."))
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        # `is_current` is the one column that moves when a newer version is published.
        if set(kwargs) - {"is_current"} and self.filter(status=GuaranteeTerms.Status.PUBLISHED).exists():
            raise TermsImmutable(_("Published guarantee terms cannot be changed; publish a new version."))
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=GuaranteeTerms.Status.PUBLISHED).exists():
            raise TermsImmutable(_("Published guarantee terms cannot be deleted."))
        return super().delete()


class GuaranteeTerms(models.Model):
    """A partner's guarantee terms: one editable draft, then immutable numbered versions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    partner = models.ForeignKey(
        "partners.ServicePartner", on_delete=models.PROTECT, related_name="guarantee_terms"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(null=True, blank=True, help_text=_("Set when published."))
    summary = models.TextField(blank=True, help_text=_("What the partner commits to, in its own words."))
    is_current = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = GuaranteeTermsQuerySet.as_manager()

    class Meta:
        ordering = ["partner", "-version"]
        verbose_name_plural = "guarantee terms"
        constraints = [
            models.UniqueConstraint(fields=["partner", "version"], name="uniq_terms_version"),
            models.UniqueConstraint(
                fields=["partner"], condition=Q(is_current=True), name="uniq_current_terms"
            ),
            models.UniqueConstraint(fields=["partner"], condition=Q(status="draft"), name="uniq_draft_terms"),
            models.CheckConstraint(
                condition=(Q(status="draft") & Q(version__isnull=True) & Q(is_current=False))
                | (Q(status="published") & Q(version__isnull=False) & Q(published_at__isnull=False)),
                name="terms_published_has_version",
            ),
        ]

    def __str__(self):
        return f"{self.partner} terms v{self.version}" if self.version else f"{self.partner} terms (draft)"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def _stored_status(self):
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def save(self, *args, **kwargs):
        # Guard, not workflow: a published version is a record a claim is judged against.
        if self._stored_status() == self.Status.PUBLISHED:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or set(update_fields) - {"is_current"}:
                raise TermsImmutable(_("Published guarantee terms cannot be changed; publish a new version."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_status() == self.Status.PUBLISHED:
            raise TermsImmutable(_("Published guarantee terms cannot be deleted."))
        return super().delete(*args, **kwargs)


class GuaranteeParameterQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # A version is written with its parameters in one go (the publish service,
        # test factories); adding to a published version that already has its
        # parameters would change what sellers agreed to.
        objs = list(objs)
        terms_ids = {o.terms_id for o in objs}
        if GuaranteeParameter.objects.filter(
            terms_id__in=terms_ids, terms__status=GuaranteeTerms.Status.PUBLISHED
        ).exists():
            raise TermsImmutable(_("Parameters of published guarantee terms cannot be changed."))
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if GuaranteeParameter.objects.filter(
            pk__in=[o.pk for o in objs], terms__status=GuaranteeTerms.Status.PUBLISHED
        ).exists():
            raise TermsImmutable(_("Parameters of published guarantee terms cannot be changed."))
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        if self.filter(terms__status=GuaranteeTerms.Status.PUBLISHED).exists():
            raise TermsImmutable(_("Parameters of published guarantee terms cannot be changed."))
        return super().update(**kwargs)

    def delete(self):
        if self.filter(terms__status=GuaranteeTerms.Status.PUBLISHED).exists():
            raise TermsImmutable(_("Parameters of published guarantee terms cannot be deleted."))
        return super().delete()


class GuaranteeParameter(models.Model):
    """One stated parameter. Key, label and unit are copied from the requirement so
    that a later change to the requirement leaves published terms as they were."""

    terms = models.ForeignKey(GuaranteeTerms, on_delete=models.CASCADE, related_name="parameters")
    requirement = models.ForeignKey(
        ProgrammeRequirement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    key = models.SlugField(max_length=60)
    label = models.CharField(max_length=120)
    value = models.CharField(max_length=250)
    unit = models.CharField(max_length=30, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = GuaranteeParameterQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["terms", "key"], name="uniq_terms_parameter_key")]

    def __str__(self):
        return f"{self.label}: {self.value} {self.unit}".strip()

    def _terms_published(self) -> bool:
        return GuaranteeTerms.objects.filter(
            pk=self.terms_id, status=GuaranteeTerms.Status.PUBLISHED
        ).exists()

    def save(self, *args, **kwargs):
        if self._terms_published():
            raise TermsImmutable(_("Parameters of published guarantee terms cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._terms_published():
            raise TermsImmutable(_("Parameters of published guarantee terms cannot be deleted."))
        return super().delete(*args, **kwargs)


class Enrollment(StateMachine, models.Model):
    """A partner's standing in the programme; its history is EnrollmentEvent rows.

    Applying the first time creates the row; every later change is a transition of
    `TRANSITIONS`, applied by the services under the partner's row lock.
    """

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    TRANSITIONS = {
        Status.APPLIED: {Status.APPROVED, Status.REJECTED, Status.WITHDRAWN},
        Status.APPROVED: {Status.SUSPENDED, Status.WITHDRAWN},
        Status.SUSPENDED: {Status.APPROVED, Status.WITHDRAWN},
        Status.REJECTED: {Status.APPLIED},
        Status.WITHDRAWN: {Status.APPLIED},
    }
    state_error = EnrollmentError

    partner = models.OneToOneField(
        "partners.ServicePartner", on_delete=models.CASCADE, related_name="enrollment"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED)
    applied_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-applied_at"]
        indexes = [models.Index(fields=["status"], name="enrollment_status")]

    def __str__(self):
        return f"{self.partner}: {self.get_status_display()}"

    def transition_to(self, status: str, *, message=None, only_from=None) -> None:
        """As StateMachine's, and `only_from` narrows where this action may start: approving
        (from applied) and reinstating (from suspended) both lead to approved."""
        message = message or _("This cannot be done while the enrolment is %(state)s.") % {
            "state": self.get_status_display().lower()
        }
        if only_from is not None and self.status not in {str(s) for s in only_from}:
            raise self.state_error(message, extra={"status": self.status})
        super().transition_to(status, message=message)


class EnrollmentEvent(models.Model):
    class Kind(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SUSPENDED = "suspended", _("Suspended")
        AUTO_SUSPENDED = "auto_suspended", _("Suspended automatically")
        REINSTATED = "reinstated", _("Reinstated")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"


class BadgeInterval(models.Model):
    """A span during which the partner's Service Guarantee badge was active.

    Coverage of an order is decided from these intervals at the moment of
    acceptance (`badge_active_at`), so history is never rewritten: a suspension
    closes the open interval, a reinstatement opens a new one.
    """

    class EndReason(models.TextChoices):
        SUSPENDED = "suspended", _("Suspended")
        AUTO_SUSPENDED = "auto_suspended", _("Suspended automatically")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    partner = models.ForeignKey(
        "partners.ServicePartner", on_delete=models.CASCADE, related_name="badge_intervals"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["partner", "started_at"]
        indexes = [models.Index(fields=["partner", "started_at", "ended_at"], name="badge_partner_span")]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"], condition=Q(ended_at__isnull=True), name="uniq_open_badge"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="badge_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.partner}: {self.started_at:%Y-%m-%d} – {self.ended_at or 'now'}"


class ComplianceSnapshot(models.Model):
    """A partner's guarantee figures over the trailing window, as computed by the periodic task."""

    partner = models.ForeignKey(
        "partners.ServicePartner", on_delete=models.CASCADE, related_name="compliance"
    )
    computed_at = models.DateTimeField(default=timezone.now)
    window_days = models.PositiveSmallIntegerField(default=180)
    completed_covered_orders = models.PositiveIntegerField(default=0)
    claims_filed = models.PositiveIntegerField(default=0)
    claims_upheld = models.PositiveIntegerField(default=0)
    claims_upheld_90d = models.PositiveIntegerField(default=0)
    upheld_rate = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    on_time_rate = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    median_first_response_hours = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    # Contributed by the remedies app through guarantees.hooks.compliance_contributions.
    remedies_due = models.PositiveIntegerField(default=0)
    remedies_on_time_rate = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    remedies_overdue_90d = models.PositiveIntegerField(default=0)
    is_latest = models.BooleanField(default=True)

    class Meta:
        ordering = ["-computed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"], condition=Q(is_latest=True), name="uniq_latest_compliance"
            )
        ]

    def __str__(self):
        return f"{self.partner} @ {self.computed_at:%Y-%m-%d}"
