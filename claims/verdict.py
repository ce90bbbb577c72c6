"""The eligibility rules' answer (claims.eligibility computes it): eligible or not, the
reasons with their stable codes, and the claim deadline. Its own module so that the
refusal that carries it (`claims.exceptions.ClaimNotEligible`) needs nothing of the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TypedDict

from django.utils import timezone

from partnernet.business_days import IST

ORDER_NOT_COMPLETED = "order_not_completed"
MARKETPLACE_NOT_COVERED = "marketplace_not_covered"
PARTNER_NOT_GUARANTEED = "partner_not_guaranteed"
WINDOW_CLOSED = "window_closed"
CLAIM_EXISTS = "claim_exists"
NOT_ORDER_SELLER = "not_order_seller"


class Reason(TypedDict):
    """Why a claim cannot be filed: a stable `code` and its message for people."""

    code: str
    message: str


class EligibilityDict(TypedDict):
    """`Eligibility.as_dict()`: the API body (the deadline in IST, ISO 8601)."""

    eligible: bool
    reasons: list[Reason]
    deadline: str | None


@dataclass
class Eligibility:
    eligible: bool
    reasons: list[Reason] = field(default_factory=list)
    deadline: datetime | None = None

    @property
    def codes(self) -> list[str]:
        return [r["code"] for r in self.reasons]

    def as_dict(self) -> EligibilityDict:
        return {
            "eligible": self.eligible,
            "reasons": [r.copy() for r in self.reasons],
            "deadline": timezone.localtime(self.deadline, IST).isoformat() if self.deadline else None,
        }
