"""What remedies does when the apps below it call their hooks (registered in apps.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from remedies.models import Remedy

if TYPE_CHECKING:
    from claims.models import Claim
    from resolution.models import Issue

OWED_OUTCOMES = ("upheld", "partially_upheld", "resolved_with_partner")


def on_claim_settled(claim: Claim) -> None:
    """A decision or an accepted offer: create what it owes, or follow an appeal's change."""
    from remedies.services.obligations import remedy_cancel, remedy_create, remedy_revise

    existing = Remedy.objects.filter(claim=claim).first()
    owed = claim.outcome in OWED_OUTCOMES and claim.decision_remedy in Remedy.Kind.values
    if not owed:
        if existing is not None and existing.is_open:
            remedy_cancel(remedy=existing, reason=_("The final decision owes the seller no remedy."))
        return
    amount = claim.decision_amount
    _supersede_issue_remedies(claim)
    if existing is None:
        remedy_create(
            source=Remedy.Source.CLAIM,
            claim=claim,
            order=claim.order,
            kind=claim.decision_remedy,
            amount=amount,
            scope=claim.rationale or claim.offer_note or claim.order.scope,
            moment=claim.decided_at,
            actor=claim.decided_by,
        )
    elif existing.is_open:
        remedy_revise(remedy=existing, kind=claim.decision_remedy, amount=amount, moment=claim.decided_at)


def _supersede_issue_remedies(claim: Claim) -> None:
    """An issue escalated into this claim may still owe its own remedy (accepted, then not
    fulfilled in time). The decision now says what is owed: the issue's open remedy is
    cancelled, with the reason on its record, so the partner is never asked for both.
    (An issue remedy that went overdue stays counted against the partner: overdue_at.)"""
    from remedies.services.obligations import remedy_cancel

    superseded = Remedy.objects.filter(issue__claim_id=claim.pk, status__in=Remedy.OPEN_STATUSES)
    for remedy in superseded:
        remedy_cancel(
            remedy=remedy,
            reason=_("Replaced by the decision on claim %(ref)s, which says what is owed now.")
            % {"ref": claim.reference},
            actor=claim.decided_by,
        )


def claim_close_blocker(claim: Claim) -> str | None:
    """A claim with a remedy stays open until the remedy is confirmed (or cancelled)."""
    remedy = Remedy.objects.filter(claim=claim).only("status").first()
    if remedy is None or remedy.status in Remedy.SETTLED_STATUSES:
        return None
    return _("The remedy has not been confirmed yet (it is %(status)s).") % {
        "status": remedy.get_status_display().lower()
    }


def on_issue_accepted(issue: Issue) -> None:
    """An accepted issue owes its remedy (7 business days from now, like a decision)."""
    from remedies.services.obligations import remedy_create

    remedy_create(
        source=Remedy.Source.ISSUE,
        issue=issue,
        order=issue.order,
        kind=issue.remedy,
        amount=issue.amount,
        scope=issue.description,
    )


def issue_follow_remedy(remedy: Remedy, *, actor=None) -> None:
    """The issue's own status follows its remedy: fulfilment recorded → fulfilled,
    confirmed → resolved (an event row on the issue, visible to both sides)."""
    from resolution.models import Issue, IssueEvent

    if remedy.issue_id is None:
        return
    issue = Issue.objects.select_for_update().get(pk=remedy.issue_id)
    now = timezone.now()
    if remedy.status == Remedy.Status.FULFILLED and issue.can_transition_to(Issue.Status.FULFILLED):
        issue.transition_to(Issue.Status.FULFILLED)
        issue.fulfilled_at = now
        kind = IssueEvent.Kind.FULFILLED
    elif remedy.status == Remedy.Status.CONFIRMED and issue.can_transition_to(Issue.Status.RESOLVED):
        if issue.status == Issue.Status.PARTNER_ACCEPTED:  # settled by support without a fulfilment
            issue.transition_to(Issue.Status.FULFILLED)
        issue.transition_to(Issue.Status.RESOLVED)
        issue.closed_at = now
        kind = IssueEvent.Kind.RESOLVED
    else:
        return
    issue.version += 1
    issue.save(update_fields=["status", "fulfilled_at", "closed_at", "version", "updated_at"])
    IssueEvent.record(issue, kind=kind, actor=actor, data={"remedy_status": remedy.status})


def review_queue_filter(filters: dict) -> Q | None:
    """?remedy=overdue|disputed (or any) on the reviewer queue: claims whose remedy is so."""
    wanted = filters.get("remedy")
    if wanted in ("overdue", "disputed"):
        return Q(remedy_obligation__status=wanted)
    if wanted == "attention":
        return Q(remedy_obligation__status__in=["overdue", "disputed"])
    return None
