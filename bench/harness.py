"""The bench's harness: the load process, a private Redis, the database, gunicorn's health.

`python bench/harness.py --load <port> <path or @file> <seconds> <concurrency>` runs the
load process alone (bench/run.py starts one per scenario and round) and prints its JSON.
"""

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def out(name, **values):
    print(f"bench {name} " + " ".join(f"{k}={v}" for k, v in values.items()), flush=True)


def note(message):
    print(f"# {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the load process ------------------------------------------------------------


def load(port: int, path: str, seconds: float, concurrency: int) -> dict:
    """Closed-loop load: `concurrency` threads, each sends the next request when the last
    one is answered (sync workers close the connection, so one connection per request).

    `path` is one URL, or `@<file>`: a JSON list of URLs, each requested once (the cold
    scenarios); the load stops early if the list runs out (`exhausted` in the result)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds
    paths = iter(json.loads(Path(path[1:]).read_text())) if path.startswith("@") else None
    exhausted = [False]

    def next_path():
        if paths is None:
            return path
        with lock:
            return next(paths, None)

    def worker():
        mine, bad = [], 0
        while time.perf_counter() < stop_at:
            url = next_path()
            if url is None:
                exhausted[0] = True
                break
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", url, headers={"Host": "127.0.0.1", "Connection": "close"})
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status != 200:
                    bad += 1
                    continue
            except OSError:
                bad += 1
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0.0

    return {
        "n": len(latencies),
        "errors": errors[0],
        "rps": len(latencies) / elapsed,
        "p50": pct(0.5),
        "p95": pct(0.95),
        "exhausted": exhausted[0],
    }


# --- set-up -------------------------------------------------------------------------


def ensure_database(url: str):
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            note(f"creating database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def start_redis():
    """A private redis-server for the cache (so nothing shared is touched), if one is installed."""
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"], None
    if not shutil.which("redis-server"):
        return "", None
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return f"redis://127.0.0.1:{port}/0", proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    return "", None


def wait_http(port: int, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz")


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "--load":
    _, _, _port, _path, _seconds, _concurrency = sys.argv
    print(json.dumps(load(int(_port), _path, float(_seconds), int(_concurrency))))
