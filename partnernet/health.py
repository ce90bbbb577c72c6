"""Liveness and readiness for load balancers and orchestrators."""

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


@never_cache
@require_GET
def readyz(request):
    checks = {"database": _check_database(), "broker": _check_broker()}
    failing = {name: error for name, error in checks.items() if error}
    body = {
        "status": "ok" if not failing else "unavailable",
        "checks": {name: (error or "ok") for name, error in checks.items()},
    }
    if failing:
        body["failing"] = sorted(failing)
    return JsonResponse(body, status=503 if failing else 200)
