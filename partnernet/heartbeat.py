"""Worker heartbeats: a row per worker, refreshed while it consumes, read by /readyz.

A worker that died, or whose consumer stopped (broker gone, loop dead), stops
refreshing its row; `/readyz` answers 503 naming the worker once the newest row
is older than WORKER_STALE_SECONDS. No row at all (no worker has run yet on
this database) is not reported: a fresh `make run` is ready before its worker.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger("partnernet.heartbeat")


def interval_seconds() -> float:
    return float(settings.WORKER_HEARTBEAT_SECONDS)


def stale_seconds() -> float:
    return float(settings.WORKER_STALE_SECONDS)


def beat(name: str) -> None:
    from partnernet.users.models import WorkerHeartbeat

    try:
        WorkerHeartbeat.objects.update_or_create(name=name[:200], defaults={"seen_at": timezone.now()})
    except Exception:  # a database hiccup must not stop the worker; the next beat tries again
        logger.warning("heartbeat of %s not written", name, exc_info=True)
    finally:
        close_old_connections()


def check() -> str | None:
    """None when a worker is consuming (or none has ever run); else what is wrong."""
    from partnernet.users.models import WorkerHeartbeat

    newest = WorkerHeartbeat.objects.order_by("-seen_at").first()
    if newest is None:
        return None
    age = (timezone.now() - newest.seen_at).total_seconds()
    if age <= stale_seconds():
        return None
    return f"no worker consuming: last heartbeat {int(age)} s ago ({newest.name})"


def prune(older_than: timedelta = timedelta(days=1)) -> int:
    """Forget workers gone for a day (every worker start writes a row under its own name)."""
    from partnernet.users.models import WorkerHeartbeat

    try:
        return WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - older_than).delete()[0]
    except Exception:
        logger.warning("old heartbeats not pruned", exc_info=True)
        return 0
