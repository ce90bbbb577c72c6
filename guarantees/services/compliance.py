"""Compliance: each enrolled partner's guarantee record over the trailing window (DESIGN §3).

`compliance_recompute` is what the nightly task runs. It is idempotent: a second
run with nothing new neither writes another snapshot nor suspends again.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal, TypedDict, get_args
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from guarantees.hooks import ClaimFigures, compliance_claim_figures, compliance_contributions
from guarantees.models import ComplianceSnapshot, Enrollment, EnrollmentEvent
from partners.models import ServiceOrder, ServicePartner

logger = logging.getLogger(__name__)
IST = ZoneInfo("Asia/Kolkata")
NO_CLAIMS: ClaimFigures = {
    "claims_filed": 0,
    "claims_upheld": 0,
    "claims_upheld_90d": 0,
    "first_response_hours": [],
    "last_upheld_at": None,
}
# The figures a snapshot stores (ComplianceSnapshot fields), in this order.
FigureField = Literal[
    "window_days",
    "completed_covered_orders",
    "claims_filed",
    "claims_upheld",
    "claims_upheld_90d",
    "upheld_rate",
    "on_time_rate",
    "median_first_response_hours",
    "remedies_due",
    "remedies_on_time_rate",
    "remedies_overdue_90d",
]
FIGURE_FIELDS: tuple[FigureField, ...] = get_args(FigureField)


class Figures(TypedDict):
    """One partner's compliance figures at a moment (`compliance_compute`)."""

    window_days: int
    completed_covered_orders: int
    claims_filed: int
    claims_upheld: int
    claims_upheld_90d: int
    upheld_rate: Decimal | None
    on_time_rate: Decimal | None
    median_first_response_hours: Decimal | None
    last_upheld_at: datetime | None
    remedies_due: int
    remedies_on_time_rate: Decimal | None
    remedies_overdue_90d: int
    # (reason, newest event behind it) of each app above whose threshold is crossed
    contributed_reasons: list[tuple[str, datetime | None]]


class RecomputeResult(TypedDict):
    partners: int
    suspended: int
    failed: int


