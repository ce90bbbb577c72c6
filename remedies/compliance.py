"""Remedies' part of a partner's compliance record (registered on guarantees.hooks)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from guarantees.hooks import ComplianceContribution
from partnernet.business_days import end_of_day_ist, ist_date
from remedies.models import Remedy


def remedy_compliance(partner, now: datetime) -> ComplianceContribution:
    """Remedies that fell due in the trailing window, the share honoured on time (fulfilment
    recorded by the due date and not left in dispute), and the overdue ones in 90 days."""
    since = now - timedelta(days=settings.COMPLIANCE_WINDOW_DAYS)
    since_90 = now - timedelta(days=90)
    today = ist_date(now)
    remedies = Remedy.objects.filter(partner=partner).exclude(status=Remedy.Status.CANCELLED)
    fell_due = remedies.filter(created_at__gt=since, created_at__lte=now).filter(
        Q(due_on__lt=today) | Q(fulfilled_at__isnull=False)
    )
    rows = list(fell_due.values_list("due_on", "fulfilled_at", "overdue_at", "status"))
    on_time = sum(
        1
        for due_on, fulfilled_at, overdue_at, status in rows
        if fulfilled_at is not None
        and overdue_at is None
        and status != Remedy.Status.DISPUTED
        and fulfilled_at <= end_of_day_ist(due_on)
    )
    figures = {"due": len(rows), "on_time": on_time}
    overdue = remedies.filter(overdue_at__gt=since_90, overdue_at__lte=now).aggregate(
        n=Count("pk"), last=Max("overdue_at")
    )
    rate = (
        (Decimal(figures["on_time"]) / Decimal(figures["due"])).quantize(Decimal("0.0001"), ROUND_HALF_UP)
        if figures["due"]
        else None
    )
    threshold = settings.COMPLIANCE_OVERDUE_REMEDIES_IN_90_DAYS
    reason = None
    if overdue["n"] >= threshold:
        reason = _(
            "%(count)s remedies owed to sellers became overdue in the last 90 days; the programme "
            "suspends the badge at %(max)s."
        ) % {"count": overdue["n"], "max": threshold}
    return ComplianceContribution(
        figures={
            "remedies_due": figures["due"],
            "remedies_on_time_rate": rate,
            "remedies_overdue_90d": overdue["n"],
        },
        suspension_reason=reason,
        last_breach_at=overdue["last"],
    )
