"""Reviewer actions (assign, notes, information requests, findings, decisions, closing).

Owned by the reviewer-workspace work; the seller and partner pages call
`claim_info_answer` to answer an open information request.

Every action follows the same steps (DESIGN §3): lock the claim row, compare the
caller's `expected_version` with the stored one (a stale form or API call gets
`ClaimConflict` and nothing is written), apply the change (a status change goes
through `Claim.transition_to`, which bumps the version; other changes bump it
here so that any change makes older forms stale), write a ClaimEvent in the same
transaction, and queue e-mails in the outbox (sent after commit).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, DateTimeField, F, Q, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.exceptions import ClaimConflict, ReviewerNotAllowed
from claims.models import Claim, ClaimEvent, InformationRequest, ParameterFinding, ReasonCode
from partnernet.business_days import IST, add_business_days, ist_date
from partnernet.mail import outbox_enqueue
from partnernet.templatetags.portal import format_inr

__all__ = [
    "ClaimConflict",
    "ReviewerNotAllowed",
    "claim_assign",
    "claim_close",
    "claim_decide",
    "claim_finding_set",
    "claim_info_answer",
    "claim_info_request",
    "claim_note_add",
    "claim_take_next",
    "claims_close_after_appeal",
    "partner_recipients",
    "queue_urgency",
]

Visibility = ClaimEvent.Visibility
Kind = ClaimEvent.Kind
Status = Claim.Status

# Statuses a reviewer can pick up from the queue (nobody is working on them yet).
TAKEABLE = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.APPEALED)
DECIDABLE = (
    Status.SUBMITTED,
    Status.UNDER_REVIEW,
    Status.AWAITING_SELLER,
    Status.AWAITING_PARTNER,
    Status.APPEALED,
)


# --- helpers -------------------------------------------------------------------


def _lock(claim: Claim, expected_version: int | None) -> Claim:
    """The claim row, locked for this transaction; refuses a stale version."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.status == Status.DRAFT:
        # Drafts are the seller's private work; support never acts on them.
        raise ClaimConflict(_("This claim has not been submitted yet."))
    if expected_version is not None and locked.version != int(expected_version):
        raise ClaimConflict(
            _("Someone else changed this claim while you were looking at it. Reload the page and try again.")
        )
    return locked


def _require_reviewer(user) -> None:
    if not getattr(user, "is_reviewer", False):
        raise ReviewerNotAllowed(_("Only support reviewers can do this."))


def _first_decider_id(claim: Claim) -> int | None:
    """Who made the decision under appeal (E's appeal may or may not have copied it)."""
    return claim.original_decided_by_id or claim.decided_by_id


def _is_appeal(claim: Claim) -> bool:
    return claim.appealed_at is not None or claim.status == Status.APPEALED


def _check_may_handle_appeal(claim: Claim, user) -> None:
    """An appeal goes to a lead who did not make the decision under appeal."""
    if not _is_appeal(claim) or claim.is_final:
        return
    if not user.is_lead:
        raise ReviewerNotAllowed(_("Only a support lead can handle an appeal."))
    if user.pk == _first_decider_id(claim):
        raise ReviewerNotAllowed(
            _("An appeal must be handled by someone other than the person who decided the claim.")
        )


def _touch(claim: Claim, now: datetime) -> list[str]:
    """Mark the first reviewer action (service level) and bump the version."""
    fields = ["version", "updated_at"]
    claim.version += 1
    if claim.first_action_at is None:
        claim.first_action_at = now
        fields.append("first_action_at")
    return fields


def _start_review(claim: Claim, actor, now: datetime) -> bool:
    """A submitted claim becomes under review when a reviewer first acts on it."""
    if claim.status != Status.SUBMITTED:
        return False
    claim.transition_to(Status.UNDER_REVIEW)
    ClaimEvent.record(
        claim,
        kind=Kind.STATUS,
        actor=actor,
        visibility=Visibility.BOTH,
        message=_("A support reviewer is looking at the claim."),
        data={"status": Status.UNDER_REVIEW},
    )
    return True


