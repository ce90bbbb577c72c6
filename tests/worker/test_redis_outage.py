"""Issue 16 item 2: Redis down for 30+ s under a running worker is not an outage.

A private redis-server (its own port) is the broker and the cache. While it is
stopped, orders are completed and claims filed through the test client, and the
directory, sign-in and the token endpoint are used: no response is a 5xx (the
cache and the throttles fail open, publishes fail fast). The worker keeps
retrying the broker; when Redis returns, it resumes by itself, the relay hands
over what never reached the broker, and every e-mail is sent exactly once.
"""

import time
from contextlib import suppress

import pytest
from rest_framework.test import APIClient

from partnernet.models import OutboxMessage
from partnernet.tasks import outbox_relay_task
from tests import factories as f
from tests.claims.conftest import pdf
from tests.orders.factories import accepted_order
from tests.worker.brokers import (
    broker_at,
    mail_files,
    redis_drained,
    start_redis,
    stop_redis,
    wait_for,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PORT = 6394
OUTAGE_SECONDS = 32
CLAIM_FIELDS = {
    "reason": "not_delivered",
    "description": "Nothing was delivered.",
    "resolution_attempt": "Called three times.",
    "resolution_confirmed": True,
    "remedy": "full_refund",
}


@pytest.fixture
def private_redis(tmp_path, settings):
    url = f"redis://127.0.0.1:{PORT}/0"
    proc = start_redis(PORT, tmp_path)
    settings.REDIS_URL = url
    settings.CELERY_BROKER_URL = url
    settings.CACHES = {"default": {"BACKEND": "partnernet.cache.FailOpenRedisCache", "LOCATION": url}}
    state = {"proc": proc, "url": url}
    yield state
    stop_redis(state["proc"])


def _file_claim(api, order) -> list[int]:
    codes = []
    created = api.post("/api/v1/claims/", {"order": order.reference, **CLAIM_FIELDS}, format="json")
    codes.append(created.status_code)
    if created.status_code != 201:
        return codes
    draft = created.json()
    ref = draft["reference"]
    doc = api.post(f"/api/v1/claims/{ref}/documents/", {"kind": "invoice", "file": pdf()}, format="multipart")
    codes.append(doc.status_code)
    submitted = api.post(f"/api/v1/claims/{ref}/submit/", {"version": draft["version"]}, format="json")
    codes.append(submitted.status_code)
    assert submitted.status_code == 200, submitted.content[:500]
    return codes


def _relay_quietly():
    with suppress(Exception):  # beat's job; the broker may still be coming back
        outbox_relay_task.delay()


def test_redis_stopped_for_30_seconds_no_5xx_and_every_email_once(
    private_redis, workers, mail_dir, tmp_path, client, settings
):
    url = private_redis["url"]
    with broker_at(url):
        worker = workers(broker_url=url, mail_dir=mail_dir, concurrency=2, WORKER_HEARTBEAT_SECONDS="1")
        partner = f.guaranteed_partner()
        member = f.PartnerMemberFactory(partner=partner).user
        seller_account = f.SellerAccountFactory()
        seller = seller_account.owner
        to_complete = [accepted_order(seller_user=seller, partner=partner, member=member) for _ in range(4)]
        to_claim = [f.completed_order(seller=seller_account, partner=partner) for _ in range(3)]
        wait_for(
            lambda: client.get("/readyz").json()["checks"].get("worker") == "ok",
            timeout=60,
            what="the worker",
        )

        stop_redis(private_redis["proc"])
        down_at = time.monotonic()
        statuses: list[tuple[str, int]] = []
        member_client = type(client)()
        member_client.force_login(member)
        seller_api = APIClient()
        seller_api.force_authenticate(seller)
        while time.monotonic() - down_at < OUTAGE_SECONDS or to_complete or to_claim:
            if to_complete:
                order = to_complete.pop()
                res = member_client.post(f"/orders/{order.reference}/complete/")
                statuses.append(("complete", res.status_code))
            if to_claim:
                for code in _file_claim(seller_api, to_claim.pop()):
                    statuses.append(("claim", code))
            statuses.append(("directory", client.get("/partners/").status_code))
            statuses.append(("sign-in page", client.get("/accounts/login/").status_code))
            statuses.append(
                (
                    "sign-in",
                    type(client)()
                    .post("/accounts/login/", {"login": seller.email, "password": f.PASSWORD})
                    .status_code,
                )
            )
            token = APIClient().post(
                "/api/v1/auth/token/", {"email": seller.email, "password": f.PASSWORD}, format="json"
            )
            statuses.append(("token", token.status_code))
            statuses.append(("orders api", seller_api.get("/api/v1/orders/").status_code))
            assert worker.poll() is None, "the worker exited while Redis was down"
            time.sleep(0.5)

        ready = client.get("/readyz")
        assert ready.status_code == 503 and "broker" in ready.json()["failing"]
        errors = [(what, code) for what, code in statuses if code >= 500]
        assert errors == [], errors
        assert ("complete", 302) in statuses and ("claim", 200) in statuses
        written = set(OutboxMessage.objects.values_list("pk", flat=True))
        never_handed = OutboxMessage.objects.filter(status="pending", enqueued_at__isnull=True).count()
        assert never_handed > 0  # the e-mails of the outage waited in the outbox

        private_redis["proc"] = start_redis(PORT, tmp_path)  # back, and empty
        wait_for(
            lambda: OutboxMessage.objects.filter(pk__in=written, status="sent").count() == len(written),
            timeout=180,
            interval=1,
            what="every e-mail sent after Redis came back",
            tick=_relay_quietly,
        )
        for _ in range(2):  # more relay rounds, as beat would run them: they must send nothing
            _relay_quietly()
        wait_for(lambda: redis_drained(url), timeout=60, what="the broker to drain")
        assert worker.poll() is None, "the worker exited"

    counts = mail_files(mail_dir)
    assert set(counts) == written
    assert all(n == 1 for n in counts.values()), {k: v for k, v in counts.items() if v != 1}
    log = (tmp_path / "worker-0.log").read_text()
    assert "Unrecoverable error" not in log
