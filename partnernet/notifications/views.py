"""/notifications/: the signed-in user's notices, newest first; mark one or all read."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnernet.errors import NotFound
from partnernet.notifications import selectors, services


class PreferencesForm(forms.Form):
    email_new_message = forms.BooleanField(label=gettext_lazy("E-mail me new messages"), required=False)
    email_review_reply = forms.BooleanField(
        label=gettext_lazy("E-mail me replies to my reviews"), required=False
    )
    email_promotion_ending = forms.BooleanField(
        label=gettext_lazy("E-mail me when a promotion is ending"), required=False
    )


@login_required
def notification_list(request):
    page = Paginator(selectors.notification_list(user=request.user), 30).get_page(request.GET.get("page"))
    preference = selectors.preferences_get(user=request.user)
    form = PreferencesForm(initial={name: getattr(preference, name) for name in PreferencesForm.base_fields})
    return render(
        request,
        "notifications/notification_list.html",
        {"page": page, "notifications": page.object_list, "preferences_form": form},
    )


@login_required
@require_POST
def notification_read(request, notification_id):
    try:
        notification = services.notification_mark_read(user=request.user, notification_id=notification_id)
    except NotFound:
        raise Http404 from None
    target = request.POST.get("next") or ""
    if target == "open" and notification.url and url_has_allowed_host_and_scheme(notification.url, None):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notification_mark_all_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("notifications:list")


@login_required
@require_POST
def notification_preferences(request):
    form = PreferencesForm(request.POST)
    form.is_valid()
    services.preferences_update(user=request.user, **form.cleaned_data)
    messages.success(request, _("Your e-mail preferences are saved."))
    return redirect("notifications:list")
