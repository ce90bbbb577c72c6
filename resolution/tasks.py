"""Periodic work of the resolution app (tasks named resolution.tasks.<name>)."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="resolution.tasks.issues_sweep_task",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def issues_sweep_task() -> dict:
    from resolution.services.sweep import issues_sweep

    return issues_sweep()
