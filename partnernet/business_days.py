"""Business days for service levels: Monday to Friday in IST, minus support's holidays."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

IST = ZoneInfo("Asia/Kolkata")


def holidays_between(start: date, end: date) -> set[date]:
    from partnernet.models import Holiday

    return set(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True))


def is_business_day(day: date, holidays: set[date] | None = None) -> bool:
    if day.weekday() >= 5:
        return False
    if holidays is None:
        holidays = holidays_between(day, day)
    return day not in holidays


def add_business_days(moment: datetime, days: int) -> datetime:
    """The end (23:59:59.999999 IST) of the `days`-th business day after `moment`'s IST date.

    Notified on Friday → 5 business days → due at the end of the next Friday
    (or later, skipping holidays).
    """
    local = timezone.localtime(moment, IST).date()
    holidays = holidays_between(local, local + timedelta(days=days * 3 + 30))
    current = local
    counted = 0
    while counted < days:
        current += timedelta(days=1)
        if is_business_day(current, holidays):
            counted += 1
    return end_of_day_ist(current)


def end_of_day_ist(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=IST)


def ist_date(moment: datetime) -> date:
    return timezone.localtime(moment, IST).date()