def partner_recipients(claim: Claim) -> list[str]:
    """The partner's contact address and its owners' addresses."""
    partner = claim.partner
    emails = [partner.email] if partner.email else []
    emails += list(
        partner.memberships.filter(role="owner", user__is_active=True).values_list("user__email", flat=True)
    )
    return emails


def seller_recipients(claim: Claim) -> list[str]:
    return [claim.claimant.email]


def _review_url(claim: Claim) -> str:
    from django.urls import reverse

    return settings.SITE_URL + reverse("claims:review_detail", kwargs={"reference": claim.reference})


def _seller_url(claim: Claim) -> str:
    from django.urls import reverse

    return settings.SITE_URL + reverse("claims:detail", kwargs={"reference": claim.reference})


def _partner_url(claim: Claim) -> str:
    from django.urls import reverse

    return settings.SITE_URL + reverse("claims:console_detail", kwargs={"reference": claim.reference})


def queue_urgency():
    """The moment that matters next for a claim: first action if none yet, else the decision target."""
    return Coalesce(
        Case(
            When(first_action_at__isnull=True, then=F("first_action_due")),
            default=F("decision_due"),
            output_field=DateTimeField(),
        ),
        F("decision_due"),
        F("submitted_at"),
    )


# --- assignment ------------------------------------------------------------------


@transaction.atomic
def claim_assign(*, claim: Claim, reviewer, assignee, expected_version: int | None) -> Claim:
    """Assign (or reassign) a claim; `assignee=None` puts it back in the queue."""
    _require_reviewer(reviewer)
    if assignee is not None and not assignee.is_reviewer:
        raise ValidationError({"assignee": _("Claims can only be assigned to support reviewers.")})
    locked = _lock(claim, expected_version)
    if not locked.is_open:
        raise ClaimConflict(
            _("A %(status)s claim cannot be reassigned.") % {"status": locked.get_status_display().lower()}
        )
    appeal = _is_appeal(locked) and not locked.is_final
    if appeal and assignee is not None and (not assignee.is_lead or assignee.pk == _first_decider_id(locked)):
        raise ValidationError(
            {"assignee": _("An appeal goes to a support lead who did not decide the claim.")}
        )
    now = timezone.now()
    previous = locked.assigned_to
    if previous == assignee:
        return locked
    locked.assigned_to = assignee
    fields = _touch(locked, now) + ["assigned_to"]
    if assignee is not None and _start_review(locked, reviewer, now):
        fields.append("status")
    locked.save(update_fields=fields)
    event = ClaimEvent.record(
        locked,
        kind=Kind.ASSIGNED,
        actor=reviewer,
        visibility=Visibility.INTERNAL,
        message=(
            _("Assigned to %(name)s.") % {"name": assignee.get_full_name()}
            if assignee
            else _("Returned to the queue.")
        ),
        data={"from": previous.pk if previous else None, "to": assignee.pk if assignee else None},
    )
    if assignee is not None and assignee != reviewer:
        outbox_enqueue(
            purpose="review_assigned",
            obj=event,
            to=[assignee.email],
            template="review/assigned",
            context={"claim": locked, "assignee": assignee, "by": reviewer, "url": _review_url(locked)},
        )
    return locked


