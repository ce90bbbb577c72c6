"""Every due date a claim page shows, from one computation (DESIGN §3 service levels).

The due dates themselves are set by `claims.services.sla.claim_due_dates` (and the
information request's `due_at`) and stored on the claim; this module is the one reader
that says, for a viewer, which of them matter, and whether each is still open, overdue,
met (with when) or met late. The seller's, the partner's and the reviewer's pages all
render its answer through `claims/_deadlines.html`, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models import Claim

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

SELLER, PARTNER, REVIEWER = "seller", "partner", "reviewer"


@dataclass(frozen=True)
class Deadline:
    key: str  # partner_answer, info_answer, first_action, decision, appeal
    label: str
    due: datetime
    done_at: datetime | None
    now: datetime
    done_word: str = ""

    @property
    def state(self) -> str:
        if self.done_at is not None:
            return "met" if self.done_at <= self.due else "late"
        return "overdue" if self.now > self.due else "open"

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"


def claim_deadlines(claim: Claim, role: str, now: datetime | None = None) -> list[Deadline]:
    """The due dates `role` sees on the claim, in the order they fall due."""
    now = now or timezone.now()
    items: list[Deadline] = []
    is_open = claim.status in Claim.OPEN_STATUSES

    def add(
        key: str,
        label: _StrOrPromise,
        due: datetime | None,
        done_at: datetime | None = None,
        done_word: _StrOrPromise = "",
    ) -> None:
        if due is not None:
            items.append(Deadline(key, str(label), due, done_at, now, str(done_word)))

    if claim.partner_response_due and (is_open or claim.partner_responded_at):
        label = _("Answer by") if role == PARTNER else _("Partner answers by")
        add("partner_answer", label, claim.partner_response_due, claim.partner_responded_at, _("answered"))
    if role == REVIEWER and claim.first_action_due:
        add(
            "first_action",
            _("First reviewer action by"),
            claim.first_action_due,
            claim.first_action_at,
            _("done"),
        )
    waiting_on: dict[str, str] = {
        Claim.Status.AWAITING_SELLER: SELLER,
        Claim.Status.AWAITING_PARTNER: PARTNER,
    }
    waiting = waiting_on.get(claim.status)
    if waiting and claim.awaiting_due:
        if waiting == role:
            label = _("Answer support's question by")
        elif waiting == SELLER:
            label = _("Seller answers support by")
        else:
            label = _("Partner answers support by")
        add("info_answer", label, claim.awaiting_due)
    if claim.decision_due and (is_open or role == REVIEWER):
        label = _("Appeal decision target") if claim.status == Claim.Status.APPEALED else _("Decision target")
        done = claim.decided_at if claim.status != Claim.Status.APPEALED else None
        add("decision", label, claim.decision_due, done, _("decided"))
    if claim.appeal_deadline and claim.decided_at and not claim.is_final:
        label = _("Appeal until") if role == SELLER else _("Seller may appeal until")
        add("appeal", label, claim.appeal_deadline, claim.appealed_at, _("appealed"))
    return sorted(items, key=lambda d: d.due)


def deadline_by_key(deadlines: list[Deadline], key: str) -> Deadline | None:
    return next((d for d in deadlines if d.key == key), None)
