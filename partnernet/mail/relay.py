"""The relay: rows that never reached a worker, or whose worker died, handed out again."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from partnernet.mail.common import OUTBOX_MAX_ATTEMPTS, RELAY_BATCH, _lease_seconds, _requeue_seconds
from partnernet.mail.dispatch import outbox_dispatch_many
from partnernet.models import OutboxMessage


def outbox_relay_candidates(*, older_than_seconds: int = 60) -> QuerySet[OutboxMessage]:
    """Rows a worker should have sent by now and may never get to without help."""
    now = timezone.now()
    lease = timedelta(seconds=_lease_seconds())
    return OutboxMessage.objects.filter(
        # never reached the broker (it was down at commit)
        Q(
            status=OutboxMessage.Status.PENDING,
            enqueued_at__isnull=True,
            created_at__lt=now - timedelta(seconds=older_than_seconds),
        )
        # reached a broker that lost it (e.g. flushed) — long enough not to double a backlog
        | Q(
            status=OutboxMessage.Status.PENDING,
            enqueued_at__lt=now - timedelta(seconds=_requeue_seconds()),
        )
        # taken by a worker that died mid-send
        | Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=now - lease)
        # failed and out of the task's own retries
        | Q(status=OutboxMessage.Status.FAILED, attempts__lt=OUTBOX_MAX_ATTEMPTS, claimed_at__lt=now - lease)
    )


def outbox_relay(*, older_than_seconds: int | None = None) -> int:
    """Re-dispatch rows that never reached a worker (broker down) or whose worker died."""
    if older_than_seconds is None:
        # Young rows are most likely still on their way through on_commit.
        older_than_seconds = int(settings.OUTBOX_RELAY_AFTER_SECONDS)
    ids = list(
        outbox_relay_candidates(older_than_seconds=older_than_seconds)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:RELAY_BATCH]
    )
    return outbox_dispatch_many(message_ids=ids)


# --- security (issue 16, item 6): e-mails rendered elsewhere (allauth) through the outbox ---
