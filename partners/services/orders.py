"""The order lifecycle: request → accept | decline → complete, or cancel before completion.

Every state change locks the order row (`select_for_update`), checks the
transition against `ServiceOrder.TRANSITIONS` and refuses an illegal one with a
message a person can act on. Completion starts the 30-day claim window and
sends the feedback e-mail after the transaction commits.

The reads that scope orders to the caller (`order_list_for_user`,
`order_get_for_user`) live here too, so the one rule "a seller sees its
account's orders, a partner member its partner's" is written once.
"""

import uuid
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partnernet.references import ORDER_PREFIX, reference_next
from partnernet.uploads import check_upload
from partners.models import OrderDocument, ServiceOffering, ServiceOrder, ServicePartner

Status = ServiceOrder.Status
MAX_DOCUMENTS_PER_ORDER = 20
MAX_PRICE = Decimal("9999999999.99")


class OrderStateError(ValidationError):
    """The order is not in a state that allows this action."""


# --- reads ---------------------------------------------------------------------


def order_list_for_user(*, user) -> QuerySet[ServiceOrder]:
    """The orders `user` may see: its seller account's, and its partner's. Nothing else."""
    if not user or not user.is_authenticated:
        return ServiceOrder.objects.none()
    scope = Q(pk__in=[])
    seller_ids = list(user.seller_memberships.values_list("account_id", flat=True))
    partner_ids = list(user.partner_memberships.values_list("partner_id", flat=True))
    if seller_ids:
        scope |= Q(seller_id__in=seller_ids)
    if partner_ids:
        scope |= Q(partner_id__in=partner_ids)
    return (
        ServiceOrder.objects.filter(scope)
        .select_related("partner", "offering", "seller", "guarantee_terms")
        .order_by("-requested_at", "-pk")
    )


def order_get_for_user(*, user, reference: str) -> ServiceOrder:
    """One order the caller may see, or ServiceOrder.DoesNotExist (a 404: never a 403)."""
    return order_list_for_user(user=user).get(reference=reference)


def order_role(*, order: ServiceOrder, user) -> str | None:
    """'seller' or 'partner' (the side `user` acts for on this order), or None."""
    if not user or not user.is_authenticated:
        return None
    if user.seller_memberships.filter(account_id=order.seller_id).exists():
        return "seller"
    if user.partner_memberships.filter(partner_id=order.partner_id).exists():
        return "partner"
    return None


def order_actions(*, order: ServiceOrder, user) -> set[str]:
    """What `user` may do to `order` now (drives the buttons and the API's refusals)."""
    role = order_role(order=order, user=user)
    actions: set[str] = set()
    if role is None:
        return actions
    if role == "partner" and order.status == Status.REQUESTED:
        actions |= {"accept", "decline"}
    if role == "partner" and order.status == Status.ACCEPTED:
        actions.add("complete")
    if order.status in (Status.REQUESTED, Status.ACCEPTED):
        actions.add("cancel")
    if order.status in (Status.ACCEPTED, Status.COMPLETED):
        actions.add("upload")
    if role == "seller" and order.status == Status.COMPLETED and not hasattr(order, "review"):
        actions.add("review")
    return actions


# --- writes ----------------------------------------------------------------------


def _lock(order: ServiceOrder) -> ServiceOrder:
    return (
        ServiceOrder.objects.select_for_update(of=("self",))
        .select_related("partner", "seller", "requested_by")
        .get(pk=order.pk)
    )


def _require_transition(order: ServiceOrder, new_status: str) -> None:
    if not order.can_transition_to(new_status):
        raise OrderStateError(
            _("This order is %(current)s, so it cannot be %(new)s.")
            % {"current": order.get_status_display().lower(), "new": Status(new_status).label.lower()},
            code="invalid_transition",
        )


def _require_role(order: ServiceOrder, user, *roles: str) -> str:
    if roles == ("partner",):  # the common case: one query, not two
        if user.partner_memberships.filter(partner_id=order.partner_id).exists():
            return "partner"
        raise PermissionDenied(_("Only the partner's team can do this."))
    role = order_role(order=order, user=user)
    if role not in roles:
        raise PermissionDenied(_("You cannot do this on this order."))
    return role


def _clean_text(value: str, *, field: str, label: str, max_length: int = 5000, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Please enter the %(label)s.") % {"label": label}})
    if len(value) > max_length:
        raise ValidationError(
            {field: _("Keep the %(label)s under %(n)d characters.") % {"label": label, "n": max_length}}
        )
    return value


def _clean_money(value, *, field: str, required: bool) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("Please enter an amount in rupees.")})
        return None
    try:
        amount = Decimal(str(value))
    except Exception:
        raise ValidationError({field: _("Enter an amount in rupees, like 12500 or 12500.50.")})
    if not amount.is_finite() or amount < 0:
        raise ValidationError({field: _("The amount cannot be negative.")})
    if amount > MAX_PRICE or amount.as_tuple().exponent < -2:
        raise ValidationError({field: _("Enter rupees with at most two decimal places.")})
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def order_request(
    *, seller_user, partner: ServicePartner, offering: ServiceOffering | None, scope: str, budget=None
) -> ServiceOrder:
    """A seller asks a partner for a service."""
    account = getattr(seller_user, "seller_account", None)
    if account is None:
        raise PermissionDenied(_("Only a seller can request a service. Sign in with your seller account."))
    if not partner.is_listed or not partner.accepting_clients:
        raise ValidationError({"partner": _("This partner is not taking new clients at the moment.")})
    if seller_user.partner_memberships.filter(partner=partner).exists():
        raise ValidationError({"partner": _("You cannot order a service from your own partner business.")})
    if offering is not None and (offering.partner_id != partner.pk or not offering.is_active):
        raise ValidationError({"offering": _("Choose one of this partner's current services.")})
    scope = _clean_text(scope, field="scope", label=_("scope of services"))
    budget = _clean_money(budget, field="budget", required=False)
    now = timezone.now()
    return ServiceOrder.objects.create(
        reference=reference_next(prefix=ORDER_PREFIX, moment=now),
        seller=account,
        requested_by=seller_user,
        partner=partner,
        offering=offering,
        scope=scope,
        budget=budget,
        requested_at=now,
    )


