"""One remedy's life: owed, fulfilled by the partner, confirmed or disputed by the seller.

Each action locks the remedy row, applies one transition of `Remedy.TRANSITIONS`,
saves, writes a RemedyEvent and queues the e-mails, all in one transaction.
Who may act is checked here as well as in the views' scoping: the partner's
members fulfil, the seller's members confirm or dispute, support settles.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from claims.services.closing import claim_close
from partnernet.business_days import add_business_days, ist_date
from partnernet.errors import Conflict, InvalidInput, NotAllowed
from partnernet.money import format_inr, parse_inr
from partnernet.uploads import check_upload
from partners.people import is_partner_member, is_seller_member, is_support
from remedies.models import Remedy, RemedyEvent
from remedies.services.notices import tell_both, tell_partner, tell_seller
from resolution.models import Issue, IssueEvent

if TYPE_CHECKING:
    from django.core.files import File
    from django.db.models import Model

    from claims.models import Claim
    from partnernet.users.models import User
    from partners.models import ServiceOrder

# An amount as the services take it: a Decimal, or what a person typed ("25,000", "₹1,23,456.50").
Amount = Decimal | int | str | None

Status = Remedy.Status
Kind = RemedyEvent.Kind
PAYMENT_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 /._-]{5,63}$")


def remedy_due_on(moment: datetime) -> date:
    """The IST date `REMEDY_DUE_BUSINESS_DAYS` business days after `moment` (weekends and
    support's holidays skipped): decided on a Friday → due on the Tuesday of the week after next."""
    return ist_date(add_business_days(moment, settings.REMEDY_DUE_BUSINESS_DAYS))


def _lock(remedy: Remedy, expected_version: int | str | None = None) -> Remedy:
    locked = Remedy.objects.select_for_update().select_related("order", "partner", "seller").get(pk=remedy.pk)
    if expected_version not in (None, "") and locked.version != int(expected_version):
        raise Conflict(_("This remedy changed while you were looking at it. Reload the page and try again."))
    return locked


def _after_settled(remedy: Remedy, actor: User | None = None) -> None:
    """A confirmed remedy lets its claim close (the claims service checks the appeal
    window) or resolves its issue."""
    if remedy.claim is not None:
        claim_close(claim=remedy.claim)
    else:
        issue_follow_remedy(remedy, actor=actor)


# --- creation ------------------------------------------------------------------------


def _amount_owed(kind: str, amount: Amount, price: Decimal | None) -> Decimal | None:
    if kind == Remedy.Kind.REDO:
        return None
    value = amount if amount not in (None, "") else price
    return Decimal(str(value)).quantize(Decimal("0.01"))


@transaction.atomic
def remedy_create(
    *,
    source: str,
    order: ServiceOrder,
    kind: str,
    amount: Amount = None,
    scope: str = "",
    moment: datetime | None = None,
    claim: Claim | None = None,
    actor: User | None = None,
    **links: Model,
) -> Remedy:
    """Record what is owed (one remedy per claim or issue; a second call returns the first)."""
    if kind not in Remedy.Kind.values:
        raise InvalidInput(_("Choose redo, full refund or partial refund."), field="kind")
    lookup: dict[str, Model] = {"claim": claim} if claim is not None else links
    existing = Remedy.objects.select_for_update().filter(**lookup).first() if lookup else None
    if existing is not None:
        return existing
    moment = moment or timezone.now()
    remedy = Remedy.objects.create(
        source=source,
        claim=claim,
        order=order,
        seller_id=order.seller_id,
        partner_id=order.partner_id,
        kind=kind,
        amount=_amount_owed(kind, amount, order.agreed_price),
        scope=(scope or "").strip(),
        due_on=remedy_due_on(moment),
        created_at=moment,
        **links,
    )
    RemedyEvent.record(
        remedy,
        kind=Kind.CREATED,
        actor=actor,
        message=_("Due by %(day)s.") % {"day": remedy.due_on.strftime("%d %b %Y")},
        data={"kind": kind, "amount": str(remedy.amount) if remedy.amount is not None else None},
    )
    tell_partner(remedy, "remedy_due")
    return remedy


@transaction.atomic
def remedy_revise(*, remedy: Remedy, kind: str, amount: Amount, moment: datetime | None = None) -> Remedy:
    """An appeal changed what is owed: a remedy not yet fulfilled follows the final decision."""
    locked = _lock(remedy)
    new_amount = _amount_owed(kind, amount, locked.order.agreed_price)
    if (locked.kind, locked.amount) == (kind, new_amount):
        return locked
    if locked.status not in (Status.DUE, Status.OVERDUE, Status.DISPUTED):
        raise locked.state_error(_("A remedy whose fulfilment is recorded cannot be revised."))
    before = {"kind": locked.kind, "amount": str(locked.amount) if locked.amount is not None else None}
    locked.kind, locked.amount = kind, new_amount
    locked.due_on = remedy_due_on(moment or timezone.now())
    locked.version += 1
    locked.save(update_fields=["kind", "amount", "due_on", "version", "updated_at"])
    RemedyEvent.record(
        locked,
        kind=Kind.REVISED,
        data={"before": before, "kind": kind, "amount": str(new_amount) if new_amount is not None else None},
    )
    tell_both(locked, "remedy_revised", repeat=locked.version)
    return locked


@transaction.atomic
def remedy_cancel(*, remedy: Remedy, reason: str, actor: User | None = None) -> Remedy:
    """Nothing is owed any more (an appeal overturned the decision)."""
    locked = _lock(remedy)
    if locked.status == Status.CANCELLED:
        return locked
    locked.transition_to(Status.CANCELLED)
    locked.save(update_fields=["status", "version", "updated_at"])
    RemedyEvent.record(locked, kind=Kind.CANCELLED, actor=actor, message=reason)
    tell_both(locked, "remedy_cancelled")
    return locked


# --- the partner records fulfilment ------------------------------------------------------


class RefundFields(TypedDict):
    payment_reference: str
    paid_amount: Decimal | None
    paid_on: date | None


def _clean_refund(
    remedy: Remedy, payment_reference: str | None, amount: Amount, paid_on: date | str | None
) -> RefundFields:
    errors: dict[str, str] = {}
    reference = (payment_reference or "").strip()
    if not reference:
        errors["payment_reference"] = _(
            "Enter the payment reference (the UPI or NEFT UTR, or the bank's transaction number)."
        )
    elif not PAYMENT_REFERENCE.match(reference):
        errors["payment_reference"] = _(
            "A payment reference is 6 to 64 letters, digits, spaces or / . _ - characters."
        )
    paid: Decimal | None = None
    if amount in (None, ""):
        errors["amount"] = _("Enter the amount you paid.")
    else:
        try:
            paid = (amount if isinstance(amount, Decimal) else parse_inr(str(amount))).quantize(
                Decimal("0.01")
            )
        except (ValueError, InvalidOperation, ArithmeticError):
            errors["amount"] = _("Enter the amount in rupees, for example 25,000 or ₹1,23,456.50.")
        else:
            if paid != remedy.amount:
                errors["amount"] = _(
                    "The refund owed is %(owed)s; record a payment of exactly that amount."
                ) % {"owed": format_inr(remedy.amount)}
    day = paid_on if isinstance(paid_on, date) else parse_date(str(paid_on or "")) if paid_on else None
    if paid_on in (None, ""):
        errors["paid_on"] = _("Enter the date of the payment.")
    elif day is None:
        errors["paid_on"] = _("Enter the date as YYYY-MM-DD.")
    elif day > ist_date(timezone.now()):
        errors["paid_on"] = _("The payment date cannot be in the future.")
    if errors:
        first = next(iter(errors))
        raise InvalidInput(errors[first], field=first, fields=errors)
    return {"payment_reference": reference, "paid_amount": paid, "paid_on": day}


@transaction.atomic
def remedy_fulfil(
    *,
    remedy: Remedy,
    user: User,
    payment_reference: str = "",
    amount: Amount = None,
    paid_on: date | str | None = None,
    note: str = "",
    document: File[bytes] | None = None,
    expected_version: int | None = None,
) -> Remedy:
    """The partner records the refund (reference, amount, date) or the redo (a note, a document)."""
    locked = _lock(remedy, expected_version)
    if not is_partner_member(user, partner_id=locked.partner_id):
        raise NotAllowed(_("Only the partner's team can record the fulfilment."))
    note = (note or "").strip()
    if len(note) > 5000:
        raise InvalidInput(_("A note can be at most 5,000 characters."), field="note")
    fields: dict[str, object] = {"note": note}
    if locked.is_refund:
        fields.update(_clean_refund(locked, payment_reference, amount, paid_on))
    elif not note:
        raise InvalidInput(_("Describe what was redone and where the seller can see it."), field="note")
    checked = None
    if document is not None:
        try:
            checked = check_upload(document)
        except ValidationError as exc:
            raise InvalidInput(" ".join(exc.messages), field="document") from None
    locked.transition_to(Status.FULFILLED)  # refuses a confirmed or cancelled remedy
    now = timezone.now()
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.fulfilled_at, locked.fulfilled_by = now, user
    locked.disputed_at, locked.auto_confirm_notice_at = None, None
    if checked is not None and document is not None:
        locked.document.save("fulfilment", document, save=False)
        locked.document_name = (getattr(document, "name", "") or "document")[:255]
        locked.document_type = checked.content_type
        locked.document_sha256 = checked.sha256
    locked.save()
    RemedyEvent.record(
        locked,
        kind=Kind.FULFILLED,
        actor=user,
        message=note,
        data={
            "payment_reference": locked.payment_reference,
            "amount": str(locked.paid_amount) if locked.paid_amount is not None else None,
            "paid_on": locked.paid_on.isoformat() if locked.paid_on else None,
            "document": bool(checked),
        },
    )
    tell_seller(
        locked, "remedy_fulfilled", repeat=locked.version, auto_days=settings.REMEDY_AUTO_CONFIRM_DAYS
    )
    issue_follow_remedy(locked, actor=user)
    return locked


# --- the seller answers -------------------------------------------------------------------


def _require_seller(remedy: Remedy, user: User) -> None:
    if not is_seller_member(user, seller_id=remedy.seller_id):
        raise NotAllowed(_("Only the seller who is owed the remedy can confirm or dispute it."))


@transaction.atomic
def remedy_confirm(*, remedy: Remedy, user: User, expected_version: int | None = None) -> Remedy:
    locked = _lock(remedy, expected_version)
    _require_seller(locked, user)
    if locked.status != Status.FULFILLED:
        raise locked.state_error(_("There is no recorded fulfilment to confirm yet."))
    locked.transition_to(Status.CONFIRMED)
    locked.confirmed_at, locked.confirmed_by = timezone.now(), user
    locked.confirmation = Remedy.Confirmation.SELLER
    locked.save()
    RemedyEvent.record(locked, kind=Kind.CONFIRMED, actor=user)
    tell_partner(locked, "remedy_confirmed")
    _after_settled(locked, actor=user)
    return locked


@transaction.atomic
def remedy_dispute(*, remedy: Remedy, user: User, reason: str, expected_version: int | None = None) -> Remedy:
    locked = _lock(remedy, expected_version)
    _require_seller(locked, user)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say what is wrong with the fulfilment."), field="reason")
    if len(reason) > 5000:
        raise InvalidInput(_("A reason can be at most 5,000 characters."), field="reason")
    if locked.status != Status.FULFILLED:
        raise locked.state_error(_("Only a recorded fulfilment can be disputed."))
    locked.transition_to(Status.DISPUTED)
    locked.disputed_at, locked.dispute_reason = timezone.now(), reason
    locked.save()
    RemedyEvent.record(locked, kind=Kind.DISPUTED, actor=user, message=reason)
    tell_partner(locked, "remedy_disputed", repeat=locked.version)
    return locked


# --- support --------------------------------------------------------------------------------


@transaction.atomic
def remedy_support_settle(
    *, remedy: Remedy, user: User, note: str, expected_version: int | None = None
) -> Remedy:
    """Support settles a remedy with a note (a dispute resolved, an overdue refund paid
    off the portal); its claim may then close."""
    if not is_support(user):
        raise NotAllowed(_("Only support can settle a remedy."))
    note = (note or "").strip()
    if len(note) < 10:
        raise InvalidInput(_("Write the note both sides will read (at least 10 characters)."), field="note")
    locked = _lock(remedy, expected_version)
    locked.transition_to(Status.CONFIRMED)
    locked.confirmed_at, locked.confirmed_by = timezone.now(), user
    locked.confirmation = Remedy.Confirmation.SUPPORT
    locked.save()
    RemedyEvent.record(locked, kind=Kind.SUPPORT_SETTLED, actor=user, message=note)
    tell_both(locked, "remedy_settled", note=note)
    _after_settled(locked, actor=user)
    return locked


def issue_follow_remedy(remedy: Remedy, *, actor: User | None = None) -> None:
    """The issue's own status follows its remedy: fulfilment recorded → fulfilled,
    confirmed → resolved (an event row on the issue, visible to both sides)."""
    if remedy.issue_id is None:
        return
    issue = Issue.objects.select_for_update().get(pk=remedy.issue_id)
    now = timezone.now()
    if remedy.status == Remedy.Status.FULFILLED and issue.can_transition_to(Issue.Status.FULFILLED):
        issue.transition_to(Issue.Status.FULFILLED)
        issue.fulfilled_at = now
        kind = IssueEvent.Kind.FULFILLED
    elif remedy.status == Remedy.Status.CONFIRMED and issue.can_transition_to(Issue.Status.RESOLVED):
        if issue.status == Issue.Status.PARTNER_ACCEPTED:  # settled by support without a fulfilment
            issue.transition_to(Issue.Status.FULFILLED)
        issue.transition_to(Issue.Status.RESOLVED)
        issue.closed_at = now
        kind = IssueEvent.Kind.RESOLVED
    else:
        return
    issue.version += 1
    issue.save(update_fields=["status", "fulfilled_at", "closed_at", "version", "updated_at"])
    IssueEvent.record(issue, kind=kind, actor=actor, data={"remedy_status": remedy.status})
