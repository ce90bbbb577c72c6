"""Forms of the Resolution Centre pages; the services re-check every rule and name the field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnernet.forms import MoneyField
from resolution.models import MESSAGE_MAX_CHARS, Issue


class MessageForm(forms.Form):
    """On the order page beside the partners' forms: ids of its own (`message_body`, `message_file`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "message_%s")
        super().__init__(*args, **kwargs)

    body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=MESSAGE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file = forms.FileField(label=_("Attachment (PDF, PNG or JPEG, up to 10 MB)"), required=False)


class IssueForm(forms.Form):
    reason = forms.ChoiceField(label=_("What went wrong?"), choices=Issue.Reason.choices)
    remedy = forms.ChoiceField(
        label=_("What do you ask the partner to do?"), choices=Issue.Remedy.choices, widget=forms.RadioSelect
    )
    amount = MoneyField(
        label=_("Amount of the partial refund (₹)"),
        required=False,
        help_text=_("Only for a partial refund; at most the agreed price."),
    )
    description = forms.CharField(
        label=_("Describe the problem"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class IssueRespondForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "respond_%s")
        super().__init__(*args, **kwargs)

    ACTIONS = [
        ("accept", _("Accept the seller's request")),
        ("counter", _("Propose another remedy")),
        ("decline", _("Decline")),
    ]
    action = forms.ChoiceField(label=_("Your answer"), choices=ACTIONS, widget=forms.RadioSelect)
    remedy = forms.ChoiceField(
        label=_("Remedy you propose (for a counter-proposal)"),
        choices=[("", "—"), *Issue.Remedy.choices],
        required=False,
    )
    amount = MoneyField(label=_("Amount you propose (₹)"), required=False)
    fulfil_by = forms.DateField(
        label=_("Done by (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    message = forms.CharField(
        label=_("Message to the seller"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decline."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    message = forms.CharField(label=_("Note (optional)"), required=False, max_length=5000)
