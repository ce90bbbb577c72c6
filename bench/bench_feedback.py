"""Benchmarks of the feedback e-mail pipeline and the claim-window sweep (PostgreSQL + Redis).

    feedback_emails  10,000 orders completed in one transaction; a real Celery worker with 2
                     processes sends the feedback e-mails (file backend). seconds = from commit
                     until every outbox row is sent; ratio_vs_noop = e-mails/s ÷ no-op tasks/s
                     through the same worker in the same run.
    window_sweep     claim_windows_close over 1,000,000 completed orders whose windows are open
                     and past their deadline (the worst case: all close); plus the next sweep,
                     which finds nothing.

Needs DATABASE_URL (PostgreSQL: a scratch database is created next to it and dropped after)
and redis-server on PATH or REDIS_URL (a private redis-server on a free port is preferred).
Prints `bench <name> key=value …` lines. Sizes: BENCH_FEEDBACK_ORDERS, BENCH_SWEEP_ORDERS.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
N_ORDERS = int(os.environ.get("BENCH_FEEDBACK_ORDERS", "10000"))
N_SWEEP = int(os.environ.get("BENCH_SWEEP_ORDERS", "1000000"))
CELERY = str(Path(sys.executable).with_name("celery"))


def out(name, **values):
    parts = " ".join(f"{k}={v}" for k, v in values.items())
    print(f"bench {name} {parts}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis():
    """A private redis-server (nothing shared is flushed), or REDIS_URL with a private queue."""
    from shutil import which

    if which("redis-server"):
        port = free_port()
        proc = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        for _ in range(50):
            try:
                if redis.Redis(port=port).ping():
                    return f"redis://127.0.0.1:{port}/0", proc
            except Exception:
                time.sleep(0.1)
        proc.kill()
    url = os.environ.get("REDIS_URL", "")
    return (url, None) if url else (None, None)


def scratch_database(base_url: str) -> tuple[str, str]:
    import psycopg2

    parsed = urlparse(base_url)
    name = f"{parsed.path.lstrip('/')}_feedback_{os.getpid()}"  # next to (and named after) the given database
    admin = psycopg2.connect(urlunparse(parsed._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return urlunparse(parsed._replace(path=f"/{name}")), name


def drop_database(base_url: str, name: str) -> None:
    import psycopg2

    admin = psycopg2.connect(urlunparse(urlparse(base_url)._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def queue_drained(client, queue: str) -> bool:
    return client.llen(queue) == 0 and client.hlen("unacked") == 0


def main() -> int:
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith(("postgres://", "postgresql://")):
        out("feedback_emails", skipped=1, reason="needs_DATABASE_URL_postgres")
        out("window_sweep", skipped=1, reason="needs_DATABASE_URL_postgres")
        return 0
    broker, redis_proc = start_redis()
    if broker is None:
        out("feedback_emails", skipped=1, reason="needs_redis")
    db_url, db_name = scratch_database(base_url)
    mail_dir = Path(tempfile.mkdtemp(prefix="pn-bench-mail-"))
    queue = f"bench-feedback-{os.getpid()}"
    worker = None
    try:
        os.environ.update(
            {
                "DATABASE_URL": db_url,
                "DJANGO_SETTINGS_MODULE": "partnernet.settings",
                "CELERY_TASK_ALWAYS_EAGER": "false",
            }
        )
        if broker:
            os.environ["REDIS_URL"] = broker
            os.environ["CELERY_BROKER_URL"] = broker
        os.environ.pop("EMAIL_URL", None)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from django.conf import settings

        from partnernet.celery import app

        app.conf.task_default_queue = queue

        if broker:
            worker = subprocess.Popen(
                [
                    CELERY,
                    "-A",
                    "partnernet",
                    "worker",
                    "-P",
                    "prefork",
                    "-c",
                    "2",
                    "-Q",
                    queue,
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--loglevel=WARNING",
                    "-n",
                    f"bench-{os.getpid()}@%h",
                ],
                cwd=ROOT,
                env={
                    **os.environ,
                    "EMAIL_URL": f"filemail:///{os.path.relpath(mail_dir, ROOT)}",
                    "DB_CONN_MAX_AGE": "60",
                },
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            bench_emails(app, broker, queue, mail_dir)
        bench_sweep(settings)
    finally:
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        from django.db import connections

        connections.close_all()
        drop_database(base_url, db_name)
        if redis_proc is not None:
            redis_proc.terminate()
        import shutil

        shutil.rmtree(mail_dir, ignore_errors=True)
    return 0


def bench_emails(app, broker, queue, mail_dir):
    import redis
    from django.db import transaction

    from partnernet.models import OutboxMessage
    from partnernet.tasks import noop_task
    from partners.models import ServiceOrder
    from partners.services.orders import order_complete
    from tests import factories as f

    client = redis.Redis.from_url(broker)

    # warm the worker (both processes import Django and connect) before timing anything
    for _ in range(4):
        noop_task.apply_async()
    deadline = time.monotonic() + 120
    while not queue_drained(client, queue) and time.monotonic() < deadline:
        time.sleep(0.1)

    started = time.perf_counter()
    with app.producer_or_acquire() as producer:
        for _ in range(N_ORDERS):
            noop_task.apply_async(producer=producer)
    while not queue_drained(client, queue):
        time.sleep(0.02)
    noop_s = time.perf_counter() - started
    noop_rate = N_ORDERS / noop_s

    partner = f.guaranteed_partner()
    member = f.PartnerMemberFactory(partner=partner).user
    seller = f.SellerAccountFactory()
    offering = f.OfferingFactory(partner=partner)
    from django.utils import timezone

    from partnernet.references import ORDER_PREFIX
    from partners.models import ServiceOrder as SO

    now = timezone.now()
    terms = partner.guarantee_terms.get(is_current=True)
    SO.objects.bulk_create(
        [
            SO(
                reference=f"{ORDER_PREFIX}-B-{i:07d}",
                seller=seller,
                requested_by=seller.owner,
                partner=partner,
                offering=offering,
                scope="Catalogue 100 SKUs",
                status=SO.Status.ACCEPTED,
                agreed_price=10000,
                accepted_at=now,
                covered=True,
                guarantee_terms=terms,
            )
            for i in range(N_ORDERS)
        ],
        batch_size=2000,
    )
    orders = list(ServiceOrder.objects.filter(status="accepted").order_by("pk"))
    t0 = time.perf_counter()
    with transaction.atomic():
        for order in orders:
            order_complete(order=order, user=member)
    # on_commit has now handed every row to the broker
    t_commit = time.perf_counter()
    while OutboxMessage.objects.filter(purpose="order_feedback", status="sent").count() < N_ORDERS:
        time.sleep(0.1)
    t_sent = time.perf_counter()
    seconds = t_sent - t_commit
    rate = N_ORDERS / seconds
    messages = sum(p.read_bytes().count(b"X-PartnerNet-Message:") for p in Path(mail_dir).iterdir())
    out(
        "feedback_emails",
        orders=N_ORDERS,
        complete_s=f"{t_commit - t0:.2f}",
        seconds=f"{seconds:.2f}",
        total_s=f"{t_sent - t0:.2f}",
        emails_per_s=f"{rate:.1f}",
        noop_per_s=f"{noop_rate:.1f}",
        ratio_vs_noop=f"{rate / noop_rate:.3f}",
        messages_written=messages,
        workers=2,
    )


def bench_sweep(settings):
    from django.db import connection
    from django.utils import timezone

    from claims.services.windows import claim_windows_close
    from partners.models import ServiceOrder, ServicePartner
    from tests import factories as f

    partner = ServicePartner.objects.first() or f.PartnerFactory()
    seller = f.SellerAccountFactory()
    table = ServiceOrder._meta.db_table
    started = time.perf_counter()
    from psycopg2 import sql as pgsql

    connection.ensure_connection()
    with connection.connection.cursor() as cur:
        # 1,000,000 completed orders, all with an open window that ended 1–60 days ago
        cur.execute(
            pgsql.SQL(
                "INSERT INTO {} (reference, seller_id, requested_by_id, partner_id, status, scope,"
                " close_reason, covered, requested_at, completed_at, claim_deadline, claim_window_open)"
                " SELECT 'SO-W-' || lpad(g::text, 8, '0'), %s, %s, %s, 'completed', 'bench', '',"
                " false, now() - interval '90 days', now() - interval '40 days',"
                " now() - (1 + g %% 60) * interval '1 day', true"
                " FROM generate_series(1, %s) AS g"
            ).format(pgsql.Identifier(table)),
            [seller.pk, seller.owner_id, partner.pk, N_SWEEP],
        )
        cur.execute(pgsql.SQL("ANALYZE {}").format(pgsql.Identifier(table)))
    load_s = time.perf_counter() - started
    t0 = time.perf_counter()
    closed = claim_windows_close(now=timezone.now())
    sweep_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    again = claim_windows_close(now=timezone.now())
    idle_ms = (time.perf_counter() - t1) * 1000
    out(
        "window_sweep",
        orders=N_SWEEP,
        closed=closed,
        seconds=f"{sweep_s:.2f}",
        s_per_100k=f"{sweep_s / (N_SWEEP / 100_000):.3f}",
        idle_sweep_ms=f"{idle_ms:.1f}",
        idle_closed=again,
        load_s=f"{load_s:.1f}",
    )


if __name__ == "__main__":
    sys.exit(main())
