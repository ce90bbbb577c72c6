"""The refusals of the guarantee programme's services (`partnernet.errors` types)."""

from __future__ import annotations

from typing import Any, TypedDict

from partnernet.errors import Conflict, StateError
from partners.errors import RuleBroken, _DjangoValidationShape


class TermsImmutable(_DjangoValidationShape, Conflict):
    """A published terms version (or one of its parameters) was about to change."""

    code = "terms_immutable"


class TermsError(Conflict):
    """The terms cannot be changed or published in their current state (a 409)."""

    code = "conflict"


class TermsValidationError(TermsError):
    """One or more parameters are wrong; `errors` maps a parameter key to its messages.

    A 400. The API answers `{"detail", "errors": {"parameters": {key: [...]}}, "code"}`;
    on the console form each message sits next to the input it is about (`fields` names
    the form's inputs: `req_<key>`, `extra_<n>_label`, `summary`).
    """

    code = "invalid_terms"
    status = 400

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = {key: [str(m) for m in msgs] for key, msgs in errors.items()}
        super().__init__(
            " ".join(m for msgs in self.errors.values() for m in msgs),
            fields={terms_input_name(key): msgs for key, msgs in self.errors.items()},
        )

    def as_dict(self) -> dict[str, Any]:
        return {"detail": self.message, "errors": {"parameters": dict(self.errors)}, "code": self.code}


def terms_input_name(key: str) -> str:
    """The console form's input for a parameter key of the terms service."""
    if key.startswith("extra-"):
        return f"extra_{key.split('-', 1)[1]}_label"
    if key in ("summary", "__all__"):
        return key
    return f"req_{key}"


class ChecklistItem(TypedDict):
    """One item of the programme's checklist (`enrollment_checklist`): is it met, and how to."""

    code: str
    label: str
    ok: bool
    detail: str


class EnrollmentError(StateError):
    """The enrolment cannot make this change; `missing` lists the unmet checklist items.

    A 409, or a 400 with the `missing` items when the partner does not meet the programme.
    """

    code = "enrollment_refused"

    def __init__(
        self, message: Any = None, missing: list[ChecklistItem] | None = None, **kwargs: Any
    ) -> None:
        self.missing = missing or []
        if self.missing:
            kwargs.setdefault("status", 400)
            kwargs.setdefault("extra", {"missing": [_checklist_item(m) for m in self.missing]})
        super().__init__(message, **kwargs)


def _checklist_item(item: ChecklistItem) -> ChecklistItem:
    return {
        "code": item["code"],
        "label": str(item["label"]),
        "ok": item["ok"],
        "detail": str(item["detail"]),
    }


__all__ = [
    "ChecklistItem",
    "EnrollmentError",
    "RuleBroken",
    "TermsError",
    "TermsImmutable",
    "TermsValidationError",
]
