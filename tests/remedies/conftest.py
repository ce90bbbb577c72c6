"""Remedies: a claim decided for the seller (or an accepted offer) and its remedy."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

import claims.services as claim_services
from claims.hooks import claim_settled
from claims.models import Claim

# The claims services are exported by the package once they are split by workflow; before
# that they live in claims.services.review / .partner.
if hasattr(claim_services, "claim_decide"):
    from claims.services import claim_assign, claim_decide, claim_offer_accept, claim_partner_respond
else:
    from claims.services.partner import claim_offer_accept, claim_partner_respond
    from claims.services.review import claim_assign, claim_decide
from remedies.models import Remedy
from tests import factories as f
from tests.claims.review_support import decide_kwargs

IST = ZoneInfo("Asia/Kolkata")


def ist(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=IST)


def decide(claim: Claim, reviewer, **overrides) -> Claim:
    """Decide through the claims service; the claim_settled hook creates the remedy (called
    here too, idempotently, in case the claims service does not call it yet)."""
    decided = claim_decide(
        claim=claim, reviewer=reviewer, expected_version=None, **decide_kwargs(**overrides)
    )
    claim_settled.call(decided)
    return decided


@pytest.fixture
def world(db, seller, partner_member, reviewer):
    """Seller A's claim against partner X, decided partially upheld: ₹4,000 owed."""
    order = f.completed_order(seller=seller.seller_account, partner=partner_member.partner)
    claim = f.ClaimFactory(order=order)
    decided = decide(claim, reviewer)
    return {
        "seller": seller,
        "partner": partner_member,
        "reviewer": reviewer,
        "claim": decided,
        "remedy": Remedy.objects.get(claim=decided),
    }


__all__ = [
    "claim_assign",
    "claim_decide",
    "claim_offer_accept",
    "claim_partner_respond",
    "decide",
    "ist",
    "world",
]

REFUND = {"payment_reference": "UTR 4021 8876 1123", "amount": Decimal("4000.00"), "paid_on": "2026-12-01"}
