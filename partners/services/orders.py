"""The order lifecycle: request → accept | decline → complete, or cancel before completion.

Every state change locks the order row (`select_for_update`), applies the transition
with `ServiceOrder.transition_to` (an illegal one is an `OrderStateError` a person can
act on) and writes an `OrderEvent` in the same transaction. Completion starts the
30-day claim window; the apps above react through `partners.hooks` (coverage at
acceptance, the feedback e-mail at completion), never by being imported here.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnernet.mail import outbox_enqueue
from partnernet.references import ORDER_PREFIX, reference_next
from partnernet.uploads import check_upload
from partners import people
from partners.claim_window import claim_deadline_for
from partners.errors import NotParty, OrderStateError, RuleBroken
from partners.hooks import order_completed, order_coverage
from partners.models import OrderDocument, OrderEvent, ServiceOffering, ServiceOrder, ServicePartner
from partners.selectors.orders import order_actions, order_get_for_user, order_list_for_user, order_role

if TYPE_CHECKING:
    from django.core.files import File

    from partnernet.users.models import User

Status = ServiceOrder.Status
Kind = OrderEvent.Kind
MAX_DOCUMENTS_PER_ORDER = 20
MAX_PRICE = Decimal("9999999999.99")

# The reads moved to partners.selectors.orders; these names stay importable from here.
__all__ = [
    "OrderStateError",
    "order_accept",
    "order_actions",
    "order_cancel",
    "order_complete",
    "order_decline",
    "order_document_add",
    "order_get_for_user",
    "order_list_for_user",
    "order_request",
    "order_role",
]


def _lock(order: ServiceOrder) -> ServiceOrder:
    return (
        ServiceOrder.objects.select_for_update(of=("self",))
        .select_related("partner", "seller", "requested_by")
        .get(pk=order.pk)
    )


def _require_partner(order: ServiceOrder, user: User) -> None:
    if not people.is_partner_member(user, partner_id=order.partner_id):
        raise NotParty(_("Only the partner's team can do this."))


def _require_party(order: ServiceOrder, user: User) -> str:
    role = people.order_role(user, order)
    if role is None:
        raise NotParty(_("You cannot do this on this order."))
    return role


def _clean_text(value: str, *, field: str, label: str, max_length: int = 5000, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise RuleBroken(_("Please enter the %(label)s.") % {"label": label}, field=field)
    if len(value) > max_length:
        raise RuleBroken(
            _("Keep the %(label)s under %(n)d characters.") % {"label": label, "n": max_length}, field=field
        )
    return value


def _clean_money(value: object, *, field: str, required: bool) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise RuleBroken(_("Please enter an amount in rupees."), field=field)
        return None
    try:
        amount = Decimal(str(value))
    except Exception:
        raise RuleBroken(_("Enter an amount in rupees, like 12500 or 12500.50."), field=field)
    if not amount.is_finite() or amount < 0:
        raise RuleBroken(_("The amount cannot be negative."), field=field)
    exponent = amount.as_tuple().exponent  # an int: the amount is finite
    if amount > MAX_PRICE or (isinstance(exponent, int) and exponent < -2):
        raise RuleBroken(_("Enter rupees with at most two decimal places."), field=field)
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def order_request(
    *,
    seller_user: User,
    partner: ServicePartner,
    offering: ServiceOffering | None,
    scope: str,
    budget: Decimal | str | int | None = None,
) -> ServiceOrder:
    """A seller asks a partner for a service."""
    account = getattr(seller_user, "seller_account", None)
    if account is None:
        raise NotParty(_("Only a seller can request a service. Sign in with your seller account."))
    if not partner.is_listed or not partner.accepting_clients:
        raise RuleBroken(_("This partner is not taking new clients at the moment."), field="partner")
    if people.is_partner_member(seller_user, partner_id=partner.pk):
        raise RuleBroken(_("You cannot order a service from your own partner business."), field="partner")
    if offering is not None and (offering.partner_id != partner.pk or not offering.is_active):
        raise RuleBroken(_("Choose one of this partner's current services."), field="offering")
    scope = _clean_text(scope, field="scope", label=_("scope of services"))
    budget = _clean_money(budget, field="budget", required=False)
    now = timezone.now()
    order = ServiceOrder.objects.create(
        reference=reference_next(prefix=ORDER_PREFIX, moment=now),
        seller=account,
        requested_by=seller_user,
        partner=partner,
        offering=offering,
        scope=scope,
        budget=budget,
        requested_at=now,
    )
    OrderEvent.record(
        order,
        kind=Kind.REQUESTED,
        actor=seller_user,
        data={
            "budget": None if budget is None else str(budget),
            "offering": offering.pk if offering else None,
        },
    )
    return order


def _coverage(partner: ServicePartner, moment: datetime) -> tuple[bool, Any]:
    """(covered, terms) from the app that runs the guarantee (guarantees registers it).

    `terms` is a `guarantees.models.GuaranteeTerms` (or None), a model partners may not import."""
    for covered, terms in order_coverage.call(partner, moment):
        if covered and terms is not None:
            return True, terms
    return False, None


@transaction.atomic
def order_accept(
    *,
    order: ServiceOrder,
    user: User,
    agreed_price: object,
    scope: str | None = None,
    due_on: date | None = None,
) -> ServiceOrder:
    """The partner accepts: price and scope are agreed, coverage is fixed at this moment.

    Coverage is a snapshot (DESIGN §3): the badge at acceptance decides it, and the
    terms current then are linked to the order for good.
    """
    locked = _lock(order)
    _require_partner(locked, user)
    locked.transition_to(Status.ACCEPTED)
    price = _clean_money(agreed_price, field="agreed_price", required=True)
    if scope is not None and scope.strip():
        locked.scope = _clean_text(scope, field="scope", label=_("scope of services"))
    if due_on is not None and due_on < timezone.localdate():
        raise RuleBroken(_("The completion date cannot be in the past."), field="due_on")
    now = timezone.now()
    locked.covered, locked.guarantee_terms = _coverage(locked.partner, now)
    locked.agreed_price = price
    locked.due_on = due_on
    locked.accepted_at = now
    locked.save(
        update_fields=[
            "status",
            "agreed_price",
            "scope",
            "due_on",
            "accepted_at",
            "covered",
            "guarantee_terms",
        ]
    )
    OrderEvent.record(
        locked,
        kind=Kind.ACCEPTED,
        actor=user,
        data={
            "agreed_price": str(price),
            "covered": locked.covered,
            "terms_version": locked.guarantee_terms.version if locked.guarantee_terms else None,
        },
    )
    _notify(locked, "order_accepted", to_seller=True)
    return locked


@transaction.atomic
def order_decline(*, order: ServiceOrder, user: User, reason: str) -> ServiceOrder:
    locked = _lock(order)
    _require_partner(locked, user)
    locked.transition_to(Status.DECLINED)
    locked.close_reason = _clean_text(reason, field="reason", label=_("reason"), max_length=2000)
    locked.declined_at = timezone.now()
    locked.save(update_fields=["status", "close_reason", "declined_at"])
    OrderEvent.record(locked, kind=Kind.DECLINED, actor=user, data={"reason": locked.close_reason})
    _notify(locked, "order_declined", to_seller=True)
    return locked


@transaction.atomic
def order_cancel(*, order: ServiceOrder, user: User, reason: str) -> ServiceOrder:
    """Either side may cancel before completion, saying why."""
    locked = _lock(order)
    role = _require_party(locked, user)
    locked.transition_to(Status.CANCELLED)
    locked.close_reason = _clean_text(reason, field="reason", label=_("reason"), max_length=2000)
    locked.cancelled_at = timezone.now()
    locked.cancelled_by = user
    locked.save(update_fields=["status", "close_reason", "cancelled_at", "cancelled_by"])
    OrderEvent.record(
        locked, kind=Kind.CANCELLED, actor=user, data={"reason": locked.close_reason, "by": role}
    )
    _notify(locked, "order_cancelled", to_seller=role == "partner")
    return locked


@transaction.atomic
def order_complete(*, order: ServiceOrder, user: User, moment: datetime | None = None) -> ServiceOrder:
    """The partner marks the work done. The claim window (30 days, IST) starts now.

    The `order_completed` handlers (claims: the feedback e-mail row) run in this
    transaction; their e-mails go to the broker only after commit, so a rolled-back
    completion sends nothing and a broker that is down does not fail the request.
    """
    locked = _lock(order)
    _require_partner(locked, user)
    locked.transition_to(Status.COMPLETED)
    now = moment or timezone.now()
    locked.completed_at = now
    locked.claim_deadline = claim_deadline_for(now)
    locked.claim_window_open = locked.covered
    locked.save(update_fields=["status", "completed_at", "claim_deadline", "claim_window_open"])
    OrderEvent.record(
        locked, kind=Kind.COMPLETED, actor=user, data={"claim_deadline": locked.claim_deadline.isoformat()}
    )
    order_completed.call(locked)
    return locked


def _notify(order: ServiceOrder, purpose: str, *, to_seller: bool) -> None:
    """A short notice to the other side of a change, written in the caller's transaction."""
    if to_seller:
        to = people.seller_recipients(order.seller, actor=order.requested_by)
    else:
        to = people.partner_recipients(order.partner)
    outbox_enqueue(
        purpose=purpose,
        obj=order,
        to=to,
        template=f"orders/{purpose}",
        context={"order": order, "partner": order.partner},
    )


