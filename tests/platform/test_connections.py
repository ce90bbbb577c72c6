"""Issue 16 item 5: runserver (a thread per request) must not keep a connection per thread.

With DB_CONN_MAX_AGE=60 every runserver thread kept its PostgreSQL connection
after the thread ended: 52 idle connections after 300 requests, and "too many
clients" for everyone once the server's limit was reached.
"""

import os
import socket
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection

from tests.worker.brokers import ROOT, database_url, wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="counts PostgreSQL connections (pg_stat_activity)"),
]
REQUESTS = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _other_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def _get(url) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_runserver_threads_do_not_keep_database_connections(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DB_CONN_MAX_AGE": "60",  # what the report's deployment had set
        "PYTHONPATH": str(ROOT),
    }
    env.pop("PARTNERNET_TESTING", None)
    log = open(tmp_path / "runserver.log", "wb")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"

        def up():
            try:
                return _get(f"{base}/healthz") == 200
            except OSError:
                return False

        wait_for(up, timeout=90, what="runserver")
        before = _other_connections()
        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(lambda _: _get(f"{base}/readyz"), range(REQUESTS)))
        assert set(codes) <= {200, 503}, codes  # /readyz queries the database every time
        wait_for(lambda: _other_connections() <= before + 2, timeout=10, what="connections to close")
        assert _other_connections() <= before + 2
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
