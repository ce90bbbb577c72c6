"""The one form vocabulary: how every form field renders, and the one rupee amount field.

`PortalFormRenderer` (settings.FORM_RENDERER) renders every form of the portal, allauth's
included: `{{ form }}` through `templates/forms/form.html` (the error summary, then each
field) and `{{ field.as_field_group }}` through `templates/forms/field.html` (label above,
the widget with Bootstrap classes, help text, errors next to the field). `PortalBoundField`
gives each widget its classes and its `aria-describedby` / `aria-invalid`, so the forms and
templates stay plain.

`MoneyField` is every money input (budget, agreed price, claim, offer and decision amounts,
offering prices, the directory's price filter): it reads what people type ("3,000",
"1,23,456.50", "₹ 9,998") with `partnernet.money.parse_inr` and refuses in sentences that
show amounts the Indian way ("The amount must be at least ₹1.00").
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from partnernet.money import format_inr, parse_inr

# A multiple choice with more options than this is a checkbox grid with a filter box.
GRID_MIN_CHOICES = 7

_CHOICE_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


class InlineRadioSelect(forms.RadioSelect):
    """Radio buttons side by side (short choices such as a 1–5 rating)."""

    inline = True


class PortalBoundField(BoundField):
    """A bound field that knows how the portal draws it."""

    @property
    def widget_kind(self) -> str:
        """hidden, checkbox, choices (radio buttons / checkboxes in a fieldset), select, file or input."""
        widget = self.field.widget
        if widget.is_hidden:
            return "hidden"
        if isinstance(widget, _CHOICE_WIDGETS):
            return "choices"
        if isinstance(widget, forms.CheckboxInput):
            return "checkbox"
        if isinstance(widget, forms.Select):
            return "select"
        if isinstance(widget, forms.FileInput):
            return "file"
        return "input"

    @property
    def is_grid(self) -> bool:
        return isinstance(self.field.widget, forms.CheckboxSelectMultiple) and (
            len(self.subwidgets) >= GRID_MIN_CHOICES
        )

    @property
    def is_inline(self) -> bool:
        return bool(getattr(self.field.widget, "inline", False))

    @property
    def unit(self) -> str:
        return getattr(self.field, "unit", "") or ""

    @property
    def help_id(self) -> str:
        return f"{self.auto_id}_helptext"

    @property
    def errors_id(self) -> str:
        return f"{self.auto_id}-errors"

    @property
    def anchor_id(self) -> str:
        """The element the error summary links to (the first option of a choice group)."""
        if self.widget_kind == "choices":
            return f"{self.auto_id}_0"
        return self.id_for_label or self.auto_id

    @property
    def aria_describedby(self) -> str | None:
        if self.field.widget.attrs.get("aria-describedby") or not self.auto_id:
            return None
        ids = []
        if self.help_text:
            ids.append(self.help_id)
        if self.errors:
            ids.append(self.errors_id)
        return " ".join(ids) or None

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden or type(widget).__module__.startswith("django.contrib.admin"):
            return attrs
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        classes = (attrs.get("class") or widget.attrs.get("class") or "").split()
        for name in (css, "is-invalid" if self.errors else None):
            if name and name not in classes:
                classes.append(name)
        attrs["class"] = " ".join(classes)
        return attrs


class PortalFormRenderer(TemplatesSetting):
    """Forms and fields from the project's templates (settings.FORM_RENDERER)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = PortalBoundField


class MoneyInput(forms.TextInput):
    """A text box, not type=number: browsers refuse "3,000" and "₹ 9,998" in a number box."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class MoneyField(forms.DecimalField):
    """An amount in rupees as people type it; the value is a Decimal with two places."""

    widget = MoneyInput
    default_error_messages = {
        "invalid": _("Enter the amount in rupees, for example 25,000 or ₹1,23,456.50."),
        "min_value": _("The amount must be at least %(limit)s."),
        "max_value": _("The amount must be at most %(limit)s."),
        "too_precise": _("Enter at most two decimal places (paise)."),
        "too_large": _("The amount must be less than %(limit)s."),
    }

    def __init__(self, *, min_value=Decimal("0"), max_value=None, max_digits=12, decimal_places=2, **kwargs):
        # Limits are checked here (with amounts in ₹ in the message), not by Django's validators.
        self.money_min = None if min_value is None else Decimal(str(min_value))
        self.money_max = None if max_value is None else Decimal(str(max_value))
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)
        self.validators = []

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int | float):
            return Decimal(str(value))
        text = str(value).strip()
        # A minus sign is read (and then refused by the lower limit, which names the amount).
        negative = text.startswith(("-", "−"))
        try:
            amount = parse_inr(text[1:] if negative else text)
            return -amount if negative else amount
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if -value.as_tuple().exponent > self.decimal_places:
            raise ValidationError(self.error_messages["too_precise"], code="too_precise")
        ceiling = Decimal(10) ** (self.max_digits - self.decimal_places)
        if abs(value) >= ceiling:
            raise ValidationError(
                self.error_messages["too_large"], code="too_large", params={"limit": format_inr(ceiling)}
            )
        if self.money_min is not None and value < self.money_min:
            raise ValidationError(
                self.error_messages["min_value"],
                code="min_value",
                params={"limit": format_inr(self.money_min)},
            )
        if self.money_max is not None and value > self.money_max:
            raise ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": format_inr(self.money_max)},
            )

    def widget_attrs(self, widget):
        # No min/max/step attributes: they belong to number boxes.
        return forms.Field.widget_attrs(self, widget)
