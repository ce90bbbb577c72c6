"""Forms for the order pages; the services re-check every rule."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnernet.forms import InlineRadioSelect, MoneyField
from partnernet.money import format_inr
from partners.models import OrderDocument, ServiceOffering

UPLOAD_TYPES = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


class OrderRequestForm(forms.Form):
    offering = forms.ModelChoiceField(
        label=_("Service"),
        queryset=ServiceOffering.objects.none(),
        required=False,
        empty_label=_("Something else (describe it below)"),
    )
    scope = forms.CharField(
        label=_("What do you need?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The scope of services: what, how much, by when. This becomes the record of the order."),
    )
    budget = MoneyField(
        label=_("Budget (₹)"),
        required=False,
        help_text=_("Optional. For example 25,000 or ₹1,50,000."),
    )

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offering"].queryset = partner.offerings.filter(is_active=True).order_by("title")
        # The page is already the partner's: each option says what it is and what it costs.
        self.fields["offering"].label_from_instance = offering_option_label


def offering_option_label(offering) -> str:
    price = format_inr(offering.price_from)
    if offering.price_unit:
        return _("%(title)s — from %(price)s %(unit)s") % {
            "title": offering.title,
            "price": price,
            "unit": offering.price_unit,
        }
    return _("%(title)s — from %(price)s") % {"title": offering.title, "price": price}


class OrderAcceptForm(forms.Form):
    agreed_price = MoneyField(label=_("Agreed price (₹)"))
    scope = forms.CharField(
        label=_("Agreed scope of services"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    due_on = forms.DateField(
        label=_("Completion date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class OrderDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document type"), choices=OrderDocument.Kind.choices)
    file = forms.FileField(
        label=_("File (PDF, PNG or JPEG, up to 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_TYPES}),
    )


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(i, f"{i} ★") for i in range(5, 0, -1)],
        widget=InlineRadioSelect,
    )
    title = forms.CharField(label=_("Title"), max_length=150, required=False)
    text = forms.CharField(
        label=_("Your review"), min_length=10, max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
