"""The refusals of the partners and guarantees services, as `partnernet.errors` types.

Each is a `DomainError` (so the API's exception handler and `partnernet.web.call_service`
answer it) and, where callers have always caught Django's exception, also that exception:
`RuleBroken` is a Django `ValidationError`, `NotParty` a Django `PermissionDenied`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from partnernet.errors import Conflict, DomainError, InvalidInput, NotAllowed, StateError


class _DjangoValidationShape(ValidationError, DomainError):
    """A DomainError that is also a Django ValidationError, for callers that have always
    caught Django's exception; its Django attributes agree with the DomainError's.

    The concrete refusals add the DomainError kind (`InvalidInput`, `Conflict`, …) after
    this class, so the MRO is: this class, ValidationError, the kind, DomainError.
    """

    # DomainError's types, narrower than Django's (`code: str | None`, a lazy `message`).
    code: str
    message: str

    def __init__(self, message: Any = None, **kwargs: Any) -> None:
        # DomainError's constructor, not ValidationError's (which would reset `code`).
        DomainError.__init__(self, message, **kwargs)
        self.params = None
        if self.fields:
            self.error_dict = {
                name: [ValidationError(m) for m in values] for name, values in self.fields.items()
            }
        else:
            self.error_list = [self]

    def __str__(self) -> str:
        return str(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code!r})"

    # DomainError's spelling of messages / message_dict wins over ValidationError's.
    messages = DomainError.messages
    message_dict = DomainError.message_dict


class RuleBroken(_DjangoValidationShape, InvalidInput):
    """Input a rule refuses (a 400 naming the field)."""


def full_clean(instance: Any, *, exclude: list[str] | None = None) -> None:
    """`instance.full_clean()`, its field errors raised as a `RuleBroken` naming each field."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        raise RuleBroken(" ".join(m for msgs in fields.values() for m in msgs), fields=fields) from exc


class NotParty(NotAllowed, PermissionDenied):
    """The caller is not on the side of the object that may do this (a 403)."""


class StateRefused(_DjangoValidationShape, StateError):
    """The object's state does not allow this (a 409)."""


class AlreadyDone(_DjangoValidationShape, Conflict):
    """It has been done once already (one review per order, one reply per review): a 409."""

    code = "conflict"


class OrderStateError(StateRefused):
    """The order is not in a state that allows this action (see ServiceOrder.TRANSITIONS)."""

    code = "invalid_transition"


class ReviewExists(AlreadyDone):
    """This order already has its review (or the review its reply)."""

    code = "review_exists"


class EventImmutable(StateError):
    """An event row is history: it is never changed or deleted."""

    code = "event_immutable"
