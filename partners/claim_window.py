"""The claim window's edge: a pure date rule, set on an order when it is completed."""

from datetime import datetime, time, timedelta

from django.conf import settings

from partnernet.business_days import IST, ist_date


def claim_deadline_for(completed_at: datetime) -> datetime:
    """The end of the 30th calendar day after the completion date, in Asia/Kolkata.

    Completed 2026-11-01 15:00 IST → 2026-12-01 23:59:59.999999 IST.
    """
    day = ist_date(completed_at) + timedelta(days=settings.CLAIM_WINDOW_DAYS)
    return datetime.combine(day, time.max, tzinfo=IST)
