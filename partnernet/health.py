"""Liveness and readiness for load balancers and orchestrators.

/readyz answers 503 and names what is down: the database, the broker, or the
worker (its heartbeat is stale, see partnernet.heartbeat). A Redis cache that is
down is named under `degraded` with a 200: the portal serves without it.
"""

import os
import sqlite3

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not ready"
        return f"{type(exc).__name__}: {exc}"[:200]
    return None


def _check_broker() -> str | None:
    url = settings.CELERY_BROKER_URL
    if url.startswith(("sqla+sqlite://", "sqlalchemy+sqlite://")):
        return _check_sqlite_broker(url.split("+", 1)[1])
    if url.startswith("filesystem://"):
        folder = settings.BROKER_DIR / "queue"
        return None if folder.is_dir() else f"broker folder {folder} is missing"
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"[:200]
    return None


def _check_sqlite_broker(url: str) -> str | None:
    path = url.removeprefix("sqlite:///")
    if not path or path == ":memory:":
        return None
    if not os.path.exists(path):  # kombu creates it at the first message
        folder = os.path.dirname(path) or "."
        return None if os.access(folder, os.W_OK) else f"broker folder {folder} is not writable"
    try:
        with sqlite3.connect(path, timeout=1) as db:
            db.execute("SELECT 1").fetchone()
    except sqlite3.Error as exc:
        return f"{type(exc).__name__}: {exc}"[:200]
    return None


def _check_cache() -> str | None:
    """Only a Redis cache can be down; probed with its own short timeouts."""
    backend = settings.CACHES.get("default", {})
    if "redis" not in backend.get("BACKEND", "").lower():
        return None
    try:
        import redis

        client = redis.Redis.from_url(backend["LOCATION"], socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"[:200]
    return None


def _check_worker() -> str | None:
    from partnernet.heartbeat import check

    try:
        return check()
    except Exception as exc:  # the database check reports the database itself
        return f"{type(exc).__name__}: {exc}"[:200]


@never_cache
@require_GET
def readyz(request):
    checks = {"database": _check_database(), "broker": _check_broker()}
    if checks["database"] is None:
        worker = _check_worker()
        if worker is not None or _has_heartbeat():
            checks["worker"] = worker
    failing = {name: error for name, error in checks.items() if error}
    body = {
        "status": "ok" if not failing else "unavailable",
        "checks": {name: (error or "ok") for name, error in checks.items()},
    }
    if failing:
        body["failing"] = sorted(failing)
    cache = _check_cache()
    if cache is not None:
        body["checks"]["cache"] = cache
        body["degraded"] = ["cache"]
    return JsonResponse(body, status=503 if failing else 200)


def _has_heartbeat() -> bool:
    from partnernet.users.models import WorkerHeartbeat

    try:
        return WorkerHeartbeat.objects.exists()
    except Exception:
        return False
