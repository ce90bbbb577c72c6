"""Claim eligibility: one pure function of (order, claimant, moment). See DESIGN §3.

Every entry point (the web form, the e-mail link, the API, support filing on a
seller's behalf, and submit itself) calls `claim_eligibility`, so the rules and
their wording live in one place. "Pure" here means it changes nothing; it reads
the order's live claims and the claimant's memberships from the database, so
that the answer is the one the write would get.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.verdict import (
    CLAIM_EXISTS,
    MARKETPLACE_NOT_COVERED,
    NOT_ORDER_SELLER,
    ORDER_NOT_COMPLETED,
    PARTNER_NOT_GUARANTEED,
    WINDOW_CLOSED,
    Eligibility,
    EligibilityDict,
    Reason,
)
from partnernet.dates import format_ist
from partnernet.users.models import User
from partners.claim_window import claim_deadline_for  # the window's edge lives with the order
from partners.coverage import OrderCover
from partners.people import is_seller_member, seller_account_ids
from partners.preload import MISSING, preload_set, preloaded

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from partners.models import ServiceOrder

# The answer's shape lives in claims.verdict (so the refusals can carry it without
# importing the rules); named here too, where callers have always found it.
__all__ = [
    "CLAIM_EXISTS",
    "MARKETPLACE_NOT_COVERED",
    "NOT_ORDER_SELLER",
    "ORDER_NOT_COMPLETED",
    "PARTNER_NOT_GUARANTEED",
    "WINDOW_CLOSED",
    "Eligibility",
    "EligibilityDict",
    "Reason",
    "claim_deadline_for",
    "claim_eligibility",
    "coverage_reasons",
    "order_cover",
    "orders_preload_claims",
]


def coverage_reasons(order: ServiceOrder) -> list[Reason]:
    """Why the guarantee does not apply to this order for its seller (empty: it applies).

    No query beyond the order's seller: order lists ask this for every row.
    """
    reasons: list[Reason] = []
    if order.seller.marketplace not in settings.GUARANTEE_MARKETPLACES:
        reasons.append(
            {
                "code": MARKETPLACE_NOT_COVERED,
                "message": _("The Service Guarantee covers sellers on the %(marketplaces)s marketplace only.")
                % {"marketplaces": ", ".join(settings.GUARANTEE_MARKETPLACES)},
            }
        )
    if not order.covered:
        reasons.append(
            {
                "code": PARTNER_NOT_GUARANTEED,
                "message": _(
                    "This order is not covered: the partner did not carry the Service Guarantee badge "
                    "when it accepted the order."
                ),
            }
        )
    return reasons


def order_cover(
    order: ServiceOrder,
    viewer: User | AnonymousUser | None = None,
    moment: datetime | None = None,
    ask_claims: bool = True,
) -> OrderCover:
    """The order's coverage for its seller: what every page, e-mail and API field says.

    Registered on `partners.hooks.order_cover`. The deadline is only given where the
    guarantee applies, so no page promises "claims accepted until" to a seller who cannot
    claim. `can_file` is `claim_eligibility`'s answer for `viewer`, right now.
    """
    moment = moment or timezone.now()
    not_applying = coverage_reasons(order)
    if not_applying:
        return OrderCover(applies=False, reasons=tuple(r["code"] for r in not_applying))
    deadline = claim_deadline_for(order.completed_at) if order.completed_at else None
    window_open = deadline is None or moment <= deadline
    if order.status in (order.Status.CANCELLED, order.Status.DECLINED):
        window_open = False
    can_file = False
    completed = order.status == order.Status.COMPLETED
    if ask_claims and completed and window_open and isinstance(viewer, User) and viewer.is_authenticated:
        can_file = claim_eligibility(order=order, claimant=viewer, moment=moment).eligible
    return OrderCover(applies=True, deadline=deadline, window_open=window_open, can_file=can_file)


def claim_eligibility(
    *, order: ServiceOrder, claimant: User, moment: datetime | None = None, on_behalf: bool = False
) -> Eligibility:
    """Whether `claimant` may file a claim on `order` at `moment` (default: now).

    With `on_behalf=True` the caller is support filing for the order's seller, so
    the claimant need not be a member of the seller account. The window is
    computed from the order's completion moment, never from the sweep's
    `claim_window_open` flag, so a late sweep cannot let a claim through.
    The seller's own draft on the order does not block (it is resumed).
    """
    from claims.models import Claim

    moment = moment or timezone.now()
    reasons: list[Reason] = []

    def add(code: str, message: str) -> None:
        reasons.append({"code": code, "message": message})

    deadline = claim_deadline_for(order.completed_at) if order.completed_at else None

    if not on_behalf and not _is_order_seller(order, claimant):
        add(NOT_ORDER_SELLER, _("Only the seller who placed this order can file a claim on it."))
    if order.status != order.Status.COMPLETED or order.completed_at is None:
        add(
            ORDER_NOT_COMPLETED,
            _("The order is not completed yet. A claim can be filed once the partner marks it completed."),
        )
    reasons.extend(coverage_reasons(order))
    if deadline is not None and moment > deadline:
        add(
            WINDOW_CLOSED,
            _("The claim window closed on %(deadline)s IST (%(days)d days after completion).")
            % {
                "deadline": format_ist(deadline),
                "days": settings.CLAIM_WINDOW_DAYS,
            },
        )
    claims = preloaded(order, "claims")
    if claims is MISSING:
        claims = list(
            Claim.objects.filter(order_id=order.pk)
            .exclude(status=Claim.Status.WITHDRAWN)
            .values_list("status", "claimant_id")
        )
    if any(status != Claim.Status.DRAFT for status, _claimant in claims):
        add(CLAIM_EXISTS, _("A claim has already been filed for this order."))
    else:
        # Only someone else's draft blocks: the claimant's own is resumed.
        mine = None if on_behalf else getattr(claimant, "pk", None)
        if any(claimant_id != mine or mine is None for _status, claimant_id in claims):
            add(
                CLAIM_EXISTS,
                _(
                    "A claim on this order has already been started (a draft). "
                    "It must be finished or discarded first."
                ),
            )

    return Eligibility(eligible=not reasons, reasons=reasons, deadline=deadline)


def _is_order_seller(order: ServiceOrder, claimant: User) -> bool:
    viewer = preloaded(order, "viewer_seller_accounts")
    if viewer is not MISSING and viewer[0] == getattr(claimant, "pk", None):
        return order.seller_id in viewer[1]
    return is_seller_member(claimant, seller_id=order.seller_id)


def orders_preload_claims(orders: list[ServiceOrder], viewer: User | AnonymousUser | None) -> None:
    """`partners.hooks.order_list_preload`: the live claims of a page of orders, and the
    viewer's seller accounts, in two queries (what `claim_eligibility` asks per order)."""
    from claims.models import Claim

    by_order: dict[int, list[tuple[str, int | None]]] = {order.pk: [] for order in orders}
    rows = (
        Claim.objects.filter(order_id__in=list(by_order))
        .exclude(status=Claim.Status.WITHDRAWN)
        .values_list("order_id", "status", "claimant_id")
    )
    for order_id, status, claimant_id in rows:
        by_order[order_id].append((status, claimant_id))
    member = viewer if isinstance(viewer, User) else None
    accounts = (getattr(member, "pk", None), set(seller_account_ids(member)))
    for order in orders:
        preload_set(order, "claims", by_order[order.pk])
        preload_set(order, "viewer_seller_accounts", accounts)
