"""The reviewer workspace: queue, take next, investigation page, actions, document preview, metrics.

Support staff only: anyone else gets a 404 (DESIGN §5), a visitor who is not
signed in is sent to sign in. Each action view parses its form, calls one
service through `partnernet.web.call_service` and redirects back to the
investigation page; a refused action re-renders that page (`_refused`) with the
errors next to the fields, the typed text kept and the refusal's HTTP status.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from claims import services
from claims.eligibility import order_cover
from claims.forms_review import (
    AssignForm,
    DecisionForm,
    FindingForm,
    InfoRequestForm,
    NoteForm,
    QueueFilterForm,
)
from claims.models import Claim
from claims.selectors import review as sel
from claims.selectors.deadlines import REVIEWER, claim_deadlines
from claims.views.common import evidence_panels
from claims.views.decision_confirm import decision_confirmation, missing_findings
from partnernet.web import call_service, refusal_status

PREVIEWABLE = {"application/pdf", "image/png", "image/jpeg"}


def reviewer_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_reviewer:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def lead_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_reviewer and request.user.is_lead):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


# --- queue -----------------------------------------------------------------------


@require_GET
@reviewer_required
def review_queue(request):
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    queue = sel.review_queue(user=request.user, filters=filters)
    page = Paginator(queue, 25).get_page(request.GET.get("page"))
    rows = [(claim, sel.review_overdue_reasons(claim)) for claim in page.object_list]
    counts = sel.review_status_counts()
    return render(
        request,
        "claims/review_queue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "counts": [
                (value, label, counts.get(value, 0))
                for value, label in Claim.Status.choices
                if value in counts
            ],
            "summary": sel.review_queue_summary(user=request.user),
            "current_status": filters.get("status") or "open",
        },
    )


@require_POST
@reviewer_required
def review_take_next(request):
    claim = services.claim_take_next(reviewer=request.user)
    if claim is None:
        messages.info(request, _("Nothing is waiting in the queue for you right now."))
        return redirect("claims:review_queue")
    messages.success(request, _("Claim %(ref)s is now yours.") % {"ref": claim.reference})
    return redirect("claims:review_detail", reference=claim.reference)


# --- investigation -----------------------------------------------------------------


def _initial(claim):
    return {"version": claim.version}


def _detail_context(request, claim, **bound):
    """Everything the investigation page shows; `bound` replaces an action's empty form."""
    initial = _initial(claim)
    forms = {
        "assign_form": AssignForm(initial={**initial, "assignee": claim.assigned_to_id}),
        "note_form": NoteForm(initial=initial),
        "info_form": InfoRequestForm(initial=initial),
        # Not prefilled with what the seller asked: the reviewer states every part of a decision.
        "decision_form": DecisionForm(initial=initial, claim=claim),
    }
    forms.update(bound)
    documents = list(claim.documents.all())
    is_appeal = claim.appealed_at is not None and not claim.is_final
    return {
        "claim": claim,
        **forms,
        "events": list(claim.events.all()),
        "documents": documents,
        "previewable": PREVIEWABLE,
        "info_requests": list(claim.information_requests.all()),
        "terms_rows": sel.review_terms_rows(claim),
        "finding_choices": FindingForm.base_fields["finding"].choices,
        "eligibility_then": claim.eligibility_at_filing or None,
        "eligibility_now": sel.review_eligibility_now(claim),
        "order_cover": order_cover(claim.order, ask_claims=False),
        "partner_record": sel.review_partner_record(claim),
        "seller_record": sel.review_seller_record(claim),
        "overdue_reasons": sel.review_overdue_reasons(claim),
        "deadlines": claim_deadlines(claim, REVIEWER),
        "role": REVIEWER,
        "decision_templates": list(sel.review_decision_templates()),
        "has_reason_codes": sel.review_reason_codes().exists(),
        "panels": evidence_panels(request, claim),
        "can_decide": claim.status in services.DECIDABLE,
        "is_appeal": is_appeal,
        "appeal_blocked": is_appeal
        and (
            not request.user.is_lead
            or request.user.pk == (claim.original_decided_by_id or claim.decided_by_id)
        ),
    }


@require_GET
@reviewer_required
def review_detail(request, reference):
    claim = sel.review_claim_get(reference=reference)
    return render(request, "claims/review_detail.html", _detail_context(request, claim))


def _done(request, reference, text):
    messages.success(request, text)
    return redirect("claims:review_detail", reference=reference)


def _refused(request, reference, form, context_key, rebind):
    """The investigation page again, showing the claim as it is now, with the typed text kept.

    Field errors stay next to their fields (400). A refusal of the action as a whole is a
    message at the top: a conflict (409) rebinds the form to the current version, since the
    reviewer has now seen the claim as it is; a refused reviewer (403) keeps it as posted.
    """
    claim = sel.review_claim_get(reference=reference)
    status = refusal_status(form)
    if status in (403, 409):
        messages.error(request, form.refusal.message)
        data = request.POST.copy()
        if status == 409:
            data["version"] = claim.version
        form = rebind(data, claim)
        form.is_valid()
    return render(
        request,
        "claims/review_detail.html",
        _detail_context(request, claim, **{context_key: form}),
        status=status,
    )


