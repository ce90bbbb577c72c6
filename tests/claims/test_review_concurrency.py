"""Reviewers acting at the same moment (real threads on PostgreSQL): nobody gets the same claim twice,
and of two decisions on one claim exactly one wins."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from claims import services as svc
from claims.exceptions import ClaimConflict
from claims.models import Claim, ClaimEvent
from partnernet.models import OutboxMessage
from tests import factories as f
from tests.claims.review_support import decide_kwargs, reason_code, reviewer_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="row locks need PostgreSQL (DATABASE_URL)"),
]


def _run_in_threads(target, args_list):
    barrier = threading.Barrier(len(args_list))
    errors, finished = [], []

    def runner(*args):
        try:
            barrier.wait(timeout=10)
            target(*args)
            finished.append(args)
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=args) for args in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    # Every thread must have ended, with its work done or an error: a thread still blocked on
    # a row lock would otherwise let the checks pass on what the others did.
    assert not [t for t in threads if t.is_alive()], "a thread did not finish within 60 s"
    assert len(finished) + len(errors) == len(args_list)
    return errors


def test_take_next_with_four_reviewers_over_twenty_claims_hands_out_twenty_distinct_claims():
    claims = [f.ClaimFactory() for _ in range(20)]
    reviewers = [reviewer_user() for _ in range(4)]
    taken: dict[int, list[int]] = {r.pk: [] for r in reviewers}

    def work(reviewer):
        while True:
            claim = svc.claim_take_next(reviewer=reviewer)
            if claim is None:
                return
            taken[reviewer.pk].append(claim.pk)

    errors = _run_in_threads(work, [(r,) for r in reviewers])
    assert errors == []
    all_taken = [pk for pks in taken.values() for pk in pks]
    assert len(all_taken) == 20
    assert set(all_taken) == {c.pk for c in claims}
    assert sum(1 for pks in taken.values() if pks) >= 2  # the work was really shared
    for reviewer in reviewers:
        assert set(Claim.objects.filter(assigned_to=reviewer).values_list("pk", flat=True)) == set(
            taken[reviewer.pk]
        )
    assert ClaimEvent.objects.filter(kind="assigned").count() == 20


def test_two_decisions_at_once_one_wins_the_other_is_refused():
    claim = f.ClaimFactory()
    reason_code()
    reason_code("not_covered", "Not covered")
    first, second = reviewer_user(), reviewer_user()
    results = {}

    def decide(reviewer, outcome):
        kwargs = decide_kwargs(outcome=outcome)
        if outcome == "rejected":
            kwargs.update(remedy="", amount=None, reason_code="not_covered")
        try:
            svc.claim_decide(claim=Claim(pk=claim.pk), reviewer=reviewer, expected_version=1, **kwargs)
            results[reviewer.pk] = "won"
        except ClaimConflict:
            results[reviewer.pk] = "refused"

    errors = _run_in_threads(decide, [(first, "partially_upheld"), (second, "rejected")])
    assert errors == []
    assert len(results) == 2
    assert sorted(results.values()) == ["refused", "won"]
    winner = first if results[first.pk] == "won" else second
    claim.refresh_from_db()
    assert claim.decided_by == winner
    assert claim.outcome == ("partially_upheld" if winner == first else "rejected")
    assert ClaimEvent.objects.filter(claim=claim, kind="decided").count() == 1
    assert OutboxMessage.objects.filter(purpose="claim_decided", recipient=claim.claimant.email).count() == 1
