from smtplib import SMTPException

from celery import shared_task


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def outbox_send_task(message_id: int) -> None:
    from partnernet.mail import outbox_send  # a sent row is skipped

    outbox_send(message_id=message_id)


@shared_task
def outbox_relay_task() -> int:
    from partnernet.mail import outbox_relay

    return outbox_relay()
