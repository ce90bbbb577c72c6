"""Shared REST pieces: pagination and one error shape for every failure."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from partnernet.errors import DomainError, NotAllowed

logger = logging.getLogger("partnernet.security")


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class StaffSecondFactor(BasePermission):
    """Staff endpoints need the second factor (STAFF_REQUIRE_2FA), as the staff pages do.

    The rule is `partnernet.users.mfa.second_factor_missing`, the one the page
    middleware applies: a session of staff without an authenticator, or a token
    issued without a code, is a JSON 403 that says what is missing.
    """

    def has_permission(self, request, view) -> bool:
        from partnernet.users.mfa import second_factor_missing

        missing = second_factor_missing(request.user, request.auth)
        if missing is not None:
            code, message = missing
            logger.info(
                "api second factor missing user=%s code=%s path=%s", request.user.pk, code, request.path
            )
            raise NotAllowed(message, code=code)
        return True


def exception_handler(exc, context):
    """Every error is JSON with a `detail` and, for bad input, per-field messages.

    Django's own ValidationError (raised by services) becomes a 400 that names
    the fields; a permission refusal is logged.
    """
    if isinstance(exc, DomainError):
        response = Response(exc.as_dict(), status=exc.status)
        if exc.status == status.HTTP_429_TOO_MANY_REQUESTS:
            response["Retry-After"] = str(exc.extra.get("retry_after", 60))
        return response
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"detail": exc.messages})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.PermissionDenied | exceptions.NotAuthenticated):
        request = context.get("request")
        logger.info(
            "api refused status=%s path=%s user=%s",
            response.status_code,
            getattr(request, "path", "?"),
            getattr(getattr(request, "user", None), "pk", None),
        )
    data = response.data
    if isinstance(data, list):
        response.data = {"detail": " ".join(str(d) for d in data), "errors": {"non_field_errors": data}}
    elif isinstance(data, dict) and "detail" not in data:
        fields = ", ".join(data.keys())
        response.data = {"detail": f"Please correct: {fields}.", "errors": data, **data}
    return response


def conflict(message: str) -> Response:
    return Response({"detail": message, "code": "conflict"}, status=status.HTTP_409_CONFLICT)
