"""What every part of the outbox shares: its limits, the object key, the e-mail itself."""

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models

logger = logging.getLogger("partnernet.mail")


# Give up after this many failed sends (the row stays `failed` for support to see).
OUTBOX_MAX_ATTEMPTS = 10
RELAY_BATCH = 1000


def _lease_seconds() -> int:
    # Read at call time so tests and the worker's environment can shorten it.
    return int(settings.OUTBOX_LEASE_SECONDS)


def _requeue_seconds() -> int:
    return int(settings.OUTBOX_REQUEUE_SECONDS)


def object_key(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def _batch_size() -> int:
    # Ten rows per task: big enough to share a task, a claim and a mail connection, small
    # enough that a slow or stuck send holds few rows behind it (and that two workers
    # share a burst of a few dozen).
    return max(1, int(settings.OUTBOX_BATCH_SIZE))


def _email(
    pk: int,
    purpose: str,
    recipient: str,
    subject: str,
    body_text: str,
    body_html: str,
    connection: Any = None,
) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=subject,
        body=body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
        headers={"X-PartnerNet-Purpose": purpose, "X-PartnerNet-Message": str(pk)},
        connection=connection,
    )
    if body_html:
        email.attach_alternative(body_html, "text/html")
    return email