def claim_take_next(*, reviewer) -> Claim | None:
    """Assign the most urgent unassigned claim to `reviewer`; None when the queue is empty.

    `skip_locked` lets reviewers pressing "Take next" at the same moment each lock a
    different row instead of queueing on (and then all getting) the same one.
    """
    _require_reviewer(reviewer)
    candidates = Claim.objects.filter(status__in=TAKEABLE, assigned_to__isnull=True)
    if reviewer.is_lead:
        # A lead never gets an appeal against their own decision.
        in_appeal = Q(status=Status.APPEALED) | Q(appealed_at__isnull=False, is_final=False)
        candidates = candidates.exclude(
            in_appeal
            & (Q(original_decided_by=reviewer) | Q(original_decided_by__isnull=True, decided_by=reviewer))
        )
    else:
        candidates = candidates.exclude(status=Status.APPEALED).exclude(
            appealed_at__isnull=False, is_final=False
        )
    with transaction.atomic():
        locked = (
            candidates.annotate(urgency=queue_urgency())
            .order_by("-is_overdue", F("urgency").asc(nulls_last=True), "submitted_at", "pk")
            .select_for_update(skip_locked=True, of=("self",))
            .first()
        )
        if locked is None:
            return None
        now = timezone.now()
        locked.assigned_to = reviewer
        fields = _touch(locked, now) + ["assigned_to"]
        if _start_review(locked, reviewer, now):
            fields.append("status")
        locked.save(update_fields=fields)
        ClaimEvent.record(
            locked,
            kind=Kind.ASSIGNED,
            actor=reviewer,
            visibility=Visibility.INTERNAL,
            message=_("Taken from the queue by %(name)s.") % {"name": reviewer.get_full_name()},
            data={"from": None, "to": reviewer.pk, "take_next": True},
        )
    return locked


# --- notes and findings ------------------------------------------------------------


@transaction.atomic
def claim_note_add(*, claim: Claim, reviewer, text: str, expected_version: int | None = None) -> ClaimEvent:
    """An internal note: support only, never shown or sent to the seller or the partner."""
    _require_reviewer(reviewer)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the note.")})
    if len(text) > 5000:
        raise ValidationError({"text": _("A note can be at most 5,000 characters.")})
    locked = _lock(claim, expected_version)
    now = timezone.now()
    fields = _touch(locked, now)
    if _start_review(locked, reviewer, now):
        fields.append("status")
    locked.save(update_fields=fields)
    return ClaimEvent.record(
        locked, kind=Kind.NOTE, actor=reviewer, visibility=Visibility.INTERNAL, message=text
    )


@transaction.atomic
def claim_finding_set(
    *, claim: Claim, reviewer, parameter_id: int, finding: str, note: str = "", expected_version: int | None
) -> ParameterFinding:
    """Record the reviewer's finding on one parameter of the order's terms snapshot."""
    _require_reviewer(reviewer)
    if finding not in ParameterFinding.Finding.values:
        raise ValidationError({"finding": _("Choose met, not met or unclear.")})
    locked = _lock(claim, expected_version)
    if not locked.is_open:
        raise ClaimConflict(_("Findings can only be recorded while the claim is open."))
    terms_id = locked.order.guarantee_terms_id
    from guarantees.models import GuaranteeParameter

    parameter = GuaranteeParameter.objects.filter(pk=parameter_id, terms_id=terms_id).first()
    if parameter is None:
        raise ValidationError(
            {"parameter": _("That parameter is not part of the terms this order was covered by.")}
        )
    now = timezone.now()
    record, created = ParameterFinding.objects.update_or_create(
        claim=locked,
        parameter=parameter,
        defaults={"finding": finding, "note": (note or "").strip(), "reviewer": reviewer, "updated_at": now},
    )
    fields = _touch(locked, now)
    if _start_review(locked, reviewer, now):
        fields.append("status")
    locked.save(update_fields=fields)
    # The event keeps every finding ever recorded, so a changed finding stays in the record.
    ClaimEvent.record(
        locked,
        kind=Kind.FINDING,
        actor=reviewer,
        visibility=Visibility.INTERNAL,
        message=f"{parameter.label}: {record.get_finding_display()}"
        + (f" — {record.note}" if record.note else ""),
        data={"parameter": parameter.key, "finding": finding, "note": record.note, "changed": not created},
    )
    return record


# --- information requests ------------------------------------------------------------


def _default_due(party: str, now: datetime) -> datetime:
    if party == InformationRequest.Party.SELLER:
        # Seven calendar days, to the end of the day in IST (DESIGN §3).
        day = ist_date(now) + timedelta(days=settings.SELLER_RESPONSE_DAYS)
        return datetime.combine(day, time.max, tzinfo=IST)
    return add_business_days(now, settings.PARTNER_RESPONSE_BUSINESS_DAYS)


