from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from partnernet.errors import InvalidInput, NotAllowed
from partnernet.users import mfa
from partnernet.users.models import VerifiedToken


class TokenObtainInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=16,
        help_text="The 6-digit code from the authenticator app (support staff with two-factor sign-in).",
    )


def _staff_token(user) -> Token:
    """A token that carries the second factor: the verified one kept, an unverified one replaced."""
    with transaction.atomic():
        token = Token.objects.select_for_update().filter(user=user).first()
        if token is not None and VerifiedToken.objects.filter(token=token).exists():
            return token
        if token is not None:
            token.delete()  # issued on the password alone: it must not live on beside the new one
        token = Token.objects.create(user=user)
        VerifiedToken.objects.create(token=token)
    return token


class TokenObtainApi(APIView):
    """Exchange an e-mail and password for an API token (`Authorization: Token …`).

    Support staff with an authenticator app also send its 6-digit `code`; with
    STAFF_REQUIRE_2FA on, staff without one get no token until they set one up.
    """

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"
    InputSerializer = TokenObtainInputSerializer

    @extend_schema(
        request=InputSerializer,
        responses={
            200: inline_serializer("TokenOutput", {"token": serializers.CharField()}),
            400: inline_serializer(
                "TokenError",
                {
                    "detail": serializers.CharField(),
                    "code": serializers.CharField(required=False),
                    "errors": serializers.DictField(
                        child=serializers.ListField(child=serializers.CharField()), required=False
                    ),
                },
            ),
        },
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"].lower()
        user = authenticate(
            # axes reads the underlying HttpRequest (its middleware annotated that one).
            request._request,
            email=email,
            username=email,
            password=serializer.validated_data["password"],
        )
        if user is None or not user.is_active:
            return Response(
                {
                    "detail": _("The e-mail address or password is not right."),
                    "errors": {"non_field_errors": [_("The e-mail address or password is not right.")]},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        if user.is_staff:
            return Response({"token": self._second_factor(request, user, email).key})
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @staticmethod
    def _second_factor(request, user, email) -> Token:
        code = request.data.get("code") or ""
        if mfa.has_totp(user):
            if not code:
                raise InvalidInput(
                    _(
                        "This account signs in with two factors: "
                        "send the 6-digit code from your authenticator app."
                    ),
                    code="second_factor_required",
                    field="code",
                )
            if not mfa.totp_code_is_valid(user, code):
                # Counted by django-axes like a wrong password: codes cannot be tried without limit.
                user_login_failed.send(
                    sender=TokenObtainApi,
                    credentials={"email": email, "username": email},
                    request=request._request,
                )
                raise InvalidInput(
                    _("The code from the authenticator app is not right (or was already used)."),
                    code="second_factor_invalid",
                    field="code",
                )
            return _staff_token(user)
        if settings.STAFF_REQUIRE_2FA:
            raise NotAllowed(
                _(
                    "Support staff get an API token only with two-factor sign-in: set up an "
                    "authenticator app at %(url)s first."
                )
                % {"url": settings.SITE_URL + reverse("mfa_activate_totp")},
                code=mfa.SETUP_REQUIRED,
            )
        token, _created = Token.objects.get_or_create(user=user)
        return token
