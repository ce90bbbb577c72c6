"""The API's request limits (`anon`, `user` in DEFAULT_THROTTLE_RATES) in one round trip.

DRF's AnonRateThrottle and UserRateThrottle each read and then write a pickled history
list in the cache: four round trips per anonymous request, and a history of as many
timestamps as the limit allows, unpickled and pickled again on every request. This class
keeps both limits — the same scopes, idents, rates and sliding window — and checks them
together: on Redis one script call (a sorted set per key: drop what left the window,
count, record), elsewhere one get_many and one set_many of the same histories DRF keeps.
A request is recorded only when every limit lets it through. Redis down: nothing is
counted (fail open, as partnernet.cache does).
"""

import time
import uuid

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

# KEYS: one per limit; ARGV: now, then (limit, window seconds) per key, then a member id.
# Returns 0 when every limit allows the request (and records it), else the seconds to wait.
_SCRIPT = """
local now = tonumber(ARGV[1])
local member = ARGV[#ARGV]
local wait = 0
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[2 * i])
  local window = tonumber(ARGV[2 * i + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= limit then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    local left = window - (now - tonumber(oldest[2]))
    if left > wait then wait = left end
    if wait <= 0 then wait = 0.001 end
  end
end
if wait > 0 then return tostring(wait) end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, math.ceil(tonumber(ARGV[2 * i + 1]) * 1000))
end
return '0'
"""
_DURATIONS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """'600/min' -> (600, 60), as DRF reads it."""
    if rate is None:
        return None
    num, period = rate.split("/")
    return int(num), _DURATIONS[period[0]]


class RequestRateThrottle(BaseThrottle):
    """AnonRateThrottle + UserRateThrottle, checked in one round trip."""

    cache_format = "throttle_%(scope)s_%(ident)s"  # DRF's keys

    def __init__(self) -> None:
        self._wait: float | None = None

    def _limits(self, request) -> list[tuple[str, int, int]]:
        rates = api_settings.DEFAULT_THROTTLE_RATES
        user = getattr(request, "user", None)
        signed_in = bool(user and user.is_authenticated)
        ident = self.get_ident(request)
        limits = []
        user_ident = user.pk if user is not None and signed_in else ident
        for scope, who in (("anon", None if signed_in else ident), ("user", user_ident)):
            rate = parse_rate(str(rates[scope]) if rates.get(scope) else None)
            if who is not None and rate is not None:
                limits.append((self.cache_format % {"scope": scope, "ident": who}, *rate))
        return limits

    def allow_request(self, request, view) -> bool:
        limits = self._limits(request)
        if not limits:
            return True
        now = time.time()
        client = _redis_client(limits[0][0])
        if client is not None:
            args: list = [now]
            for _key, num, window in limits:
                args += [num, window]
            # Sorted sets under their own names (DRF's keys hold pickled lists).
            keys = [cache.make_and_validate_key(f"z{key}") for key, _n, _w in limits]
            try:
                wait = float(client.eval(_SCRIPT, len(keys), *keys, *args, uuid.uuid4().hex))
            except _redis_errors():  # Redis down: count nothing, as the cache fails open
                wait = 0.0
        else:
            wait = _with_histories(limits, now)
        self._wait = wait or None
        return not wait

    def wait(self) -> float | None:
        return self._wait


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def _redis_client(key: str):
    """The raw redis-py client behind Django's RedisCache, or None for any other cache."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(key, write=True)


def _with_histories(limits: list[tuple[str, int, int]], now: float) -> float:
    """Any other cache: DRF's history lists, read together and written together."""
    stored = cache.get_many([key for key, _n, _w in limits])
    histories, wait = {}, 0.0
    for key, num, window in limits:
        history = [t for t in stored.get(key, []) if t > now - window]
        if len(history) >= num:
            wait = max(wait, window - (now - history[-1]), 0.001)
        histories[key] = [now, *history]
    if not wait:
        cache.set_many(histories, max(window for _k, _n, window in limits))
    return wait
