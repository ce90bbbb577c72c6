"""Filing a claim in steps (saved as a draft), and support filing on a seller's behalf.

    claims/new/?order=SO-…             step 1: eligibility; POST starts (or resumes) the draft
    claims/DR-…/edit/details/          step 2: what went wrong (saved as the seller types)
    claims/DR-…/edit/documents/        step 3: invoices and other documents
    claims/DR-…/edit/review/           step 4: review and submit

Service refusals reach the page through `partnernet.web.call_service`.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from claims import services
from claims.eligibility import claim_eligibility
from claims.evidence import raised_with_partner
from claims.exceptions import FeedbackTokenInvalid
from claims.feedback import feedback_token_read
from claims.forms import ClaimDetailsForm, DocumentForm, OnBehalfForm
from claims.models import Claim
from claims.selectors.seller import (
    claim_detail_for_seller,
    claim_submitted_from_draft,
    order_for_claimant,
)
from claims.services.documents import document_token, documents_missing
from claims.views.common import not_found, signed_in_or_404
from partnernet.web import call_service
from partners.people import is_seller_member

STEPS = [
    ("claims:step_details", gettext_lazy("Details")),
    ("claims:step_documents", gettext_lazy("Documents")),
    ("claims:step_review", gettext_lazy("Review and submit")),
]


def _draft(request, reference):
    claim = claim_detail_for_seller(request.user, reference)
    return claim if claim is not None and claim.status == Claim.Status.DRAFT else None


def _draft_gone(request, reference):
    """A submitted claim's edit links (even under its old draft reference) go to its page."""
    claim = claim_detail_for_seller(request.user, reference) or claim_submitted_from_draft(
        request.user, reference
    )
    if claim is not None:
        return redirect("claims:detail", reference=claim.reference)
    return not_found(request)


def _came_from_email_link(request, order) -> bool:
    stored = request.session.get("feedback_link")
    if not isinstance(stored, dict):
        return False
    try:
        link = feedback_token_read(stored.get("token", ""))
    except FeedbackTokenInvalid:
        return False
    return link.order_reference == order.reference and link.seller_id == request.user.pk


def _documents_context(claim):
    return [{"doc": d, "token": document_token(d)} for d in claim.documents.all()]


@signed_in_or_404
@require_http_methods(["GET", "POST"])
def claim_new(request):
    """Step 1: eligibility. GET shows it; POST starts (or resumes) the draft."""
    reference = (request.GET.get("order") or request.POST.get("order") or "").strip()
    if not reference:
        return render(request, "claims/claim_choose_order.html", {}, status=400)
    order = order_for_claimant(request.user, reference)
    if order is None or not is_seller_member(request.user, seller_id=order.seller_id):
        return not_found(request)
    draft = services.claim_draft_get(order=order, user=request.user)
    eligibility = claim_eligibility(order=order, claimant=request.user)
    if request.method == "POST" and eligibility.eligible:
        channel = Claim.Channel.EMAIL_LINK if _came_from_email_link(request, order) else Claim.Channel.WEB
        refusal = forms.Form(request.POST)
        ok, started = call_service(
            refusal, services.claim_draft_start, order=order, user=request.user, channel=channel
        )
        if ok:
            return redirect("claims:step_details", reference=started.reference)
        eligibility = getattr(refusal.refusal, "eligibility", eligibility)
    existing = order.claims.exclude(status__in=[Claim.Status.DRAFT, Claim.Status.WITHDRAWN]).first()
    return render(
        request,
        "claims/claim_new.html",
        {
            "order": order,
            "eligibility": eligibility,
            "draft": draft,
            "existing": existing,
            "steps": STEPS,
            "step": 0,
        },
    )


def _details_initial(claim):
    return {
        "reason": claim.reason,
        "description": claim.description,
        "resolution_attempt": claim.resolution_attempt,
        "resolution_confirmed": claim.resolution_confirmed,
        "remedy": claim.remedy,
        "amount": claim.amount,
    }


@signed_in_or_404
@require_http_methods(["GET", "POST"])
def claim_step_details(request, reference):
    """Step 2: details. Everything typed is saved in the draft, even when a field is wrong."""
    claim = _draft(request, reference)
    if claim is None:
        return _draft_gone(request, reference)
    raised = raised_with_partner(claim)
    if request.method == "POST":
        post = request.POST
        if raised:
            # An escalated issue is the record (claims.evidence): there is no box to tick.
            post = post.copy()
            post["resolution_confirmed"] = "on"
        form = ClaimDetailsForm(post, agreed_price=claim.agreed_price)
        form.is_valid()
        ok, saved = call_service(
            form,
            services.claim_draft_update,
            claim=claim,
            user=request.user,
            reason=post.get("reason", ""),
            description=post.get("description", "")[:10000],
            resolution_attempt=post.get("resolution_attempt", "")[:10000],
            resolution_confirmed=post.get("resolution_confirmed") in ("on", "true", "1"),
            remedy=post.get("remedy", ""),
            amount=post.get("amount", "") if post.get("remedy") == Claim.Remedy.PARTIAL_REFUND else None,
        )
        # A refused field is not saved, but everything else typed in the same request is.
        claim = saved if ok else claim
        if post.get("action") == "autosave":
            # claims.js saves the draft in the background as the seller types.
            return JsonResponse(
                {"saved": True, "version": claim.version, "errors": form.errors.get_json_data()}
            )
        if post.get("action") == "save":
            messages.success(request, _("Your draft is saved. You can come back to it from My claims."))
            return redirect("claims:list")
        if not form.errors:
            return redirect("claims:step_documents", reference=claim.reference)
    else:
        form = ClaimDetailsForm(initial=_details_initial(claim), agreed_price=claim.agreed_price)
    return render(
        request,
        "claims/claim_step_details.html",
        {"claim": claim, "order": claim.order, "form": form, "steps": STEPS, "step": 1, "raised": raised},
    )


