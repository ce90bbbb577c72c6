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
        # Each field's messages also at the top level, except where a field's name is one of
        # the contract's own keys (a `code` input): those stay in `errors` only.
        top = {name: value for name, value in data.items() if name not in ("detail", "code", "errors")}
        response.data = {"detail": f"Please correct: {fields}.", "errors": data, **top}
    return response


def conflict(message: str) -> Response:
    return Response({"detail": message, "code": "conflict"}, status=status.HTTP_409_CONFLICT)


# --- the error responses every operation can give, declared once (issue 16, item 7) ---

ERROR_COMPONENT = "Error"
ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Every refusal: `detail` for people, `code` for programs, and for bad input the "
        "messages per field (in `errors` and, for each field, at the top level)."
    ),
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {
            "type": "object",
            # a list of messages per field, or for a nested field an object of them
            "additionalProperties": {"anyOf": [{"type": "array", "items": {}}, {"type": "object"}]},
        },
    },
    "required": ["detail"],
    "additionalProperties": True,
}
ERROR_RESPONSES = {
    "400": "The input is refused; the body names the fields and why.",
    "401": "The credentials sent are not valid (an unknown or revoked token).",
    "403": "Signed in, but not allowed (or not signed in where a sign-in is needed).",
    "404": "No such object, or not one the caller may see.",
    "409": "The object changed meanwhile (a stale `version`) or is not in a state that allows this.",
    "429": "Too many requests; `Retry-After` says when to try again.",
}
UNSAFE_ONLY = {"409"}


def declare_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: the shared error responses on every operation.

    An operation keeps what it declares itself; what it leaves out gets the one
    error shape (`exception_handler` above answers every refusal with it).
    """
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault(ERROR_COMPONENT, ERROR_SCHEMA)
    ref = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_RESPONSES.items():
                if code in UNSAFE_ONLY and method == "get":
                    continue
                if code in responses:
                    continue
                response = {"description": description, "content": {"application/json": {"schema": ref}}}
                if code == "429":
                    response["headers"] = {
                        "Retry-After": {"schema": {"type": "integer"}, "description": "seconds to wait"}
                    }
                responses[code] = response
    return result
