"""/healthz and /readyz: liveness, and readiness that names the part that is down."""

import shutil
import socket
import subprocess
import time

import pytest

pytestmark = pytest.mark.django_db

PORT = 6391  # our own Redis: the shared one is never stopped


def test_healthz_is_ok_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_on_the_embedded_defaults(client, settings, tmp_path):
    # The folder broker as settings make it (even when this run's settings use Redis).
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.BROKER_DIR = tmp_path
    (tmp_path / "queue").mkdir()
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "broker": "ok"}
    assert "failing" not in body


def _port_open(port):
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def own_redis(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    if _port_open(PORT):
        pytest.fail(f"port {PORT} is already taken")
    proc = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        if _port_open(PORT):
            break
        time.sleep(0.1)
    yield proc
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=10)


def test_readyz_names_the_broker_with_503_when_redis_is_down(client, settings, own_redis):
    url = f"redis://127.0.0.1:{PORT}/0"
    settings.REDIS_URL = url
    settings.CELERY_BROKER_URL = url

    up = client.get("/readyz")
    assert up.status_code == 200
    assert up.json()["checks"]["broker"] == "ok"

    own_redis.terminate()
    own_redis.wait(timeout=10)
    started = time.monotonic()
    down = client.get("/readyz")
    assert time.monotonic() - started < 5  # a dead broker must not hang the probe
    assert down.status_code == 503
    body = down.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["broker"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"] != "ok"


def test_health_endpoints_refuse_writes(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405
