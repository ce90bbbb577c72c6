import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

_LAST_SEEN = "_staff_last_seen"


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
                logout(request)
                messages.info(request, _("You were signed out after 30 minutes without activity."))
                return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
            request.session[_LAST_SEEN] = now
        return self.get_response(request)
