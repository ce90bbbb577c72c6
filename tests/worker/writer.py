"""A writer process for the embedded-broker test: e-mails enqueued one transaction at a time.

    python -m tests.worker.writer <order pk> <tag> <count>

Each e-mail is its own transaction, so its hand-over to the broker (after commit)
races with the other writers' and with the worker's reads.
"""

import sys

import django


def main(order_pk: int, tag: str, count: int) -> None:
    django.setup()
    from django.db import transaction

    from partnernet.mail import outbox_enqueue
    from partners.models import ServiceOrder

    order = ServiceOrder.objects.get(pk=order_pk)
    order.cancelled_by = order.requested_by
    for i in range(count):
        with transaction.atomic():
            outbox_enqueue(
                purpose=f"burst-{tag}",
                obj=order,
                to=[f"{tag}-{i:03d}@example.com"],
                template="orders/order_cancelled",
                context={"order": order},
            )


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]))