def _ratio(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _end_of_day_ist(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=IST)


def compliance_compute(*, partner: ServicePartner, now: datetime | None = None) -> Figures:
    """The figures for one partner at `now` (no writes).

    The order figures are read here; the claim figures come from the claims app through
    the `compliance_claim_figures` hook (claims sits above guarantees).
    """
    now = now or timezone.now()
    window_days: int = settings.COMPLIANCE_WINDOW_DAYS
    since = now - timedelta(days=window_days)
    since_90 = now - timedelta(days=90)

    orders = list(
        ServiceOrder.objects.filter(
            partner=partner,
            covered=True,
            status=ServiceOrder.Status.COMPLETED,
            completed_at__gt=since,
            completed_at__lte=now,
        ).values_list("completed_at", "due_on")
    )
    # `completed_at` is never None here (the filter above); `due_on` may be.
    with_due = [(done, due) for done, due in orders if done is not None and due is not None]
    on_time = sum(1 for done, due in with_due if done <= _end_of_day_ist(due))

    claims = next(iter(compliance_claim_figures.call(partner, since, since_90, now)), NO_CLAIMS)
    upheld_count = claims["claims_upheld"]
    responses = claims["first_response_hours"]
    median = (
        Decimal(str(statistics.median(responses))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if responses
        else None
    )
    figures: Figures = {
        "window_days": window_days,
        "completed_covered_orders": len(orders),
        "claims_filed": claims["claims_filed"],
        "claims_upheld": upheld_count,
        "claims_upheld_90d": claims["claims_upheld_90d"],
        "upheld_rate": _ratio(upheld_count, len(orders)),
        "on_time_rate": _ratio(on_time, len(with_due)),
        "median_first_response_hours": median,
        "last_upheld_at": claims["last_upheld_at"],
        "remedies_due": 0,
        "remedies_on_time_rate": None,
        "remedies_overdue_90d": 0,
        "contributed_reasons": [],
    }
    # The apps above add their figures and thresholds (remedies); reasons are kept apart.
    reasons: list[tuple[str, datetime | None]] = []
    for contribution in compliance_contributions.call(partner, now):
        extra = contribution.figures
        if "remedies_due" in extra:
            figures["remedies_due"] = extra["remedies_due"]
        if "remedies_on_time_rate" in extra:
            figures["remedies_on_time_rate"] = extra["remedies_on_time_rate"]
        if "remedies_overdue_90d" in extra:
            figures["remedies_overdue_90d"] = extra["remedies_overdue_90d"]
        if contribution.suspension_reason:
            reasons.append((contribution.suspension_reason, contribution.last_breach_at))
    figures["contributed_reasons"] = reasons
    return figures


def suspension_reason(figures: Figures) -> str | None:
    """Why the figures cross a programme threshold, or None (the thresholds are settings)."""
    min_orders: int = settings.COMPLIANCE_MIN_ORDERS
    max_rate = Decimal(str(settings.COMPLIANCE_MAX_UPHELD_RATE))
    max_90: int = settings.COMPLIANCE_UPHELD_IN_90_DAYS
    orders = figures["completed_covered_orders"]
    rate = figures["upheld_rate"]
    if orders >= min_orders and rate is not None and rate >= max_rate:
        return _(
            "%(upheld)s of %(orders)s completed covered orders in the last %(days)s days had a claim "
            "upheld (%(rate)s %%); the programme allows less than %(max)s %% once a partner has "
            "%(min)s or more orders."
        ) % {
            "upheld": figures["claims_upheld"],
            "orders": orders,
            "days": figures["window_days"],
            "rate": (rate * 100).quantize(Decimal("0.1")),
            "max": (max_rate * 100).quantize(Decimal("0.1")),
            "min": min_orders,
        }
    if figures["claims_upheld_90d"] >= max_90:
        return _(
            "%(count)s claims were upheld against you in the last 90 days; the programme suspends the "
            "badge at %(max)s."
        ) % {"count": figures["claims_upheld_90d"], "max": max_90}
    return None


def _public(figures: Mapping[str, object]) -> dict[str, Any]:
    """JSON-safe figures for an event row and the e-mail (rates also as percentages)."""
    data: dict[str, Any] = {
        k: (str(v) if isinstance(v, Decimal) else v.isoformat() if isinstance(v, datetime) else v)
        for k, v in figures.items()
        if k != "contributed_reasons"
    }
    for rate, percent in (
        ("upheld_rate", "upheld_percent"),
        ("on_time_rate", "on_time_percent"),
        ("remedies_on_time_rate", "remedies_on_time_percent"),
    ):
        value = figures.get(rate)  # a Decimal, or None
        data[percent] = str((value * 100).quantize(Decimal("0.1"))) if isinstance(value, Decimal) else None
    return data


@transaction.atomic
def compliance_update_partner(
    *, partner: ServicePartner, now: datetime | None = None
) -> tuple[ComplianceSnapshot, bool]:
    """Store the partner's figures and suspend automatically when a threshold is crossed.

    Returns (the latest snapshot, whether this run suspended the badge). A lead's
    reinstatement counts as having weighed every upheld claim decided before it,
    so only a claim upheld after the reinstatement can suspend the badge again.
    """
    from guarantees.services.enrollment import enrollment_suspend

    now = now or timezone.now()
    locked = ServicePartner.objects.select_for_update().get(pk=partner.pk)
    figures = compliance_compute(partner=locked, now=now)
    stored: dict[str, object] = {k: figures[k] for k in FIGURE_FIELDS}

    latest = ComplianceSnapshot.objects.filter(partner=locked, is_latest=True).first()
    if latest is None or any(getattr(latest, k) != v for k, v in stored.items()):
        ComplianceSnapshot.objects.filter(partner=locked, is_latest=True).update(is_latest=False)
        latest = ComplianceSnapshot.objects.create(partner=locked, computed_at=now, is_latest=True, **stored)

    suspended = False
    enrollment = Enrollment.objects.filter(partner=locked).first()
    reason = suspension_reason(figures)
    candidates = ([(reason, figures["last_upheld_at"])] if reason else []) + figures["contributed_reasons"]
    if candidates and enrollment is not None and enrollment.status == Enrollment.Status.APPROVED:
        reinstated_at = enrollment.events.filter(kind=EnrollmentEvent.Kind.REINSTATED).aggregate(
            m=Max("created_at")
        )["m"]
        live = [
            text
            for text, last in candidates
            if reinstated_at is None or (last is not None and last > reinstated_at)
        ]
        if live:
            enrollment_suspend(
                enrollment=enrollment, reason=" ".join(live), automatic=True, figures=_public(figures)
            )
            suspended = True
    return latest, suspended


def compliance_recompute(*, now: datetime | None = None) -> RecomputeResult:
    """Recompute every enrolled partner (approved or suspended); a failure is logged, not fatal."""
    now = now or timezone.now()
    partner_ids = list(
        Enrollment.objects.filter(status__in=[Enrollment.Status.APPROVED, Enrollment.Status.SUSPENDED])
        .order_by("partner_id")
        .values_list("partner_id", flat=True)
    )
    result: RecomputeResult = {"partners": 0, "suspended": 0, "failed": 0}
    for partner_id in partner_ids:
        try:
            _snapshot, suspended = compliance_update_partner(partner=ServicePartner(pk=partner_id), now=now)
        except Exception:
            logger.exception("compliance recompute failed for partner %s", partner_id)
            result["failed"] += 1
            continue
        result["partners"] += 1
        result["suspended"] += int(suspended)
    return result
