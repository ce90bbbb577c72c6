"""Reads of the resolution app, scoped to the caller.

A stranger to the order (another seller, another partner) gets `ThreadNotFound`,
a 404, whether or not the order exists. Support reads the thread and the issue
once the order has an issue or a submitted claim (DESIGN §7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.eligibility import claim_eligibility
from claims.models import Claim
from partnernet.business_days import IST, add_business_days
from partnernet.users.models import User
from partners.models import ServiceOrder
from partners.people import Role, is_support, order_role
from resolution.errors import ThreadNotFound
from resolution.models import Issue, IssueEvent, MessageAttachment, OrderMessage

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

# Fewer than this many business days of the claim window left: warn, and always allow escalation.
WINDOW_WARNING_BUSINESS_DAYS = 3


def support_may_read(order: ServiceOrder) -> bool:
    return (
        Issue.objects.filter(order_id=order.pk).exists()
        or Claim.objects.filter(order_id=order.pk).exclude(status=Claim.Status.DRAFT).exists()
    )


def order_for_viewer(user: User | AnonymousUser, reference: str) -> tuple[ServiceOrder, Role]:
    """The order and the caller's side ("seller", "partner", "staff"), or ThreadNotFound.

    Anyone may ask (an anonymous caller too): whoever is no party to the order gets the 404.
    """
    order = (
        ServiceOrder.objects.select_related("partner", "seller", "offering", "guarantee_terms")
        .filter(reference=reference)
        .first()
    )
    if order is None:
        raise ThreadNotFound(_("No order with this reference among yours."))
    signed_in = user if isinstance(user, User) else None
    role = order_role(signed_in, order)
    if role is not None:
        return order, role
    if is_support(signed_in) and support_may_read(order):
        return order, "staff"
    raise ThreadNotFound(_("No order with this reference among yours."))


def order_messages(order: ServiceOrder) -> QuerySet[OrderMessage]:
    return (
        OrderMessage.objects.filter(order_id=order.pk)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=MessageAttachment.objects.order_by("pk")))
        .order_by("created_at", "pk")
    )


def attachment_for_viewer(user: User | AnonymousUser, reference: str, token: str) -> MessageAttachment | None:
    order, _role = order_for_viewer(user, reference)
    for attachment in MessageAttachment.objects.filter(message__order_id=order.pk):
        if attachment.token == token:
            return attachment
    return None


def issue_current(order: ServiceOrder) -> Issue | None:
    """The order's live issue, else its latest one (None when there never was one)."""
    issues = Issue.objects.filter(order_id=order.pk).select_related("claim", "order", "raised_by")
    return issues.filter(status__in=Issue.LIVE_STATUSES).first() or issues.order_by("-created_at").first()


def issue_events(issue: Issue) -> QuerySet[IssueEvent]:
    return IssueEvent.objects.filter(issue_id=issue.pk).select_related("actor").order_by("created_at", "pk")


def window_ending(order: ServiceOrder, *, moment: datetime | None = None) -> bool:
    """Fewer than 3 business days of the claim window remain (and it has not closed)."""
    now = moment or timezone.now()
    deadline = order.claim_deadline
    if deadline is None or not order.covered or now > deadline:
        return False
    return deadline < add_business_days(now, WINDOW_WARNING_BUSINESS_DAYS)


@dataclass(frozen=True)
class Escalability:
    escalable: bool
    code: str
    reason: str


def _ist(moment: datetime) -> str:
    return timezone.localtime(moment, IST).strftime("%d %b %Y, %H:%M")


def issue_escalability(
    issue: Issue, *, claimant: User | None = None, moment: datetime | None = None
) -> Escalability:
    """May the seller escalate this issue to a claim now, and why (not)?

    The claim window is the outer limit: escalation makes a claim draft, so the
    claim eligibility rules apply first, and the issue never extends the window.
    Inside it, escalation waits for the partner's answer (3 business days) or for
    an accepted remedy's fulfil-by date, except when fewer than 3 business days
    of the window remain: then it is always allowed.
    """
    now = moment or timezone.now()
    order = issue.order
    if not issue.is_live:
        return Escalability(
            False,
            "closed",
            _("This issue is closed (%(status)s).") % {"status": issue.get_status_display().lower()},
        )
    eligibility = claim_eligibility(
        order=order, claimant=claimant or order.seller.owner, moment=now, on_behalf=claimant is None
    )
    if not eligibility.eligible:
        first = eligibility.reasons[0]
        return Escalability(False, first["code"], first["message"])
    if window_ending(order, moment=now) and order.claim_deadline is not None:
        return Escalability(
            True,
            "window_ending",
            _("Fewer than 3 business days of the claim window remain (it closes on %(date)s IST).")
            % {"date": _ist(order.claim_deadline)},
        )
    status = issue.status
    if status == Issue.Status.OPEN:
        if now > issue.respond_by:
            return Escalability(
                True,
                "answer_overdue",
                _("The partner did not answer by %(date)s IST.") % {"date": _ist(issue.respond_by)},
            )
        return Escalability(
            False,
            "awaiting_partner",
            _(
                "The partner has until %(date)s IST to answer. You can escalate after that, "
                "or as soon as the partner declines or proposes another remedy."
            )
            % {"date": _ist(issue.respond_by)},
        )
    if status == Issue.Status.PARTNER_COUNTERED:
        return Escalability(True, "countered", _("The partner proposed another remedy."))
    if status == Issue.Status.PARTNER_DECLINED:
        return Escalability(True, "declined", _("The partner declined."))
    if status == Issue.Status.PARTNER_ACCEPTED:
        if issue.fulfil_by is not None and now > issue.fulfil_by:
            return Escalability(
                True,
                "fulfil_overdue",
                _("The partner did not fulfil the remedy by %(date)s IST.") % {"date": _ist(issue.fulfil_by)},
            )
        return Escalability(
            False,
            "awaiting_fulfilment",
            _("The partner accepted and has until %(date)s IST to fulfil the remedy.")
            % {"date": _ist(issue.fulfil_by) if issue.fulfil_by else "—"},
        )
    return Escalability(
        False,
        "fulfilled",
        _("The partner recorded the remedy as done: confirm it, or dispute it if it was not."),
    )


def issue_actions(
    issue: Issue | None, role: str | None, *, escalability: Escalability | None = None
) -> list[str]:
    """What the viewer may do to the issue now (drives the buttons and the API's `actions`)."""
    if issue is None or not issue.is_live:
        return []
    actions: list[str] = []
    if role == "partner" and issue.status == Issue.Status.OPEN:
        actions.append("respond")
    if role == "seller":
        if issue.status == Issue.Status.PARTNER_COUNTERED:
            actions.append("accept_counter")
        if issue.can_transition_to(Issue.Status.WITHDRAWN):
            actions.append("withdraw")
        if escalability is not None and escalability.escalable:
            actions.append("escalate")
    return actions
