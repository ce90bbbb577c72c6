"""Staff session rules: idle timeout, required two-factor; a log line for every refusal; no NUL in queries."""

import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

security_log = logging.getLogger("partnernet.security")

_LAST_SEEN = "_staff_last_seen"


def _login_redirect(request):
    return redirect(f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}")


def client_ip(request) -> str:
    """The client's address as every rate limit counts it: DRF throttles, django-axes, allauth.

    With NUM_PROXIES = n (the proxies in front of the portal that append to
    X-Forwarded-For), the n-th address from the right of that header is the
    client's, as DRF reads it; anything further left was written by the client and
    is ignored. With 0 (the default: no proxy) the header is not trusted at all.
    """
    remote = request.META.get("REMOTE_ADDR") or "?"
    proxies = settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
    if not addresses:
        return remote
    return addresses[-min(proxies, len(addresses))]


class StaffIdleTimeoutMiddleware:
    """Signs staff out after STAFF_IDLE_TIMEOUT_SECONDS without a request.

    Support staff see every seller's documents, so an unattended session must not
    stay open; sellers and partners keep the ordinary session length.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            now = int(time.time())
            last_seen = request.session.get(_LAST_SEEN)
            if last_seen and now - last_seen > settings.STAFF_IDLE_TIMEOUT_SECONDS:
                security_log.info("staff idle timeout user=%s ip=%s", user.pk, client_ip(request))
                logout(request)
                minutes = max(1, settings.STAFF_IDLE_TIMEOUT_SECONDS // 60)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)d minutes without activity.")
                    % {"minutes": minutes},
                )
                return _login_redirect(request)
            request.session[_LAST_SEEN] = now
        return self.get_response(request)


class StaffTwoFactorMiddleware:
    """With STAFF_REQUIRE_2FA, staff set up an authenticator app before any staff page.

    Once a TOTP authenticator exists, allauth asks for its code at every sign-in;
    this middleware closes the gap for staff who have not set one up yet.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _staff_prefixes() -> tuple[str, ...]:
        return (reverse("claims:review_queue"), reverse("admin:index"))

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.STAFF_REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and request.path.startswith(self._staff_prefixes())
        ):
            from partnernet.users.mfa import second_factor_missing

            if second_factor_missing(user) is not None:
                security_log.info("staff without 2FA sent to set-up user=%s path=%s", user.pk, request.path)
                messages.warning(
                    request, _("Support staff must set up an authenticator app before working on claims.")
                )
                return redirect(
                    f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}"
                )
        return self.get_response(request)


class SecurityLogMiddleware:
    """Logs every refused request (403, and 429 from rate limits and lockouts)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (403, 429):
            user = getattr(request, "user", None)
            security_log.warning(
                "refused status=%s method=%s path=%s user=%s ip=%s",
                response.status_code,
                request.method,
                request.path,
                getattr(user, "pk", None) if user is not None and user.is_authenticated else None,
                client_ip(request),
            )
        return response


class NullCharacterQueryMiddleware:
    """A NUL character in a query parameter never reaches the database (PostgreSQL cannot
    hold NUL in text, so it would be a 500).

    The API answers a 400 naming the parameter (clients should know); pages drop the
    character and carry on, as a search box would. Forms and DRF fields already refuse
    NUL in request bodies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bad = sorted(
            {key for key, values in request.GET.lists() if "\x00" in key or any("\x00" in v for v in values)}
        )
        if bad:
            if request.path.startswith("/api/"):
                names = [name.replace("\x00", "") for name in bad]
                message = _(
                    "A query parameter contains a character that is not allowed (NUL): %(names)s."
                ) % {"names": ", ".join(names)}
                errors = {name: [message] for name in names}
                return JsonResponse(
                    {"detail": message, "code": "invalid", "errors": errors, **errors}, status=400
                )
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
