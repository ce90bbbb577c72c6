"""What an order's page, list, API and e-mails may say about the Service Guarantee.

The rule (which sellers and which orders a claim can be filed on) belongs to claims'
eligibility function; partners must not import claims, so claims answers through the
`order_cover` hook (registered in `ClaimsConfig.ready()`). With no handler nothing is
promised: an order is shown as not covered rather than covered by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from partners.hooks import order_cover

if TYPE_CHECKING:
    from partners.models import ServiceOrder


@dataclass(frozen=True)
class OrderCover:
    """The order's coverage for its seller, and what the viewer can do about it.

    `applies`: the guarantee applies (the partner's badge was active at acceptance —
    the snapshot `order.covered` — and the seller's marketplace is covered).
    `deadline`: the claim window's end (None unless `applies` and the order is completed).
    `window_open`: a claim is or will become possible (applies, and the deadline, if
    any, has not passed). `can_file`: the viewer may file a claim now (the eligibility
    function's answer for this viewer; only computed when asked for).
    """

    applies: bool = False
    deadline: datetime | None = None
    window_open: bool = False
    can_file: bool = False
    reasons: tuple[str, ...] = ()


NOT_COVERED = OrderCover()


def order_cover_for(
    order: ServiceOrder, viewer: Any = None, *, moment: datetime | None = None, ask_claims: bool = True
) -> OrderCover:
    """The one answer about cover for `order`; `ask_claims=False` skips `can_file` (lists)."""
    for answer in order_cover.call(order, viewer, moment, ask_claims):
        if answer is not None:
            return answer
    return NOT_COVERED
