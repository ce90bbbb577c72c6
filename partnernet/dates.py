"""Dates and times as people read them: in IST, with month and day names in the active
language (Django's date format, whose names go through the translation catalogues — never
strftime, whose %b is always English: "9 दिसंबर 2026", not "09 Dec 2026")."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dateformat import format as date_format

IST = ZoneInfo("Asia/Kolkata")


def format_ist(moment: datetime | None, fmt: str = "j M Y, H:i") -> str:
    """A UTC datetime shown in Asia/Kolkata in the active language ("" for None)."""
    if moment is None:
        return ""
    return date_format(timezone.localtime(moment, IST), fmt)
