"""The e-mail outbox: every e-mail is first a row, then sent by a task after commit.

    outbox_enqueue(purpose="claim_decided", obj=claim, to=[seller.email],
                   template="claims/claim_decided", context={...})

renders `templates/emails/<template>.txt` (required) and `.html` (optional)
with `subject` taken from the first line of the text template ("Subject: …"),
writes one OutboxMessage per recipient (a second enqueue of the same purpose,
object and recipient does nothing), and after the transaction commits hands
the new rows to `outbox_send_batch_task`.

Delivery is at-least-once from the broker and at-most-once from the row:

- the row is written in the caller's transaction, so an e-mail exists exactly
  when the change it reports does;
- a worker takes a row with a conditional UPDATE (a lease, `claimed_at`), so two
  deliveries of the same task, or the task and the relay, never both send;
- a lease held by a worker that died expires after OUTBOX_LEASE_SECONDS and the
  relay hands the row out again;
- rows are written with `enqueued_at` set (handed over at commit, no extra
  UPDATE on the usual path); a publish that fails (broker down) clears it and
  the periodic relay dispatches the row a minute later; a row whose hand-over
  never happened (the process died after commit) or that a broker lost is
  re-dispatched after OUTBOX_REQUEUE_SECONDS.
"""

from partnernet.mail.common import OUTBOX_MAX_ATTEMPTS, RELAY_BATCH, object_key
from partnernet.mail.dispatch import (
    outbox_dispatch,
    outbox_dispatch_many,
    outbox_dispatch_on_commit,
    outbox_queues,
)
from partnernet.mail.enqueue import outbox_enqueue, outbox_enqueue_rendered
from partnernet.mail.relay import outbox_relay, outbox_relay_candidates
from partnernet.mail.send import outbox_send, outbox_send_batch

__all__ = [
    "OUTBOX_MAX_ATTEMPTS",
    "RELAY_BATCH",
    "object_key",
    "outbox_dispatch",
    "outbox_dispatch_many",
    "outbox_dispatch_on_commit",
    "outbox_enqueue",
    "outbox_enqueue_rendered",
    "outbox_queues",
    "outbox_relay",
    "outbox_relay_candidates",
    "outbox_send",
    "outbox_send_batch",
]
