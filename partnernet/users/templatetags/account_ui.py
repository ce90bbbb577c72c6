"""Bootstrap rendering for form fields in the sign-in pages (no inline style: CSP)."""

from django import forms, template

register = template.Library()


@register.filter
def bs(field):
    """Render a bound field's widget with Bootstrap classes and its error wiring."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    attrs = {"class": f"{css} is-invalid" if field.errors else css}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    if field.errors:
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}-errors")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field):
    return isinstance(field.field.widget, forms.CheckboxInput)
