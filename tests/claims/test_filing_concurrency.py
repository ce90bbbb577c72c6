"""Simultaneous submits and starts on PostgreSQL (real threads, real row locks)."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from claims.models import Claim, ClaimEvent
from claims.services import claim_draft_start, claim_submit
from partnernet.models import OutboxMessage

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs PostgreSQL (DATABASE_URL)"),
]


def run_at_once(n, fn):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def worker():
        from django.db import connections

        try:
            barrier.wait()
            results.append(fn())
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    # A thread still waiting on a lock (or the barrier) would make the checks below pass on
    # the threads that did finish: every one must have ended, with a result or an error.
    assert not [t for t in threads if t.is_alive()], "a thread did not finish within 30 s"
    assert len(results) + len(errors) == n
    return results, errors


def test_ten_simultaneous_submits_make_one_claim(ready_draft, order_seller):
    results, errors = run_at_once(10, lambda: claim_submit(claim=ready_draft, user=order_seller).reference)
    assert errors == []
    assert len(results) == 10
    assert len(set(results)) == 1 and results[0].startswith("CL-")
    assert Claim.objects.count() == 1
    assert Claim.objects.get().status == "submitted"
    assert ClaimEvent.objects.filter(kind="submitted").count() == 1
    assert OutboxMessage.objects.filter(purpose="claim_submitted_seller").count() == 1
    assert connection.vendor == "postgresql"


def test_ten_simultaneous_starts_make_one_draft(order, order_seller):
    results, errors = run_at_once(10, lambda: claim_draft_start(order=order, user=order_seller).pk)
    assert errors == []
    assert len(results) == 10
    assert len(set(results)) == 1
    assert Claim.objects.filter(order=order).count() == 1


def test_rate_limit_holds_when_two_drafts_submit_at_once(settings, db):
    from claims.services import claim_document_add, claim_draft_create
    from tests import factories as f
    from tests.claims.conftest import VALID_FIELDS, pdf

    settings.CLAIMS_PER_SELLER_30_DAYS = 1
    account = f.SellerAccountFactory()
    seller = account.owner
    drafts = []
    for _ in range(2):
        draft = claim_draft_create(order=f.completed_order(seller=account), user=seller, **VALID_FIELDS)
        claim_document_add(claim=draft, user=seller, file=pdf(), kind="invoice")
        drafts.append(draft)
    pending = list(drafts)
    lock = threading.Lock()

    def submit_next():
        with lock:
            draft = pending.pop()
        return claim_submit(claim=draft, user=seller).reference

    results, errors = run_at_once(2, submit_next)
    assert len(results) == 1 and len(errors) == 1
    assert type(errors[0]).__name__ == "ClaimRateLimited"
    assert Claim.objects.filter(seller=account, submitted_at__isnull=False).count() == 1
