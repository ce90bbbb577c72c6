"""The one error contract: every refusal a service makes is a `DomainError`.

A service raises a subclass (or a `DomainError` with its own `code`); the DRF
exception handler (`partnernet.api.exception_handler`) turns it into JSON
(`{"detail", "code", <field>: [message]}` with its HTTP status) and the view
helper (`partnernet.web.call_service`) puts it on a form, next to its field
when it names one. No view or API maps service exceptions by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.encoding import force_str

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


class DomainError(Exception):
    """A refusal by the domain: nothing was written.

    `code` is stable and machine-readable, `message` is for people, `field` names
    the input at fault (or None for the whole request), `fields` carries several
    per-field messages at once, `extra` adds keys to the API body (for example the
    eligibility reasons), `status` is the HTTP status the API answers with.
    """

    # A class's default; an instance may carry its own (`code=`), hence not a ClassVar.
    code: str = "invalid"
    status: ClassVar[int] = 400
    default_message: ClassVar[str | _StrPromise] = "This request cannot be carried out."  # or a lazy gettext

    def __init__(
        self,
        message: Any = None,
        *,
        code: str | None = None,
        field: str | None = None,
        fields: Mapping[str, Sequence[Any] | Any] | None = None,
        extra: Mapping[str, Any] | None = None,
        status: int | None = None,
    ) -> None:
        self.message = force_str(message if message is not None else self.default_message)
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status  # type: ignore[misc]
        self.field = field
        normalised: dict[str, list[str]] = {}
        for name, value in (fields or {}).items():
            values = value if isinstance(value, list | tuple) else [value]
            normalised[name] = [force_str(v) for v in values]
        if field and field not in normalised:
            normalised[field] = [self.message]
        self.fields = normalised
        self.extra = dict(extra or {})
        super().__init__(self.message)

    @property
    def messages(self) -> list[str]:
        """Every message, the general one first (Django ValidationError's spelling)."""
        out = [self.message]
        for values in self.fields.values():
            out.extend(v for v in values if v not in out)
        return out

    @property
    def message_dict(self) -> dict[str, list[str]]:
        return {name: list(values) for name, values in self.fields.items()}

    def as_dict(self) -> dict[str, Any]:
        """The API body: DESIGN's `detail` + per-field messages, plus a stable `code`."""
        body: dict[str, Any] = {"detail": self.message, "code": self.code}
        if self.fields:
            body["errors"] = self.message_dict
            for name, values in self.fields.items():
                body.setdefault(name, values)
        body.update(self.extra)
        return body


class InvalidInput(DomainError):
    """Input the rules refuse (an amount above the price, a date in the past)."""

    code = "invalid"
    status = 400


class NotFound(DomainError):
    """The object does not exist for this caller (a stranger's object is 'not found')."""

    code = "not_found"
    status = 404
    default_message: ClassVar[str | _StrPromise] = "Not found."


class NotAllowed(DomainError):
    """The caller may see the object but not do this to it."""

    code = "not_allowed"
    status = 403
    default_message: ClassVar[str | _StrPromise] = "You may not do this."


class Conflict(DomainError):
    """The object changed under the caller (a stale version, a race another request won)."""

    code = "conflict"
    status = 409
    default_message: ClassVar[str | _StrPromise] = "This changed at the same time; reload and try again."


class StateError(Conflict):
    """The object's state does not allow this action (see its transition map)."""

    code = "invalid_state"
    status = 409
    default_message: ClassVar[str | _StrPromise] = "This is not possible in the current state."


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429
    default_message: ClassVar[str | _StrPromise] = "Too many requests; try again later."
