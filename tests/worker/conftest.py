"""Reliability tests with a real Celery worker on Redis and PostgreSQL (skipped without them)."""

import os

import pytest
from django.conf import settings


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/worker" in str(item.fspath):
            item.add_marker(pytest.mark.worker)


@pytest.fixture
def real_broker():
    """The Redis URL of this test run (REDIS_URL), or skip."""
    url = os.environ.get("REDIS_URL", "")
    if not url or not settings.IS_POSTGRES:
        pytest.skip("needs REDIS_URL and DATABASE_URL (PostgreSQL): a real worker shares the test database")
    import redis

    redis.Redis.from_url(url).flushdb()  # this run's own db number: no stale tasks from a killed run
    return url


@pytest.fixture
def mail_dir(tmp_path):
    d = tmp_path / "mail"
    d.mkdir()
    return d


@pytest.fixture
def workers(tmp_path):
    """workers(...) starts a worker; every one started is killed at teardown."""
    from tests.worker.brokers import kill_worker, start_worker

    started = []

    def start(**kwargs):
        proc = start_worker(log_path=tmp_path / f"worker-{len(started)}.log", **kwargs)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        kill_worker(proc)
