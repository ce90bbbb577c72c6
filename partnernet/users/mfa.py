"""The one "second factor passed" rule for staff, shared by pages, the API and the token endpoint.

With STAFF_REQUIRE_2FA on, a staff member has passed the second factor when

- on a session: they have a TOTP authenticator (allauth asks for its code at every
  sign-in of such an account, and activating one takes a valid code);
- on an API token: the token was issued after a valid TOTP code (`VerifiedToken`).

Sellers and partner members are never asked.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

SETUP_REQUIRED = "second_factor_setup_required"
TOKEN_NOT_VERIFIED = "second_factor_token_not_verified"  # noqa: S105 (an error code)


def has_totp(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def totp_authenticator(user: Any):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()


def totp_code_is_valid(user: Any, code: str) -> bool:
    from allauth.mfa.totp.internal.auth import TOTP

    authenticator = totp_authenticator(user)
    if authenticator is None or not code:
        return False
    return TOTP(authenticator).validate_code(str(code).strip())


def second_factor_missing(user: Any, auth: Any = None) -> tuple[str, str] | None:
    """(code, message) saying what is missing, or None when nothing is.

    `auth` is DRF's `request.auth`: a Token for token sign-ins, None for sessions.
    """
    if not settings.STAFF_REQUIRE_2FA or user is None or not user.is_authenticated or not user.is_staff:
        return None
    from rest_framework.authtoken.models import Token

    if isinstance(auth, Token):
        from partnernet.users.models import VerifiedToken

        if VerifiedToken.objects.filter(token_id=auth.pk).exists():
            return None
        return (
            TOKEN_NOT_VERIFIED,
            _(
                "This API token was issued without the second factor. Request a new one from "
                "/api/v1/auth/token/ with your e-mail, password and the 6-digit code from your "
                "authenticator app."
            ),
        )
    if has_totp(user):
        return None
    return (
        SETUP_REQUIRED,
        _(
            "Support staff must set up an authenticator app (two-factor authentication) at %(url)s "
            "before working on claims."
        )
        % {"url": reverse("mfa_activate_totp")},
    )
