"""Issue 16 item 3: the embedded broker (`make run`'s default) under concurrent writers.

Several writer processes enqueue e-mails one transaction at a time while a real
worker consumes from the SQLite broker file; a malformed row is slipped into the
queue on the way. The worker must survive, send every e-mail exactly once, keep
up with the burst, and /readyz must show it once it stops.
"""

import sqlite3
import subprocess
import sys

import pytest
from django.db.models import Max, Min

from partnernet.models import OutboxMessage
from tests import factories as f
from tests.worker.brokers import ROOT, broker_at, kill_worker, mail_files, wait_for, worker_env

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WRITERS = 4
PER_WRITER = 30


def _queue_ready(path) -> bool:
    try:
        with sqlite3.connect(path, timeout=5) as db:
            return bool(db.execute("SELECT count(*) FROM kombu_queue WHERE name = 'celery'").fetchone()[0])
    except sqlite3.Error:
        return False


def _insert_malformed(path) -> None:
    with sqlite3.connect(path, timeout=30) as db:
        queue_id = db.execute("SELECT id FROM kombu_queue WHERE name = 'celery'").fetchone()[0]
        for payload in ("", "{not json", '{"no": "properties"}', "[1, 2]"):
            db.execute(
                "INSERT INTO kombu_message (visible, timestamp, payload, version, queue_id) "
                "VALUES (1, CURRENT_TIMESTAMP, ?, 1, ?)",
                (payload, queue_id),
            )


def test_concurrent_writers_never_stop_the_worker_and_each_email_goes_once(
    workers, mail_dir, tmp_path, settings, client
):
    broker_file = tmp_path / "broker.sqlite3"
    url = f"sqla+sqlite:///{broker_file}"
    order = f.OrderFactory()
    with broker_at(url):
        worker = workers(broker_url=url, mail_dir=mail_dir, concurrency=2, WORKER_HEARTBEAT_SECONDS="1")
        wait_for(lambda: _queue_ready(broker_file), timeout=60, what="the worker's queue in the broker file")
        settings.WORKER_STALE_SECONDS = 4
        wait_for(
            lambda: client.get("/readyz").json()["checks"].get("worker") == "ok", timeout=30, what="heartbeat"
        )

        env = worker_env(broker_url=url, mail_dir=mail_dir)
        writers = [
            subprocess.Popen(
                [sys.executable, "-m", "tests.worker.writer", str(order.pk), f"w{n}", str(PER_WRITER)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            for n in range(WRITERS)
        ]
        _insert_malformed(broker_file)  # while the writers are at it
        for proc in writers:
            out, _ = proc.communicate(timeout=240)
            assert proc.returncode == 0, out.decode()[-2000:]

        total = WRITERS * PER_WRITER
        ids = set(OutboxMessage.objects.filter(purpose__startswith="burst-").values_list("pk", flat=True))
        assert len(ids) == total
        wait_for(
            lambda: OutboxMessage.objects.filter(pk__in=ids, status="sent").count() == total,
            timeout=120,
            interval=0.5,
            what="every burst e-mail sent",
        )
        assert worker.poll() is None, "the worker exited"
        # One message per poll once the prefetch was full (kombu's default of 1 s) drained
        # about 2 e-mails a second; the embedded path must keep up with a burst.
        span = OutboxMessage.objects.filter(pk__in=ids).aggregate(first=Min("sent_at"), last=Max("sent_at"))
        seconds = max((span["last"] - span["first"]).total_seconds(), 0.001)
        assert total / seconds > 5, f"{total} e-mails over {seconds:.1f} s"

        # any duplicate still in the broker would run now: wait until the queue is empty
        wait_for(lambda: _visible_messages(broker_file) == 0, timeout=30, what="an empty broker queue")
        counts = mail_files(mail_dir)
        assert set(counts) == ids
        assert all(n == 1 for n in counts.values()), {k: v for k, v in counts.items() if v != 1}
        log = (tmp_path / "worker-0.log").read_text()
        assert "malformed message" in log
        assert "Unrecoverable error" not in log

        # a worker that stops shows on /readyz
        kill_worker(worker)
        wait_for(lambda: client.get("/readyz").status_code == 503, timeout=30, what="/readyz to notice")
        body = client.get("/readyz").json()
        assert body["failing"] == ["worker"]
        assert "heartbeat" in body["checks"]["worker"]


def _visible_messages(path) -> int:
    with sqlite3.connect(path, timeout=30) as db:
        return db.execute("SELECT count(*) FROM kombu_message WHERE visible = 1").fetchone()[0]
