"""The 30-day claim window's periodic upkeep: closing expired windows and the reminder.

Eligibility is always decided at write time from `claim_deadline`; these only keep
`claim_window_open` (used by pages and lists) and the notices in step.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from claims.models import Claim, FeedbackRequest
from partners.models import Review, ServiceOrder


def claim_windows_close(*, now: datetime | None = None) -> int:
    """Close every window whose deadline has passed, in one UPDATE (no per-row loop)."""
    now = now or timezone.now()
    return ServiceOrder.objects.filter(claim_window_open=True, claim_deadline__lt=now).update(
        claim_window_open=False
    )


def claim_reminder_candidates(*, now: datetime | None = None) -> QuerySet[FeedbackRequest]:
    """Covered orders with at most N days left whose seller has neither reviewed nor claimed."""
    now = now or timezone.now()
    horizon = now + timedelta(days=settings.CLAIM_REMINDER_DAYS_LEFT)
    return (
        FeedbackRequest.objects.filter(
            reminder_sent_at__isnull=True,
            # The queryset form of eligibility.coverage_reasons: the guarantee applies to the seller.
            order__covered=True,
            order__seller__marketplace__in=settings.GUARANTEE_MARKETPLACES,
            order__claim_window_open=True,
            order__claim_deadline__gte=now,
            order__claim_deadline__lte=horizon,
        )
        .exclude(Exists(Review.objects.filter(order_id=OuterRef("order_id"))))
        .exclude(
            Exists(Claim.objects.filter(order_id=OuterRef("order_id")).exclude(status=Claim.Status.WITHDRAWN))
        )
        .select_related("order", "order__partner", "seller")
    )


def claim_reminders_send(*, now: datetime | None = None, limit: int = 5000) -> int:
    """Send the 7-days-left reminder once per order; returns how many were written."""
    from claims.feedback import feedback_reminder_enqueue

    sent = 0
    for feedback in claim_reminder_candidates(now=now).order_by("order__claim_deadline")[:limit]:
        if feedback_reminder_enqueue(feedback=feedback):
            sent += 1
    return sent
