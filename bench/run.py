"""`make bench`: the directory benchmarks on PostgreSQL, then every other bench/bench_*.py.

    healthz            the cheapest view (the baseline for ratio_vs_healthz)
    directory          /partners/ with no filter
    directory_search   q + category + city + guaranteed
    directory_deep     /partners/?page=200
    profile            a guaranteed partner's profile
    api_partners_search  /api/v1/partners/ with the same search as directory_search
    directory_cold, directory_search_cold, profile_cold, api_partners_search_cold
                       the same pages, but every request a URL not requested before in the
                       run (bench/cold.py: search words × filters × sorts × pages; all slugs)
    directory_scaling  the in-process cost of a cold directory request (median over 60
                       distinct query strings) on 2,000 and 20,000 partners (databases
                       <DATABASE_URL name>_scale_<n>, seeded once), sizes interleaved

Seeds with `seed_bench` when the database has fewer bench partners than BENCH_PARTNERS
(10000), serves with gunicorn (2 sync workers, DEBUG off) on a free port, and drives
each URL from a separate load process (threads + http.client) at BENCH_CONCURRENCY (8)
for BENCH_SECONDS (10) in total, split over BENCH_ROUNDS (5) interleaved rounds so that
background load drifts weigh on every scenario alike. p50 is the median of the rounds'
medians, p95 the worst round's. `queries` is counted in-process with CaptureQueriesContext.
Prints one line per scenario: `bench <name> rps=… p50_ms=… p95_ms=… queries=… ratio_vs_healthz=…`.

Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/partnernet_bench),
BENCH_PARTNERS, BENCH_SECONDS, BENCH_CONCURRENCY, BENCH_ONLY (comma-separated scenario names),
BENCH_COLD_URLS (distinct URLs per cold scenario, 20000), BENCH_SCALING_SIZES (2000,20000).
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import cold
from harness import PYTHON, ROOT, ensure_database, free_port, load, manage, note, out, start_redis, wait_http

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/partnernet_bench"
WARM_URLS = 60
HARNESS = str(Path(__file__).with_name("harness.py"))


def main() -> int:
    original_env = dict(os.environ)
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DB
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("make bench needs PostgreSQL: set DATABASE_URL=postgres://…")
    partners = int(os.environ.get("BENCH_PARTNERS", "10000"))
    seconds = float(os.environ.get("BENCH_SECONDS", "10"))
    concurrency = int(os.environ.get("BENCH_CONCURRENCY", "8"))
    rounds = max(1, int(os.environ.get("BENCH_ROUNDS", "5")))
    only = {s for s in os.environ.get("BENCH_ONLY", "").split(",") if s}

    ensure_database(database_url)
    redis_url, redis_proc = start_redis()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "API_THROTTLE_ANON": "100000000/min",
        "API_THROTTLE_USER": "100000000/min",
        "PYTHONDONTWRITEBYTECODE": "1",
        # As the Docker image serves it: gunicorn's sync workers keep their PostgreSQL
        # connection (a new connection per request forks a backend, ≈ 3 ms of the 2 cores).
        "DB_CONN_MAX_AGE": "60",
    }
    env.pop("PARTNERNET_TESTING", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    gunicorn = None
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_bench", "--partners", str(partners))
        manage(env, "collectstatic", "--noinput", "-v0")

        # In-process: the URLs, and the queries each one makes.
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnernet.settings")
        import django

        django.setup()
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from partners.models import ServicePartner

        slug = (
            ServicePartner.objects.filter(slug__startswith="bench-", badge_active=True)
            .order_by("-review_count", "pk")
            .values_list("slug", flat=True)
            .first()
        )
        search = "q=catalogue&category=cataloguing&city=mumbai&guaranteed=1"
        scenarios = {
            "healthz": "/healthz",
            "directory": "/partners/",
            "directory_search": f"/partners/?{search}",
            "directory_deep": "/partners/?page=200",
            "profile": f"/partners/{slug}/",
            "api_partners_search": f"/api/v1/partners/?{search}",
        }
        # The cold scenarios: a list of distinct URLs each, never requested twice in the run.
        slugs = list(
            ServicePartner.objects.filter(slug__startswith="bench-", is_listed=True)
            .order_by("pk")
            .values_list("slug", flat=True)
        )
        scenarios.update(cold.cold_paths(int(os.environ.get("BENCH_COLD_URLS", "20000")), slugs))
        if only:
            scenarios = {k: v for k, v in scenarios.items() if k in only or k == "healthz"}
        client = Client()
        queries = {}
        slices = {}  # name -> one @file per round (cold) or the one path
        scratch = Path(tempfile.mkdtemp(prefix="pn-bench-urls-"))
        for name, path in scenarios.items():
            if isinstance(path, list):
                # The first WARM_URLS: the in-process query count and the warm-up; then one
                # disjoint slice per round.
                probe, rest = path[:WARM_URLS], path[WARM_URLS:]
                per = len(rest) // rounds
                files = []
                for r in range(rounds):
                    f = scratch / f"{name}-{r}.json"
                    f.write_text(json.dumps(rest[r * per : (r + 1) * per]))
                    files.append(f"@{f}")
                warm = scratch / f"{name}-warm.json"
                warm.write_text(json.dumps(probe[1:]))
                slices[name] = {"rounds": files, "warm": f"@{warm}"}
                first = probe[0]
            else:
                client.get(path)  # warm caches as a running site would have them
                slices[name] = {"rounds": [path] * rounds, "warm": path}
                first = path
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(first)
            if response.status_code != 200:
                raise SystemExit(f"{name}: {first} answered {response.status_code}")
            queries[name] = len(ctx.captured_queries)
        connection.close()

        port = free_port()
        gunicorn = subprocess.Popen(
            [
                str(Path(PYTHON).with_name("gunicorn")),
                "partnernet.wsgi:application",
                "--workers", "2",
                "--worker-class", "sync",
                "--bind", f"127.0.0.1:{port}",
                "--log-level", "warning",
                "--access-logfile", "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )  # fmt: skip
        wait_http(port)
        for name in scenarios:
            load(port, slices[name]["warm"], 1.0, 2)  # warm-up: each worker's connections and caches
        # Rounds: every scenario gets a slice of each round, so a change in background load
        # during the run weighs on all of them alike and the ratios stay comparable.
        totals = {name: {"n": 0, "errors": 0, "elapsed": 0.0, "p50": [], "p95": []} for name in scenarios}
        for _round in range(rounds):
            for name in scenarios:
                path = slices[name]["rounds"][_round]
                done = subprocess.run(
                    [PYTHON, HARNESS, "--load", str(port), path, str(seconds / rounds), str(concurrency)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                r = json.loads(done.stdout)
                t = totals[name]
                if r["exhausted"]:
                    note(f"{name}: round {_round} ran out of distinct URLs (raise BENCH_COLD_URLS)")
                t["n"] += r["n"]
                t["errors"] += r["errors"]
                t["elapsed"] += r["n"] / r["rps"] if r["rps"] else seconds / rounds
                t["p50"].append(r["p50"])
                t["p95"].append(r["p95"])
        results = {}
        for name, t in totals.items():
            if t["errors"]:
                note(f"{name}: {t['errors']} failed requests")
            results[name] = {
                "rps": t["n"] / t["elapsed"] if t["elapsed"] else 0.0,
                "p50": sorted(t["p50"])[len(t["p50"]) // 2],
                "p95": max(t["p95"]),
            }
        base = results["healthz"]["rps"] or 1.0
        for name, r in results.items():
            out(
                name,
                rps=f"{r['rps']:.1f}",
                p50_ms=f"{r['p50']:.1f}",
                p95_ms=f"{r['p95']:.1f}",
                queries=queries[name],
                ratio_vs_healthz=f"{r['rps'] / base:.2f}",
            )
    finally:
        if gunicorn is not None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            gunicorn.wait(timeout=30)
        if redis_proc is not None:
            redis_proc.terminate()
            redis_proc.wait(timeout=10)

    if not only or "directory_scaling" in only:
        sizes = tuple(int(n) for n in os.environ.get("BENCH_SCALING_SIZES", "2000,20000").split(","))
        medians = cold.directory_scaling(env, database_url, ensure_database, manage, sizes=sizes)
        small, large = sizes
        out(
            "directory_scaling",
            small=small,
            large=large,
            ms_small=f"{medians[small]:.1f}",
            ms_large=f"{medians[large]:.1f}",
            growth=f"{medians[large] / medians[small]:.2f}",
            strings=medians["strings"],
        )

    # The other benchmarks in this folder, their lines passed through.
    status = 0
    for script in sorted(Path(__file__).parent.glob("bench_*.py")):
        if only and script.stem.removeprefix("bench_") not in only:
            continue
        note(f"running {script.name}")
        other_env = {**original_env, "DATABASE_URL": database_url}
        done = subprocess.run(
            [PYTHON, str(script)], cwd=ROOT, env=other_env, text=True, stdout=subprocess.PIPE
        )
        for line in done.stdout.splitlines():
            if line.startswith("bench "):
                print(line, flush=True)
        if done.returncode:
            note(f"{script.name} exited with {done.returncode}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
