"""Service levels, closing decided claims, the leads digest (tasks named claims.tasks.<name>)."""

from celery import shared_task
from django.db import OperationalError

__all__ = ["claims_close_after_appeal_task", "claims_flag_overdue_task", "review_digest_send_task"]


@shared_task(
    name="claims.tasks.claims_flag_overdue_task",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def claims_flag_overdue_task() -> dict:
    from claims.services.sla import claims_flag_overdue

    return claims_flag_overdue()


@shared_task(
    name="claims.tasks.claims_close_after_appeal_task",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def claims_close_after_appeal_task() -> int:
    from claims.services.closing import claims_close_after_appeal

    return claims_close_after_appeal()


@shared_task(
    name="claims.tasks.review_digest_send_task",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def review_digest_send_task() -> int:
    from claims.services.sla import review_digest_send

    return review_digest_send()
