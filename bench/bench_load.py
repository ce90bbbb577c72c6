"""Load: a mixed scenario (browsing, filing, reviewing) with locust, headless.

50 simulated users for 2 minutes (BENCH_LOAD_USERS, BENCH_LOAD_SECONDS) against
gunicorn + PostgreSQL + Redis + a real Celery worker, on a scratch database
seeded with the demo data plus sellers who each have covered, completed orders.
After the run the worker is given time to drain, then the figures are checked:
every claim a filer saw submitted is in the database, every decision stands,
every e-mail in the outbox was sent. Prints one `bench load_<page> …` line per
page and a `bench load_mixed …` summary.

Needs DATABASE_URL (PostgreSQL; a scratch database `<name>_load` is created and
dropped) and redis-server on PATH (a private one on a free port).
"""

import csv
import json
import os
import shutil
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
BIN = Path(sys.executable).parent
USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "120"))
SELLERS = 30
ORDERS_PER_SELLER = 15


def out(name, **values):
    print(f"bench {name} " + " ".join(f"{k}={v}" for k, v in values.items()), flush=True)


def note(message):
    print(f"# {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scratch_database(base_url: str) -> tuple[str, str]:
    import psycopg2

    parsed = urlparse(base_url)
    name = f"{parsed.path.lstrip('/') or 'partnernet'}_load"
    admin = psycopg2.connect(urlunparse(parsed._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
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


def wait_http(port: int, seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz")


def build_fixture(path: Path) -> dict:
    """Sellers with eligible orders, reviewer tokens, partner slugs (in this process, on the scratch DB)."""
    import django

    django.setup()
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from claims.eligibility import claim_deadline_for
    from claims.models import ReasonCode
    from guarantees.models import GuaranteeTerms
    from partnernet.references import reference_next
    from partnernet.users.models import SellerAccount, SellerMembership, User
    from partners.models import ServiceOrder, ServicePartner

    terms = list(
        GuaranteeTerms.objects.filter(is_current=True, partner__badge_active=True).select_related("partner")
    )
    now = timezone.now()
    sellers = []
    for i in range(SELLERS):
        user = User.objects.create_user(
            email=f"load.seller{i}@example.com", password=None, full_name=f"Load {i}"
        )
        account = SellerAccount.objects.create(name=f"Load Store {i}", marketplace="IN", owner=user)
        SellerMembership.objects.create(account=account, user=user, role="owner")
        orders = []
        for j in range(ORDERS_PER_SELLER):
            t = terms[(i + j) % len(terms)]
            completed = now - timedelta(days=2, hours=j)
            orders.append(
                ServiceOrder(
                    reference=reference_next(prefix="SO"),
                    seller=account,
                    requested_by=user,
                    partner=t.partner,
                    scope="Create 40 listings with images and A+ content.",
                    budget=Decimal("9000.00"),
                    agreed_price=Decimal("8000.00"),
                    status=ServiceOrder.Status.COMPLETED,
                    accepted_at=completed - timedelta(days=5),
                    completed_at=completed,
                    covered=True,
                    guarantee_terms=t,
                    claim_deadline=claim_deadline_for(completed),
                    claim_window_open=True,
                )
            )
        ServiceOrder.objects.bulk_create(orders)
        sellers.append(
            {"token": Token.objects.create(user=user).key, "orders": [o.reference for o in orders]}
        )
    reviewers = [
        Token.objects.get_or_create(user=User.objects.get(email=email))[0].key
        for email in ("reviewer@example.com", "reviewer2@example.com", "lead@example.com")
    ]
    code = ReasonCode.objects.filter(is_active=True).order_by("pk").values_list("code", flat=True)
    reason = next(
        (
            c
            for c, outcomes in ReasonCode.objects.filter(is_active=True).values_list("code", "outcomes")
            if not outcomes or "partially_upheld" in outcomes
        ),
        code.first(),
    )
    fixture = {
        "sellers": sellers,
        "reviewers": reviewers,
        "reason_code": reason,
        "slugs": list(ServicePartner.objects.filter(is_listed=True).values_list("slug", flat=True)),
    }
    path.write_text(json.dumps(fixture), encoding="utf-8")
    return fixture


def count_after(results_path: Path, drain_seconds: float = 120) -> dict:
    from django.db.models import Q

    from claims.models import Claim
    from partnernet.models import OutboxMessage

    events = [json.loads(line) for line in results_path.read_text(encoding="utf-8").splitlines() if line]
    submitted = {e["reference"] for e in events if e["kind"] == "claim_submitted"}
    decided = {e["reference"] for e in events if e["kind"] == "claim_decided"}
    deadline = time.monotonic() + drain_seconds
    unsent = Q(
        status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING, OutboxMessage.Status.FAILED]
    )
    while OutboxMessage.objects.filter(unsent).exists() and time.monotonic() < deadline:
        time.sleep(1)
    in_db = set(
        Claim.objects.filter(reference__in=submitted)
        .exclude(status=Claim.Status.DRAFT)
        .values_list("reference", flat=True)
    )
    decided_in_db = set(
        Claim.objects.filter(reference__in=decided, decided_at__isnull=False).values_list(
            "reference", flat=True
        )
    )
    return {
        "claims_submitted": len(submitted),
        "claims_lost": len(submitted - in_db),
        "decisions": len(decided),
        "decisions_lost": len(decided - decided_in_db),
        "emails": OutboxMessage.objects.filter(created_at__isnull=False).count(),
        "emails_unsent": OutboxMessage.objects.filter(unsent).count(),
    }


def main() -> int:
    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/partnernet_bench")
    if not base_url.startswith("postgres"):
        raise SystemExit("bench_load needs PostgreSQL (DATABASE_URL)")
    if not shutil.which("redis-server"):
        raise SystemExit("bench_load needs redis-server on PATH")
    db_url, db_name = scratch_database(base_url)
    redis_port, web_port = free_port(), free_port()
    work = Path(tempfile.mkdtemp(prefix="pn-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnernet.settings",
        "DATABASE_URL": db_url,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "DEBUG": "false",
        "SECRET_KEY": "load-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{web_port}",
        "SECURE_SSL_REDIRECT": "false",
        "STAFF_REQUIRE_2FA": "false",
        # One client machine plays 50 people: the per-IP and per-seller limits would refuse it.
        "API_THROTTLE_ANON": "1000000/min",
        "API_THROTTLE_USER": "1000000/min",
        "CLAIMS_PER_SELLER_30_DAYS": "100000",
        "LOG_LEVEL": "WARNING",
    }
    procs = []

    def spawn(args, **kw):
        proc = subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True, **kw)
        procs.append(proc)
        return proc

    try:
        spawn(
            [
                "redis-server",
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        manage = [sys.executable, "manage.py"]
        for args in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"], ["seed_demo"]):
            subprocess.run(manage + args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        os.environ.update(env)
        fixture_path, results_path = work / "fixture.json", work / "results.jsonl"
        results_path.touch()
        fixture = build_fixture(fixture_path)
        note(f"{len(fixture['sellers'])} sellers × {ORDERS_PER_SELLER} orders each")
        spawn(
            [
                str(BIN / "gunicorn"),
                "partnernet.wsgi",
                "--workers",
                "4",
                "--bind",
                f"127.0.0.1:{web_port}",
                "--access-logfile",
                "/dev/null",
                "--log-level",
                "warning",
            ]
        )
        spawn(
            [str(BIN / "celery"), "-A", "partnernet", "worker", "-c", "2", "--loglevel", "WARNING"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_http(web_port)
        csv_prefix = work / "load"
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "load_locustfile.py"),
                "--headless",
                "-u",
                str(USERS),
                "-r",
                str(max(1, USERS // 10)),
                "-t",
                f"{SECONDS}s",
                "--host",
                f"http://127.0.0.1:{web_port}",
                "--csv",
                str(csv_prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={**env, "LOAD_FIXTURE": str(fixture_path), "LOAD_RESULTS": str(results_path)},
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        total = {}
        with open(f"{csv_prefix}_stats.csv", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["Name"] == "Aggregated":
                    total = row
                    continue
                out(
                    f"load_{row['Name']}",
                    requests=row["Request Count"],
                    failures=row["Failure Count"],
                    rps=f"{float(row['Requests/s']):.1f}",
                    p50_ms=row["50%"],
                    p95_ms=row["95%"],
                )
        counts = count_after(results_path)
        out(
            "load_mixed",
            users=USERS,
            seconds=SECONDS,
            requests=total.get("Request Count", 0),
            errors=total.get("Failure Count", 0),
            rps=f"{float(total.get('Requests/s', 0)):.1f}",
            p95_ms=total.get("95%", ""),
            **counts,
        )
        ok = (
            int(total.get("Failure Count", 1)) == 0
            and counts["claims_lost"] == 0
            and counts["emails_unsent"] == 0
        )
        return 0 if ok and counts["decisions_lost"] == 0 else 1
    finally:
        for proc in reversed(procs):
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(proc.pid, signal.SIGKILL)
        from django.db import connections

        connections.close_all()
        drop_database(base_url, db_name)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
