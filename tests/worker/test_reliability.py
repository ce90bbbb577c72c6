"""A worker killed mid-batch, a broker down at commit, a task delivered twice: each e-mail once."""

import time
from contextlib import suppress

import pytest
from django.db import transaction

from partnernet.mail import outbox_enqueue
from partnernet.models import OutboxMessage
from partnernet.tasks import outbox_relay_task, outbox_send_task
from tests import factories as f
from tests.worker.brokers import (
    broker_at,
    kill_worker,
    mail_files,
    redis_drained,
    redis_unacked,
    start_redis,
    stop_redis,
    wait_for,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PRIVATE_REDIS_PORT = 6392


def _batch(n):
    order = f.OrderFactory()
    order.cancelled_by = order.requested_by
    with transaction.atomic():
        rows = outbox_enqueue(
            purpose="batch",
            obj=order,
            to=[f"r{i:03d}@example.com" for i in range(n)],
            template="orders/order_cancelled",
            context={"order": order},
        )
    return sorted(r.pk for r in rows)


def _all_sent(ids):
    return OutboxMessage.objects.filter(pk__in=ids, status="sent").count() == len(ids)


def test_worker_killed_mid_batch_every_email_sent_exactly_once(real_broker, workers, mail_dir):
    ids = _batch(40)  # handed to Redis on commit; no worker yet
    blocked = ids[9:11]
    first = workers(
        broker_url=real_broker, mail_dir=mail_dir, concurrency=2, WORKER_BLOCK_IDS=",".join(map(str, blocked))
    )
    # both pool processes hang inside a send: the worker is mid-batch, with two rows leased
    wait_for(
        lambda: all((mail_dir / f"stuck-{pk}").exists() for pk in blocked), timeout=60, what="stuck sends"
    )
    kill_worker(first)  # SIGKILL to the whole process group
    held_by_the_dead = redis_unacked(real_broker)

    before = mail_files(mail_dir)
    assert set(before) == set(ids[:9])
    assert set(OutboxMessage.objects.filter(pk__in=blocked).values_list("status", flat=True)) == {"sending"}

    workers(broker_url=real_broker, mail_dir=mail_dir, concurrency=2)
    # beat would run the relay every minute; here every second (lease 2 s, requeue 3 s in the worker)
    wait_for(lambda: _all_sent(ids), timeout=90, interval=1, what="all sent", tick=outbox_relay_task.delay)

    # any duplicate delivery still in the queue runs (and must send nothing) before we count
    wait_for(
        lambda: redis_drained(real_broker, ignore=held_by_the_dead), timeout=60, what="the broker to drain"
    )
    counts = mail_files(mail_dir)
    assert set(counts) == set(ids)
    assert all(n == 1 for n in counts.values()), {k: v for k, v in counts.items() if v != 1}


def test_same_task_delivered_twice_sends_one_email(real_broker, workers, mail_dir):
    ids = _batch(5)  # each dispatched once on commit
    for pk in ids:  # and twice more, as a redelivery would
        outbox_send_task.apply_async(args=[pk], retry=False)
        outbox_send_task.apply_async(args=[pk], retry=False)
    workers(broker_url=real_broker, mail_dir=mail_dir, concurrency=3, WORKER_SEND_DELAY="0.3")
    wait_for(lambda: _all_sent(ids), timeout=60, what="all sent")
    # the extra deliveries run now and must find the rows sent
    wait_for(lambda: redis_drained(real_broker), timeout=60, what="the broker to drain")
    counts = mail_files(mail_dir)
    assert counts == dict.fromkeys(ids, 1)
    assert set(OutboxMessage.objects.filter(pk__in=ids).values_list("attempts", flat=True)) == {1}


def test_redis_down_while_completing_request_succeeds_and_relay_sends_once(
    workers, mail_dir, tmp_path, client
):
    from django.conf import settings

    if not settings.IS_POSTGRES or not __import__("os").environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL and DATABASE_URL (PostgreSQL)")
    from tests.orders.factories import accepted_order

    url = f"redis://127.0.0.1:{PRIVATE_REDIS_PORT}/0"
    redis_proc = start_redis(PRIVATE_REDIS_PORT, tmp_path)
    try:
        with broker_at(url):
            workers(broker_url=url, mail_dir=mail_dir, concurrency=2)
            partner = f.guaranteed_partner()
            member = f.PartnerMemberFactory(partner=partner).user
            seller = f.SellerAccountFactory().owner
            order = accepted_order(seller_user=seller, partner=partner, member=member)

            stop_redis(redis_proc)
            client.force_login(member)
            started = time.monotonic()
            res = client.post(f"/orders/{order.reference}/complete/")
            elapsed = time.monotonic() - started
            assert res.status_code == 302, res.content[:500]
            assert elapsed < 10
            order.refresh_from_db()
            assert order.status == "completed"
            row = OutboxMessage.objects.get(purpose="order_feedback")
            assert row.status == "pending" and row.enqueued_at is None
            assert mail_files(mail_dir, "order_feedback") == {}

            redis_proc = start_redis(PRIVATE_REDIS_PORT, tmp_path)  # back, empty
            # the periodic relay (beat) dispatches what never reached the broker
            wait_for(
                lambda: OutboxMessage.objects.get(pk=row.pk).status == "sent",
                timeout=90,
                interval=1,
                what="feedback e-mail sent after Redis came back",
                tick=lambda: _relay_quietly(),
            )
            for _ in range(3):
                _relay_quietly()
            wait_for(lambda: redis_drained(url), timeout=60, what="the broker to drain")
            assert mail_files(mail_dir, "order_feedback") == {row.pk: 1}
    finally:
        stop_redis(redis_proc)


def _relay_quietly():
    with suppress(Exception):  # the broker may still be coming back
        outbox_relay_task.delay()