@require_POST
@reviewer_required
def review_assign(request, reference):
    claim = sel.review_claim_get(reference=reference)
    form = AssignForm(request.POST)
    if form.is_valid():
        ok, _claim = call_service(
            form,
            services.claim_assign,
            claim=claim,
            reviewer=request.user,
            assignee=form.cleaned_data["assignee"],
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return _done(request, reference, _("Assignment saved."))
    return _refused(request, reference, form, "assign_form", lambda data, claim: AssignForm(data))


@require_POST
@reviewer_required
def review_note(request, reference):
    claim = sel.review_claim_get(reference=reference)
    form = NoteForm(request.POST)
    if form.is_valid():
        ok, _event = call_service(
            form,
            services.claim_note_add,
            claim=claim,
            reviewer=request.user,
            text=form.cleaned_data["text"],
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return _done(request, reference, _("Internal note added."))
    return _refused(request, reference, form, "note_form", lambda data, claim: NoteForm(data))


@require_POST
@reviewer_required
def review_request_info(request, reference):
    claim = sel.review_claim_get(reference=reference)
    form = InfoRequestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        ok, _request = call_service(
            form,
            services.claim_info_request,
            claim=claim,
            reviewer=request.user,
            party=data["party"],
            question=data["question"],
            due_at=data.get("due_at"),
            expected_version=data["version"],
        )
        if ok:
            return _done(request, reference, _("Question sent; the claim is waiting."))
    return _refused(request, reference, form, "info_form", lambda data, claim: InfoRequestForm(data))


@require_POST
@reviewer_required
def review_finding(request, reference):
    claim = sel.review_claim_get(reference=reference)
    form = FindingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        ok, _finding = call_service(
            form,
            services.claim_finding_set,
            claim=claim,
            reviewer=request.user,
            parameter_id=data["parameter"],
            finding=data["finding"],
            note=data.get("note", ""),
            expected_version=data["version"],
        )
        if ok:
            return _done(request, reference, _("Finding recorded."))
    return _refused(request, reference, form, "finding_form", lambda data, claim: FindingForm(data))


@require_POST
@reviewer_required
def review_decide_confirm(request, reference):
    """The decision form's button: the confirmation step, which posts to `review_decide`."""
    claim = sel.review_claim_get(reference=reference)
    form = DecisionForm(request.POST, claim=claim)
    if not form.is_valid():
        return _refused(
            request, reference, form, "decision_form", lambda data, claim: DecisionForm(data, claim=claim)
        )
    missing = missing_findings(claim)
    return render(request, "confirm.html", decision_confirmation(request, claim, form, missing=missing))


@require_POST
@reviewer_required
def review_decide(request, reference):
    claim = sel.review_claim_get(reference=reference)
    form = DecisionForm(request.POST, claim=claim)
    if form.is_valid() and request.POST.get("confirmed") and not request.POST.get("acknowledged"):
        # From the confirmation step: a parameter without a finding needs the reviewer's word.
        missing = missing_findings(claim)
        if missing:
            error = _("Record the missing findings, or tick the box to decide without them.")
            context = decision_confirmation(request, claim, form, missing=missing, error=error)
            return render(request, "confirm.html", context, status=400)
    if form.is_valid():
        data = form.cleaned_data
        ok, _claim = call_service(
            form,
            services.claim_decide,
            claim=claim,
            reviewer=request.user,
            outcome=data["outcome"],
            remedy=data.get("remedy") or "",
            amount=data.get("amount"),
            reason_code=data["reason_code"],
            rationale=data["rationale"],
            expected_version=data["version"],
        )
        if ok:
            return _done(request, reference, _("Decision recorded and sent to the seller and the partner."))
    return _refused(
        request, reference, form, "decision_form", lambda data, claim: DecisionForm(data, claim=claim)
    )


@require_GET
@reviewer_required
@xframe_options_sameorigin
def review_document_preview(request, reference, document_id):
    """A claim document shown inline (staff only), for the preview frame on the investigation page.

    The parties' own download view serves documents as attachments; this one may
    render in the page, so it answers only for stored types that browsers show
    safely (PDF, PNG, JPEG, checked by content at upload) and never guesses.
    """
    claim = sel.review_claim_get(reference=reference)
    document = sel.review_document_get(claim=claim, document_id=document_id)
    if document.content_type not in PREVIEWABLE:
        raise Http404
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404
    response = FileResponse(handle, content_type=document.content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # Only this response may be framed, and only by our own pages.
    response._csp_replace = {"frame-ancestors": ["'self'"], "object-src": ["'self'"]}
    return response


# --- metrics -------------------------------------------------------------------------


@require_GET
@lead_required
def review_metrics(request):
    try:
        days = max(7, min(365, int(request.GET.get("days", 90))))
    except ValueError:
        days = 90
    return render(request, "claims/review_metrics.html", {"m": sel.review_metrics(days=days)})
