"""Order pages: the caller's orders, one order with the actions its role allows, requests, reviews.

Every lookup goes through `order_list_for_user`, so another account's order is a
404 (never a 403: references cannot be probed).
"""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partnernet.business_days import IST
from partnernet.web import call_service
from partners.claim_window import claim_deadline_for
from partners.coverage import order_cover_for
from partners.forms_orders import (
    OrderAcceptForm,
    OrderDocumentForm,
    OrderRequestForm,
    ReasonForm,
    ReviewForm,
)
from partners.hooks import order_page_panels
from partners.models import OrderDocument, ServiceOrder, ServicePartner
from partners.selectors.orders import order_actions, order_get_for_user, order_list_for_user, order_role
from partners.services import orders as order_services
from partners.services.reviews import review_create


def _order_or_404(request, reference: str) -> ServiceOrder:
    try:
        return order_get_for_user(user=request.user, reference=reference)
    except ServiceOrder.DoesNotExist:
        raise Http404


@login_required
def order_list(request):
    orders = order_list_for_user(user=request.user)
    status = request.GET.get("status", "")
    if status in ServiceOrder.Status.values:
        orders = orders.filter(status=status)
    page = Paginator(orders, 20).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for order in rows:
        # The badge in the list says what the order page says (no query per row).
        order.cover = order_cover_for(order, request.user, ask_claims=False)
    return render(
        request,
        "partners/order_list.html",
        {
            "page": page,
            "orders": rows,
            "status": status,
            "statuses": ServiceOrder.Status.choices,
            "is_partner": request.user.is_partner_member,
            "is_seller": request.user.is_seller,
            # A seller's orders are all their own account's, a partner's all their business's.
            "show_partner": request.user.is_seller,
            "show_seller": request.user.is_partner_member,
        },
    )


def _detail_context(request, order, **forms):
    actions = order_actions(order=order, user=request.user)
    role = order_role(order=order, user=request.user)
    review = getattr(order, "review", None) if order.status == ServiceOrder.Status.COMPLETED else None
    cover = order_cover_for(order, request.user)
    context = {
        "order": order,
        "role": role,
        "cover": cover,
        "actions": actions,
        "documents": order.documents.select_related("uploaded_by"),
        "review": review,
        # "File a claim" only where the eligibility function lets this seller file one now.
        "claim_link": role == "seller" and cover.can_file,
        # The invoice hint speaks of claims: only to the seller, only where one is possible.
        "claim_hint": role == "seller" and cover.applies and cover.window_open,
        "accept_form": forms.get("accept_form")
        or OrderAcceptForm(initial={"scope": order.scope, "agreed_price": order.budget}),
        "decline_form": forms.get("decline_form") or ReasonForm(prefix="decline"),
        "cancel_form": forms.get("cancel_form") or ReasonForm(prefix="cancel"),
        "document_form": forms.get("document_form") or OrderDocumentForm(),
        "review_form": forms.get("review_form") or ReviewForm(),
        # Panels from the apps above partners (conversation, issue, remedy), in their order.
        "panels": [
            render_to_string(template, panel, request=request)
            for template, panel in filter(None, order_page_panels.call(request, order, role))
        ],
    }
    return context


@login_required
def order_detail(request, reference):
    order = _order_or_404(request, reference)
    return render(request, "partners/order_detail.html", _detail_context(request, order))


def _detail_again(request, order, **forms):
    """The order page once more, with the refused form and its errors (a 400)."""
    order.refresh_from_db()
    return render(request, "partners/order_detail.html", _detail_context(request, order, **forms), status=400)


@require_POST
@login_required
def order_accept(request, reference):
    order = _order_or_404(request, reference)
    form = OrderAcceptForm(request.POST)
    if form.is_valid():
        ok, _order = call_service(
            form, order_services.order_accept, order=order, user=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("Order accepted. The seller has been told."))
            return redirect(order)
    return _detail_again(request, order, accept_form=form)


