"""Service levels as reads: what is late, and what matters next for a claim (DESIGN §3).

The flags and the queue order are computed from the due dates stored on each
claim; `claims.services.sla` writes them, the queue and the pages read them here.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Case, DateTimeField, F, Q, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Claim

Status = Claim.Status
AWAITING = (Status.AWAITING_SELLER, Status.AWAITING_PARTNER)


def overdue_q(now: datetime) -> Q:
    """Open claims past one of their service levels at `now`."""
    partner_late = Q(partner_responded_at__isnull=True, partner_response_due__lt=now)
    first_action_late = Q(first_action_at__isnull=True, first_action_due__lt=now)
    # Open means undecided (an appeal reopens a decided claim with a new target), so the due date is enough.
    decision_late = Q(decision_due__lt=now)
    answer_late = Q(status__in=AWAITING, awaiting_due__lt=now)
    return Q(status__in=Claim.OPEN_STATUSES) & (
        partner_late | first_action_late | decision_late | answer_late
    )


def claim_overdue_reasons(claim: Claim, now: datetime | None = None) -> list[str]:
    """What is late on one claim, in words (the queue and the investigation page show it)."""
    now = now or timezone.now()
    if claim.status not in Claim.OPEN_STATUSES:
        return []
    reasons = []
    if claim.partner_responded_at is None and claim.partner_response_due and claim.partner_response_due < now:
        reasons.append(_("partner answer"))
    if claim.first_action_at is None and claim.first_action_due and claim.first_action_due < now:
        reasons.append(_("first action"))
    if claim.decision_due and claim.decision_due < now:
        reasons.append(_("decision"))
    if claim.status in AWAITING and claim.awaiting_due and claim.awaiting_due < now:
        reasons.append(_("seller answer") if claim.status == Status.AWAITING_SELLER else _("partner answer"))
    return list(dict.fromkeys(reasons))


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
