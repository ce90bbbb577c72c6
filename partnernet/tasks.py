"""Outbox tasks (thin: the services in partnernet.mail are idempotent)."""

from smtplib import SMTPException

from celery import shared_task

from partnernet.mail import outbox_relay, outbox_send, outbox_send_batch


@shared_task(
    name="partnernet.tasks.outbox_send_task",
    # Acknowledge only after the send: a worker killed mid-task leaves the message
    # for another worker; the row's lease keeps a redelivery from sending twice.
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(SMTPException, OSError, ConnectionError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def outbox_send_task(message_id: int) -> bool:
    return outbox_send(message_id=message_id)


@shared_task(
    name="partnernet.tasks.outbox_send_batch_task",
    # As outbox_send_task: acknowledged after the sends; the rows' leases keep a
    # redelivery of a killed worker's batch from sending any row twice.
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(SMTPException, OSError, ConnectionError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def outbox_send_batch_task(message_ids: list[int]) -> int:
    return outbox_send_batch(message_ids=message_ids)


@shared_task(name="partnernet.tasks.outbox_relay_task", acks_late=True)
def outbox_relay_task() -> int:
    return outbox_relay()


@shared_task(name="partnernet.tasks.noop_task", acks_late=True)
def noop_task() -> None:
    """Does nothing: the baseline that `bench/bench_feedback.py` compares the e-mail path with."""
