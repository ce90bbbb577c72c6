"""The e-mail link landing (DESIGN §4).

    GET /feedback/<token>/  → the token goes into the session; redirect to /feedback/
    GET /feedback/          → checks, then the page with "Leave a review" / "File a claim"

The token leaves the address bar (and so browser history, Referer headers and
shared screenshots) at once. Checks, in order: a token that does not verify or
names nothing → 400; not signed in → sign-in, then back here; signed in as
someone else → 403; claim window over → 410 with the date it closed. GET
changes nothing but the visitor's own session.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from claims.eligibility import order_cover
from claims.feedback import FeedbackTokenInvalid, feedback_token_read

SESSION_KEY = "feedback_link"


def _mask_email(email: str) -> str:
    local, _, domain = (email or "").partition("@")
    return f"{local[:1]}{'•' * max(len(local) - 1, 2)}@{domain}" if domain else "•••"


@never_cache
@require_GET
def feedback_token(request, token):
    request.session[SESSION_KEY] = {"token": token, "go": request.GET.get("go", "")[:10]}
    response = redirect("claims:feedback_landing")
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_GET
def feedback_landing(request):
    stored = request.session.get(SESSION_KEY) or {}
    token = stored.get("token", "") if isinstance(stored, dict) else ""
    try:
        link = feedback_token_read(token)
    except FeedbackTokenInvalid:
        return render(request, "claims/feedback_invalid.html", {"had_token": bool(token)}, status=400)
    feedback = link.feedback
    order = feedback.order
    if not request.user.is_authenticated:
        login = reverse(settings.LOGIN_URL)
        return redirect(f"{login}?{urlencode({'next': reverse('claims:feedback_landing')})}")
    if request.user.pk != feedback.seller_id:
        return render(
            request,
            "claims/feedback_forbidden.html",
            {"signed_in_as": request.user.email, "intended_for": _mask_email(feedback.seller.email)},
            status=403,
        )
    now = timezone.now()
    cover = order_cover(order, request.user, now)
    if cover.deadline is not None and now > cover.deadline:
        return render(
            request,
            "claims/feedback_closed.html",
            {"order": order, "closed_at": cover.deadline, "has_review": hasattr(order, "review")},
            status=410,
        )
    return render(
        request,
        "claims/feedback_landing.html",
        {
            "order": order,
            "partner": order.partner,
            "go": stored.get("go", ""),
            "has_review": hasattr(order, "review"),
            "can_claim": cover.can_file,
            "deadline": cover.deadline,
        },
    )
