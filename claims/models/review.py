"""What support keeps beside a claim: reason codes, decision templates, questions, findings."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


class InformationRequest(models.Model):
    class Party(models.TextChoices):
        SELLER = "seller", _("Seller")
        PARTNER = "partner", _("Partner")

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="information_requests")
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

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="findings")
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
