"""Partner console claim pages: the member's own partner only; never a draft."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims.exceptions import ClaimConflict
from claims.forms import DocumentForm, InfoAnswerForm, MessageForm, RespondForm
from claims.models import Claim, ClaimStateError, InformationRequest
from claims.selectors.partner import claim_detail_for_partner, claim_list_for_partner
from claims.selectors.seller import PARTNER, events_for, open_info_request
from claims.services import filing
from claims.services.documents import document_token
from claims.services.partner import claim_partner_respond
from claims.views.common import add_service_errors, next_steps, not_found, signed_in_or_404


@signed_in_or_404
def console_claim_list(request):
    if not request.user.is_partner_member:
        return not_found(request)
    state = request.GET.get("state", "")
    claims = claim_list_for_partner(request.user, state=state if state in ("open", "closed") else "")
    page = Paginator(claims, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "claims/console_claim_list.html",
        {
            "claims": page.object_list,
            "page": page,
            "state": state,
            "partner": request.user.partner,
            "now": timezone.now(),
        },
    )


def _context(claim, **forms):
    context = {
        "claim": claim,
        "order": claim.order,
        "role": PARTNER,
        "events": events_for(claim, PARTNER),
        "documents": [{"doc": d, "token": document_token(d)} for d in claim.documents.all()],
        "next_steps": next_steps(claim, PARTNER),
        "open_request": open_info_request(claim, InformationRequest.Party.PARTNER),
        "can_respond": claim.is_open,
        "respond_form": RespondForm(initial={"version": claim.version}, agreed_price=claim.agreed_price),
        "message_form": MessageForm(),
        "document_form": DocumentForm(),
        "answer_form": InfoAnswerForm(),
        "can_message": claim.status not in (Claim.Status.WITHDRAWN, Claim.Status.CLOSED),
    }
    context.update(forms)
    return context


@signed_in_or_404
def console_claim_detail(request, reference):
    claim = claim_detail_for_partner(request.user, reference)
    if claim is None:
        return not_found(request)
    return render(request, "claims/console_claim_detail.html", _context(claim))


def _action(request, reference, form, action, *, form_name, success):
    claim = claim_detail_for_partner(request.user, reference)
    if claim is None:
        return not_found(request)
    if form.is_valid():
        try:
            action(claim, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except (ClaimConflict, ClaimStateError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, success)
            return redirect("claims:console_detail", reference=claim.reference)
    claim.refresh_from_db()
    return render(request, "claims/console_claim_detail.html", _context(claim, **{form_name: form}))


@signed_in_or_404
@require_POST
def console_claim_respond(request, reference):
    claim = claim_detail_for_partner(request.user, reference)
    if claim is None:
        return not_found(request)
    form = RespondForm(request.POST, request.FILES, agreed_price=claim.agreed_price)

    def act(claim, data):
        files = [(data.get("kind") or "other", data["file"])] if data.get("file") else []
        claim_partner_respond(
            claim=claim,
            user=request.user,
            statement=data["statement"],
            offer_remedy=data.get("offer_remedy") or None,
            offer_amount=data.get("offer_amount"),
            files=files,
            expected_version=data.get("version"),
        )

    return _action(
        request,
        reference,
        form,
        act,
        form_name="respond_form",
        success=_("Your answer has been sent. The seller has been e-mailed."),
    )


@signed_in_or_404
@require_POST
def console_claim_message(request, reference):
    return _action(
        request,
        reference,
        MessageForm(request.POST),
        lambda claim, data: filing.claim_message_add(claim=claim, user=request.user, text=data["text"]),
        form_name="message_form",
        success=_("Your message has been sent to support."),
    )


@signed_in_or_404
@require_POST
def console_claim_document_add(request, reference):
    return _action(
        request,
        reference,
        DocumentForm(request.POST, request.FILES),
        lambda claim, data: filing.claim_document_add(
            claim=claim, user=request.user, file=data["file"], kind=data["kind"]
        ),
        form_name="document_form",
        success=_("The document has been added to the claim."),
    )


@signed_in_or_404
@require_POST
def console_claim_info_answer(request, reference):
    def act(claim, data):
        from claims.services.review import claim_info_answer  # F's service

        claim_info_answer(claim=claim, user=request.user, answer=data["answer"])

    return _action(
        request,
        reference,
        InfoAnswerForm(request.POST),
        act,
        form_name="answer_form",
        success=_("Thank you: your answer has been sent to support."),
    )
