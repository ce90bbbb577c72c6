"""The seller's draft: started (or resumed) after the eligibility check, saved as they type.

A draft carries a private `DR-` reference; nobody but the seller who started it
sees it until it is submitted (`claims.services.submission`).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from claims.eligibility import claim_eligibility
from claims.exceptions import ClaimNotEligible
from claims.models import Claim, ClaimEvent
from claims.services.common import atomic_or_conflict, lock_claim, parse_amount, validate_amount
from partnernet.users.models import User
from partners.models import ServiceOrder
from partners.people import is_seller_member

DRAFT_PREFIX = "DR-"
UNSET: Any = object()


def draft_reference() -> str:
    return DRAFT_PREFIX + secrets.token_hex(6).upper()


def claim_draft_get(*, order: ServiceOrder, user: User) -> Claim | None:
    return Claim.objects.filter(order=order, claimant=user, status=Claim.Status.DRAFT).first()


def claim_draft_start(
    *, order: ServiceOrder, user: User, channel: str = Claim.Channel.WEB, moment: datetime | None = None
) -> Claim:
    """The seller's draft on the order: the existing one (resumed) or a new one.

    Starting is refused with the eligibility reasons; a second start (a double
    click, two tabs) returns the same draft because the database allows one
    live claim per order.
    """
    existing = claim_draft_get(order=order, user=user)
    if existing:
        return existing
    eligibility = claim_eligibility(order=order, claimant=user, moment=moment)
    if not eligibility.eligible:
        raise ClaimNotEligible(eligibility)
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                reference=draft_reference(),
                order=order,
                seller=order.seller,
                partner=order.partner,
                claimant=user,
                filed_by=user,
                channel=channel,
                agreed_price=order.agreed_price,
            )
            ClaimEvent.record(
                claim, kind=ClaimEvent.Kind.DRAFTED, actor=user, visibility=ClaimEvent.Visibility.SELLER
            )
    except IntegrityError:
        existing = claim_draft_get(order=order, user=user)
        if existing:
            return existing
        raise ClaimNotEligible(claim_eligibility(order=order, claimant=user, moment=moment)) from None
    return claim


def claim_draft_update(
    *,
    claim: Claim,
    user: User,
    reason: Any = UNSET,
    description: Any = UNSET,
    resolution_attempt: Any = UNSET,
    resolution_confirmed: Any = UNSET,
    remedy: Any = UNSET,
    amount: Any = UNSET,
) -> Claim:
    """Save what the seller typed so far. Every field may still be blank in a draft.

    Values that are not acceptable at all (an unknown reason, an amount above
    the price) raise a ValidationError naming the field; the other fields of the
    same call are still saved, so that a correction never loses words.
    """
    errors: dict[str, list[str]] = {}
    with atomic_or_conflict():
        locked = lock_claim(claim)
        if locked.status != Claim.Status.DRAFT:
            raise ValidationError(_("This claim has been submitted; it can no longer be edited."))
        if not is_seller_member(user, seller_id=locked.seller_id) or locked.claimant_id != user.pk:
            raise ValidationError(_("Only the seller who started this draft can change it."))
        if reason is not UNSET:
            if reason in ("", None) or reason in Claim.Reason.values:
                locked.reason = reason or ""
            else:
                errors["reason"] = [_("Choose one of the listed reasons.")]
        if description is not UNSET:
            locked.description = (description or "").strip()
        if resolution_attempt is not UNSET:
            locked.resolution_attempt = (resolution_attempt or "").strip()
        if resolution_confirmed is not UNSET:
            locked.resolution_confirmed = bool(resolution_confirmed)
        if remedy is not UNSET:
            if remedy in ("", None) or remedy in Claim.Remedy.values:
                locked.remedy = remedy or ""
            else:
                errors["remedy"] = [_("Choose redo, full refund or partial refund.")]
        if amount is not UNSET:
            try:
                parsed = parse_amount(amount)
                validate_amount(amount=parsed, agreed_price=locked.agreed_price)
                locked.amount = parsed
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if locked.remedy and locked.remedy != Claim.Remedy.PARTIAL_REFUND:
            locked.amount = None
        locked.save()
    if errors:
        raise ValidationError(errors)
    return locked


def claim_draft_create(
    *, order: ServiceOrder, user: User, channel: str = Claim.Channel.WEB, **fields: Any
) -> Claim:
    """Start (or resume) the draft and save the given fields (the API's POST claims/)."""
    claim = claim_draft_start(order=order, user=user, channel=channel)
    if fields:
        claim = claim_draft_update(claim=claim, user=user, **fields)
    return claim
