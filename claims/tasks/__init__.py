"""Celery tasks of the claims app; each module owns its part (names are explicit)."""

from claims.tasks.feedback import *  # noqa: F403
from claims.tasks.review import *  # noqa: F403
