"""Forms of the partner console's guarantee pages (the services do the real validation)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from guarantees.models import ProgrammeRequirement

EXTRA_ROWS_BLANK = 2


class TermsForm(forms.Form):
    """A value for each programme requirement plus the partner's own parameters.

    Field names: `req_<key>` for a requirement, `extra_<n>_label|value|unit` for
    the partner's own rows. Type and floor checks live in the terms service, so
    the web form and the API refuse the same things with the same messages.
    """

    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you commit to, in your own words (optional)."),
    )

    def __init__(self, *args, requirements, extras_initial=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.requirements = list(requirements)
        for req in self.requirements:
            name = f"req_{req.key}"
            help_bits = [req.help_text] if req.help_text else []
            if req.floor is not None:
                floor = format(req.floor.normalize(), "f")
                if req.floor_direction == ProgrammeRequirement.FloorDirection.MAX:
                    help_bits.append(
                        str(_("Programme floor: at most %(floor)s %(unit)s."))
                        % {"floor": floor, "unit": req.unit}
                    )
                else:
                    help_bits.append(
                        str(_("Programme floor: at least %(floor)s %(unit)s."))
                        % {"floor": floor, "unit": req.unit}
                    )
            help_text = " ".join(h.strip() for h in help_bits)
            if req.value_type == ProgrammeRequirement.ValueType.CHOICE:
                field = forms.ChoiceField(
                    label=req.label,
                    required=False,
                    choices=[("", _("Choose…"))] + [(c, c) for c in req.choice_list],
                    help_text=help_text,
                )
            else:
                attrs = {"maxlength": 250}
                if req.is_numeric:
                    attrs["inputmode"] = "decimal" if req.value_type == "decimal" else "numeric"
                field = forms.CharField(
                    label=req.label, required=False, help_text=help_text, widget=forms.TextInput(attrs=attrs)
                )
            field.unit = req.unit
            field.requirement = req
            self.fields[name] = field
        extras = list(extras_initial)
        count = len(extras) + EXTRA_ROWS_BLANK
        if self.is_bound:
            # Keep every row the browser sent (a partner may have added rows with JS).
            posted = [k for k in self.data if k.startswith("extra_") and k.endswith("_label")]
            count = max(count, len(posted))
        self.extra_count = count
        for i in range(count):
            initial = extras[i] if i < len(extras) else {}
            n = i + 1
            self.fields[f"extra_{i}_label"] = forms.CharField(
                label=_("Your parameter %(n)s: name") % {"n": n},
                required=False,
                max_length=120,
                initial=initial.get("label", ""),
            )
            self.fields[f"extra_{i}_value"] = forms.CharField(
                label=_("Your parameter %(n)s: value") % {"n": n},
                required=False,
                max_length=250,
                initial=initial.get("value", ""),
            )
            self.fields[f"extra_{i}_unit"] = forms.CharField(
                label=_("Your parameter %(n)s: unit") % {"n": n},
                required=False,
                max_length=30,
                initial=initial.get("unit", ""),
            )

        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def full_clean(self):
        super().full_clean()
        self.mark_invalid()

    def mark_invalid(self):
        for name in self.errors:
            if name in self.fields and "is-invalid" not in self.fields[name].widget.attrs["class"]:
                self.fields[name].widget.attrs["class"] += " is-invalid"

    def requirement_fields(self):
        return [self[f"req_{req.key}"] for req in self.requirements]

    def extra_rows(self):
        return [
            (self[f"extra_{i}_label"], self[f"extra_{i}_value"], self[f"extra_{i}_unit"])
            for i in range(self.extra_count)
        ]

    def values(self) -> dict[str, str]:
        return {req.key: self.cleaned_data.get(f"req_{req.key}", "") or "" for req in self.requirements}

    def extras(self) -> list[dict]:
        return [
            {
                "label": self.cleaned_data.get(f"extra_{i}_label", ""),
                "value": self.cleaned_data.get(f"extra_{i}_value", ""),
                "unit": self.cleaned_data.get(f"extra_{i}_unit", ""),
            }
            for i in range(self.extra_count)
        ]

    def add_error(self, field, error):
        # Service refusals arrive through partnernet.web.call_service: mark their inputs too.
        super().add_error(field, error)
        self.mark_invalid()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LeadDecisionForm(forms.Form):
    ACTIONS = [
        ("approve", _("Approve (the badge starts)")),
        ("reject", _("Reject")),
        ("suspend", _("Suspend the badge")),
        ("reinstate", _("Reinstate the badge")),
    ]
    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (required to reject or suspend; the partner reads it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("action") in ("reject", "suspend") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason; the partner will read it."))
        return data
