"""Celery tasks of the guarantee programme (thin: the services are idempotent)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from celery import shared_task
from django.db import OperationalError

if TYPE_CHECKING:
    from guarantees.services.compliance import RecomputeResult


@shared_task(
    name="guarantees.tasks.compliance_recompute_task",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def compliance_recompute_task() -> RecomputeResult:
    from guarantees.services import compliance_recompute

    return compliance_recompute()