@transaction.atomic
def claim_info_request(
    *,
    claim: Claim,
    reviewer,
    party: str,
    question: str,
    due_at: datetime | None = None,
    expected_version: int | None,
) -> InformationRequest:
    """Ask the seller or the partner for information; the claim waits for the answer."""
    _require_reviewer(reviewer)
    errors = {}
    if party not in InformationRequest.Party.values:
        errors["party"] = _("Choose the seller or the partner.")
    question = (question or "").strip()
    if not question:
        errors["question"] = _("Write what you need to know.")
    elif len(question) > 5000:
        errors["question"] = _("A question can be at most 5,000 characters.")
    now = timezone.now()
    if due_at is not None and due_at <= now:
        errors["due_at"] = _("The deadline must be in the future.")
    if errors:
        raise ValidationError(errors)
    locked = _lock(claim, expected_version)
    _check_may_handle_appeal(locked, reviewer)
    target = Status.AWAITING_SELLER if party == InformationRequest.Party.SELLER else Status.AWAITING_PARTNER
    if locked.status == Status.SUBMITTED:
        _start_review(locked, reviewer, now)
    locked.transition_to(target)  # refuses a claim that is already waiting, decided or closed
    due = due_at or _default_due(party, now)
    request = InformationRequest.objects.create(
        claim=locked, party=party, question=question, due_at=due, requested_by=reviewer, created_at=now
    )
    locked.awaiting_due = due
    if locked.assigned_to_id is None:
        locked.assigned_to = reviewer
    fields = ["status", "awaiting_due", "assigned_to"]
    if locked.first_action_at is None:
        locked.first_action_at = now
        fields.append("first_action_at")
    locked.save(update_fields=[*fields, "version", "updated_at"])
    visibility = Visibility.SELLER if party == InformationRequest.Party.SELLER else Visibility.PARTNER
    ClaimEvent.record(
        locked,
        kind=Kind.INFO_REQUESTED,
        actor=reviewer,
        visibility=visibility,
        message=question,
        data={"request": request.pk, "party": party, "due_at": due.isoformat()},
    )
    if party == InformationRequest.Party.SELLER:
        to, url = seller_recipients(locked), _seller_url(locked)
    else:
        to, url = partner_recipients(locked), _partner_url(locked)
    outbox_enqueue(
        purpose="claim_info_requested",
        obj=request,
        to=to,
        template=f"review/info_requested_{party}",
        context={"claim": locked, "request": request, "url": url},
    )
    return request


def _party_of(claim: Claim, user) -> str | None:
    if user.seller_memberships.filter(account_id=claim.seller_id).exists():
        return InformationRequest.Party.SELLER
    if user.partner_memberships.filter(partner_id=claim.partner_id).exists():
        return InformationRequest.Party.PARTNER
    return None


