"""The two-level cache of rendered page fragments (directory results, cards, profile bodies).

Rendered fragments are kept in this process too (a bounded LRU with the same timeout), so a
hot page costs no network round trip; the shared cache lets processes reuse each other's
renders, and the generation in the key (partners.selectors.directory_cache_key)
invalidates both levels at once.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.safestring import SafeString, mark_safe

local_fragments = LocMemCache(
    "partners-directory-fragments", {"OPTIONS": {"MAX_ENTRIES": 5000, "CULL_FREQUENCY": 4}}
)


def fragments_forget() -> None:
    """Empty this process's fragment cache (tests; a deploy starts empty anyway)."""
    local_fragments.clear()


def cached_fragment(key: str | None, build: Callable[[], str]) -> SafeString | str:
    if not key:
        return build()
    html = local_fragments.get(key)
    if html is None:
        html = cache.get(key)
        if html is None:
            html = str(build())
            cache.set(key, html, settings.DIRECTORY_CACHE_SECONDS)
        local_fragments.set(key, html, settings.DIRECTORY_CACHE_SECONDS)
    # Only ever our own rendered (autoescaped) template output is stored under these keys.
    return mark_safe(html)  # noqa: S308
