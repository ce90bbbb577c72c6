"""Submitting a claim: the seller's draft, or support filing on the seller's behalf.

Both re-check eligibility, the required fields and documents and the seller
account's 30-day limit, then give the claim its `CL-YYYY-NNNNNN`, its service
level due dates, its events, and tell both sides.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.eligibility import Eligibility, claim_eligibility
from claims.evidence import raised_with_partner
from claims.exceptions import ClaimIncomplete, ClaimNotEligible, ClaimRateLimited
from claims.models import Claim, ClaimDocument, ClaimEvent
from claims.services.common import (
    atomic_or_conflict,
    check_version,
    lock_claim,
    notify_both_sides,
    parse_amount,
    validate_amount,
)
from claims.services.documents import document_store, documents_missing
from claims.services.drafts import draft_reference
from partnernet.business_days import add_business_days
from partnernet.references import CLAIM_PREFIX, reference_next
from partnernet.users.models import SellerAccount, User
from partners.models import ServiceOrder
from partners.people import is_support


def claim_missing_items(claim: Claim) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not claim.reason:
        errors["reason"] = [_("Choose the reason for the claim.")]
    if not claim.description.strip():
        errors["description"] = [_("Describe what went wrong.")]
    if not claim.resolution_attempt.strip():
        errors["resolution_attempt"] = [_("Say how you raised the issue with the partner and how it went.")]
    if not claim.resolution_confirmed and not raised_with_partner(claim):
        errors["resolution_confirmed"] = [
            _("Confirm that you raised the issue with the partner and it was not resolved.")
        ]
    if not claim.remedy:
        errors["remedy"] = [_("Choose the remedy you ask for.")]
    elif claim.remedy == Claim.Remedy.PARTIAL_REFUND:
        if claim.amount is None:
            errors["amount"] = [_("Enter the amount of the partial refund.")]
        elif claim.agreed_price is not None and claim.amount > claim.agreed_price:
            errors["amount"] = [_("The amount cannot be more than the agreed price.")]
    missing = documents_missing(claim)
    if missing:
        errors["documents"] = [m["message"] for m in missing]
    return errors


def _check_rate_limit(claim: Claim, now: datetime) -> None:
    """At most CLAIMS_PER_SELLER_30_DAYS submitted per seller account in 30 days.

    The account row is locked first, so two drafts of one account submitted at
    the same moment are counted one after the other, never both under the limit.
    """
    SellerAccount.objects.select_for_update().filter(pk=claim.seller_id).first()
    limit = settings.CLAIMS_PER_SELLER_30_DAYS
    recent = Claim.objects.filter(
        seller_id=claim.seller_id, submitted_at__gte=now - timedelta(days=30)
    ).exclude(pk=claim.pk)
    if recent.count() >= limit:
        raise ClaimRateLimited(
            _(
                "Your account has filed %(limit)d claims in the last 30 days, the most allowed. "
                "Please contact support at %(email)s if you need to file another."
            )
            % {"limit": limit, "email": settings.SUPPORT_EMAIL}
        )


def _finish_submission(
    locked: Claim,
    *,
    user: User,
    now: datetime,
    eligibility: Eligibility,
    kind: str,
    visibility_note: str = "",
) -> None:
    """Give the claim its reference, due dates and events, and notify both sides."""
    former = locked.reference
    locked.transition_to(Claim.Status.SUBMITTED)
    locked.reference = reference_next(prefix=CLAIM_PREFIX, moment=now)
    locked.submitted_at = now
    locked.eligibility_at_filing = {
        **eligibility.as_dict(),
        "checked_at": now.isoformat(),
    }
    locked.partner_notified_at = now
    locked.partner_response_due = add_business_days(now, settings.PARTNER_RESPONSE_BUSINESS_DAYS)
    locked.first_action_due = add_business_days(now, settings.FIRST_ACTION_BUSINESS_DAYS)
    locked.decision_due = add_business_days(now, settings.DECISION_TARGET_BUSINESS_DAYS)
    locked.save()
    ClaimEvent.record(
        locked,
        kind=kind,
        actor=user,
        visibility=ClaimEvent.Visibility.BOTH,
        # The draft's reference stays findable, so a retried submit gets the claim back.
        data={"reference": locked.reference, "channel": locked.channel, "draft_reference": former},
    )
    if visibility_note:
        ClaimEvent.record(
            locked,
            kind=ClaimEvent.Kind.NOTE,
            actor=user,
            visibility=ClaimEvent.Visibility.INTERNAL,
            message=visibility_note,
        )
    ClaimEvent.record(
        locked,
        kind=ClaimEvent.Kind.PARTNER_NOTIFIED,
        actor=None,
        visibility=ClaimEvent.Visibility.BOTH,
        data={"partner_response_due": locked.partner_response_due.isoformat()},
    )
    notify_both_sides(locked, seller="claim_submitted_seller", partner="claim_partner_notified")


def claim_submit(
    *, claim: Claim, user: User, expected_version: int | str | None = None, moment: datetime | None = None
) -> Claim:
    """Submit a draft: re-check eligibility, fields and documents; assign CL-YYYY-NNNNNN.

    The row lock makes simultaneous submits of one draft queue up: the first
    submits, the others find it no longer a draft and get the same claim back
    (so a double click is harmless) without a second reference or e-mail.
    """
    now = moment or timezone.now()
    with atomic_or_conflict():
        locked = lock_claim(claim)
        if locked.status == Claim.Status.SUBMITTED and locked.claimant_id == user.pk:
            return locked  # already submitted by an earlier click
        if locked.status != Claim.Status.DRAFT:
            raise ValidationError(
                _("This claim is %(status)s; it cannot be submitted.")
                % {"status": locked.get_status_display().lower()}
            )
        if locked.claimant_id != user.pk:
            raise ValidationError(_("Only the seller who started this draft can submit it."))
        check_version(locked, expected_version)
        eligibility = claim_eligibility(order=locked.order, claimant=user, moment=now)
        if not eligibility.eligible:
            raise ClaimNotEligible(eligibility)
        errors = claim_missing_items(locked)
        if errors:
            raise ClaimIncomplete(errors)
        _check_rate_limit(locked, now)
        _finish_submission(
            locked, user=user, now=now, eligibility=eligibility, kind=ClaimEvent.Kind.SUBMITTED
        )
    return locked


def claim_file_on_behalf(
    *,
    order: ServiceOrder,
    user: User,
    support_note: str,
    reason: str,
    description: str,
    resolution_attempt: str,
    remedy: str,
    amount: Decimal | str | None = None,
    resolution_confirmed: bool = True,
    files: Iterable[tuple[str, Any]] = (),
    moment: datetime | None = None,
) -> Claim:
    """Support files a claim for the order's seller (the e-mail never arrived).

    Same eligibility (with `on_behalf`), same required fields and documents; the
    channel is "support" and `support_note` records why.
    """
    if not is_support(user):
        raise ValidationError(_("Only support staff can file a claim on a seller's behalf."))
    if not (support_note or "").strip():
        raise ValidationError({"support_note": _("Say why support is filing for the seller.")})
    now = moment or timezone.now()
    with atomic_or_conflict():
        eligibility = claim_eligibility(order=order, claimant=user, moment=now, on_behalf=True)
        if not eligibility.eligible:
            raise ClaimNotEligible(eligibility)
        parsed = parse_amount(amount)
        if remedy != Claim.Remedy.PARTIAL_REFUND:
            parsed = None
        validate_amount(amount=parsed, agreed_price=order.agreed_price)
        if reason not in Claim.Reason.values:
            raise ValidationError({"reason": _("Choose one of the listed reasons.")})
        if remedy not in Claim.Remedy.values:
            raise ValidationError({"remedy": _("Choose redo, full refund or partial refund.")})
        try:
            with transaction.atomic():
                claim = Claim.objects.create(
                    reference=draft_reference(),
                    order=order,
                    seller=order.seller,
                    partner=order.partner,
                    claimant=order.seller.owner,
                    filed_by=user,
                    channel=Claim.Channel.SUPPORT,
                    support_note=support_note.strip(),
                    agreed_price=order.agreed_price,
                    reason=reason,
                    description=(description or "").strip(),
                    resolution_attempt=(resolution_attempt or "").strip(),
                    resolution_confirmed=bool(resolution_confirmed),
                    remedy=remedy,
                    amount=parsed,
                )
        except IntegrityError:
            raise ClaimNotEligible(
                claim_eligibility(order=order, claimant=user, moment=now, on_behalf=True)
            ) from None
        for kind, file in files:
            document_store(
                claim=claim, user=user, file=file, kind=kind, party=ClaimDocument.Party.SUPPORT, event=False
            )
        errors = claim_missing_items(claim)
        if errors:
            raise ClaimIncomplete(errors)
        locked = lock_claim(claim)
        _finish_submission(
            locked,
            user=user,
            now=now,
            eligibility=eligibility,
            kind=ClaimEvent.Kind.FILED_ON_BEHALF,
            visibility_note=support_note.strip(),
        )
    return locked
