"""Errors the claim services raise; views turn them into messages, APIs into status codes."""

from claims.models import ClaimStateError

__all__ = ["ClaimConflict", "ClaimStateError", "ReviewerNotAllowed"]


class ClaimConflict(Exception):
    """The claim changed since the caller loaded it (stale `version`): nothing was written."""


class ReviewerNotAllowed(Exception):
    """This staff member may not take this action on this claim (e.g. an appeal of their own decision)."""
