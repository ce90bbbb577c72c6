"""Template helpers available on every page: INR money and IST dates."""

from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django import template
from django.utils.translation import ngettext

from partnernet.dates import format_ist
from partnernet.money import format_inr, indian_grouping

__all__ = ["format_inr", "indian_grouping", "inr", "inr0", "ist", "quantity", "query_replace"]

register = template.Library()
IST = ZoneInfo("Asia/Kolkata")


@register.filter
def inr(value):
    """₹1,23,456.00"""
    return format_inr(value)


@register.filter
def inr0(value):
    """₹1,23,456 (whole rupees, for cards)"""
    return format_inr(value, decimals=0)


@register.filter
def ist(value, fmt="j M Y, H:i"):
    """A UTC datetime (or its ISO 8601 text, as kept in JSON records) shown in Asia/Kolkata."""
    if not value:
        return ""
    from datetime import datetime

    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return f"{format_ist(value, fmt)} IST"


def _unit_phrases():
    # Units stored with guarantee parameters (plural, English, as the programme names them).
    return {
        "hours": lambda n: ngettext("%(n)s hour", "%(n)s hours", n),
        "days": lambda n: ngettext("%(n)s day", "%(n)s days", n),
        "business days": lambda n: ngettext("%(n)s business day", "%(n)s business days", n),
        "rounds": lambda n: ngettext("%(n)s round", "%(n)s rounds", n),
        "revisions": lambda n: ngettext("%(n)s revision", "%(n)s revisions", n),
    }


@register.filter
def quantity(value, unit=""):
    """A value with its unit, pluralised by the number: "1 round", "2 rounds" (ngettext)."""
    if value in (None, ""):
        return ""
    text = str(value)
    unit = (unit or "").strip()
    if not unit:
        return text
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return f"{text} {unit}"
    phrase = _unit_phrases().get(unit.lower())
    if phrase is None:
        return f"{text} {unit}"
    count = int(number) if number == number.to_integral_value() else 2  # 1.5 days reads as plural
    return phrase(count) % {"n": text}


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some keys replaced (pagination, sort links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()
