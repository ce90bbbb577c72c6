"""What the guarantees app calls in the apps above it (handlers registered in their ready()).

See `partnernet/hooks.py`. Each hook says who registers it and what it must return.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from partnernet.hooks import Hook

if TYPE_CHECKING:
    from partners.models import ServicePartner


class ContributedFigures(TypedDict, total=False):
    """The ComplianceSnapshot fields an app above may fill in (remedies: the remedy figures)."""

    remedies_due: int
    remedies_on_time_rate: Decimal | None
    remedies_overdue_90d: int


@dataclass(frozen=True)
class ComplianceContribution:
    """Figures an app above adds to a partner's compliance record, and its threshold.

    `figures` are stored on the snapshot (their keys are ComplianceSnapshot fields);
    `suspension_reason` (or None) suspends the badge like the programme's own
    thresholds; `last_breach_at` is the newest event behind the reason, so that a
    lead's reinstatement forgives what came before it, as it does for upheld claims.
    """

    figures: ContributedFigures = field(default_factory=lambda: ContributedFigures())
    suspension_reason: str | None = None
    last_breach_at: datetime | None = None


# remedies: "remedies honoured on time" and the overdue-remedies threshold (DESIGN §8).
compliance_contributions: Hook[[ServicePartner, datetime], ComplianceContribution] = Hook(
    "guarantees.compliance_contributions", "Extra compliance figures and thresholds for (partner, now)."
)


class ClaimFigures(TypedDict):
    """A partner's claim record over the compliance window (claims computes it)."""

    claims_filed: int
    claims_upheld: int
    claims_upheld_90d: int
    first_response_hours: list[float]
    last_upheld_at: datetime | None


# claims: the claim figures of one partner for the compliance run, given
# (partner, window start, start of the last 90 days, now). No handler: no claims.
compliance_claim_figures: Hook[[ServicePartner, datetime, datetime, datetime], ClaimFigures] = Hook(
    "guarantees.compliance_claim_figures", "Claims filed / upheld against a partner in the window."
)
