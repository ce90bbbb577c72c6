"""Order pages: the caller's orders, one order with the actions its role allows, requests, reviews.

Every lookup goes through `order_list_for_user`, so another account's order is a
404 (never a 403: references cannot be probed).
"""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partners.forms_orders import (
    OrderAcceptForm,
    OrderDocumentForm,
    OrderRequestForm,
    ReasonForm,
    ReviewForm,
)
from partners.models import OrderDocument, ServiceOrder, ServicePartner
from partners.services import orders as order_services
from partners.services.reviews import review_create


def _order_or_404(request, reference: str) -> ServiceOrder:
    try:
        return order_services.order_get_for_user(user=request.user, reference=reference)
    except ServiceOrder.DoesNotExist:
        raise Http404


def _apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names (or at the top)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def order_list(request):
    orders = order_services.order_list_for_user(user=request.user)
    status = request.GET.get("status", "")
    if status in ServiceOrder.Status.values:
        orders = orders.filter(status=status)
    page = Paginator(orders, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/order_list.html",
        {
            "page": page,
            "orders": page.object_list,
            "status": status,
            "statuses": ServiceOrder.Status.choices,
            "is_partner": request.user.is_partner_member,
            "is_seller": request.user.is_seller,
        },
    )


def _detail_context(request, order, **forms):
    actions = order_services.order_actions(order=order, user=request.user)
    role = order_services.order_role(order=order, user=request.user)
    review = getattr(order, "review", None) if order.status == ServiceOrder.Status.COMPLETED else None
    context = {
        "order": order,
        "role": role,
        "actions": actions,
        "documents": order.documents.select_related("uploaded_by"),
        "review": review,
        "claim_link": role == "seller"
        and order.status == ServiceOrder.Status.COMPLETED
        and order.covered
        and order.claim_window_open,
        "accept_form": forms.get("accept_form")
        or OrderAcceptForm(initial={"scope": order.scope, "agreed_price": order.budget}),
        "decline_form": forms.get("decline_form") or ReasonForm(prefix="decline"),
        "cancel_form": forms.get("cancel_form") or ReasonForm(prefix="cancel"),
        "document_form": forms.get("document_form") or OrderDocumentForm(),
        "review_form": forms.get("review_form") or ReviewForm(),
    }
    return context


@login_required
def order_detail(request, reference):
    order = _order_or_404(request, reference)
    return render(request, "partners/order_detail.html", _detail_context(request, order))


def _action(request, reference, *, form_class, form_name, run, success, prefix=None, files=False):
    order = _order_or_404(request, reference)
    kwargs = {"prefix": prefix} if prefix else {}
    form = form_class(request.POST, request.FILES if files else None, **kwargs)
    if form.is_valid():
        try:
            run(order, form.cleaned_data)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("You cannot do this on this order."))
            return redirect(order)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(order)
    order.refresh_from_db()
    return render(
        request,
        "partners/order_detail.html",
        _detail_context(request, order, **{form_name: form}),
        status=400,
    )


@require_POST
@login_required
def order_accept(request, reference):
    return _action(
        request,
        reference,
        form_class=OrderAcceptForm,
        form_name="accept_form",
        run=lambda order, data: order_services.order_accept(order=order, user=request.user, **data),
        success=_("Order accepted. The seller has been told."),
    )


@require_POST
@login_required
def order_decline(request, reference):
    return _action(
        request,
        reference,
        form_class=ReasonForm,
        form_name="decline_form",
        prefix="decline",
        run=lambda order, data: order_services.order_decline(
            order=order, user=request.user, reason=data["reason"]
        ),
        success=_("Request declined. The seller has been told why."),
    )


@require_POST
@login_required
def order_cancel(request, reference):
    return _action(
        request,
        reference,
        form_class=ReasonForm,
        form_name="cancel_form",
        prefix="cancel",
        run=lambda order, data: order_services.order_cancel(
            order=order, user=request.user, reason=data["reason"]
        ),
        success=_("Order cancelled."),
    )


@require_POST
@login_required
def order_complete(request, reference):
    order = _order_or_404(request, reference)
    try:
        order_services.order_complete(order=order, user=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Marked as completed. The seller will get the feedback e-mail."))
    return redirect(order)


@require_POST
@login_required
def order_document_upload(request, reference):
    return _action(
        request,
        reference,
        form_class=OrderDocumentForm,
        form_name="document_form",
        files=True,
        run=lambda order, data: order_services.order_document_add(
            order=order, user=request.user, kind=data["kind"], file=data["file"]
        ),
        success=_("Document added."),
    )


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
    if order_services.order_role(order=order, user=request.user) != "seller":
        raise Http404
    if hasattr(order, "review"):
        messages.info(request, _("You have already reviewed this order."))
        return redirect(order)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_create(order=order, user=request.user, **form.cleaned_data)
        except PermissionDenied:
            raise Http404
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
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
        try:
            order = order_services.order_request(
                seller_user=request.user, partner=partner, **form.cleaned_data
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Request %(ref)s sent to %(partner)s. You'll hear back here and by e-mail.")
                % {"ref": order.reference, "partner": partner.name},
            )
            return redirect(order)
    status = 400 if request.method == "POST" else 200
    return render(request, "partners/order_request.html", {"partner": partner, "form": form}, status=status)
