"""The seller's claim pages: list, filing in steps (saved as a draft), the claim page and its actions."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from claims.eligibility import claim_eligibility
from claims.exceptions import ClaimConflict
from claims.forms import (
    AppealForm,
    ClaimDetailsForm,
    DocumentForm,
    InfoAnswerForm,
    MessageForm,
    OfferAnswerForm,
    OnBehalfForm,
    WithdrawForm,
)
from claims.models import Claim, ClaimStateError, InformationRequest
from claims.selectors.seller import (
    SELLER,
    claim_detail_for_seller,
    claim_list_for_seller,
    events_for,
    open_info_request,
    order_for_claimant,
)
from claims.services import filing, partner
from claims.services.documents import document_token, documents_missing
from claims.services.filing import ClaimIncomplete, ClaimNotEligible, ClaimRateLimited
from claims.views.common import add_service_errors, next_steps, not_found, signed_in_or_404

STEPS = [
    ("claims:step_details", gettext_lazy("Details")),
    ("claims:step_documents", gettext_lazy("Documents")),
    ("claims:step_review", gettext_lazy("Review and submit")),
]


def _seller_claim(request, reference, *, draft: bool | None = None):
    claim = claim_detail_for_seller(request.user, reference)
    if claim is None:
        return None
    if draft is True and claim.status != Claim.Status.DRAFT:
        return None
    return claim


def _came_from_email_link(request, order) -> bool:
    stored = request.session.get("feedback_link")
    if not isinstance(stored, dict):
        return False
    try:
        from claims.feedback import FeedbackTokenInvalid, feedback_token_read

        link = feedback_token_read(stored.get("token", ""))
    except (ImportError, FeedbackTokenInvalid):
        return False
    return link.order_reference == order.reference and link.seller_id == request.user.pk


@login_required
def claim_list(request):
    if not request.user.is_seller and request.user.is_partner_member:
        return redirect("claims:console_list")  # a partner's claims live in the console
    claims = list(claim_list_for_seller(request.user))
    return render(
        request,
        "claims/claim_list.html",
        {
            "drafts": [c for c in claims if c.status == Claim.Status.DRAFT],
            "open_claims": [c for c in claims if c.is_open],
            "past_claims": [c for c in claims if c.status != Claim.Status.DRAFT and not c.is_open],
            "is_seller": request.user.is_seller,
        },
    )


@signed_in_or_404
@require_http_methods(["GET", "POST"])
def claim_new(request):
    """Step 1: eligibility. GET shows it; POST starts (or resumes) the draft."""
    reference = (request.GET.get("order") or request.POST.get("order") or "").strip()
    if not reference:
        return render(request, "claims/claim_choose_order.html", {}, status=400)
    order = order_for_claimant(request.user, reference)
    if order is None or not request.user.seller_memberships.filter(account_id=order.seller_id).exists():
        return not_found(request)
    draft = filing.claim_draft_get(order=order, user=request.user)
    eligibility = claim_eligibility(order=order, claimant=request.user)
    if request.method == "POST" and eligibility.eligible:
        channel = Claim.Channel.EMAIL_LINK if _came_from_email_link(request, order) else Claim.Channel.WEB
        try:
            draft = filing.claim_draft_start(order=order, user=request.user, channel=channel)
        except ClaimNotEligible as exc:
            eligibility = exc.eligibility
        else:
            return redirect("claims:step_details", reference=draft.reference)
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
    claim = _seller_claim(request, reference, draft=True)
    if claim is None:
        return _draft_gone(request, reference)
    if request.method == "POST":
        form = ClaimDetailsForm(request.POST, agreed_price=claim.agreed_price)
        form.is_valid()
        post = request.POST
        try:
            claim = filing.claim_draft_update(
                claim=claim,
                user=request.user,
                reason=post.get("reason", ""),
                description=post.get("description", "")[:10000],
                resolution_attempt=post.get("resolution_attempt", "")[:10000],
                resolution_confirmed=post.get("resolution_confirmed") in ("on", "true", "1"),
                remedy=post.get("remedy", ""),
                amount=post.get("amount", "") if post.get("remedy") == Claim.Remedy.PARTIAL_REFUND else None,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    if field in form.fields and field not in form.errors:
                        form.add_error(field, errors)
            else:
                form.add_error(None, exc.messages)
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
        {"claim": claim, "order": claim.order, "form": form, "steps": STEPS, "step": 1},
    )


def _draft_gone(request, reference):
    """A submitted claim's edit links go to its page; anything else is not found."""
    claim = claim_detail_for_seller(request.user, reference)
    if claim is not None:
        return redirect("claims:detail", reference=claim.reference)
    return not_found(request)


