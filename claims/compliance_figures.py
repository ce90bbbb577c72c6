"""The claim figures the guarantee programme's compliance run asks for (guarantees.hooks)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max

from claims.models import Claim
from guarantees.hooks import ClaimFigures

UPHELD_OUTCOMES = ("upheld", "partially_upheld")


def claim_figures_for_partner(partner, since: datetime, since_90: datetime, now: datetime) -> ClaimFigures:
    claims = Claim.objects.filter(partner=partner, order__covered=True)
    filed = claims.filter(submitted_at__gt=since, submitted_at__lte=now).exclude(status=Claim.Status.DRAFT)
    upheld = claims.filter(outcome__in=UPHELD_OUTCOMES, decided_at__gt=since, decided_at__lte=now)
    responses = [
        (answered - notified).total_seconds() / 3600
        for notified, answered in filed.filter(
            partner_notified_at__isnull=False, partner_responded_at__isnull=False
        ).values_list("partner_notified_at", "partner_responded_at")
        if notified is not None and answered is not None and answered >= notified
    ]
    return {
        "claims_filed": filed.count(),
        "claims_upheld": upheld.count(),
        "claims_upheld_90d": upheld.filter(decided_at__gt=since_90).count(),
        "first_response_hours": responses,
        "last_upheld_at": upheld.aggregate(m=Max("decided_at"))["m"],
    }
