"""What the Resolution Centre adds to pages and shapes owned by the apps below it.

Registered in `ResolutionConfig.ready()` on hooks that partners and claims declare:

- `partners.hooks.order_page_panels`: the terms snapshot, the issue panel, the conversation;
- `partners.hooks.order_api_fields`: `terms` and `issue` on the order in the API;
- `claims.hooks.claim_evidence_panels`: on the reviewer's claim page, whether the claim came
  through an issue, the issue's timeline and the whole conversation;
- `claims.hooks.claim_party_panels`: the same issue and a link to the conversation on the
  seller's and the partner's claim pages.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from claims.hooks import claim_evidence_panels, claim_party_panels, claim_raised_with_partner
from claims.models import Claim
from guarantees.terms_view import order_terms
from partnernet.dates import format_ist
from partners.hooks import order_api_fields, order_list_preload, order_page_panels
from partners.models import ServiceOrder
from partners.preload import MISSING, preload_set, preloaded
from resolution.forms import IssueRespondForm, MessageForm
from resolution.models import Issue
from resolution.selectors import (
    issue_actions,
    issue_current,
    issue_escalability,
    issue_events,
    order_messages,
    window_ending,
)
from resolution.services.issues import REPORTABLE_ORDER_STATUSES
from resolution.thread import thread_page

Panel = tuple[str, dict[str, Any]] | None
EVIDENCE_MESSAGES_LIMIT = 500


def claim_url_for(issue: Issue | None, role: str) -> str | None:
    claim = issue.claim if issue is not None else None
    if claim is None:
        return None
    if role == "seller":
        if claim.status == Claim.Status.DRAFT:
            return reverse("claims:step_details", kwargs={"reference": claim.reference})
        return reverse("claims:detail", kwargs={"reference": claim.reference})
    if role == "partner" and claim.status != Claim.Status.DRAFT:
        return reverse("claims:console_detail", kwargs={"reference": claim.reference})
    return None


# --- the order page ----------------------------------------------------------------------


def order_terms_panel(request: Any, order: ServiceOrder, role: str) -> Panel:
    if role not in ("seller", "partner") or order.status in (
        ServiceOrder.Status.REQUESTED,
        ServiceOrder.Status.DECLINED,
    ):
        return None
    return "guarantees/_terms_panel.html", {
        "order": order,
        "role": role,
        "terms": order_terms(order),
        "terms_id": "order",
        "terms_heading": _("The guarantee terms of this order"),
    }


def order_issue_panel(request: Any, order: ServiceOrder, role: str) -> Panel:
    if role not in ("seller", "partner"):
        return None
    issue = issue_current(order)
    if issue is None and order.status not in REPORTABLE_ORDER_STATUSES:
        return None
    verdict = (
        issue_escalability(issue, claimant=request.user if role == "seller" else None) if issue else None
    )
    return "resolution/_issue_panel.html", {
        "order": order,
        "role": role,
        "issue": issue,
        "events": issue_events(issue) if issue else [],
        "verdict": verdict,
        "actions": issue_actions(issue, role, escalability=verdict),
        "respond_form": IssueRespondForm(initial={"version": issue.version} if issue else None),
        "can_report": role == "seller"
        and order.status in REPORTABLE_ORDER_STATUSES
        and (issue is None or not issue.is_live),
        "window_ending": role == "seller" and window_ending(order),
        "claim_url": claim_url_for(issue, role),
    }


def order_conversation_panel(request: Any, order: ServiceOrder, role: str) -> Panel:
    if role not in ("seller", "partner"):
        return None
    return "resolution/_conversation_panel.html", {
        "order": order,
        "role": role,
        "thread": thread_page(order, request.GET.get("messages_page")),
        "message_form": MessageForm(),
        "can_post": True,
    }


def order_api_extra(order: ServiceOrder) -> dict[str, Any]:
    terms = order_terms(order)
    live = preloaded(order, "live_issue")
    if live is MISSING:
        live = (
            Issue.objects.filter(order_id=order.pk, status__in=Issue.LIVE_STATUSES)
            .values_list("reference", flat=True)
            .first()
        )
    return {"terms": terms.as_api() if terms else None, "issue": live}


def orders_preload_issues(orders: list[ServiceOrder], viewer: Any) -> None:
    """`partners.hooks.order_list_preload`: the live issue of each order, in one query."""
    live: dict[int, str] = dict(
        Issue.objects.filter(order_id__in=[o.pk for o in orders], status__in=Issue.LIVE_STATUSES)
        .order_by("created_at")
        .values_list("order_id", "reference")
    )
    for order in orders:
        preload_set(order, "live_issue", live.get(order.pk))


# --- the claim pages ---------------------------------------------------------------------


def _claim_issue(claim: Claim) -> Issue | None:
    return (
        Issue.objects.filter(claim_id=claim.pk)
        .select_related("claim", "order")
        .order_by("-created_at")
        .first()
    )


def claim_raised_sentence(claim: Claim) -> str | None:
    """`claims.hooks.claim_raised_with_partner`: an issue escalated into this claim."""
    issue = (
        Issue.objects.filter(claim_id=claim.pk, status=Issue.Status.ESCALATED)
        .only("reference", "created_at")
        .order_by("created_at")
        .first()
    )
    if issue is None:
        return None
    return _(
        "You reported this to the partner on %(date)s (issue %(ref)s) and escalated it: "
        "that is the record that it was raised with them."
    ) % {"date": format_ist(issue.created_at, "j M Y"), "ref": issue.reference}


def claim_evidence_panel(request: Any, claim: Claim) -> Panel:
    issue = _claim_issue(claim)
    thread = list(order_messages(claim.order)[:EVIDENCE_MESSAGES_LIMIT])
    return "resolution/_claim_evidence.html", {
        "claim": claim,
        "claim_issue": issue,
        "claim_issue_events": issue_events(issue) if issue else [],
        "thread_messages": thread,
        "thread_order": claim.order,
        "earlier_issues": Issue.objects.filter(order_id=claim.order_id).exclude(claim_id=claim.pk).count(),
    }


def claim_party_panel(request: Any, claim: Claim, role: str) -> Panel:
    issue = _claim_issue(claim)
    return "resolution/_claim_party.html", {
        "claim": claim,
        "role": role,
        "claim_issue": issue,
        "claim_issue_events": issue_events(issue) if issue else [],
        "thread_order": claim.order,
        "message_count": order_messages(claim.order).count(),
    }


def register() -> None:
    order_page_panels.register(order_terms_panel)
    order_page_panels.register(order_issue_panel)
    order_page_panels.register(order_conversation_panel)
    order_api_fields.register(order_api_extra)
    order_list_preload.register(orders_preload_issues)
    claim_evidence_panels.register(claim_evidence_panel)
    claim_party_panels.register(claim_party_panel)
    claim_raised_with_partner.register(claim_raised_sentence)
