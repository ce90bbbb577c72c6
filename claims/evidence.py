"""Whether the seller raised the problem with the partner before claiming (DESIGN §7).

A claim filed without an issue carries the seller's statement (`resolution_confirmed`).
A claim made by escalating an issue carries the record instead: the apps above claims
answer `claims.hooks.claim_raised_with_partner` with a sentence that says so.
"""

from __future__ import annotations

from claims.hooks import claim_raised_with_partner
from claims.models import Claim


def raised_with_partner(claim: Claim) -> str | None:
    """The sentence that records it (evidenced, not only stated), or None."""
    for sentence in claim_raised_with_partner.call(claim):
        if sentence:
            return sentence
    return None
