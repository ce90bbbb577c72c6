"""Partner console pages of the guarantee programme: terms editor, versions, enrolment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guarantees import selectors
from guarantees.forms import ReasonForm, TermsForm
from guarantees.services import (
    enrollment_apply,
    enrollment_checklist,
    enrollment_withdraw,
    terms_discard_draft,
    terms_problems,
    terms_publish,
    terms_save_draft,
)
from partnernet.web import call_service
from partners import people


def member_partner(user):
    """The signed-in member's own partner; anyone else gets a 404 (nothing to probe)."""
    partner = people.member_partner(user)
    if partner is None:
        raise Http404
    return partner


@login_required
def terms_overview(request):
    partner = member_partner(request.user)
    current = selectors.terms_current(partner=partner)
    draft = selectors.terms_draft(partner=partner)
    versions = list(selectors.terms_versions(partner=partner))
    return render(
        request,
        "guarantees/terms_overview.html",
        {
            "partner": partner,
            "current": current,
            "draft": draft,
            "draft_problems": terms_problems(terms=draft) if draft else {},
            "next_version": (versions[0].version + 1) if versions else 1,
            "versions": versions,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def terms_edit(request):
    partner = member_partner(request.user)
    requirements = list(selectors.requirements_active())
    req_keys = {r.key for r in requirements}
    source = selectors.terms_draft(partner=partner) or selectors.terms_current(partner=partner)
    extras = (
        [
            {"label": p.label, "value": p.value, "unit": p.unit}
            for p in source.parameters.all()
            if p.key not in req_keys
        ]
        if source
        else []
    )
    initial = {"summary": source.summary if source else ""}
    if source:
        initial.update({f"req_{p.key}": p.value for p in source.parameters.all() if p.key in req_keys})
    if request.method == "POST":
        form = TermsForm(request.POST, requirements=requirements, extras_initial=extras)
        if form.is_valid():
            saved, draft = call_service(
                form,
                terms_save_draft,
                partner=partner,
                user=request.user,
                summary=form.cleaned_data["summary"],
                values=form.values(),
                extras=form.extras(),
            )
            if saved and request.POST.get("action") != "publish":
                messages.success(request, _("Draft saved. Publish it when it is ready."))
                return redirect("guarantees:terms")
            if saved and not terms_problems(terms=draft):
                # Publishing cannot be undone: the confirmation step says what it does.
                return redirect("guarantees:terms_publish")
            if saved:
                # Refused (below the floor, a missing value): the problems go on the form.
                published_ok, published = call_service(
                    form, terms_publish, partner=partner, user=request.user, expected_draft_id=draft.pk
                )
                if published_ok:
                    messages.success(
                        request, _("Version %(v)s is published and now current.") % {"v": published.version}
                    )
                    return redirect("guarantees:terms")
                messages.error(request, _("Your draft is saved, but it cannot be published yet."))
    else:
        form = TermsForm(initial=initial, requirements=requirements, extras_initial=extras)
    return render(
        request,
        "guarantees/terms_edit.html",
        {"partner": partner, "form": form, "source": source},
    )


@login_required
@require_http_methods(["GET", "POST"])
def terms_publish_view(request):
    """GET: the confirmation step (a published version never changes); POST: publish."""
    partner = member_partner(request.user)
    if request.method == "GET":
        draft = selectors.terms_draft(partner=partner)
        if draft is None:
            messages.info(request, _("There is no draft to publish."))
            return redirect("guarantees:terms")
        return render(request, "confirm.html", _publish_confirmation(partner, draft))
    # The draft id the page showed: publishing must not pick up a draft someone saved since.
    draft_id = _int_or_none(request.POST.get("draft"))
    ok, published = call_service(
        None, terms_publish, request=request, partner=partner, user=request.user, expected_draft_id=draft_id
    )
    if ok:
        messages.success(request, _("Version %(v)s is published and now current.") % {"v": published.version})
    return redirect("guarantees:terms")


def _publish_confirmation(partner, draft) -> dict:
    current = selectors.terms_current(partner=partner)
    version = ((current.version or 0) if current else 0) + 1
    parameters = "; ".join(f"{p.label}: {p.value} {p.unit}".strip() for p in draft.parameters.all())
    consequences = [
        _("Your draft becomes version %(v)s of your guarantee terms. A published version never changes.")
        % {"v": version},
        _("Orders you accept from now on, while your badge is active, are covered by version %(v)s.")
        % {"v": version},
        _("Orders you have already accepted keep the version they were accepted under."),
        _("Sellers see version %(v)s on your profile at once.") % {"v": version},
    ]
    if parameters:
        consequences.append(_("The terms: %(parameters)s.") % {"parameters": parameters})
    return {
        "title": _("Publish version %(v)s of your guarantee terms?") % {"v": version},
        "consequences": consequences,
        "hidden": [("draft", draft.pk)],
        "action": reverse("guarantees:terms_publish"),
        "confirm_label": _("Yes, publish version %(v)s") % {"v": version},
        "back_url": reverse("guarantees:terms"),
    }


@login_required
@require_POST
def terms_discard_view(request):
    partner = member_partner(request.user)
    if terms_discard_draft(partner=partner, user=request.user):
        messages.success(request, _("The draft is discarded; your published terms are unchanged."))
    return redirect("guarantees:terms")


@login_required
def terms_version(request, version: int):
    partner = member_partner(request.user)
    terms = selectors.terms_version_get(partner=partner, version=version)
    if terms is None:
        raise Http404
    return render(request, "guarantees/terms_version.html", {"partner": partner, "terms": terms})


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def terms_compare(request):
    partner = member_partner(request.user)
    versions = list(selectors.terms_versions(partner=partner))
    by_number = {t.version: t for t in versions}
    a, b = _int_or_none(request.GET.get("a")), _int_or_none(request.GET.get("b"))
    if a is None and b is None and len(versions) >= 2:
        a, b = versions[1].version, versions[0].version
    left, right = by_number.get(a), by_number.get(b)
    error = None
    if (a is not None or b is not None) and (left is None or right is None):
        error = _("Choose two published versions to compare.")
    rows = selectors.terms_diff(left=left, right=right) if left and right else []
    return render(
        request,
        "guarantees/terms_compare.html",
        {
            "partner": partner,
            "versions": versions,
            "left": left,
            "right": right,
            "rows": rows,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
def enrollment_view(request):
    partner = member_partner(request.user)
    enrollment = selectors.enrollment_for(partner=partner)
    checklist = enrollment_checklist(partner=partner)
    for item in checklist:
        # Where each missing item is put right (the page links it; the service still refuses).
        item["fix_url"] = reverse(ENROLLMENT_FIX_URLS.get(item["code"], "partners:console"))
    return render(
        request,
        "guarantees/enrollment.html",
        {
            "partner": partner,
            "enrollment": enrollment,
            "checklist": checklist,
            "missing": [item for item in checklist if not item["ok"]],
            "ready": all(item["ok"] for item in checklist),
            "requirements": list(selectors.requirements_active()),
            "withdraw_form": ReasonForm(),
        },
    )


ENROLLMENT_FIX_URLS = {
    "profile_complete": "partners:console",
    "active_offering": "partners:console_offerings",
    "terms_published": "guarantees:terms_edit",
}


@login_required
@require_POST
def enrollment_apply_view(request):
    partner = member_partner(request.user)
    ok, _enrollment = call_service(
        None, enrollment_apply, request=request, partner=partner, user=request.user
    )
    if ok:
        messages.success(request, _("Your application is in. We will e-mail you the decision."))
    return redirect("guarantees:enrollment")


@login_required
@require_POST
def enrollment_withdraw_view(request):
    partner = member_partner(request.user)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    ok, _enrollment = call_service(
        None, enrollment_withdraw, request=request, partner=partner, user=request.user, reason=reason
    )
    if ok:
        messages.success(request, _("You have left the programme; the badge no longer shows."))
    return redirect("guarantees:enrollment")
