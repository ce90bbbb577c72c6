"""What remedies does when the apps below it call their hooks (registered in apps.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

from remedies.models import Remedy
from remedies.services.obligations import remedy_cancel, remedy_create, remedy_revise

if TYPE_CHECKING:
    from claims.models import Claim
    from resolution.models import Issue

OWED_OUTCOMES = ("upheld", "partially_upheld", "resolved_with_partner")


def on_claim_settled(claim: Claim) -> None:
    """A decision or an accepted offer: create what it owes, or follow an appeal's change."""
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
    remedy_create(
        source=Remedy.Source.ISSUE,
        issue=issue,
        order=issue.order,
        kind=issue.remedy,
        amount=issue.amount,
        scope=issue.description,
    )


def review_queue_filter(filters: dict) -> Q | None:
    """?remedy=overdue|disputed (or any) on the reviewer queue: claims whose remedy is so."""
    wanted = filters.get("remedy")
    if wanted in ("overdue", "disputed"):
        return Q(remedy_obligation__status=wanted)
    if wanted == "attention":
        return Q(remedy_obligation__status__in=["overdue", "disputed"])
    return None