def _documents_context(claim):
    return [{"doc": d, "token": document_token(d)} for d in claim.documents.all()]


@signed_in_or_404
@require_http_methods(["GET", "POST"])
def claim_step_documents(request, reference):
    """Step 3: documents. A rejected file is an error on the form; saved files stay."""
    claim = _seller_claim(request, reference, draft=True)
    if claim is None:
        return _draft_gone(request, reference)
    form = DocumentForm()
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document = filing.claim_document_add(
                    claim=claim,
                    user=request.user,
                    file=form.cleaned_data["file"],
                    kind=form.cleaned_data["kind"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
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
    claim = _seller_claim(request, reference, draft=True)
    if claim is None:
        return _draft_gone(request, reference)
    document = next((d for d in claim.documents.all() if document_token(d) == token), None)
    if document is None:
        return not_found(request)
    try:
        filing.claim_document_remove(claim=claim, user=request.user, document=document)
        messages.success(request, _("Removed %(name)s.") % {"name": document.original_name})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("claims:step_documents", reference=claim.reference)


@signed_in_or_404
@require_http_methods(["GET", "POST"])
def claim_step_review(request, reference):
    """Step 4: review and submit. Submit re-checks everything and says what is missing."""
    claim = _seller_claim(request, reference, draft=True)
    if claim is None:
        return _draft_gone(request, reference)
    errors: dict[str, list[str]] = {}
    eligibility = claim_eligibility(order=claim.order, claimant=request.user)
    if request.method == "POST":
        version = request.POST.get("version") or None
        try:
            submitted = filing.claim_submit(claim=claim, user=request.user, expected_version=version)
        except ClaimNotEligible as exc:
            eligibility = exc.eligibility
        except ClaimIncomplete as exc:
            errors = exc.message_dict
        except ClaimRateLimited as exc:
            errors = {"__all__": [str(exc)]}
        except (ClaimConflict, ValidationError) as exc:
            errors = {"__all__": getattr(exc, "messages", [str(exc)])}
        else:
            messages.success(
                request,
                _("Claim %(ref)s is submitted. We have e-mailed you and told the partner.")
                % {"ref": submitted.reference},
            )
            return redirect("claims:detail", reference=submitted.reference)
        claim.refresh_from_db()
    else:
        errors = filing.claim_missing_items(claim)
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
        },
        status=200,
    )


def _detail_context(request, claim, **forms):
    open_request = open_info_request(claim, InformationRequest.Party.SELLER)
    can_appeal = (
        claim.status == Claim.Status.DECIDED
        and not claim.is_final
        and claim.appealed_at is None
        and claim.outcome != Claim.Outcome.RESOLVED_WITH_PARTNER
        and claim.appeal_deadline is not None
        and timezone.now() <= claim.appeal_deadline
    )
    context = {
        "claim": claim,
        "order": claim.order,
        "role": SELLER,
        "events": events_for(claim, SELLER),
        "documents": _documents_context(claim),
        "next_steps": next_steps(claim, SELLER),
        "open_request": open_request,
        "can_withdraw": claim.can_transition_to(Claim.Status.WITHDRAWN),
        "can_add_documents": claim.is_open,
        "can_message": claim.status not in (Claim.Status.WITHDRAWN, Claim.Status.CLOSED),
        "can_appeal": can_appeal,
        "offer_pending": claim.offer_status == Claim.OfferStatus.PENDING
        and claim.is_open
        and claim.status != Claim.Status.APPEALED,
        "message_form": MessageForm(),
        "document_form": DocumentForm(),
        "withdraw_form": WithdrawForm(initial={"version": claim.version}),
        "appeal_form": AppealForm(initial={"version": claim.version}),
        "offer_form": OfferAnswerForm(initial={"version": claim.version}),
        "answer_form": InfoAnswerForm(),
    }
    context.update(forms)
    return context


@signed_in_or_404
def claim_detail(request, reference):
    claim = _seller_claim(request, reference)
    if claim is None:
        return not_found(request)
    if claim.status == Claim.Status.DRAFT:
        return redirect("claims:step_review", reference=claim.reference)
    return render(request, "claims/claim_detail.html", _detail_context(request, claim))


def _rerender(request, claim, status=200, **forms):
    claim.refresh_from_db()
    return render(
        request, "claims/claim_detail.html", _detail_context(request, claim, **forms), status=status
    )


