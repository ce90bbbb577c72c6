"""The directory's cache generation: one counter in the shared cache names every cached
directory fragment and facet count, so one bump (after a change that moves counts,
badges or profiles) retires them all at once."""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)
FACET_GENERATION_KEY = "directory:facets:generation"
GENERATION_MEMO_SECONDS = 1.0
_generation_memo = {"value": 0, "until": 0.0}


def directory_cache_bump() -> None:
    """Start a new cache generation (after a change that moves counts or profiles)."""
    if not settings.DIRECTORY_CACHE_SECONDS:
        return
    try:
        generation = cache.incr(FACET_GENERATION_KEY)
    except ValueError:
        generation = 1
        cache.set(FACET_GENERATION_KEY, generation, None)
    _generation_memo["until"] = 0.0
    # The new generation's facet counts, counted now (after the commit that started it)
    # rather than by the next visitor; a reader that finds none builds them itself.
    from partners.selectors.facets import facet_memo_refresh

    try:
        facet_memo_refresh(generation)
    except Exception:  # the write has committed; never fail its request over a count
        logger.exception("directory: facet counts of generation %s not built", generation)


def directory_cache_forget_generation() -> None:
    """Forget this process's memos of the generation and of its facet counts (tests)."""
    from partners.selectors.facets import facet_memo_forget

    _generation_memo["until"] = 0.0
    facet_memo_forget()


def _generation() -> int:
    """The cache generation, read from the shared cache at most once a second per process:
    one round trip saved on every cached page, for at most a second of lag in other processes."""
    now = time.monotonic()
    if now >= _generation_memo["until"]:
        _generation_memo["value"] = cache.get(FACET_GENERATION_KEY, 0)
        _generation_memo["until"] = now + GENERATION_MEMO_SECONDS
    return _generation_memo["value"]


def directory_cache_key(*parts) -> str | None:
    """A cache key in the current generation, or None when caching is off."""
    if not settings.DIRECTORY_CACHE_SECONDS:
        return None
    return f"directory:{_generation()}:{hashlib.sha1(repr(parts).encode()).hexdigest()}"  # noqa: S324
