"""What the guarantees app calls in the apps above it (handlers registered in their ready()).

See `partnernet/hooks.py`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, TypedDict

from partnernet.hooks import Hook

if TYPE_CHECKING:
    from partners.models import ServicePartner


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