def _action(request, reference, form_class, action, *, form_name, success, files=False):
    """The shape of every POST on the claim page: scope, validate, call, redirect or re-render."""
    claim = _seller_claim(request, reference)
    if claim is None or claim.status == Claim.Status.DRAFT:
        return not_found(request)
    form = form_class(request.POST, request.FILES) if files else form_class(request.POST)
    if form.is_valid():
        try:
            action(claim, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except (ClaimConflict, ClaimStateError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, success)
            return redirect("claims:detail", reference=claim.reference)
    return _rerender(request, claim, **{form_name: form})


@signed_in_or_404
@require_POST
def claim_withdraw(request, reference):
    draft = _seller_claim(request, reference, draft=True)
    if draft is not None:
        # Discarding a draft: nothing to re-render on the claim page.
        try:
            filing.claim_withdraw(claim=draft, user=request.user)
        except (ValidationError, ClaimConflict) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect("claims:step_review", reference=draft.reference)
        messages.success(request, _("The draft is discarded."))
        return redirect("claims:list")
    return _action(
        request,
        reference,
        WithdrawForm,
        lambda claim, data: filing.claim_withdraw(
            claim=claim,
            user=request.user,
            expected_version=data.get("version"),
            reason=data.get("reason", ""),
        ),
        form_name="withdraw_form",
        success=_("Your claim is withdrawn."),
    )


@signed_in_or_404
@require_POST
def claim_message(request, reference):
    return _action(
        request,
        reference,
        MessageForm,
        lambda claim, data: filing.claim_message_add(claim=claim, user=request.user, text=data["text"]),
        form_name="message_form",
        success=_("Your message has been sent to support."),
    )


@signed_in_or_404
@require_POST
def claim_document_add(request, reference):
    return _action(
        request,
        reference,
        DocumentForm,
        lambda claim, data: filing.claim_document_add(
            claim=claim, user=request.user, file=data["file"], kind=data["kind"]
        ),
        form_name="document_form",
        success=_("The document has been added to your claim."),
        files=True,
    )


@signed_in_or_404
@require_POST
def claim_appeal(request, reference):
    def act(claim, data):
        files = [(data.get("kind") or "other", data["file"])] if data.get("file") else []
        filing.claim_appeal(
            claim=claim,
            user=request.user,
            statement=data["statement"],
            files=files,
            expected_version=data.get("version"),
        )

    return _action(
        request,
        reference,
        AppealForm,
        act,
        form_name="appeal_form",
        success=_("Your appeal is received. A support lead will review it."),
        files=True,
    )


@signed_in_or_404
@require_POST
def claim_offer_accept(request, reference):
    return _action(
        request,
        reference,
        OfferAnswerForm,
        lambda claim, data: partner.claim_offer_accept(
            claim=claim, user=request.user, expected_version=data.get("version")
        ),
        form_name="offer_form",
        success=_("You accepted the partner's offer. The claim is resolved with the partner."),
    )


@signed_in_or_404
@require_POST
def claim_offer_decline(request, reference):
    return _action(
        request,
        reference,
        OfferAnswerForm,
        lambda claim, data: partner.claim_offer_decline(
            claim=claim, user=request.user, note=data.get("note", ""), expected_version=data.get("version")
        ),
        form_name="offer_form",
        success=_("You declined the offer. Support will carry on with the claim."),
    )


@signed_in_or_404
@require_POST
def claim_info_answer(request, reference):
    def act(claim, data):
        from claims.services.review import claim_info_answer as answer  # F's service

        answer(claim=claim, user=request.user, answer=data["answer"])

    return _action(
        request,
        reference,
        InfoAnswerForm,
        act,
        form_name="answer_form",
        success=_("Thank you: your answer has been sent to support."),
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
            try:
                claim = filing.claim_file_on_behalf(
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
            except ClaimNotEligible as exc:
                eligibility = exc.eligibility
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    # The service names documents "file"/"documents"; this form's field is proof_file.
                    errors = exc.message_dict
                    for key in ("file", "documents"):
                        if key in errors:
                            form.add_error("proof_file", errors.pop(key))
                    if errors:
                        add_service_errors(form, ValidationError(errors))
                else:
                    add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Claim %(ref)s is filed for %(seller)s. The seller and the partner have been e-mailed.")
                    % {"ref": claim.reference, "seller": order.seller.name},
                )
                return redirect("claims:review_detail", reference=claim.reference)
    return render(
        request,
        "claims/claim_on_behalf.html",
        {"order": order, "eligibility": eligibility, "form": form},
    )
