"""Helpers to run a real Celery worker (and, if needed, a private Redis) from a test."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


@contextmanager
def broker_at(url):
    """Point this process's Celery app at another broker (and publish for real)."""
    from partnernet.celery import app

    # Overrides live in app.conf.changes; restoring means removing them again, so that
    # the Django settings (and the eager fixture of later tests) show through.
    keys = ("task_always_eager", "broker_url")
    saved = {k: app.conf.changes[k] for k in keys if k in app.conf.changes}
    app.conf.task_always_eager = False
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield app
    finally:
        for k in keys:
            app.conf.changes.pop(k, None)
        app.conf.changes.update(saved)
        app._pool = None
        app.amqp._producer_pool = None


def database_url() -> str:
    """The test database (pytest-django has already renamed it) as a DATABASE_URL."""
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def worker_env(*, broker_url, mail_dir, **extra_env) -> dict:
    """The environment of a process that shares this test's database and broker."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker.settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": broker_url if broker_url.startswith("redis") else "",
        "CELERY_BROKER_URL": broker_url,
        "WORKER_MAIL_DIR": str(mail_dir),
        "PYTHONPATH": str(ROOT),
        "DB_CONN_MAX_AGE": "0",
        "OUTBOX_LEASE_SECONDS": "2",
        "OUTBOX_REQUEUE_SECONDS": "3",
        "OUTBOX_RELAY_AFTER_SECONDS": "0",
        **{k: str(v) for k, v in extra_env.items()},
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    env.pop("PARTNERNET_TESTING", None)
    return env


def start_worker(*, broker_url, mail_dir, concurrency=2, log_path=None, **extra_env):
    env = worker_env(broker_url=broker_url, mail_dir=mail_dir, **extra_env)
    log = open(log_path or os.devnull, "ab")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(
        [
            CELERY,
            "-A",
            "partnernet",
            "worker",
            "-P",
            "prefork",
            "-c",
            str(concurrency),
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"d-test-{time.monotonic_ns()}@%h",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: SIGKILL reaches the pool children too
    )
    proc._log = log
    return proc


def kill_worker(proc, sig=signal.SIGKILL):
    if proc.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    proc._log.close()


def start_redis(port: int, workdir):
    proc = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(lambda: _redis_ping(port), timeout=10, what=f"redis on {port}")
    return proc


def stop_redis(proc):
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=10)


def _redis_ping(port) -> bool:
    import redis

    try:
        return redis.Redis(port=port, socket_connect_timeout=0.5).ping()
    except Exception:
        return False


def wait_for(condition, *, timeout, what, interval=0.2, tick=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if tick:
            tick()
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def mail_files(mail_dir, purpose=None):
    """Sent messages as {outbox id: number of files}."""
    counts: dict[int, int] = {}
    for path in Path(mail_dir).glob("*.eml"):
        file_purpose, message_id, _ = path.name.rsplit("-", 2)
        if purpose is None or file_purpose == purpose:
            counts[int(message_id)] = counts.get(int(message_id), 0) + 1
    return counts


def redis_unacked(url) -> set:
    import redis

    return set(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2).hkeys("unacked"))


def redis_drained(url, *, ignore=frozenset()) -> bool:
    """Nothing waiting in the Celery queue and nothing delivered but unacknowledged.

    With acks_late a task is acknowledged after it ran, so a drained broker means
    every delivery (duplicates included) has finished: the condition to count
    e-mails on, instead of a fixed sleep. `ignore`: deliveries held by a worker
    that was killed (Redis keeps them until their visibility timeout).
    """
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
        return client.llen("celery") == 0 and set(client.hkeys("unacked")) <= set(ignore)
    except Exception:
        return False