# --- documents ---------------------------------------------------------------------

DOCUMENT_KINDS = {
    OrderDocument.Kind.INVOICE,
    OrderDocument.Kind.PAYMENT_RECEIPT,
    OrderDocument.Kind.SCOPE,
    OrderDocument.Kind.OTHER,
}


@transaction.atomic
def order_document_add(
    *, order: ServiceOrder, user: User, kind: str, file: File[Any] | None
) -> OrderDocument:
    """Attach an invoice, receipt or scope to an accepted or completed order (either side)."""
    locked = _lock(order)
    _require_party(locked, user)
    if locked.status not in (Status.ACCEPTED, Status.COMPLETED):
        raise OrderStateError(
            _("Documents can be added once the order is accepted; this one is %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    if kind not in DOCUMENT_KINDS:
        raise RuleBroken(_("Choose invoice, payment receipt, scope or other."), field="kind")
    if file is None:
        raise RuleBroken(_("Choose a file to upload."), field="file")
    if locked.documents.count() >= MAX_DOCUMENTS_PER_ORDER:
        raise RuleBroken(
            _("An order can hold at most %(n)d documents.") % {"n": MAX_DOCUMENTS_PER_ORDER}, field="file"
        )
    try:
        checked = check_upload(file)
    except ValidationError as exc:
        raise RuleBroken(" ".join(exc.messages), fields={"file": exc.messages})
    original = (getattr(file, "name", "") or "document").rsplit("/", 1)[-1][:255]
    # Server-made name: the uploader's file name is kept only as a label.
    file.name = f"{uuid.uuid4().hex}.{checked.extension}"
    document = OrderDocument.objects.create(
        order=locked,
        kind=kind,
        file=file,
        original_name=original,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    OrderEvent.record(
        locked, kind=Kind.DOCUMENT_ADDED, actor=user, data={"document": document.pk, "kind": kind}
    )
    return document
