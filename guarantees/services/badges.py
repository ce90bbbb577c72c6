"""The badge: intervals during which a partner's Service Guarantee badge was active."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from guarantees.models import BadgeInterval, GuaranteeTerms
from partners.models import ServicePartner
from partners.selectors import directory_cache_bump

if TYPE_CHECKING:
    from partnernet.users.models import User


def badge_active_at(*, partner: ServicePartner, moment: datetime) -> bool:
    """Whether the partner's badge was active at `moment`, answered from the intervals.

    An interval is half-open, [started_at, ended_at): at the very instant of a
    suspension the badge is already off.
    """
    return BadgeInterval.objects.filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=moment), partner=partner, started_at__lte=moment
    ).exists()


def coverage_snapshot(*, partner: ServicePartner, moment: datetime) -> tuple[bool, GuaranteeTerms | None]:
    """At order acceptance: (covered, the partner's current published terms).

    DESIGN §3: an order is covered when the badge is active at the moment of
    acceptance, and the order keeps a link to the terms version current then.
    The current published terms are returned whether or not the order is
    covered, so the caller can record what the partner had published (the order
    service links them only to covered orders). `covered` is True only when the
    badge is active at `moment` AND published terms exist (a covered order must
    have terms: a database constraint on the order says so).
    """
    terms = GuaranteeTerms.objects.filter(
        partner=partner, is_current=True, status=GuaranteeTerms.Status.PUBLISHED
    ).first()
    covered = terms is not None and badge_active_at(partner=partner, moment=moment)
    return covered, terms


def coverage_for_order(partner: ServicePartner, moment: datetime) -> tuple[bool, GuaranteeTerms | None]:
    """The `partners.hooks.order_coverage` handler (positional arguments, as the hook calls)."""
    return coverage_snapshot(partner=partner, moment=moment)


def badge_open(
    *, partner: ServicePartner, by: User | None = None, at: datetime | None = None
) -> BadgeInterval:
    """Start the badge (the caller holds the partner lock, inside its transaction)."""
    at = at or timezone.now()
    interval = BadgeInterval.objects.filter(partner=partner, ended_at__isnull=True).first()
    if interval is None:
        interval = BadgeInterval.objects.create(partner=partner, started_at=at, started_by=by)
    ServicePartner.objects.filter(pk=partner.pk).update(badge_active=True)
    partner.badge_active = True
    # Directory cards and `guaranteed=1` results are cached: show the badge at once.
    transaction.on_commit(directory_cache_bump)
    return interval


def badge_close(
    *, partner: ServicePartner, reason: str, by: User | None = None, at: datetime | None = None
) -> BadgeInterval | None:
    """End the badge (the caller holds the partner lock, inside its transaction)."""
    at = at or timezone.now()
    interval = BadgeInterval.objects.filter(partner=partner, ended_at__isnull=True).first()
    if interval is not None:
        interval.ended_at = max(at, interval.started_at)
        interval.end_reason = reason
        interval.ended_by = by
        interval.save(update_fields=["ended_at", "end_reason", "ended_by"])
    ServicePartner.objects.filter(pk=partner.pk).update(badge_active=False)
    partner.badge_active = False
    transaction.on_commit(directory_cache_bump)
    return interval
