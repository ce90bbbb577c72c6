"""Information between the parties and support: messages, questions and their answers.

A message from the seller or the partner is seen by support and its writer's
side only. A reviewer's question puts the claim in `awaiting_seller` or
`awaiting_partner` until that side answers (`claim_info_answer`), which returns
it to review.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.exceptions import ClaimConflict
from claims.models import Claim, ClaimEvent, InformationRequest
from claims.services.appeals import check_may_handle_appeal
from claims.services.common import (
    atomic_or_conflict,
    lock_claim,
    lock_for_review,
    partner_to,
    partner_url,
    require_reviewer,
    review_url,
    seller_to,
    seller_url,
    start_review,
)
from partnernet.business_days import IST, add_business_days, ist_date
from partnernet.mail import outbox_enqueue
from partnernet.users.models import User
from partners.people import party_role

Status = Claim.Status
Visibility = ClaimEvent.Visibility
Kind = ClaimEvent.Kind


def claim_message_add(*, claim: Claim, user: User, text: str) -> ClaimEvent:
    """A message to support from the seller or the partner; each side sees only its own."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a message.")})
    if len(text) > 5000:
        raise ValidationError({"text": _("Keep the message under 5,000 characters.")})
    with atomic_or_conflict():
        locked = lock_claim(claim)
        if locked.status == Status.DRAFT:
            raise ValidationError(_("Submit the claim before writing to support."))
        role = party_role(user, seller_id=locked.seller_id, partner_id=locked.partner_id)
        if role == "seller":
            visibility = Visibility.SELLER
        elif role == "partner":
            visibility = Visibility.PARTNER
        else:
            raise ValidationError(_("You cannot write on this claim."))
        if locked.status in (Status.WITHDRAWN, Status.CLOSED):
            raise ValidationError({"text": _("This claim is closed; messages can no longer be added.")})
        return ClaimEvent.record(locked, kind=Kind.MESSAGE, actor=user, visibility=visibility, message=text)


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
    reviewer: User,
    party: str,
    question: str,
    due_at: datetime | None = None,
    expected_version: int | str | None,
) -> InformationRequest:
    """Ask the seller or the partner for information; the claim waits for the answer."""
    require_reviewer(reviewer)
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
    locked = lock_for_review(claim, expected_version)
    check_may_handle_appeal(locked, reviewer)
    target = Status.AWAITING_SELLER if party == InformationRequest.Party.SELLER else Status.AWAITING_PARTNER
    if locked.status == Status.SUBMITTED:
        start_review(locked, reviewer, now)
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
        to, url = seller_to(locked), seller_url(locked)
    else:
        to, url = partner_to(locked), partner_url(locked)
    outbox_enqueue(
        purpose="claim_info_requested",
        obj=request,
        to=to,
        template=f"review/info_requested_{party}",
        context={"claim": locked, "request": request, "url": url},
    )
    return request


@transaction.atomic
def claim_info_answer(*, claim: Claim, user: User, answer: str) -> InformationRequest:
    """The seller or the partner answers the open request; the claim returns to review."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write your answer.")})
    if len(answer) > 10000:
        raise ValidationError({"answer": _("An answer can be at most 10,000 characters.")})
    locked = lock_for_review(claim, None)
    party = party_role(user, seller_id=locked.seller_id, partner_id=locked.partner_id)
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
            context={"claim": locked, "request": request, "url": review_url(locked)},
        )
    return request
