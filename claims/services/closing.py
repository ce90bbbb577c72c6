"""The end of a claim: the seller withdraws it, or a decided claim closes.

A decided claim closes when its appeal window has ended or its decision is
final, unless an app above objects through `claims.hooks.claim_close_blockers`
(remedies keeps it open until the remedy is confirmed); the hourly sweep tries
again, so it closes once nothing objects.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.hooks import claim_close_blockers
from claims.models import Claim, ClaimEvent
from claims.services.common import atomic_or_conflict, check_version, email_context, lock_claim, partner_to
from partnernet.mail import outbox_enqueue
from partnernet.users.models import User
from partners.people import is_seller_member

Status = Claim.Status
Visibility = ClaimEvent.Visibility
Kind = ClaimEvent.Kind


def claim_withdraw(
    *, claim: Claim, user: User, expected_version: int | str | None = None, reason: str = ""
) -> Claim:
    """The seller withdraws before a decision (a draft is simply discarded this way)."""
    with atomic_or_conflict():
        locked = lock_claim(claim)
        if not is_seller_member(user, seller_id=locked.seller_id):
            raise ValidationError(_("Only the seller can withdraw this claim."))
        check_version(locked, expected_version)
        if not locked.can_transition_to(Status.WITHDRAWN):
            raise ValidationError(_("A claim can be withdrawn only before it is decided."))
        was_draft = locked.status == Status.DRAFT
        locked.transition_to(Status.WITHDRAWN)
        locked.withdrawn_at = timezone.now()
        locked.save()
        ClaimEvent.record(
            locked,
            kind=Kind.WITHDRAWN,
            actor=user,
            visibility=Visibility.SELLER if was_draft else Visibility.BOTH,
            message=(reason or "").strip(),
        )
        if not was_draft:
            outbox_enqueue(
                purpose="claim_withdrawn",
                obj=locked,
                to=partner_to(locked),
                template="claims/claim_withdrawn",
                context=email_context(locked),
            )
    return locked


def close_blockers(claim: Claim) -> list[str]:
    """Why the apps above keep this decided claim open (empty: nothing objects)."""
    return [reason for reason in claim_close_blockers.call(claim) if reason is not None]


def close_unless_blocked(locked: Claim, now: datetime, *, message: str) -> bool:
    """Close a locked, decided claim unless an app above objects; True if it closed."""
    if close_blockers(locked):
        return False
    locked.transition_to(Status.CLOSED)
    locked.closed_at = now
    locked.save(update_fields=["status", "closed_at", "version", "updated_at"])
    ClaimEvent.record(locked, kind=Kind.CLOSED, visibility=Visibility.BOTH, message=message)
    return True


@transaction.atomic
def claim_close(*, claim: Claim) -> bool:
    """Close one decided claim if its appeal window has ended (or its decision is final)."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    now = timezone.now()
    if locked.status != Status.DECIDED:
        return False
    if locked.is_final:
        return close_unless_blocked(locked, now, message=_("Closed after the final decision."))
    if locked.appeal_deadline is not None and locked.appeal_deadline < now:
        return close_unless_blocked(locked, now, message=_("Closed: the appeal window has ended."))
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