@signed_in_or_404
@require_http_methods(["GET", "POST"])
def claim_step_documents(request, reference):
    """Step 3: documents. A rejected file is an error on the form; saved files stay."""
    claim = _draft(request, reference)
    if claim is None:
        return _draft_gone(request, reference)
    form = DocumentForm()
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            ok, document = call_service(
                form,
                services.claim_document_add,
                claim=claim,
                user=request.user,
                file=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
            )
            if ok:
                messages.success(
                    request,
                    _("Added %(name)s (%(kind)s).")
                    % {"name": document.original_name, "kind": document.get_kind_display()},
                )
                return redirect("claims:step_documents", reference=claim.reference)
    return render(
        request,
        "claims/claim_step_documents.html",
        {
            "claim": claim,
            "order": claim.order,
            "form": form,
            "documents": _documents_context(claim),
            "missing": documents_missing(claim),
            "max_files": settings.UPLOAD_MAX_FILES_PER_CLAIM,
            "steps": STEPS,
            "step": 2,
        },
        status=200,
    )


@signed_in_or_404
@require_POST
def claim_step_document_remove(request, reference, token):
    claim = _draft(request, reference)
    if claim is None:
        return _draft_gone(request, reference)
    document = next((d for d in claim.documents.all() if document_token(d) == token), None)
    if document is None:
        return not_found(request)
    ok, _removed = call_service(
        None,
        services.claim_document_remove,
        claim=claim,
        user=request.user,
        document=document,
        request=request,
    )
    if ok:
        messages.success(request, _("Removed %(name)s.") % {"name": document.original_name})
    return redirect("claims:step_documents", reference=claim.reference)


@signed_in_or_404
@require_http_methods(["GET", "POST"])
def claim_step_review(request, reference):
    """Step 4: review and submit. Submit re-checks everything and says what is missing."""
    claim = _draft(request, reference)
    if claim is None:
        return _draft_gone(request, reference)
    eligibility = claim_eligibility(order=claim.order, claimant=request.user)
    if request.method == "POST":
        refusal = forms.Form(request.POST)
        ok, submitted = call_service(
            refusal,
            services.claim_submit,
            claim=claim,
            user=request.user,
            expected_version=request.POST.get("version") or None,
        )
        if ok:
            messages.success(
                request,
                _("Claim %(ref)s is submitted. We have e-mailed you and told the partner.")
                % {"ref": submitted.reference},
            )
            return redirect("claims:detail", reference=submitted.reference)
        # Ineligible: the reasons; incomplete: what is missing, by field; else the message.
        exc = refusal.refusal
        eligibility = getattr(exc, "eligibility", eligibility)
        errors = exc.message_dict if getattr(exc, "fields", None) else {"__all__": exc.messages}
        claim.refresh_from_db()
    else:
        errors = services.claim_missing_items(claim)
    return render(
        request,
        "claims/claim_step_review.html",
        {
            "claim": claim,
            "order": claim.order,
            "eligibility": eligibility,
            "errors": errors,
            "documents": _documents_context(claim),
            "steps": STEPS,
            "step": 3,
            "submitted_attempt": request.method == "POST",
            "raised": raised_with_partner(claim),
        },
        status=200,
    )


@signed_in_or_404
@require_http_methods(["GET", "POST"])
def claim_on_behalf(request):
    """Support files a claim for the order's seller (channel "support"), with the same eligibility."""
    if not request.user.is_reviewer:
        return not_found(request)
    reference = (request.GET.get("order") or "").strip()
    order = order_for_claimant(request.user, reference) if reference else None
    if order is None:
        return not_found(request)
    eligibility = claim_eligibility(order=order, claimant=request.user, on_behalf=True)
    form = OnBehalfForm(agreed_price=order.agreed_price)
    if request.method == "POST" and eligibility.eligible:
        form = OnBehalfForm(request.POST, request.FILES, agreed_price=order.agreed_price)
        if form.is_valid():
            data = form.cleaned_data
            files = [(data["proof_kind"], data["proof_file"])]
            if data.get("scope_file"):
                files.append(("scope", data["scope_file"]))
            ok, claim = call_service(
                form,
                services.claim_file_on_behalf,
                order=order,
                user=request.user,
                support_note=data["support_note"],
                reason=data["reason"],
                description=data["description"],
                resolution_attempt=data["resolution_attempt"],
                resolution_confirmed=data["resolution_confirmed"],
                remedy=data["remedy"],
                amount=data.get("amount"),
                files=files,
            )
            if ok:
                messages.success(
                    request,
                    _("Claim %(ref)s is filed for %(seller)s. The seller and the partner have been e-mailed.")
                    % {"ref": claim.reference, "seller": order.seller.name},
                )
                return redirect("claims:review_detail", reference=claim.reference)
            eligibility = getattr(form.refusal, "eligibility", eligibility)
    return render(
        request,
        "claims/claim_on_behalf.html",
        {"order": order, "eligibility": eligibility, "form": form},
    )
