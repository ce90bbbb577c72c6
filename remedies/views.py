"""The remedy panel's form posts (from the claim and order pages) and support's remedy queue.

A refused form is shown again on the remedy's own page with the errors next to
their fields; a successful one returns to the page it came from.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnernet.errors import NotFound
from partnernet.web import call_service
from partners.people import is_support
from remedies import forms, selectors, services
from remedies.models import Remedy
from remedies.panels import panel_context


def _find(request, source: str, reference: str):
    if not request.user.is_authenticated:
        raise Http404
    find = selectors.remedy_for_claim if source == "claim" else selectors.remedy_for_order_issue
    try:
        return find(user=request.user, reference=reference)
    except NotFound:
        raise Http404 from None


def _back(remedy: Remedy, role: str) -> str:
    if role == "staff" and remedy.claim is not None:
        return reverse("claims:review_detail", kwargs={"reference": remedy.claim.reference})
    if remedy.claim is not None:
        name = "claims:console_detail" if role == "partner" else "claims:detail"
        return reverse(name, kwargs={"reference": remedy.claim.reference})
    if role == "staff":
        return reverse("remedies:queue")
    return reverse("partners:order_detail", kwargs={"reference": remedy.order.reference})


def _again(request, remedy, role, key, form):
    """The remedy's own page with the refused form and its errors (400)."""
    context = panel_context(remedy, role, bound={key: form})
    context["back_url"] = _back(remedy, role)
    return render(request, "remedies/remedy_page.html", context, status=400)


@require_POST
def remedy_fulfil(request, reference, source="claim"):
    remedy, role = _find(request, source, reference)
    if role != "partner":
        raise Http404
    form = forms.fulfil_form_class(remedy)(request.POST, request.FILES)
    if not form.is_valid():  # an amount that is not one (the service checks the rest)
        return _again(request, remedy, role, "fulfil", form)
    data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    ok, _result = call_service(
        form,
        services.remedy_fulfil,
        remedy=remedy,
        user=request.user,
        expected_version=form.cleaned_data.get("version"),
        **data,
    )
    if not ok:
        return _again(request, remedy, role, "fulfil", form)
    messages.success(request, _("Fulfilment recorded. The seller has been asked to confirm it."))
    return redirect(_back(remedy, role))


@require_POST
def remedy_confirm(request, reference, source="claim"):
    remedy, role = _find(request, source, reference)
    if role != "seller":
        raise Http404
    form = forms.ConfirmForm(request.POST)
    form.is_valid()
    ok, _result = call_service(
        None,
        services.remedy_confirm,
        remedy=remedy,
        user=request.user,
        expected_version=form.cleaned_data.get("version"),
        request=request,
    )
    if ok:
        messages.success(request, _("Thank you: the remedy is confirmed."))
    return redirect(_back(remedy, role))


@require_POST
def remedy_dispute(request, reference, source="claim"):
    remedy, role = _find(request, source, reference)
    if role != "seller":
        raise Http404
    form = forms.DisputeForm(request.POST)
    form.is_valid()
    ok, _result = call_service(
        form,
        services.remedy_dispute,
        remedy=remedy,
        user=request.user,
        reason=form.cleaned_data.get("reason", ""),
        expected_version=form.cleaned_data.get("version"),
    )
    if not ok:
        return _again(request, remedy, role, "dispute", form)
    messages.success(request, _("Your dispute has been sent to the partner and to support."))
    return redirect(_back(remedy, role))


def _support_or_404(request):
    if not is_support(request.user):
        raise Http404


@require_POST
def remedy_settle(request, remedy_id):
    _support_or_404(request)
    remedy = get_object_or_404(selectors.remedy_queryset(), pk=remedy_id)
    form = forms.SettleForm(request.POST)
    form.is_valid()
    ok, _result = call_service(
        form,
        services.remedy_support_settle,
        remedy=remedy,
        user=request.user,
        note=form.cleaned_data.get("note", ""),
        expected_version=form.cleaned_data.get("version"),
    )
    if not ok:
        return _again(request, remedy, "staff", "settle", form)
    messages.success(request, _("The remedy is settled."))
    return redirect(_back(remedy, "staff"))


def remedy_queue(request):
    """Support's remedies queue: overdue and disputed, oldest due first."""
    _support_or_404(request)
    status = request.GET.get("status") or ""
    context = {
        "remedies": selectors.remedy_queue(status=status)[:200],
        "status": status if status in selectors.QUEUE_STATUSES else "",
        "counts": selectors.remedy_queue_counts(),
    }
    return render(request, "remedies/remedy_queue.html", context)