@transaction.atomic
def order_accept(
    *, order: ServiceOrder, user, agreed_price, scope: str | None = None, due_on: date | None = None
) -> ServiceOrder:
    """The partner accepts: price and scope are agreed, coverage is fixed at this moment.

    Coverage is a snapshot (DESIGN §3): the badge at acceptance decides it, and the
    terms current then are linked to the order for good.
    """
    from guarantees.services import coverage_snapshot

    locked = _lock(order)
    _require_role(locked, user, "partner")
    _require_transition(locked, Status.ACCEPTED)
    price = _clean_money(agreed_price, field="agreed_price", required=True)
    if scope is not None and scope.strip():
        locked.scope = _clean_text(scope, field="scope", label=_("scope of services"))
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The completion date cannot be in the past.")})
    now = timezone.now()
    covered, terms = coverage_snapshot(partner=locked.partner, moment=now)
    locked.status = Status.ACCEPTED
    locked.agreed_price = price
    locked.due_on = due_on
    locked.accepted_at = now
    locked.covered = bool(covered and terms is not None)
    locked.guarantee_terms = terms if locked.covered else None
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
    _notify(locked, "order_accepted", to_seller=True)
    return locked


@transaction.atomic
def order_decline(*, order: ServiceOrder, user, reason: str) -> ServiceOrder:
    locked = _lock(order)
    _require_role(locked, user, "partner")
    _require_transition(locked, Status.DECLINED)
    locked.close_reason = _clean_text(reason, field="reason", label=_("reason"), max_length=2000)
    locked.status = Status.DECLINED
    locked.declined_at = timezone.now()
    locked.save(update_fields=["status", "close_reason", "declined_at"])
    _notify(locked, "order_declined", to_seller=True)
    return locked


@transaction.atomic
def order_cancel(*, order: ServiceOrder, user, reason: str) -> ServiceOrder:
    """Either side may cancel before completion, saying why."""
    locked = _lock(order)
    role = _require_role(locked, user, "seller", "partner")
    _require_transition(locked, Status.CANCELLED)
    locked.close_reason = _clean_text(reason, field="reason", label=_("reason"), max_length=2000)
    locked.status = Status.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.cancelled_by = user
    locked.save(update_fields=["status", "close_reason", "cancelled_at", "cancelled_by"])
    _notify(locked, "order_cancelled", to_seller=role == "partner")
    return locked


@transaction.atomic
def order_complete(*, order: ServiceOrder, user, moment=None) -> ServiceOrder:
    """The partner marks the work done. The claim window (30 days, IST) starts now.

    The feedback e-mail row is written in this transaction and handed to the
    broker only after commit, so a rolled-back completion sends nothing and a
    broker that is down does not fail the request (the relay sends it later).
    """
    from claims.eligibility import claim_deadline_for
    from claims.feedback import feedback_request_create

    locked = _lock(order)
    _require_role(locked, user, "partner")
    _require_transition(locked, Status.COMPLETED)
    now = moment or timezone.now()
    locked.status = Status.COMPLETED
    locked.completed_at = now
    locked.claim_deadline = claim_deadline_for(now)
    locked.claim_window_open = locked.covered
    locked.save(update_fields=["status", "completed_at", "claim_deadline", "claim_window_open"])
    feedback_request_create(order=locked)
    return locked


def _notify(order: ServiceOrder, purpose: str, *, to_seller: bool) -> None:
    """A short notice to the other side of a change, written in the caller's transaction."""
    from partnernet.mail import outbox_enqueue

    if to_seller:
        to = [order.requested_by.email]
    else:
        to = list(order.partner.members.values_list("email", flat=True)) or [order.partner.email]
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
def order_document_add(*, order: ServiceOrder, user, kind: str, file) -> OrderDocument:
    """Attach an invoice, receipt or scope to an accepted or completed order (either side)."""
    locked = _lock(order)
    _require_role(locked, user, "seller", "partner")
    if locked.status not in (Status.ACCEPTED, Status.COMPLETED):
        raise OrderStateError(
            _("Documents can be added once the order is accepted; this one is %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    if kind not in DOCUMENT_KINDS:
        raise ValidationError({"kind": _("Choose invoice, payment receipt, scope or other.")})
    if file is None:
        raise ValidationError({"file": _("Choose a file to upload.")})
    if locked.documents.count() >= MAX_DOCUMENTS_PER_ORDER:
        raise ValidationError(
            {"file": _("An order can hold at most %(n)d documents.") % {"n": MAX_DOCUMENTS_PER_ORDER}}
        )
    try:
        checked = check_upload(file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages})
    original = (getattr(file, "name", "") or "document").rsplit("/", 1)[-1][:255]
    # Server-made name: the uploader's file name is kept only as a label.
    file.name = f"{uuid.uuid4().hex}.{checked.extension}"
    return OrderDocument.objects.create(
        order=locked,
        kind=kind,
        file=file,
        original_name=original,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
