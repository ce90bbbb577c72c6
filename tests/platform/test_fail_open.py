"""Issue 16 item 2: a Redis cache that is down is logged once and served around, never a 500."""

import logging
import time
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from partnernet import cache as fail_open
from partnernet.users.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db
DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def dead_redis_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "partnernet.cache.FailOpenRedisCache", "LOCATION": DEAD}}
    fail_open._last_logged[0] = 0.0
    yield caches["default"]


def test_every_cache_call_answers_as_a_miss_and_logs_once(dead_redis_cache, caplog):
    cache = dead_redis_cache
    with caplog.at_level(logging.WARNING, logger="partnernet.cache"):
        started = time.monotonic()
        assert cache.get("k", "fallback") == "fallback"
        cache.set("k", 1)
        assert cache.add("k", 1) is True
        assert cache.incr("n", 3) == 3
        assert cache.get_many(["a", "b"]) == {}
        assert cache.get_or_set("g", lambda: 7) == 7
        cache.delete("k")
        for _ in range(20):
            cache.get("again")
        assert time.monotonic() - started < 5
    assert len([r for r in caplog.records if "cache unavailable" in r.getMessage()]) == 1


def test_pages_and_throttled_api_work_without_the_cache(dead_redis_cache, client, seller):
    assert client.get("/partners/").status_code == 200
    token = client.post("/api/v1/auth/token/", {"email": seller.email, "password": "wrong-password"})
    assert token.status_code == 400  # the throttle counted nothing and let it through
    assert client.get("/api/v1/partners/").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["degraded"] == ["cache"] and ready.json()["checks"]["cache"] != "ok"


def test_readyz_names_a_worker_whose_heartbeat_is_stale(client, settings):
    settings.WORKER_STALE_SECONDS = 60
    WorkerHeartbeat.objects.create(name="w1@host", seen_at=timezone.now())
    fresh = client.get("/readyz")
    assert fresh.status_code == 200 and fresh.json()["checks"]["worker"] == "ok"
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(seconds=90))
    stale = client.get("/readyz")
    assert stale.status_code == 503
    assert stale.json()["failing"] == ["worker"]
    assert "w1@host" in stale.json()["checks"]["worker"]
