"""Celery tasks of the guarantee programme (thin: the services are idempotent)."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="guarantees.tasks.compliance_recompute_task",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def compliance_recompute_task() -> dict:
    from guarantees.services import compliance_recompute

    return compliance_recompute()
