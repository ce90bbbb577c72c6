"""Feedback e-mail, claim windows and reminders (tasks named claims.tasks.<name>)."""

from celery import shared_task

__all__ = ["claim_windows_close_task", "claim_reminders_send_task"]


@shared_task(name="claims.tasks.claim_windows_close_task", acks_late=True)
def claim_windows_close_task() -> int:
    from claims.services.windows import claim_windows_close

    return claim_windows_close()


@shared_task(name="claims.tasks.claim_reminders_send_task", acks_late=True)
def claim_reminders_send_task() -> int:
    from claims.services.windows import claim_reminders_send

    return claim_reminders_send()
