"""The directory's cache generation: one counter in the shared cache names every cached
directory fragment and facet count, so one bump (after a change that moves counts,
badges or profiles) retires them all at once."""

import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)
FACET_GENERATION_KEY = "directory:facets:generation"
GENERATION_MEMO_SECONDS = 1.0
_generation_memo: dict[str, Any] = {"value": 0, "until": 0.0}


def directory_cache_bump() -> None:
    """Start a new cache generation (after a change that moves counts or profiles)."""
    if not settings.DIRECTORY_CACHE_SECONDS:
        return
    try:
        generation = cache.incr(FACET_GENERATION_KEY)
    except ValueError:  # no counter yet (or the cache was emptied): start a fresh one
        generation = _fresh_generation() + 1
        cache.set(FACET_GENERATION_KEY, generation, None)
    _generation_memo["until"] = 0.0
    # Every process's directory index (partners.selectors.directory_index) belongs to the
    # old generation from now: the next request in each builds the new one.
    logger.debug("directory: generation %s", generation)


# What else a process keeps per generation (the directory index registers its own).
ON_FORGET: list[Callable[[], None]] = []


def directory_cache_forget_generation() -> None:
    """Forget this process's memo of the generation and what it keeps per generation (tests)."""
    _generation_memo["until"] = 0.0
    for forget in ON_FORGET:
        forget()


def _fresh_generation() -> int:
    """A generation number never used before (the clock in microseconds): a cache emptied
    by a restart must not hand out a number that an older index or fragment carries."""
    return time.time_ns() // 1000


def _generation() -> int:
    """The cache generation, read from the shared cache at most once a second per process:
    one round trip saved on every cached page, for at most a second of lag in other processes."""
    now = time.monotonic()
    if now >= _generation_memo["until"]:
        value = cache.get(FACET_GENERATION_KEY)
        if value is None:
            cache.add(FACET_GENERATION_KEY, _fresh_generation(), None)
            value = cache.get(FACET_GENERATION_KEY, 0)
        _generation_memo["value"] = value
        _generation_memo["until"] = now + GENERATION_MEMO_SECONDS
    return int(_generation_memo["value"])


def directory_cache_key(*parts: object) -> str | None:
    """A cache key in the current generation, or None when caching is off."""
    if not settings.DIRECTORY_CACHE_SECONDS:
        return None
    return f"directory:{_generation()}:{hashlib.sha1(repr(parts).encode()).hexdigest()}"  # noqa: S324
