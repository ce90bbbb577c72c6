"""Forms of the reviewer workspace. Every action form carries the claim's version."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, InformationRequest, ParameterFinding, ReasonCode
from partnernet.forms import MoneyField
from partnernet.money import format_inr
from partnernet.users.models import LEADS_GROUP, REVIEWERS_GROUP, User


def support_staff():
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__name__in=[REVIEWERS_GROUP, LEADS_GROUP]) | Q(is_superuser=True))
        .distinct()
        .order_by("full_name", "email")
    )


class _VersionedForm(forms.Form):
    # Several of these forms share the investigation page: distinct ids keep labels unambiguous.
    id_prefix = "action"
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class QueueFilterForm(forms.Form):
    STATUS_CHOICES = [("open", _("All open")), ("all", _("All"))] + [
        c for c in Claim.Status.choices if c[0] != Claim.Status.DRAFT
    ]
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    assigned = forms.ChoiceField(
        label=_("Assigned"),
        choices=[("", _("Anyone")), ("mine", _("Mine")), ("unassigned", _("Unassigned"))],
        required=False,
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    partner = forms.ChoiceField(label=_("Partner"), required=False)
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("Any"))] + Claim.Reason.choices, required=False
    )
    age = forms.ChoiceField(
        label=_("Age"),
        choices=[
            ("", _("Any")),
            ("0-2", _("0–2 days")),
            ("3-7", _("3–7 days")),
            ("8-14", _("8–14 days")),
            ("15+", _("15 days or more")),
        ],
        required=False,
    )
    q = forms.CharField(label=_("Reference"), max_length=20, required=False)
    # Applied through claims.hooks.review_queue_filters (the remedies app registers it).
    remedy = forms.ChoiceField(
        label=_("Remedy"),
        choices=[("", _("Any")), ("overdue", _("Overdue")), ("disputed", _("Disputed"))],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from partners.models import ServicePartner

        # Only partners that have claims: the list stays short however large the directory is.
        partners = (
            ServicePartner.objects.filter(
                pk__in=Claim.objects.exclude(status=Claim.Status.DRAFT).values("partner_id")
            )
            .order_by("name")
            .values_list("slug", "name")[:500]
        )
        self.fields["partner"].choices = [("", _("Any"))] + list(partners)


class AssignForm(_VersionedForm):
    id_prefix = "assign"
    assignee: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Assign to"), queryset=None, required=False, empty_label=_("Nobody (back to the queue)")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = support_staff()
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name()


class NoteForm(_VersionedForm):
    id_prefix = "note"
    text = forms.CharField(
        label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class InfoRequestForm(_VersionedForm):
    id_prefix = "info"
    party = forms.ChoiceField(label=_("Ask"), choices=InformationRequest.Party.choices)
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    due_at = forms.DateTimeField(
        label=_("Answer by (optional)"),
        required=False,
        help_text=_("Empty: 7 calendar days for the seller, 5 business days for the partner."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )

    def clean_due_at(self):
        due = self.cleaned_data.get("due_at")
        if due is not None and due <= timezone.now():
            raise forms.ValidationError(_("The deadline must be in the future."))
        return due


class FindingForm(_VersionedForm):
    id_prefix = "finding"
    parameter = forms.IntegerField(widget=forms.HiddenInput)
    finding = forms.ChoiceField(label=_("Finding"), choices=ParameterFinding.Finding.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class DecisionForm(_VersionedForm):
    id_prefix = "decide"
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Claim.Outcome.choices])
    remedy = forms.ChoiceField(
        label=_("Remedy"), choices=[("", _("None (rejected)"))] + Claim.Remedy.choices, required=False
    )
    amount = MoneyField(label=_("Refund amount (₹)"), required=False)
    reason_code = forms.ModelChoiceField(
        label=_("Reason code"), queryset=ReasonCode.objects.none(), to_field_name="code", empty_label="—"
    )
    rationale = forms.CharField(
        label=_("Rationale (sent to the seller and the partner)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=20,
        max_length=10000,
    )

    def __init__(self, *args, claim: Claim | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.claim = claim
        reason_code = cast("forms.ModelChoiceField[ReasonCode]", self.fields["reason_code"])
        reason_code.queryset = ReasonCode.objects.filter(is_active=True).order_by("label")
        if claim is not None and claim.agreed_price is not None:
            # The service enforces the limit too; the field says it up front.
            self.fields["amount"].help_text = _("At most the agreed price, %(price)s.") % {
                "price": format_inr(claim.agreed_price)
            }
