"""Decisions: a reviewer decides a claim and tells both sides why; on appeal, finally.

An upheld or partially upheld decision is announced to the apps above through
`claims.hooks.claim_settled` (remedies creates the obligation), in this
transaction, after the claim is saved.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.exceptions import ClaimConflict
from claims.hooks import claim_settled
from claims.models import Claim, ClaimEvent, ReasonCode
from claims.services.appeals import check_may_handle_appeal, is_appeal
from claims.services.closing import close_unless_blocked
from claims.services.common import (
    lock_for_review,
    partner_to,
    partner_url,
    require_reviewer,
    seller_to,
    seller_url,
)
from partnernet.business_days import IST, ist_date
from partnernet.mail import outbox_enqueue
from partnernet.money import format_inr
from partnernet.users.models import User

Visibility = ClaimEvent.Visibility
Kind = ClaimEvent.Kind
Status = Claim.Status

DECIDABLE = (
    Status.SUBMITTED,
    Status.UNDER_REVIEW,
    Status.AWAITING_SELLER,
    Status.AWAITING_PARTNER,
    Status.APPEALED,
)
# Outcomes that may owe the seller a remedy.
SETTLING = (Claim.Outcome.UPHELD, Claim.Outcome.PARTIALLY_UPHELD)


class CleanedDecision(TypedDict):
    outcome: str
    remedy: str  # "" for none
    amount: Decimal | None
    reason: ReasonCode
    rationale: str


def _clean_decision(
    claim: Claim,
    outcome: str,
    amount: Decimal | str | None,
    remedy: str | None,
    reason_code: ReasonCode | str | None,
    rationale: str,
) -> CleanedDecision:
    errors: dict[str, str] = {}
    if outcome not in Claim.Outcome.values:
        errors["outcome"] = _("Choose an outcome.")
    remedy = remedy or ""
    if outcome in (Claim.Outcome.UPHELD, Claim.Outcome.PARTIALLY_UPHELD):
        if remedy not in Claim.Remedy.values:
            errors["remedy"] = _("Choose the remedy the seller gets.")
    elif outcome in (Claim.Outcome.REJECTED,):
        if remedy:
            errors["remedy"] = _("A rejected claim carries no remedy.")
        remedy = ""
    elif remedy and remedy not in Claim.Remedy.values:
        errors["remedy"] = _("Choose a remedy from the list.")
    price = claim.agreed_price
    value: Decimal | None = None  # the amount, parsed
    if amount not in ("", None):
        try:
            value = Decimal(str(amount)).quantize(Decimal("0.01"))
        except ArithmeticError:
            errors["amount"] = _("Enter an amount in rupees, e.g. 2500.00.")
    amount = value
    if "amount" not in errors:
        if remedy == Claim.Remedy.FULL_REFUND and amount is None:
            amount = price
        if remedy in (Claim.Remedy.PARTIAL_REFUND, Claim.Remedy.FULL_REFUND):
            if amount is None:
                errors["amount"] = _("Enter the refund amount.")
            elif amount <= 0:
                errors["amount"] = _("The refund must be more than zero.")
            elif price is not None and amount > price:
                errors["amount"] = _("The refund cannot be more than the agreed price (%(price)s).") % {
                    "price": format_inr(price)
                }
        elif amount is not None and not errors.get("remedy"):
            errors["amount"] = _("An amount only goes with a refund.")
    reason = None
    if not reason_code:
        errors["reason_code"] = _("Choose a reason code.")
    else:
        lookup = {"pk": reason_code.pk} if isinstance(reason_code, ReasonCode) else {"code": str(reason_code)}
        reason = ReasonCode.objects.filter(is_active=True, **lookup).first()
        if reason is None:
            active = ReasonCode.objects.filter(is_active=True).order_by("code").values_list("code", flat=True)
            errors["reason_code"] = _("Choose an active reason code from the list: %(codes)s.") % {
                "codes": ", ".join(active)
            }
        elif reason.outcomes and outcome and outcome not in [o.strip() for o in reason.outcomes.split(",")]:
            errors["reason_code"] = _("This reason code does not fit the chosen outcome.")
    rationale = (rationale or "").strip()
    if len(rationale) < 20:
        errors["rationale"] = _(
            "Write the rationale the seller and the partner will read (at least 20 characters)."
        )
    if errors or reason is None:  # no reason code: `errors` says why
        raise ValidationError(errors)
    return {"outcome": outcome, "remedy": remedy, "amount": amount, "reason": reason, "rationale": rationale}


@transaction.atomic
def claim_decide(
    *,
    claim: Claim,
    reviewer: User,
    outcome: str,
    amount: Decimal | str | None,
    remedy: str | None,
    reason_code: ReasonCode | str,
    rationale: str,
    expected_version: int | None,
) -> Claim:
    """Decide a claim (or, on appeal, decide it finally) and tell both sides why."""
    require_reviewer(reviewer)
    locked = lock_for_review(claim, expected_version)
    cleaned = _clean_decision(locked, outcome, amount, remedy, reason_code, rationale)
    if locked.status not in DECIDABLE:
        raise ClaimConflict(
            _("A %(status)s claim cannot be decided.") % {"status": locked.get_status_display().lower()}
        )
    appeal = is_appeal(locked) and not locked.is_final
    check_may_handle_appeal(locked, reviewer)
    now = timezone.now()
    if appeal and not locked.original_outcome:
        locked.original_outcome = locked.outcome
        locked.original_decided_by_id = locked.decided_by_id
    locked.transition_to(Status.DECIDED)
    if locked.first_action_at is None:
        locked.first_action_at = now
    if locked.assigned_to_id is None:
        locked.assigned_to = reviewer
    locked.outcome = cleaned["outcome"]
    locked.decision_remedy = cleaned["remedy"]
    locked.decision_amount = cleaned["amount"]
    locked.decision_reason = cleaned["reason"]
    locked.rationale = cleaned["rationale"]
    locked.decided_at = now
    locked.decided_by = reviewer
    locked.awaiting_due = None
    locked.is_overdue = False
    if appeal:
        locked.is_final = True
        locked.appeal_deadline = None
    else:
        day = ist_date(now) + timedelta(days=settings.APPEAL_WINDOW_DAYS)
        locked.appeal_deadline = datetime.combine(day, time.max, tzinfo=IST)
    locked.save()
    data = {
        "outcome": locked.outcome,
        "remedy": locked.decision_remedy,
        "amount": str(locked.decision_amount) if locked.decision_amount is not None else None,
        "reason_code": cleaned["reason"].code,
        "final": locked.is_final,
    }
    ClaimEvent.record(
        locked,
        kind=Kind.APPEAL_DECIDED if appeal else Kind.DECIDED,
        actor=reviewer,
        visibility=Visibility.BOTH,
        message=locked.rationale,
        data=data,
    )
    context = {"claim": locked, "final": appeal, "reason": cleaned["reason"]}
    purpose = "claim_appeal_decided" if appeal else "claim_decided"
    outbox_enqueue(
        purpose=purpose,
        obj=locked,
        to=seller_to(locked),
        template="review/decided_seller",
        context={**context, "url": seller_url(locked)},
    )
    outbox_enqueue(
        purpose=purpose,
        obj=locked,
        to=partner_to(locked),
        template="review/decided_partner",
        context={**context, "url": partner_url(locked)},
    )
    if locked.outcome in SETTLING:
        claim_settled.call(locked)
    if appeal:
        # A final decision leaves nothing to wait for: the claim closes now (unless an app
        # above keeps it open, e.g. until the remedy is confirmed; the sweep closes it then).
        close_unless_blocked(locked, now, message=_("Closed after the final decision on appeal."))
    return locked
