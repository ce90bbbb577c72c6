"""Pages of the Resolution Centre: the conversation, the issue form, the partner's answer, actions.

The order page itself belongs to partners; these panels are put on it through
`partners.hooks.order_page_panels` (see `resolution/panels.py`). Every route
finds the order through `order_for_viewer`, so a stranger gets a 404. Service
refusals go onto the form through `partnernet.web.call_service`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from guarantees.terms_view import order_terms
from partnernet.web import call_service
from resolution.errors import ThreadNotFound
from resolution.forms import IssueForm, IssueRespondForm, MessageForm, VersionForm
from resolution.models import Issue
from resolution.selectors import (
    attachment_for_viewer,
    issue_current,
    order_for_viewer,
    window_ending,
)
from resolution.services.conversation import message_post
from resolution.services.escalation import issue_escalate
from resolution.services.issues import issue_accept_counter, issue_report, issue_respond, issue_withdraw
from resolution.thread import thread_page


def _order(request: HttpRequest, reference: str, *, parties_only: bool = False) -> tuple[Any, str]:
    try:
        order, role = order_for_viewer(request.user, reference)
    except ThreadNotFound as exc:
        raise Http404 from exc
    if parties_only and role == "staff":
        raise Http404
    return order, role


def _current_issue(order: Any) -> Issue:
    """The live issue, else the latest (the service then says why the action is too late)."""
    issue = issue_current(order)
    if issue is None:
        raise Http404
    return issue


def _back(order: Any, anchor: str = "issue") -> HttpResponse:
    return redirect(f"{reverse('partners:order_detail', kwargs={'reference': order.reference})}#{anchor}")


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest, reference: str) -> HttpResponse:
    """The whole thread, paginated, with the post form (the order page shows the latest page)."""
    order, role = _order(request, reference)
    form = MessageForm()
    status = 200
    if request.method == "POST":
        if role == "staff":
            raise Http404
        form = MessageForm(request.POST, request.FILES)
        if form.is_valid():
            ok, _message = call_service(
                form,
                message_post,
                order=order,
                user=request.user,
                body=form.cleaned_data["body"],
                file=form.cleaned_data["file"],
            )
            if ok:
                messages.success(request, _("Message sent."))
                return _back(order, "conversation")
        status = 400
    context = {
        "order": order,
        "role": role,
        "thread": thread_page(order, request.GET.get("page")),
        "message_form": form,
    }
    return render(request, "resolution/conversation.html", context, status=status)


@never_cache
@login_required
@require_GET
def attachment(request: HttpRequest, reference: str, token: str) -> HttpResponseBase:
    try:
        found = attachment_for_viewer(request.user, reference, token)
    except ThreadNotFound as exc:
        raise Http404 from exc
    if found is None:
        raise Http404
    if settings.AWS_STORAGE_BUCKET_NAME:
        url = found.file.storage.url(  # type: ignore[call-arg]  # S3Storage takes these
            found.file.name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(True, found.original_name),
                "ResponseContentType": found.content_type,
            },
            expire=settings.AWS_QUERYSTRING_EXPIRE,
        )
        response: HttpResponseBase = HttpResponseRedirect(url)
        response["Referrer-Policy"] = "no-referrer"
        return response
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=found.original_name, content_type=found.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def issue_new(request: HttpRequest, reference: str) -> HttpResponse:
    """Report a problem to the partner (the seller), with the terms the order is covered by."""
    order, role = _order(request, reference, parties_only=True)
    if role != "seller":
        raise Http404
    current = issue_current(order)
    if current is not None and current.is_live:
        messages.info(request, _("This order already has an open issue."))
        return _back(order)
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _issue = call_service(form, issue_report, order=order, user=request.user, **form.cleaned_data)
        if ok:
            messages.success(
                request, _("Problem reported. The partner has been told and has 3 business days to answer.")
            )
            return _back(order)
    context = {
        "order": order,
        "form": form,
        "terms": order_terms(order),
        "window_ending": window_ending(order),
    }
    return render(
        request, "resolution/issue_new.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue_respond_view(request: HttpRequest, reference: str) -> HttpResponse:
    """The partner's answer (the order page shows the same form; errors come back here)."""
    order, role = _order(request, reference, parties_only=True)
    if role != "partner":
        raise Http404
    issue = _current_issue(order)
    if request.method == "GET" and not issue.is_live:
        return _back(order)
    form = IssueRespondForm(request.POST or None, initial={"version": issue.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        ok, _result = call_service(
            form, issue_respond, issue=issue, user=request.user, expected_version=version, **data
        )
        if ok:
            messages.success(request, _("Answer sent to the seller."))
            return _back(order)
    context = {"order": order, "issue": issue, "form": form, "terms": order_terms(order)}
    return render(
        request, "resolution/issue_respond.html", context, status=400 if request.method == "POST" else 200
    )


def _seller_action(request: HttpRequest, reference: str, func: Any, success: str) -> HttpResponse:
    order, role = _order(request, reference, parties_only=True)
    if role != "seller":
        raise Http404
    issue = _current_issue(order)
    form = VersionForm(request.POST)
    form.is_valid()
    ok, result = call_service(
        None,
        func,
        issue=issue,
        user=request.user,
        expected_version=form.cleaned_data.get("version"),
        request=request,
        **({"message": form.cleaned_data.get("message", "")} if func is issue_withdraw else {}),
    )
    if ok:
        messages.success(request, success)
    return _back(order)


@login_required
@require_POST
def issue_accept_counter_view(request: HttpRequest, reference: str) -> HttpResponse:
    return _seller_action(request, reference, issue_accept_counter, _("You accepted the partner's proposal."))


@login_required
@require_POST
def issue_withdraw_view(request: HttpRequest, reference: str) -> HttpResponse:
    return _seller_action(
        request, reference, issue_withdraw, _("Issue withdrawn. The partner has been told.")
    )


@login_required
@require_POST
def issue_escalate_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Ask support to step in: the claim draft is made from the issue and the wizard opens."""
    order, role = _order(request, reference, parties_only=True)
    if role != "seller":
        raise Http404
    issue = _current_issue(order)
    ok, claim = call_service(None, issue_escalate, issue=issue, user=request.user, request=request)
    if not ok or claim is None:
        return _back(order)  # call_service put the reason into the messages
    messages.success(
        request,
        _("Your claim draft is ready, filled in from the issue. Add the invoice or receipt and submit it."),
    )
    return redirect("claims:step_details", reference=claim.reference)
