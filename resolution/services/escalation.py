"""Escalation: the seller asks support to step in; the issue becomes the seller's claim draft.

The draft is made (or resumed) through the claims app's own draft service, so
every claim rule (eligibility, one live claim per order, the window) applies as
it does to a claim filed from scratch. The issue evidences the "raised with the
partner and not resolved" statement: the draft carries it already, written from
the issue's timeline, so the seller is not asked to tick a box for it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.exceptions import ClaimNotEligible
from claims.models import Claim
from claims.services.drafts import claim_draft_start, claim_draft_update
from partnernet.business_days import IST
from resolution.errors import IssueNotEscalable
from resolution.models import Issue, IssueEvent, Party
from resolution.selectors import issue_escalability, issue_events
from resolution.services.issues import _lock, _require
from resolution.services.notify import issue_notify

if TYPE_CHECKING:
    from partnernet.users.models import User


def resolution_statement(issue: Issue) -> str:
    """The "raised with the partner" statement, written from the issue's own record."""
    lines = [
        _("Raised with the partner through the Resolution Centre (issue %(ref)s, reported on %(date)s IST).")
        % {
            "ref": issue.reference,
            "date": timezone.localtime(issue.created_at, IST).strftime("%d %b %Y"),
        }
    ]
    for event in issue_events(issue):
        if event.kind == IssueEvent.Kind.REPORTED:
            continue
        when = timezone.localtime(event.created_at, IST).strftime("%d %b %Y")
        line = f"{when}: {event.get_kind_display()}"
        if event.message:
            line += f" — {event.message[:500]}"
        lines.append(line)
    lines.append(_("Not resolved: escalated to support."))
    return "\n".join(lines)


def issue_escalate(*, issue: Issue, user: User, moment: datetime | None = None) -> Claim:
    """Make (or resume) the seller's claim draft from the issue and link it; the issue is escalated.

    Refused with the reason (`IssueNotEscalable`, a 409) while the partner still
    has time to answer or to fulfil, unless fewer than 3 business days of the
    claim window remain; never possible after the window closed.
    """
    now = moment or timezone.now()
    with transaction.atomic():
        locked = _lock(issue)
        _require(locked, user, Party.SELLER)
        verdict = issue_escalability(locked, claimant=user, moment=now)
        if not verdict.escalable:
            raise IssueNotEscalable(verdict.reason, extra={"escalable_reason": verdict.code})
        try:
            claim = claim_draft_start(order=locked.order, user=user, moment=now)
        except ClaimNotEligible as exc:
            raise IssueNotEscalable(" ".join(exc.messages), extra={"reasons": exc.reasons}) from exc
        statement = resolution_statement(locked)
        # Resuming a draft keeps what the seller already typed; blanks come from the issue.
        fields: dict[str, Any] = {"resolution_confirmed": True}
        if not claim.reason:
            fields["reason"] = locked.reason
        if not claim.description.strip():
            fields["description"] = locked.description
        if not claim.remedy:
            fields["remedy"] = locked.remedy
            fields["amount"] = locked.amount
        fields["resolution_attempt"] = (
            statement
            if not claim.resolution_attempt.strip()
            else f"{claim.resolution_attempt}\n\n{statement}"
        )
        claim = claim_draft_update(claim=claim, user=user, **fields)
        locked.transition_to(Issue.Status.ESCALATED)
        locked.claim = claim
        locked.closed_at = now
        locked.save()
        IssueEvent.record(
            locked,
            kind=IssueEvent.Kind.ESCALATED,
            actor=user,
            data={"claim": claim.reference, "why": verdict.code},
        )
        issue_notify(locked, kind="escalated", to=(Party.PARTNER,))
    return claim
