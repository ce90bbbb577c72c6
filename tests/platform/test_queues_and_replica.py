"""Queues per purpose for the outbox, and the read router behind DATABASE_REPLICA_URL."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction

from partnernet.dbrouter import ReadReplicaRouter
from partnernet.mail import outbox_enqueue, outbox_queues
from partnernet.models import OutboxMessage
from partners.models import ServicePartner
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]


def _rows(order, purpose, n):
    with transaction.atomic():
        rows = outbox_enqueue(
            purpose=purpose,
            obj=order,
            to=[f"{purpose}{i}@example.com" for i in range(n)],
            template="orders/order_cancelled",
            context={"order": order},
        )
    return [r.pk for r in rows]


@pytest.mark.django_db
def test_bulk_email_goes_to_its_own_queue_and_claim_notices_first(settings):
    order = f.OrderFactory()
    order.cancelled_by = order.requested_by
    feedback = _rows(order, "order_feedback", 3)
    notice = _rows(order, "claim_decided", 2)
    mixed = [feedback[0], notice[0], feedback[1], notice[1], feedback[2]]

    settings.QUEUES_PER_PURPOSE = False
    assert outbox_queues(mixed) == [(None, mixed)]
    settings.QUEUES_PER_PURPOSE = True
    assert outbox_queues(mixed) == [("mail", notice), ("mail-bulk", feedback)]
    assert OutboxMessage.objects.filter(status="pending").count() == 5  # routing sends nothing


@pytest.mark.django_db(transaction=True)  # no test-wide transaction: as a request sees it
def test_router_sends_public_reads_outside_transactions_to_the_replica_and_nothing_else():
    router = ReadReplicaRouter()
    assert router.db_for_read(ServicePartner) == "replica"
    assert router.db_for_read(OutboxMessage) == "default"
    assert router.db_for_write(ServicePartner) == "default"
    with transaction.atomic():  # a service reading what it is about to change
        assert router.db_for_read(ServicePartner) == "default"
    assert router.allow_migrate("default", "partners") is True
    assert router.allow_migrate("replica", "partners") is False


def test_replica_url_adds_the_database_and_the_router_and_queues_get_routes():
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([sorted(settings.DATABASES), settings.DATABASE_ROUTERS, "
        "settings.DATABASES['replica']['TEST'], sorted(settings.CELERY_TASK_ROUTES)]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnernet.settings",
        "DATABASE_URL": "postgres://u@db.example:5432/partnernet",
        "DATABASE_REPLICA_URL": "postgres://u@replica.example:5432/partnernet",
        "CELERY_QUEUES_PER_PURPOSE": "true",
    }
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    databases, routers, test, routes = json.loads(out.stdout.strip().splitlines()[-1])
    assert databases == ["default", "replica"]
    assert routers == ["partnernet.dbrouter.ReadReplicaRouter"]
    assert test["MIRROR"] == "default"
    assert "partnernet.tasks.outbox_relay_task" in routes
