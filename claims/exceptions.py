"""Every refusal the claims app makes, as a `partnernet.errors.DomainError`.

The API's exception handler turns each into JSON with its status, and
`partnernet.web.call_service` puts it on a form; no claims view or API maps them
by hand. The bodies keep the keys the API always had: `detail`, `code`, and the
per-field messages (`errors` plus one key per field) or the eligibility
(`eligible`, `reasons`, `deadline`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from partnernet.errors import Conflict, InvalidInput, NotAllowed, RateLimited, StateError

if TYPE_CHECKING:
    from claims.verdict import Eligibility

__all__ = [
    "ClaimConflict",
    "ClaimIncomplete",
    "ClaimNotEligible",
    "ClaimRateLimited",
    "ClaimStateError",
    "EventImmutable",
    "FeedbackTokenInvalid",
    "ReviewerNotAllowed",
]


class ClaimNotEligible(InvalidInput):
    """The order cannot be claimed on (now, by this person). `reasons` are the codes."""

    code = "not_eligible"

    def __init__(self, eligibility: Eligibility) -> None:
        self.eligibility = eligibility
        self.reasons = eligibility.codes
        super().__init__(
            " ".join(str(r["message"]) for r in eligibility.reasons), extra=eligibility.as_dict()
        )

    @property
    def messages(self) -> list[str]:
        return [str(r["message"]) for r in self.eligibility.reasons]


class ClaimIncomplete(InvalidInput):
    """Submit found fields or documents missing; `message_dict` names them."""

    code = "incomplete"
    default_message = "The claim is not complete."

    def __init__(self, fields: dict[str, list[str]]) -> None:
        super().__init__(fields=fields)


class ClaimRateLimited(RateLimited):
    """The seller account has filed the most claims allowed in 30 days."""


class ClaimConflict(Conflict):
    """The claim changed since the caller loaded it (stale `version`, a lost race): nothing was written."""

    default_message = _("The claim changed at the same time; reload and try again.")


class ClaimStateError(StateError):
    """The claim is not in a state that allows this action (see `Claim.TRANSITIONS`)."""


class ReviewerNotAllowed(NotAllowed):
    """This staff member may not take this action on this claim (e.g. an appeal of their own decision)."""


class EventImmutable(StateError):
    """Claim events are append-only."""

    code = "immutable"
    default_message = "Claim events are append-only."


class FeedbackTokenInvalid(InvalidInput):
    """Tampered, truncated, signed for something else, or naming no current feedback request."""

    code = "feedback_token_invalid"
    default_message = "This feedback link is not valid."
