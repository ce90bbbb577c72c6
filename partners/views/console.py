"""The partner console: a member edits only their own partner (anything else is a 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnernet.web import call_service
from partners.forms import OfferingForm, PartnerProfileForm, PromotionForm, ReviewReplyForm
from partners.selectors import console_offerings, console_promotions, console_reviews, partner_for_member
from partners.services.directory import (
    PROFILE_FIELDS,
    offering_deactivate,
    offering_save,
    partner_profile_update,
    promotion_delete,
    promotion_save,
)
from partners.services.reviews import review_reply


@login_required
def profile_edit(request):
    partner = partner_for_member(user=request.user)
    form = PartnerProfileForm(request.POST or None, request.FILES or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PROFILE_FIELDS}
        logo = request.FILES.get("logo") and form.cleaned_data.get("logo")
        ok, _partner = call_service(
            form,
            partner_profile_update,
            partner=partner,
            data=data,
            categories=form.cleaned_data["categories"],
            cities=form.cleaned_data["cities"],
            languages=form.cleaned_data["languages"],
            logo=logo or None,
            # ClearableFileInput answers False when "Clear" is ticked.
            logo_clear=form.cleaned_data.get("logo") is False,
        )
        if ok:
            messages.success(request, _("Your profile is saved."))
            return redirect("partners:console")
    return render(request, "partners/console_profile.html", {"partner": partner, "form": form})


@login_required
def offerings(request):
    partner = partner_for_member(user=request.user)
    return render(
        request,
        "partners/console_offerings.html",
        {"partner": partner, "offerings": console_offerings(partner=partner)},
    )


@login_required
def offering_edit(request, pk=None):
    partner = partner_for_member(user=request.user)
    offering = get_object_or_404(console_offerings(partner=partner), pk=pk) if pk else None
    form = OfferingForm(request.POST or None, instance=offering)
    if request.method == "POST" and form.is_valid():
        ok, _offering = call_service(
            form, offering_save, partner=partner, offering=offering, data=form.cleaned_data
        )
        if ok:
            messages.success(request, _("The offering is saved."))
            return redirect("partners:console_offerings")
    return render(
        request,
        "partners/console_offering_form.html",
        {"partner": partner, "form": form, "offering": offering},
    )


@login_required
@require_POST
def offering_withdraw(request, pk):
    partner = partner_for_member(user=request.user)
    offering = get_object_or_404(console_offerings(partner=partner), pk=pk)
    offering_deactivate(partner=partner, offering=offering)
    messages.success(request, _("“%(title)s” is no longer offered.") % {"title": offering.title})
    return redirect("partners:console_offerings")


@login_required
def promotions(request):
    partner = partner_for_member(user=request.user)
    return render(
        request,
        "partners/console_promotions.html",
        {
            "partner": partner,
            "promotions": console_promotions(partner=partner),
            "today": timezone.localdate(),
        },
    )


@login_required
def promotion_edit(request, pk=None):
    partner = partner_for_member(user=request.user)
    promotion = get_object_or_404(console_promotions(partner=partner), pk=pk) if pk else None
    form = PromotionForm(request.POST or None, instance=promotion, partner=partner)
    if request.method == "POST" and form.is_valid():
        ok, _promotion = call_service(
            form, promotion_save, partner=partner, promotion=promotion, data=form.cleaned_data
        )
        if ok:
            messages.success(request, _("The promotion is saved."))
            return redirect("partners:console_promotions")
    return render(
        request,
        "partners/console_promotion_form.html",
        {"partner": partner, "form": form, "promotion": promotion},
    )


@login_required
@require_POST
def promotion_remove(request, pk):
    partner = partner_for_member(user=request.user)
    promotion = get_object_or_404(console_promotions(partner=partner), pk=pk)
    promotion_delete(partner=partner, promotion=promotion)
    messages.success(request, _("The promotion is removed."))
    return redirect("partners:console_promotions")


@login_required
def reviews(request):
    partner = partner_for_member(user=request.user)
    return render(
        request,
        "partners/console_reviews.html",
        {"partner": partner, "reviews": console_reviews(partner=partner), "reply_form": ReviewReplyForm()},
    )


@login_required
@require_POST
def review_reply_view(request, pk):
    partner = partner_for_member(user=request.user)
    review = get_object_or_404(console_reviews(partner=partner), pk=pk)
    form = ReviewReplyForm(request.POST)
    if form.is_valid():
        ok, _review = call_service(
            None,
            review_reply,
            request=request,
            review=review,
            user=request.user,
            text=form.cleaned_data["reply"],
        )
        if ok:
            messages.success(request, _("Your reply is published."))
            return redirect("partners:console_reviews")
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("partners:console_reviews")
