"""Forms of the remedy panel: the partner's fulfilment, the seller's dispute, support's note."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnernet.forms import MoneyField


class RefundFulfilForm(forms.Form):
    payment_reference = forms.CharField(
        label=_("Payment reference"),
        max_length=64,
        required=False,
        help_text=_("The UPI or NEFT UTR, or the bank's transaction number."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    amount = MoneyField(label=_("Amount paid (₹)"), required=False)
    paid_on = forms.CharField(
        label=_("Paid on"),
        max_length=20,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("Note for the seller"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class RedoFulfilForm(forms.Form):
    note = forms.CharField(
        label=_("What was redone"),
        max_length=5000,
        required=False,
        help_text=_("Describe the work and where the seller can see it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    document = forms.FileField(
        label=_("Document (optional)"),
        required=False,
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DisputeForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with it"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ConfirmForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class SettleForm(forms.Form):
    note = forms.CharField(
        label=_("Support's note"),
        max_length=5000,
        required=False,
        help_text=_("Both sides read it; the claim can then close."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


def fulfil_form_class(remedy):
    return RefundFulfilForm if remedy.is_refund else RedoFulfilForm
