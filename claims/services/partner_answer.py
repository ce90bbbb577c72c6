"""The partner's answer to a claim, an offer of a remedy, and the seller's reply to it.

The programme's first recourse is a settlement between the two: if the seller
accepts the partner's offer, the claim is decided `resolved_with_partner`. That
outcome is final (the seller chose it, so there is nothing to appeal): the appeal
window ends at the decision, and the periodic sweep closes it. The apps above
hear of the settlement through `claims.hooks.claim_settled`.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.hooks import claim_settled
from claims.models import Claim, ClaimDocument, ClaimEvent
from claims.services.common import (
    atomic_or_conflict,
    check_version,
    email_context,
    lock_claim,
    notify_both_sides,
    parse_amount,
    partner_to,
    seller_to,
    validate_amount,
)
from claims.services.documents import document_store
from partnernet.mail import outbox_enqueue
from partnernet.users.models import User
from partners.people import is_partner_member, is_seller_member


def claim_partner_respond(
    *,
    claim: Claim,
    user: User,
    statement: str,
    offer_remedy: str | None = None,
    offer_amount: Decimal | str | None = None,
    files: Iterable[tuple[str, Any]] = (),
    expected_version: int | str | None = None,
) -> Claim:
    """The partner answers the claim, optionally offering a remedy (redo or a refund)."""
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError({"statement": _("Write your answer to the claim.")})
    offer_remedy = offer_remedy or ""
    if offer_remedy and offer_remedy not in Claim.Remedy.values:
        raise ValidationError({"offer_remedy": _("Choose redo, full refund or partial refund.")})
    amount = parse_amount(offer_amount) if offer_remedy == Claim.Remedy.PARTIAL_REFUND else None
    if offer_remedy == Claim.Remedy.PARTIAL_REFUND and amount is None:
        raise ValidationError({"offer_amount": _("Enter the refund amount you offer.")})
    now = timezone.now()
    with atomic_or_conflict():
        locked = lock_claim(claim)
        if locked.status == Claim.Status.DRAFT or not is_partner_member(user, partner_id=locked.partner_id):
            raise ValidationError(_("Only the partner on the order can answer this claim."))
        check_version(locked, expected_version)
        if not locked.is_open:
            raise ValidationError(
                _("This claim is %(status)s; it can no longer be answered.")
                % {"status": locked.get_status_display().lower()}
            )
        validate_amount(amount=amount, agreed_price=locked.agreed_price, field="offer_amount")
        first = locked.partner_responded_at is None
        if first:
            locked.partner_responded_at = now
        if offer_remedy:
            if offer_remedy == Claim.Remedy.FULL_REFUND:
                amount = locked.agreed_price
            locked.offer_status = Claim.OfferStatus.PENDING
            locked.offer_remedy = offer_remedy
            locked.offer_amount = amount
            locked.offer_note = statement
            locked.offer_made_at = now
        locked.version += 1
        locked.save()
        ClaimEvent.record(
            locked,
            kind=ClaimEvent.Kind.PARTNER_RESPONDED,
            actor=user,
            visibility=ClaimEvent.Visibility.BOTH,
            message=statement,
        )
        if offer_remedy:
            ClaimEvent.record(
                locked,
                kind=ClaimEvent.Kind.OFFER_MADE,
                actor=user,
                visibility=ClaimEvent.Visibility.BOTH,
                data={"remedy": offer_remedy, "amount": str(amount) if amount is not None else None},
            )
        for kind, file in files:
            document_store(claim=locked, user=user, file=file, kind=kind, party=ClaimDocument.Party.PARTNER)
        ctx = {**email_context(locked), "statement": statement, "offered": bool(offer_remedy)}
        # One notice per answer: the purpose carries the version so a later answer e-mails again.
        outbox_enqueue(
            purpose=f"claim_partner_responded:{locked.version}",
            obj=locked,
            to=seller_to(locked),
            template="claims/claim_partner_responded",
            context=ctx,
        )
    return locked


def _pending_offer_for_seller(claim: Claim, user: User, expected_version: int | str | None) -> Claim:
    locked = lock_claim(claim)
    if not is_seller_member(user, seller_id=locked.seller_id) or locked.status == Claim.Status.DRAFT:
        raise ValidationError(_("Only the seller can answer the partner's offer."))
    check_version(locked, expected_version)
    if locked.offer_status != Claim.OfferStatus.PENDING:
        raise ValidationError(_("There is no open offer from the partner on this claim."))
    if not locked.is_open or locked.status == Claim.Status.APPEALED:
        raise ValidationError(
            _("This claim is %(status)s; the offer can no longer be accepted.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def claim_offer_accept(*, claim: Claim, user: User, expected_version: int | str | None = None) -> Claim:
    """The seller accepts the partner's offer: decided `resolved_with_partner`, final."""
    now = timezone.now()
    with atomic_or_conflict():
        locked = _pending_offer_for_seller(claim, user, expected_version)
        locked.transition_to(Claim.Status.DECIDED)
        locked.offer_status = Claim.OfferStatus.ACCEPTED
        locked.outcome = Claim.Outcome.RESOLVED_WITH_PARTNER
        locked.decided_at = now
        locked.decision_remedy = locked.offer_remedy
        locked.decision_amount = locked.offer_amount
        locked.rationale = _("The seller accepted the partner's offer.")
        # Nothing to appeal: the window ends now, and the sweep closes the claim.
        locked.appeal_deadline = now
        locked.is_final = True
        locked.save()
        ClaimEvent.record(
            locked,
            kind=ClaimEvent.Kind.OFFER_ACCEPTED,
            actor=user,
            visibility=ClaimEvent.Visibility.BOTH,
            data={
                "remedy": locked.offer_remedy,
                "amount": str(locked.offer_amount) if locked.offer_amount else None,
            },
        )
        ClaimEvent.record(
            locked,
            kind=ClaimEvent.Kind.DECIDED,
            actor=user,
            visibility=ClaimEvent.Visibility.BOTH,
            message=locked.rationale,
            data={"outcome": locked.outcome},
        )
        claim_settled.call(locked)
        notify_both_sides(
            locked, seller="claim_offer_accepted_seller", partner="claim_offer_accepted_partner"
        )
    return locked


def claim_offer_decline(
    *, claim: Claim, user: User, note: str = "", expected_version: int | str | None = None
) -> Claim:
    """The seller declines the offer; the claim carries on with support."""
    with atomic_or_conflict():
        locked = _pending_offer_for_seller(claim, user, expected_version)
        locked.offer_status = Claim.OfferStatus.DECLINED
        locked.version += 1
        locked.save()
        ClaimEvent.record(
            locked,
            kind=ClaimEvent.Kind.OFFER_DECLINED,
            actor=user,
            visibility=ClaimEvent.Visibility.BOTH,
            message=(note or "").strip(),
        )
        outbox_enqueue(
            purpose=f"claim_offer_declined:{locked.version}",
            obj=locked,
            to=partner_to(locked),
            template="claims/claim_offer_declined",
            context=email_context(locked),
        )
    return locked
