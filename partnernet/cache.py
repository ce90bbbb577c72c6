"""The Redis cache, failing open: Redis down is a slower portal, never an error page.

Every cache user here can live without it for a while: the directory renders
uncached, DRF throttles and allauth's rate limits count nothing (they fail
open), TOTP's "code already used" note is skipped. So a Redis error is logged
(once per FAIL_OPEN_LOG_SECONDS, not once per request) and the call answers as
a miss: `get` → default, `set`/`delete` → nothing, `add` → True (as if first),
`incr` → the delta.
"""

from __future__ import annotations

import logging
import threading
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("partnernet.cache")

FAIL_OPEN_LOG_SECONDS = 60.0
_lock = threading.Lock()
_last_logged = [0.0]


def _errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def _log_once(operation: str, exc: BaseException) -> None:
    now = time.monotonic()
    with _lock:
        if now - _last_logged[0] < FAIL_OPEN_LOG_SECONDS:
            return
        _last_logged[0] = now
    logger.warning(
        "cache unavailable (%s on %s); serving without it for now (logged once per %d s)",
        type(exc).__name__,
        operation,
        FAIL_OPEN_LOG_SECONDS,
    )


def _fail_open(fallback):
    def decorate(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except _errors() as exc:
                _log_once(method.__name__, exc)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        # A Redis that hangs must not hang the request: fail after a moment instead.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1)
        super().__init__(server, params)

    get = _fail_open(_default)(RedisCache.get)
    set = _fail_open(lambda *a, **k: None)(RedisCache.set)
    add = _fail_open(lambda *a, **k: True)(RedisCache.add)
    touch = _fail_open(lambda *a, **k: False)(RedisCache.touch)
    delete = _fail_open(lambda *a, **k: False)(RedisCache.delete)
    has_key = _fail_open(lambda *a, **k: False)(RedisCache.has_key)
    incr = _fail_open(lambda key, delta=1, *a, **k: delta)(RedisCache.incr)
    get_many = _fail_open(lambda *a, **k: {})(RedisCache.get_many)
    set_many = _fail_open(lambda *a, **k: [])(RedisCache.set_many)
    delete_many = _fail_open(lambda *a, **k: None)(RedisCache.delete_many)
    get_or_set = _fail_open(lambda key, default, *a, **k: default() if callable(default) else default)(
        RedisCache.get_or_set
    )
    clear = _fail_open(lambda *a, **k: False)(RedisCache.clear)
