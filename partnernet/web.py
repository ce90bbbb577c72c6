"""The one view helper for service refusals: `DomainError` → form errors or a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from partnernet.errors import DomainError

T = TypeVar("T")


def add_error_to_form(form: forms.BaseForm, exc: DomainError | ValidationError) -> None:
    """Put a refusal on the form: next to each field it names, the rest in the summary.

    The refusal itself stays on the form as `form.refusal`, for a view that answers
    with its HTTP status (`refusal_status`) or shows more of it than its messages.
    """
    form.refusal = exc  # type: ignore[attr-defined]
    if isinstance(exc, DomainError):
        placed = False
        for name, values in exc.fields.items():
            if name in form.fields:
                form.add_error(name, values)
                placed = True
        if not placed or exc.field not in form.fields:
            unplaced = [v for n, vs in exc.fields.items() if n not in form.fields for v in vs]
            form.add_error(None, unplaced or [exc.message])
        return
    if hasattr(exc, "error_dict"):
        for name, values in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, values)
    else:
        form.add_error(None, exc.messages)


def refusal_status(form: forms.BaseForm, default: int = 400) -> int:
    """The HTTP status of the refusal `call_service` put on `form` (400 for a plain ValidationError)."""
    exc = getattr(form, "refusal", None)
    return exc.status if isinstance(exc, DomainError) else default


def call_service(
    form: forms.BaseForm | None,
    func: Callable[..., T],
    /,
    *args: Any,
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> tuple[bool, T | None]:
    """Call a service; on a DomainError (or Django ValidationError) put it on the form
    (or, with no form, into the request's messages) and return (False, None)."""
    try:
        return True, func(*args, **kwargs)
    except (DomainError, ValidationError) as exc:
        if form is not None:
            add_error_to_form(form, exc)
        elif request is not None:
            text = exc.message if isinstance(exc, DomainError) else " ".join(exc.messages)
            messages.error(request, text)
        else:
            raise
        return False, None
