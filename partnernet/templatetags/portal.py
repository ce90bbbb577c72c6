"""Template helpers available on every page: INR money and IST dates."""

from zoneinfo import ZoneInfo

from django import template

from partnernet.dates import format_ist
from partnernet.money import format_inr, indian_grouping

__all__ = ["format_inr", "indian_grouping", "inr", "inr0", "ist", "query_replace"]

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
