"""The resolution app's refusals (all `partnernet.errors.DomainError`s: the API handler and
`partnernet.web.call_service` turn them into JSON and form errors)."""

from __future__ import annotations

from partnernet.errors import Conflict, InvalidInput, NotAllowed, NotFound, StateError


class ThreadNotFound(NotFound):
    code = "thread_not_found"
    default_message = "No order with this reference among yours."


class MessageInvalid(InvalidInput):
    code = "message_invalid"


class IssueNotFound(NotFound):
    code = "issue_not_found"
    default_message = "This order has no issue."


class IssueNotAllowed(NotAllowed):
    code = "issue_not_allowed"


class IssueInvalid(InvalidInput):
    code = "issue_invalid"


class IssueExists(Conflict):
    code = "issue_exists"
    default_message = "This order already has an open issue."


class IssueConflict(Conflict):
    code = "issue_conflict"
    default_message = "Someone changed this issue at the same time. Reload the page and try again."


class IssueNotEscalable(StateError):
    code = "not_escalable"
