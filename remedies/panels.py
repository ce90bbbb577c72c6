"""The remedy panel on the claim pages (both sides, the reviewer's) and on the order page."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from remedies import forms, selectors

PANEL = "remedies/_panel.html"


def action_urls(remedy) -> dict[str, str]:
    if remedy.claim_id:
        ref, prefix = remedy.claim.reference, "remedies:claim_"
    else:
        ref, prefix = remedy.order.reference, "remedies:issue_"
    urls = {a: reverse(prefix + a, kwargs={"reference": ref}) for a in ("fulfil", "confirm", "dispute")}
    urls["settle"] = reverse("remedies:settle", kwargs={"remedy_id": remedy.pk})
    return urls


def panel_context(remedy, role: str, *, bound: dict | None = None) -> dict:
    """What the panel shows: the remedy, its timeline, and the forms this side may use."""
    context = {
        "remedy": remedy,
        "role": role,
        "events": selectors.visible_events(remedy),
        "actions": action_urls(remedy),
        "remedy_auto_days": settings.REMEDY_AUTO_CONFIRM_DAYS,
    }
    version = {"version": remedy.version}
    bound = bound or {}
    if role == "partner" and remedy.can_transition_to(remedy.Status.FULFILLED):
        initial = {**version, "amount": remedy.amount} if remedy.is_refund else version
        context["fulfil_form"] = bound.get("fulfil") or forms.fulfil_form_class(remedy)(initial=initial)
    if role == "seller" and remedy.status == remedy.Status.FULFILLED:
        context["confirm_form"] = forms.ConfirmForm(initial=version)
        context["dispute_form"] = bound.get("dispute") or forms.DisputeForm(initial=version)
    if role == "staff" and remedy.is_open:
        context["settle_form"] = bound.get("settle") or forms.SettleForm(initial=version)
    return context


def claim_party_panel(request, claim, role: str):
    remedy = selectors.remedy_of_claim(claim)
    if remedy is None or role not in ("seller", "partner"):
        return None
    return PANEL, panel_context(remedy, role)


def claim_evidence_panel(request, claim):
    remedy = selectors.remedy_of_claim(claim)
    if remedy is None:
        return None
    return PANEL, panel_context(remedy, "staff")


def order_page_panel(request, order, role: str):
    """The order's remedy, whether a claim or an accepted issue owes it."""
    remedy = selectors.remedy_on_order(order)
    if remedy is None or role not in ("seller", "partner"):
        return None
    return PANEL, panel_context(remedy, role)
