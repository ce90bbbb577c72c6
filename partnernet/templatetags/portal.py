"""Template helpers available on every page: INR money and IST dates."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone

register = template.Library()
IST = ZoneInfo("Asia/Kolkata")


def indian_grouping(digits: str) -> str:
    """12345678 → 1,23,45,678 (the last three digits, then groups of two)."""
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join(groups + [tail])


def format_inr(value, *, symbol: bool = True, decimals: int = 2) -> str:
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    quant = Decimal(1).scaleb(-decimals)
    amount = amount.quantize(quant, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):.{decimals}f}".partition(".")
    text = indian_grouping(whole) + (f".{fraction}" if decimals else "")
    return f"{sign}{'₹' if symbol else ''}{text}"


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

    from django.utils.dateformat import format as date_format

    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    local = timezone.localtime(value, IST)
    return f"{date_format(local, fmt)} IST"


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