@require_POST
@login_required
def order_decline(request, reference):
    order = _order_or_404(request, reference)
    form = ReasonForm(request.POST, prefix="decline")
    if form.is_valid():
        ok, _order = call_service(
            form,
            order_services.order_decline,
            order=order,
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
        if ok:
            messages.success(request, _("Request declined. The seller has been told why."))
            return redirect(order)
    return _detail_again(request, order, decline_form=form)


@require_POST
@login_required
def order_cancel(request, reference):
    order = _order_or_404(request, reference)
    form = ReasonForm(request.POST, prefix="cancel")
    if form.is_valid():
        ok, _order = call_service(
            form,
            order_services.order_cancel,
            order=order,
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
        if ok:
            messages.success(request, _("Order cancelled."))
            return redirect(order)
    return _detail_again(request, order, cancel_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def order_complete(request, reference):
    """GET: the confirmation step (completion starts the claim window); POST: complete."""
    order = _order_or_404(request, reference)
    if request.method == "GET":
        if "complete" not in order_actions(order=order, user=request.user):
            return redirect(order)
        return render(request, "confirm.html", _complete_confirmation(request, order))
    ok, _order = call_service(
        None, order_services.order_complete, request=request, order=order, user=request.user
    )
    if ok:
        messages.success(request, _("Marked as completed. The seller will get the feedback e-mail."))
    return redirect(order)


def _complete_confirmation(request, order) -> dict:
    consequences = [
        _("Order %(ref)s is marked completed. This cannot be undone.") % {"ref": order.reference},
        _("The seller gets an e-mail asking for a review of your work."),
    ]
    cover = order_cover_for(order, request.user, ask_claims=False)
    if cover.applies:
        deadline = timezone.localtime(claim_deadline_for(timezone.now()), IST)
        consequences.append(
            _(
                "The order is covered by the Service Guarantee: the 30-day claim window starts now, "
                "and the seller can file a claim until %(deadline)s IST."
            )
            % {"deadline": date_format(deadline, "j M Y, H:i")}
        )
    return {
        "title": _("Mark order %(ref)s as completed?") % {"ref": order.reference},
        "consequences": consequences,
        "action": reverse("partners:order_complete", kwargs={"reference": order.reference}),
        "confirm_label": _("Yes, mark as completed"),
        "back_url": order.get_absolute_url(),
    }


@require_POST
@login_required
def order_document_upload(request, reference):
    order = _order_or_404(request, reference)
    form = OrderDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        ok, _document = call_service(
            form,
            order_services.order_document_add,
            order=order,
            user=request.user,
            kind=form.cleaned_data["kind"],
            file=form.cleaned_data["file"],
        )
        if ok:
            messages.success(request, _("Document added."))
            return redirect(order)
    return _detail_again(request, order, document_form=form)


@login_required
def order_document_download(request, reference, document_id):
    order = _order_or_404(request, reference)
    document = get_object_or_404(OrderDocument, pk=document_id, order=order)
    extension = mimetypes.guess_extension(document.content_type) or ""
    name = (
        document.original_name
        if document.original_name.lower().endswith(extension)
        else (f"{document.original_name}{extension}")
    )
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def order_review(request, reference):
    order = _order_or_404(request, reference)
    if order_role(order=order, user=request.user) != "seller":
        raise Http404
    if hasattr(order, "review"):
        messages.info(request, _("You have already reviewed this order."))
        return redirect(order)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _review = call_service(form, review_create, order=order, user=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("Thank you — your review is published."))
            return redirect(order)
    status = 400 if request.method == "POST" else 200
    return render(request, "partners/review_form.html", {"order": order, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def order_request(request, slug):
    partner = get_object_or_404(ServicePartner, slug=slug, is_listed=True)
    if not request.user.is_seller:
        return render(request, "partners/order_request_not_seller.html", {"partner": partner}, status=403)
    initial = {}
    offering_id = request.GET.get("offering", "")
    if offering_id.isdigit():
        initial["offering"] = offering_id
    form = OrderRequestForm(request.POST or None, partner=partner, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, order = call_service(
            form, order_services.order_request, seller_user=request.user, partner=partner, **form.cleaned_data
        )
        if ok:
            messages.success(
                request,
                _("Request %(ref)s sent to %(partner)s. You'll hear back here and by e-mail.")
                % {"ref": order.reference, "partner": partner.name},
            )
            return redirect(order)
    status = 400 if request.method == "POST" else 200
    return render(request, "partners/order_request.html", {"partner": partner, "form": form}, status=status)
