"""Appeals: the seller may appeal a decision once, within APPEAL_WINDOW_DAYS.

The appeal goes to a support lead who did not make the decision under appeal;
every reviewer action on an appealed claim checks that (`check_may_handle_appeal`).
The decision on appeal is final (`claims.services.decisions`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.exceptions import ReviewerNotAllowed
from claims.models import Claim, ClaimDocument, ClaimEvent
from claims.services.common import atomic_or_conflict, check_version, lock_claim, notify_both_sides
from claims.services.documents import document_store
from partnernet.business_days import add_business_days
from partnernet.dates import format_ist
from partnernet.users.models import LEADS_GROUP, User
from partners.people import is_seller_member

Status = Claim.Status


def first_decider_id(claim: Claim) -> int | None:
    """Who made the decision under appeal."""
    return claim.original_decided_by_id or claim.decided_by_id


def is_appeal(claim: Claim) -> bool:
    return claim.appealed_at is not None or claim.status == Status.APPEALED


def check_may_handle_appeal(claim: Claim, user: User) -> None:
    """An appeal goes to a lead who did not make the decision under appeal."""
    if not is_appeal(claim) or claim.is_final:
        return
    if not user.is_lead:
        raise ReviewerNotAllowed(_("Only a support lead can handle an appeal."))
    if user.pk == first_decider_id(claim):
        raise ReviewerNotAllowed(
            _("An appeal must be handled by someone other than the person who decided the claim.")
        )


def _appeal_lead(exclude_user_id: int | None) -> User | None:
    """The lead with the fewest open assigned claims who did not make the decision."""
    leads = User.objects.filter(groups__name=LEADS_GROUP, is_active=True, is_staff=True)
    if exclude_user_id is not None:
        leads = leads.exclude(pk=exclude_user_id)
    return (
        leads.annotate(
            open_count=Count("assigned_claims", filter=Q(assigned_claims__status__in=Claim.OPEN_STATUSES))
        )
        .order_by("open_count", "pk")
        .first()
    )


def claim_appeal(
    *,
    claim: Claim,
    user: User,
    statement: str,
    files: Iterable[tuple[str, Any]] = (),
    expected_version: int | str | None = None,
) -> Claim:
    """Appeal a decision once, within APPEAL_WINDOW_DAYS; routed to a different lead."""
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError({"statement": _("Say why the decision should be looked at again.")})
    now = timezone.now()
    with atomic_or_conflict():
        locked = lock_claim(claim)
        if not is_seller_member(user, seller_id=locked.seller_id):
            raise ValidationError(_("Only the seller can appeal this decision."))
        check_version(locked, expected_version)
        if locked.status != Status.DECIDED:
            raise ValidationError(_("Only a decided claim can be appealed."))
        if locked.appealed_at is not None or locked.is_final:
            raise ValidationError(_("This decision is final; a claim can be appealed only once."))
        if locked.outcome == Claim.Outcome.RESOLVED_WITH_PARTNER:
            raise ValidationError(_("You accepted the partner's offer, so there is no decision to appeal."))
        deadline = locked.appeal_deadline
        if deadline is None and locked.decided_at is not None:
            deadline = locked.decided_at + timedelta(days=settings.APPEAL_WINDOW_DAYS)
        if deadline is None:  # no decision moment to count the window from
            raise ValidationError(_("Only a decided claim can be appealed."))
        if now > deadline:
            raise ValidationError(
                _("The appeal window closed on %(date)s IST.") % {"date": format_ist(deadline)}
            )
        locked.original_outcome = locked.outcome
        locked.original_decided_by_id = locked.decided_by_id
        locked.transition_to(Status.APPEALED)
        locked.appealed_at = now
        locked.appeal_statement = statement
        lead = _appeal_lead(locked.decided_by_id)
        locked.assigned_to = lead
        locked.first_action_due = add_business_days(now, settings.FIRST_ACTION_BUSINESS_DAYS)
        locked.decision_due = add_business_days(now, settings.DECISION_TARGET_BUSINESS_DAYS)
        locked.save()
        ClaimEvent.record(
            locked, kind=ClaimEvent.Kind.APPEALED, actor=user, visibility=ClaimEvent.Visibility.BOTH
        )
        ClaimEvent.record(
            locked,
            kind=ClaimEvent.Kind.MESSAGE,
            actor=user,
            visibility=ClaimEvent.Visibility.SELLER,
            message=statement,
            data={"appeal": True},
        )
        ClaimEvent.record(
            locked,
            kind=ClaimEvent.Kind.ASSIGNED,
            actor=None,
            visibility=ClaimEvent.Visibility.INTERNAL,
            data={"assigned_to": lead.pk if lead else None, "appeal": True},
            message=str(lead) if lead else _("No other lead available: the appeal waits in the queue."),
        )
        for kind, file in files:
            document_store(claim=locked, user=user, file=file, kind=kind, party=ClaimDocument.Party.SELLER)
        notify_both_sides(locked, seller="claim_appealed_seller", partner="claim_appealed_partner")
    return locked
