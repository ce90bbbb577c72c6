"""The seller's claims: the list, the claim page and its actions (withdraw, message, documents,
appeal, the partner's offer, support's question).

Each action parses its form, calls one service through `partnernet.web.call_service`
and redirects to the claim page; a refusal re-renders the page with the errors on
that action's form and what was typed kept. Filing itself is in `claims.views.filing`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from claims import services
from claims.forms import (
    AppealForm,
    DocumentForm,
    InfoAnswerForm,
    MessageForm,
    OfferAnswerForm,
    WithdrawForm,
)
from claims.models import Claim, InformationRequest
from claims.selectors.deadlines import claim_deadlines
from claims.selectors.seller import (
    SELLER,
    claim_detail_for_seller,
    claim_list_for_seller,
    events_for,
    open_info_request,
)
from claims.services.documents import document_token
from claims.views.common import next_steps, not_found, party_panels, signed_in_or_404
from partnernet.web import call_service


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


def _submitted_claim(request, reference):
    """The seller's claim addressed by an action on its page (never a draft)."""
    claim = claim_detail_for_seller(request.user, reference)
    return None if claim is None or claim.status == Claim.Status.DRAFT else claim


def _detail_context(request, claim, **forms):
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
        "documents": [{"doc": d, "token": document_token(d)} for d in claim.documents.all()],
        "deadlines": (deadlines := claim_deadlines(claim, SELLER)),
        "next_steps": next_steps(claim, SELLER, deadlines),
        "open_request": open_info_request(claim, InformationRequest.Party.SELLER),
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
        "panels": party_panels(request, claim, SELLER),
    }
    context.update(forms)
    return context


@signed_in_or_404
def claim_detail(request, reference):
    claim = claim_detail_for_seller(request.user, reference)
    if claim is None:
        return not_found(request)
    if claim.status == Claim.Status.DRAFT:
        return redirect("claims:step_review", reference=claim.reference)
    return render(request, "claims/claim_detail.html", _detail_context(request, claim))


def _done(request, claim, text):
    messages.success(request, text)
    return redirect("claims:detail", reference=claim.reference)


def _refused(request, claim, **forms):
    """The claim page again, as it is now, with the refused action's form and its errors."""
    claim.refresh_from_db()
    return render(request, "claims/claim_detail.html", _detail_context(request, claim, **forms))


@signed_in_or_404
@require_http_methods(["GET", "POST"])
def claim_withdraw(request, reference):
    """GET: the confirmation step (discarding a draft, withdrawing a claim); POST: do it."""
    draft = claim_detail_for_seller(request.user, reference)
    if draft is not None and draft.status == Claim.Status.DRAFT:
        if request.method == "GET":
            return render(request, "confirm.html", _discard_confirmation(draft))
        # Discarding a draft: nothing to re-render on the claim page.
        ok, _claim = call_service(
            None, services.claim_withdraw, claim=draft, user=request.user, request=request
        )
        if not ok:
            return redirect("claims:step_review", reference=draft.reference)
        messages.success(request, _("The draft is discarded."))
        return redirect("claims:list")
    claim = _submitted_claim(request, reference)
    if claim is None:
        return not_found(request)
    if request.method == "GET":
        form = WithdrawForm(initial={"version": claim.version})
        return render(request, "confirm.html", _withdraw_confirmation(claim, form))
    form = WithdrawForm(request.POST)
    if form.is_valid():
        ok, _claim = call_service(
            form,
            services.claim_withdraw,
            claim=claim,
            user=request.user,
            expected_version=form.cleaned_data.get("version"),
            reason=form.cleaned_data.get("reason", ""),
        )
        if ok:
            return _done(request, claim, _("Your claim is withdrawn."))
    # As before the confirmation step: the page again (200) with the refusal on the form.
    return render(request, "confirm.html", _withdraw_confirmation(claim, form))


def _discard_confirmation(draft: Claim) -> dict:
    return {
        "title": _("Discard this draft claim?"),
        "consequences": [
            _(
                "The draft on order %(ref)s is discarded: what you wrote and the documents "
                "you attached to it are not kept."
            )
            % {"ref": draft.order.reference},
            _("Nobody is told: the partner and support never saw the draft."),
            _("While the claim window is open you can start a new claim on this order."),
        ],
        "hidden": [("version", draft.version)],
        "action": reverse("claims:withdraw", kwargs={"reference": draft.reference}),
        "confirm_label": _("Yes, discard the draft"),
        "back_url": reverse("claims:step_review", kwargs={"reference": draft.reference}),
        "danger": True,
    }


def _withdraw_confirmation(claim: Claim, form: WithdrawForm) -> dict:
    return {
        "title": _("Withdraw claim %(ref)s?") % {"ref": claim.reference},
        "consequences": [
            _("Support stops working on the claim and no decision is made. This cannot be undone."),
            _("The claim's timeline records that you withdrew it."),
            _("A new claim on this order is only possible while its claim window is open."),
        ],
        "form": form,
        "action": reverse("claims:withdraw", kwargs={"reference": claim.reference}),
        "confirm_label": _("Yes, withdraw the claim"),
        "back_url": claim.get_absolute_url(),
        "danger": True,
    }


@signed_in_or_404
@require_POST
def claim_message(request, reference):
    claim = _submitted_claim(request, reference)
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
def claim_document_add(request, reference):
    claim = _submitted_claim(request, reference)
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
            return _done(request, claim, _("The document has been added to your claim."))
    return _refused(request, claim, document_form=form)


@signed_in_or_404
@require_POST
def claim_appeal(request, reference):
    claim = _submitted_claim(request, reference)
    if claim is None:
        return not_found(request)
    form = AppealForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        ok, _claim = call_service(
            form,
            services.claim_appeal,
            claim=claim,
            user=request.user,
            statement=data["statement"],
            files=[(data.get("kind") or "other", data["file"])] if data.get("file") else [],
            expected_version=data.get("version"),
        )
        if ok:
            return _done(request, claim, _("Your appeal is received. A support lead will review it."))
    return _refused(request, claim, appeal_form=form)


@signed_in_or_404
@require_POST
def claim_offer_accept(request, reference):
    claim = _submitted_claim(request, reference)
    if claim is None:
        return not_found(request)
    form = OfferAnswerForm(request.POST)
    if form.is_valid():
        ok, _claim = call_service(
            form,
            services.claim_offer_accept,
            claim=claim,
            user=request.user,
            expected_version=form.cleaned_data.get("version"),
        )
        if ok:
            return _done(
                request, claim, _("You accepted the partner's offer. The claim is resolved with the partner.")
            )
    return _refused(request, claim, offer_form=form)


@signed_in_or_404
@require_POST
def claim_offer_decline(request, reference):
    claim = _submitted_claim(request, reference)
    if claim is None:
        return not_found(request)
    form = OfferAnswerForm(request.POST)
    if form.is_valid():
        ok, _claim = call_service(
            form,
            services.claim_offer_decline,
            claim=claim,
            user=request.user,
            note=form.cleaned_data.get("note", ""),
            expected_version=form.cleaned_data.get("version"),
        )
        if ok:
            return _done(request, claim, _("You declined the offer. Support will carry on with the claim."))
    return _refused(request, claim, offer_form=form)


@signed_in_or_404
@require_POST
def claim_info_answer(request, reference):
    claim = _submitted_claim(request, reference)
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
