"""Partner console claim pages: the member's own partner only; never a draft.

Each action parses its form, calls one service through `partnernet.web.call_service`
and redirects to the claim page; a refusal re-renders the page with the errors.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims import services
from claims.forms import DocumentForm, InfoAnswerForm, MessageForm, RespondForm
from claims.models import Claim, InformationRequest
from claims.selectors.deadlines import claim_deadlines
from claims.selectors.partner import claim_detail_for_partner, claim_list_for_partner
from claims.selectors.seller import PARTNER, events_for, open_info_request
from claims.services.documents import document_token
from claims.views.common import next_steps, not_found, party_panels, signed_in_or_404
from partnernet.web import call_service


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


def _context(request, claim, **forms):
    context = {
        "claim": claim,
        "order": claim.order,
        "role": PARTNER,
        "events": events_for(claim, PARTNER),
        "documents": [{"doc": d, "token": document_token(d)} for d in claim.documents.all()],
        "deadlines": (deadlines := claim_deadlines(claim, PARTNER)),
        "next_steps": next_steps(claim, PARTNER, deadlines),
        "open_request": open_info_request(claim, InformationRequest.Party.PARTNER),
        "can_respond": claim.is_open,
        "respond_form": RespondForm(initial={"version": claim.version}, agreed_price=claim.agreed_price),
        "message_form": MessageForm(),
        "document_form": DocumentForm(),
        "answer_form": InfoAnswerForm(),
        "can_message": claim.status not in (Claim.Status.WITHDRAWN, Claim.Status.CLOSED),
        "panels": party_panels(request, claim, PARTNER),
    }
    context.update(forms)
    return context


@signed_in_or_404
def console_claim_detail(request, reference):
    claim = claim_detail_for_partner(request.user, reference)
    if claim is None:
        return not_found(request)
    return render(request, "claims/console_claim_detail.html", _context(request, claim))


def _done(request, claim, text):
    messages.success(request, text)
    return redirect("claims:console_detail", reference=claim.reference)


def _refused(request, claim, **forms):
    """The claim page again, as it is now, with the refused action's form and its errors."""
    claim.refresh_from_db()
    return render(request, "claims/console_claim_detail.html", _context(request, claim, **forms))


@signed_in_or_404
@require_POST
def console_claim_respond(request, reference):
    claim = claim_detail_for_partner(request.user, reference)
    if claim is None:
        return not_found(request)
    form = RespondForm(request.POST, request.FILES, agreed_price=claim.agreed_price)
    if form.is_valid():
        data = form.cleaned_data
        ok, _claim = call_service(
            form,
            services.claim_partner_respond,
            claim=claim,
            user=request.user,
            statement=data["statement"],
            offer_remedy=data.get("offer_remedy") or None,
            offer_amount=data.get("offer_amount"),
            files=[(data.get("kind") or "other", data["file"])] if data.get("file") else [],
            expected_version=data.get("version"),
        )
        if ok:
            return _done(request, claim, _("Your answer has been sent. The seller has been e-mailed."))
    return _refused(request, claim, respond_form=form)


@signed_in_or_404
@require_POST
def console_claim_message(request, reference):
    claim = claim_detail_for_partner(request.user, reference)
    if claim is None:
        return not_found(request)
    form = MessageForm(request.POST)
    if form.is_valid():
        ok, _event = call_service(
            form, services.claim_message_add, claim=claim, user=request.user, text=form.cleaned_data["text"]
        )
        if ok:
            return _done(request, claim, _("Your message has been sent to support."))
    return _refused(request, claim, message_form=form)


@signed_in_or_404
@require_POST
def console_claim_document_add(request, reference):
    claim = claim_detail_for_partner(request.user, reference)
    if claim is None:
        return not_found(request)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        ok, _document = call_service(
            form,
            services.claim_document_add,
            claim=claim,
            user=request.user,
            file=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
        )
        if ok:
            return _done(request, claim, _("The document has been added to the claim."))
    return _refused(request, claim, document_form=form)


@signed_in_or_404
@require_POST
def console_claim_info_answer(request, reference):
    claim = claim_detail_for_partner(request.user, reference)
    if claim is None:
        return not_found(request)
    form = InfoAnswerForm(request.POST)
    if form.is_valid():
        ok, _request = call_service(
            form,
            services.claim_info_answer,
            claim=claim,
            user=request.user,
            answer=form.cleaned_data["answer"],
        )
        if ok:
            return _done(request, claim, _("Thank you: your answer has been sent to support."))
    return _refused(request, claim, answer_form=form)
