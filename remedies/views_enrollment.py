"""Lead tools in the reviewer workspace: enrolment applications and suspended badges.

The decision itself is the guarantees enrolment service's (approve, reject,
reinstate); these pages put the checklist, the partner's current terms and its
compliance record beside it, so a lead need not open the Django admin.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from guarantees.models import ComplianceSnapshot, Enrollment
from guarantees.selectors import enrollment_for, terms_current
from guarantees.services import enrollment as enrollment_services
from partnernet.web import call_service

ACTIONS: dict[str, Callable[..., Enrollment]] = {
    "approve": enrollment_services.enrollment_approve,
    "reject": enrollment_services.enrollment_reject,
    "reinstate": enrollment_services.enrollment_reinstate,
}


class DecideForm(forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("approve", gettext_lazy("Approve")),
            ("reject", gettext_lazy("Reject")),
            ("reinstate", gettext_lazy("Reinstate the badge")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason the partner will read"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _lead_or_404(request) -> None:
    if not getattr(request.user, "is_lead", False):
        raise Http404


def enrollment_queue(request):
    _lead_or_404(request)
    enrollments = (
        Enrollment.objects.filter(status__in=[Enrollment.Status.APPLIED, Enrollment.Status.SUSPENDED])
        .select_related("partner")
        .order_by("status", "applied_at")
    )
    return render(request, "remedies/enrollment_queue.html", {"enrollments": enrollments})


def _detail_context(partner, form=None) -> dict:
    enrollment = enrollment_for(partner=partner)
    by_status: dict[str, list[str]] = {
        Enrollment.Status.APPLIED: ["approve", "reject"],
        Enrollment.Status.SUSPENDED: ["reinstate"],
    }
    choices = by_status.get(enrollment.status, []) if enrollment else []
    if form is None and choices:
        form = DecideForm(initial={"action": choices[0]})
    if form is not None:
        form.fields["action"].choices = [c for c in form.fields["action"].choices if c[0] in choices]
    return {
        "partner": partner,
        "enrollment": enrollment,
        "checklist": enrollment_services.enrollment_checklist(partner=partner),
        "terms": terms_current(partner=partner),
        "snapshot": ComplianceSnapshot.objects.filter(partner=partner, is_latest=True).first(),
        "form": form if choices else None,
    }


def enrollment_detail(request, slug):
    _lead_or_404(request)
    enrollment = get_object_or_404(Enrollment.objects.select_related("partner"), partner__slug=slug)
    return render(request, "remedies/enrollment_detail.html", _detail_context(enrollment.partner))


@require_POST
def enrollment_decide(request, slug):
    _lead_or_404(request)
    enrollment = get_object_or_404(Enrollment.objects.select_related("partner"), partner__slug=slug)
    form = DecideForm(request.POST)
    context = _detail_context(enrollment.partner, form)
    if form.is_valid() and form.cleaned_data["action"] in dict(form.fields["action"].choices):
        action = form.cleaned_data["action"]
        try:
            ok, _result = call_service(
                form,
                ACTIONS[action],
                enrollment=enrollment,
                lead=request.user,
                reason=form.cleaned_data["reason"],
            )
        except (enrollment_services.EnrollmentError, PermissionDenied) as exc:
            # The enrolment service still raises its own error type (not yet a DomainError).
            form.add_error(None, str(exc))
            ok = False
        if ok:
            messages.success(request, _("Decision recorded; the partner has been told."))
            return redirect("remedies:enrollment_detail", slug=slug)
    elif form.is_valid():
        form.add_error("action", _("This decision is not possible for this enrolment."))
    return render(request, "remedies/enrollment_detail.html", context, status=400)