@transaction.atomic
def claim_info_answer(*, claim: Claim, user, answer: str) -> InformationRequest:
    """The seller or the partner answers the open request; the claim returns to review."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write your answer.")})
    if len(answer) > 10000:
        raise ValidationError({"answer": _("An answer can be at most 10,000 characters.")})
    locked = _lock(claim, None)
    party = _party_of(locked, user)
    waiting_for = {
        Status.AWAITING_SELLER: InformationRequest.Party.SELLER,
        Status.AWAITING_PARTNER: InformationRequest.Party.PARTNER,
    }.get(locked.status)
    request = None
    if party is not None and party == waiting_for:
        request = (
            InformationRequest.objects.select_for_update()
            .filter(claim=locked, party=party, answered_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
    if request is None:
        raise ClaimConflict(_("There is no open question for you on this claim."))
    now = timezone.now()
    request.answer = answer
    request.answered_at = now
    request.save(update_fields=["answer", "answered_at"])
    locked.transition_to(Status.UNDER_REVIEW)
    locked.awaiting_due = None
    locked.save(update_fields=["status", "awaiting_due", "version", "updated_at"])
    visibility = Visibility.SELLER if party == InformationRequest.Party.SELLER else Visibility.PARTNER
    ClaimEvent.record(
        locked,
        kind=Kind.INFO_PROVIDED,
        actor=user,
        visibility=visibility,
        message=answer,
        data={"request": request.pk, "party": party},
    )
    reviewer = locked.assigned_to or request.requested_by
    if reviewer is not None and reviewer.is_active:
        outbox_enqueue(
            purpose="claim_info_answered",
            obj=request,
            to=[reviewer.email],
            template="review/info_answered",
            context={"claim": locked, "request": request, "url": _review_url(locked)},
        )
    return request


# --- decisions ---------------------------------------------------------------------


def _clean_decision(claim: Claim, outcome, amount, remedy, reason_code, rationale) -> dict:
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
    if amount in ("", None):
        amount = None
    else:
        try:
            amount = Decimal(str(amount)).quantize(Decimal("0.01"))
        except ArithmeticError:
            errors["amount"] = _("Enter an amount in rupees, e.g. 2500.00.")
            amount = None
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
            errors["reason_code"] = _("Choose an active reason code from the list.")
        elif reason.outcomes and outcome and outcome not in [o.strip() for o in reason.outcomes.split(",")]:
            errors["reason_code"] = _("This reason code does not fit the chosen outcome.")
    rationale = (rationale or "").strip()
    if len(rationale) < 20:
        errors["rationale"] = _(
            "Write the rationale the seller and the partner will read (at least 20 characters)."
        )
    if errors:
        raise ValidationError(errors)
    return {"outcome": outcome, "remedy": remedy, "amount": amount, "reason": reason, "rationale": rationale}


@transaction.atomic
def claim_decide(
    *,
    claim: Claim,
    reviewer,
    outcome: str,
    amount: Decimal | str | None,
    remedy: str | None,
    reason_code,
    rationale: str,
    expected_version: int | None,
) -> Claim:
    """Decide a claim (or, on appeal, decide it finally) and tell both sides why."""
    _require_reviewer(reviewer)
    locked = _lock(claim, expected_version)
    cleaned = _clean_decision(locked, outcome, amount, remedy, reason_code, rationale)
    if locked.status not in DECIDABLE:
        raise ClaimConflict(
            _("A %(status)s claim cannot be decided.") % {"status": locked.get_status_display().lower()}
        )
    appeal = _is_appeal(locked) and not locked.is_final
    _check_may_handle_appeal(locked, reviewer)
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
        to=seller_recipients(locked),
        template="review/decided_seller",
        context={**context, "url": _seller_url(locked)},
    )
    outbox_enqueue(
        purpose=purpose,
        obj=locked,
        to=partner_recipients(locked),
        template="review/decided_partner",
        context={**context, "url": _partner_url(locked)},
    )
    if appeal:
        # A final decision leaves nothing to wait for: the claim closes now.
        _close(locked, now, message=_("Closed after the final decision on appeal."))
    return locked


# --- closing -----------------------------------------------------------------------


def _close(locked: Claim, now: datetime, *, message: str) -> None:
    locked.transition_to(Status.CLOSED)
    locked.closed_at = now
    locked.save(update_fields=["status", "closed_at", "version", "updated_at"])
    ClaimEvent.record(locked, kind=Kind.CLOSED, visibility=Visibility.BOTH, message=message)


@transaction.atomic
def claim_close(*, claim: Claim) -> bool:
    """Close one decided claim if its appeal window has ended (or its decision is final)."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    now = timezone.now()
    if locked.status != Status.DECIDED:
        return False
    if locked.is_final:
        _close(locked, now, message=_("Closed after the final decision."))
        return True
    if locked.appeal_deadline is not None and locked.appeal_deadline < now:
        _close(locked, now, message=_("Closed: the appeal window has ended."))
        return True
    return False


def claims_close_after_appeal() -> int:
    """Close decided claims whose appeal window ended, and final decisions. Idempotent."""
    now = timezone.now()
    ids = list(
        Claim.objects.filter(status=Status.DECIDED)
        .filter(Q(is_final=True) | Q(appeal_deadline__lt=now))
        .values_list("pk", flat=True)[:5000]
    )
    closed = 0
    for pk in ids:
        # One short transaction per claim: an appeal filed at the last second wins its own lock.
        closed += claim_close(claim=Claim(pk=pk))
    return closed
