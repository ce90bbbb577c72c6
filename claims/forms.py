"""Forms of the seller's and partner's claim pages. The services make the final checks;
these give each field its label, widget and first validation."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, ClaimDocument
from partnernet.forms import MoneyField
from partnernet.money import format_inr


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ClaimDetailsForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What went wrong?"), choices=Claim.Reason.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("Describe the problem"),
        max_length=10000,
        help_text=_("What was agreed, what was delivered, and when. Dates and numbers help."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    resolution_attempt = forms.CharField(
        label=_("How did you raise it with the partner, and how did it go?"),
        max_length=10000,
        help_text=_("For example: e-mailed on 3 Nov, called on 6 Nov, no fix offered."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    resolution_confirmed = forms.BooleanField(
        label=_("I raised this issue with the partner and it was not resolved."),
        error_messages={
            "required": _("Tick this box to confirm you tried to settle it with the partner first.")
        },
    )
    remedy = forms.ChoiceField(
        label=_("What would put it right?"), choices=Claim.Remedy.choices, widget=forms.RadioSelect
    )
    amount = MoneyField(
        label=_("Refund amount (₹)"),
        required=False,
        min_value=Decimal("0.01"),
        help_text=_("Only for a partial refund; no more than the agreed price."),
    )

    def __init__(self, *args, agreed_price=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreed_price = agreed_price
        if agreed_price is not None:
            # The filing service refuses more than the agreed price, naming it; the hint says it first.
            self.fields["amount"].help_text = _(
                "Only for a partial refund; at most %(price)s, the agreed price."
            ) % {"price": format_inr(agreed_price)}

    def clean(self):
        data = super().clean()
        partial = data.get("remedy") == Claim.Remedy.PARTIAL_REFUND
        if partial and not data.get("amount") and "amount" not in self.errors:
            self.add_error("amount", _("Enter the amount of the partial refund."))
        return data


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is it?"), choices=ClaimDocument.Kind.choices)
    file = forms.FileField(
        label=_("File (PDF, PNG or JPEG, up to 10 MB)"),
        allow_empty_file=True,  # the upload check names the rule ("The file is empty.")
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message to support"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class WithdrawForm(VersionMixin):
    reason = forms.CharField(
        label=_("Why are you withdrawing? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AppealForm(VersionMixin):
    statement = forms.CharField(
        label=_("Why should the decision be looked at again?"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    kind = forms.ChoiceField(
        label=_("Supporting document type"),
        choices=ClaimDocument.Kind.choices,
        initial=ClaimDocument.Kind.OTHER,
        required=False,
    )
    file = forms.FileField(
        label=_("Supporting document (optional)"),
        required=False,
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class RespondForm(VersionMixin):
    statement = forms.CharField(
        label=_("Your answer to the claim"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    offer_remedy = forms.ChoiceField(
        label=_("Offer the seller a remedy (optional)"),
        choices=[("", _("No offer"))] + list(Claim.Remedy.choices),
        required=False,
    )
    offer_amount = MoneyField(
        label=_("Refund amount offered (₹)"),
        required=False,
        min_value=Decimal("0.01"),
        help_text=_("For a partial refund."),
    )
    kind = forms.ChoiceField(
        label=_("Document type"),
        choices=ClaimDocument.Kind.choices,
        initial=ClaimDocument.Kind.CORRESPONDENCE,
        required=False,
    )
    file = forms.FileField(
        label=_("Supporting document (optional)"),
        required=False,
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, agreed_price=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agreed_price is not None:
            self.fields["offer_amount"].help_text = _(
                "For a partial refund; at most %(price)s, the agreed price."
            ) % {"price": format_inr(agreed_price)}

    def clean(self):
        data = super().clean()
        partial = data.get("offer_remedy") == Claim.Remedy.PARTIAL_REFUND
        if partial and not data.get("offer_amount") and "offer_amount" not in self.errors:
            self.add_error("offer_amount", _("Enter the refund amount you offer."))
        return data


class OfferAnswerForm(VersionMixin):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)


class InfoAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )


class OnBehalfForm(ClaimDetailsForm):
    """Support files for a seller whose e-mail never came: the claim's fields, why, and the papers."""

    support_note = forms.CharField(
        label=_("Why is support filing for the seller?"),
        max_length=5000,
        help_text=_("For example: the seller phoned on 3 Nov; the feedback e-mail never arrived."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    proof_kind = forms.ChoiceField(
        label=_("Proof of payment type"),
        choices=[
            (ClaimDocument.Kind.INVOICE, ClaimDocument.Kind.INVOICE.label),
            (ClaimDocument.Kind.PAYMENT_RECEIPT, ClaimDocument.Kind.PAYMENT_RECEIPT.label),
        ],
    )
    proof_file = forms.FileField(
        label=_("Invoice or payment receipt (PDF, PNG or JPEG)"),
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    scope_file = forms.FileField(
        label=_("Scope document (needed when the order has no recorded scope)"),
        required=False,
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    resolution_confirmed = forms.BooleanField(
        label=_("The seller says they raised the issue with the partner and it was not resolved."),
        error_messages={"required": _("Confirm what the seller told you about raising it with the partner.")},
    )
