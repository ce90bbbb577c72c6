"""Forms for the directory filters and the partner console."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnernet.forms import MoneyField
from partnernet.money import format_inr
from partners.models import City, Language, Promotion, ServiceCategory, ServiceOffering, ServicePartner
from partners.selectors import Q_MAX_LENGTH, SORTS, DirectoryParams

SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("rating", _("Highest rated")),
    ("reviews", _("Most reviewed")),
    ("newest", _("Newest")),
    ("price", _("Lowest starting price")),
]
assert [s for s, _label in SORT_CHOICES] == list(SORTS)


class DirectoryFilterForm(forms.Form):
    """Parses the directory's query string. Pages keep the valid fields and drop the rest;
    the API answers 400 naming each invalid field."""

    q = forms.CharField(required=False, label=_("Search"))
    category = forms.CharField(required=False, max_length=60, label=_("Service"))
    city = forms.CharField(required=False, max_length=60, label=_("City"))
    language = forms.CharField(required=False, max_length=10, label=_("Language"))
    guaranteed = forms.BooleanField(required=False, label=_("Guaranteed partners only"))
    min_rating = forms.DecimalField(
        required=False,
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        label=_("Rating"),
    )
    # The starting price filter reads "3,000" or "₹ 1,50,000" as typed.
    price_min = MoneyField(required=False, label=_("From"))
    price_max = MoneyField(required=False, label=_("To"))
    accepting = forms.BooleanField(required=False, label=_("Accepting new clients"))
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, label=_("Sort by"))
    page = forms.IntegerField(required=False, min_value=1, max_value=10**6)

    def __init__(self, data=None, *, options: dict | None = None, **kwargs):
        super().__init__(data, **kwargs)
        self.options = options

    def clean_q(self):
        # A very long query is cut, not refused: the page still answers.
        return " ".join(self.cleaned_data["q"].split())[:Q_MAX_LENGTH]

    def _known(self, name):
        value = self.cleaned_data.get(name, "")
        if value and self.options is not None and value not in self.options[name]:
            raise ValidationError(_("Unknown %(field)s “%(value)s”.") % {"field": name, "value": value[:60]})
        return value

    def clean_category(self):
        return self._known("category")

    def clean_city(self):
        return self._known("city")

    def clean_language(self):
        return self._known("language")

    def clean(self):
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "price_max",
                _("The highest price (%(high)s) must not be below the lowest (%(low)s).")
                % {"high": format_inr(high), "low": format_inr(low)},
            )
        return data

    def params(self) -> DirectoryParams:
        """The valid part of the input (an invalid field counts as not given)."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        data = self.cleaned_data
        return DirectoryParams(
            q=data.get("q") or "",
            category=data.get("category") or "",
            city=data.get("city") or "",
            language=data.get("language") or "",
            guaranteed=bool(data.get("guaranteed")),
            min_rating=data.get("min_rating"),
            price_min=data.get("price_min"),
            price_max=data.get("price_max"),
            accepting=bool(data.get("accepting")),
            sort=data.get("sort") or "relevance",
        )

    def page_number(self) -> int:
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get("page") or 1


# --- Console -------------------------------------------------------------------


class PartnerProfileForm(forms.ModelForm):
    # A bare "kaveri.example" is read as https:// (Django 6's default, chosen now).
    website = forms.URLField(required=False, assume_scheme="https", label=_("Website"))

    class Meta:
        model = ServicePartner
        fields = [
            "name",
            "tagline",
            "description",
            "logo",
            "website",
            "email",
            "phone",
            "founded_year",
            "accepting_clients",
            "categories",
            "cities",
            "languages",
        ]
        labels = {
            "founded_year": _("Year founded"),
            "email": _("Contact e-mail"),
            "phone": _("Contact phone"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "categories": forms.CheckboxSelectMultiple,
            "cities": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = ServiceCategory.objects.order_by("position", "name")
        self.fields["cities"].queryset = City.objects.order_by("name")
        self.fields["languages"].queryset = Language.objects.order_by("name")

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload (ImageField already checked it is an image)
            limit = settings.LOGO_MAX_BYTES
            if logo.size > limit:
                raise ValidationError(
                    _("The logo is %(size).1f MB; the limit is %(limit)d MB.")
                    % {"size": logo.size / 1024 / 1024, "limit": limit // 1024 // 1024}
                )
            image_format = getattr(getattr(logo, "image", None), "format", None)
            if image_format not in ("PNG", "JPEG", "WEBP"):
                raise ValidationError(_("Upload a PNG, JPEG or WebP image."))
        return logo


class OfferingForm(forms.ModelForm):
    price_from = MoneyField(label=_("Starting price (INR)"))

    class Meta:
        model = ServiceOffering
        fields = [
            "title",
            "category",
            "description",
            "price_from",
            "price_unit",
            "turnaround_days",
            "is_active",
        ]
        labels = {"price_from": _("Starting price (INR)"), "turnaround_days": _("Turnaround (days)")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class PromotionForm(forms.ModelForm):
    class Meta:
        model = Promotion
        fields = ["title", "offering", "description", "discount_percent", "starts_on", "ends_on"]
        labels = {"discount_percent": _("Discount (%)"), "starts_on": _("Starts on"), "ends_on": _("Ends on")}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offering"].queryset = ServiceOffering.objects.filter(partner=partner, is_active=True)
        self.fields["offering"].required = False
        if not self.instance.pk:
            self.initial.setdefault("starts_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        return data


class ReviewReplyForm(forms.Form):
    reply = forms.CharField(label=_("Your reply"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
