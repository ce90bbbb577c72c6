"""Writes and rules of the Service Guarantee programme."""

from datetime import datetime

from django.db.models import Q

from guarantees.models import BadgeInterval, GuaranteeTerms


def badge_active_at(*, partner, moment: datetime) -> bool:
    """Whether the partner's badge was active at `moment`, answered from the intervals."""
    return BadgeInterval.objects.filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=moment), partner=partner, started_at__lte=moment
    ).exists()


def coverage_snapshot(*, partner, moment: datetime) -> tuple[bool, GuaranteeTerms | None]:
    """At order acceptance: (covered, the current published terms to snapshot on the order).

    Covered only when the badge is active at that moment and published terms exist.
    """
    terms = GuaranteeTerms.objects.filter(
        partner=partner, is_current=True, status=GuaranteeTerms.Status.PUBLISHED
    ).first()
    covered = terms is not None and badge_active_at(partner=partner, moment=moment)
    return covered, (terms if covered else terms)
