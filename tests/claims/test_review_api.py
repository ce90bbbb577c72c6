"""Reviewer API: access per role, queue, take next, actions, 409 on a stale version."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimEvent
from tests import factories as f
from tests.claims.review_support import RATIONALE, decide_kwargs, lead_user

pytestmark = pytest.mark.django_db


def _url(name, claim=None):
    return reverse(f"api-review-{name}", kwargs={"reference": claim.reference} if claim else None)


def test_non_reviewers_get_403_on_lists_and_404_on_claims(api_for, seller, partner_member):
    claim = f.ClaimFactory()
    for user in (seller, partner_member, f.UserFactory(is_staff=True)):
        api = api_for(user)
        assert api.get(_url("claims")).status_code == 403
        assert api.post(_url("take-next")).status_code == 403
        assert api.get(_url("claim", claim)).status_code == 404
        for action in ("assign", "request-info", "notes", "decide"):
            assert api.post(_url(action, claim), {"version": 1}, format="json").status_code == 404
    assert api_for(None).get(_url("claims")).status_code in (401, 403)
    claim.refresh_from_db()
    assert claim.version == 1 and not ClaimEvent.objects.exists()


def test_queue_lists_open_claims_with_filters(api_for, reviewer):
    mine = f.ClaimFactory(assigned_to=reviewer, status=Claim.Status.UNDER_REVIEW)
    f.ClaimFactory()
    data = api_for(reviewer).get(_url("claims"), {"assigned": "mine"}).json()
    assert [row["reference"] for row in data["results"]] == [mine.reference]
    assert {"version", "status", "is_overdue", "decision_due"} <= set(data["results"][0])


def test_take_next_then_204_when_empty(api_for, reviewer):
    claim = f.ClaimFactory()
    api = api_for(reviewer)
    response = api.post(_url("take-next"))
    assert response.status_code == 200 and response.json()["reference"] == claim.reference
    assert response.json()["assigned_to"] == reviewer.email
    assert api.post(_url("take-next")).status_code == 204


def test_actions_through_the_api(api_for, reviewer, reviewer2):
    claim = f.ClaimFactory()
    api = api_for(reviewer)
    r = api.post(_url("notes", claim), {"text": "internal"}, format="json")
    assert r.status_code == 200
    version = r.json()["version"]
    r = api.post(_url("assign", claim), {"assignee": reviewer2.email, "version": version}, format="json")
    assert r.status_code == 200 and r.json()["assigned_to"] == reviewer2.email
    r = api.post(
        _url("request-info", claim),
        {"party": "partner", "question": "Delivery log?", "version": r.json()["version"]},
        format="json",
    )
    assert r.status_code == 200 and r.json()["status"] == "awaiting_partner"
    r = api.post(_url("decide", claim), {**decide_kwargs(), "version": r.json()["version"]}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["status"] == "decided" and r.json()["rationale"] == RATIONALE
    assert r.json()["decision_amount"] == "4000.00"


def test_decide_with_a_stale_version_is_409_and_nothing_is_overwritten(api_for, reviewer, reviewer2):
    claim = f.ClaimFactory()
    first = api_for(reviewer).post(_url("decide", claim), {**decide_kwargs(), "version": 1}, format="json")
    assert first.status_code == 200
    second = api_for(reviewer2).post(
        _url("decide", claim),
        {**decide_kwargs(outcome="rejected", remedy="", amount=None), "version": 1},
        format="json",
    )
    assert second.status_code == 409
    assert "Someone else changed this claim" in second.json()["detail"]
    claim.refresh_from_db()
    assert claim.outcome == "partially_upheld" and claim.decided_by == reviewer


def test_decide_with_bad_input_names_the_fields(api_for, reviewer):
    claim = f.ClaimFactory()
    r = api_for(reviewer).post(
        _url("decide", claim),
        {**decide_kwargs(amount="99999.00", reason_code="nope", rationale="x" * 25), "version": 1},
        format="json",
    )
    assert r.status_code == 400
    body = r.json()
    assert "amount" in body["errors"] and "reason_code" in body["errors"]
    for junk in ({}, {"version": "abc"}, {"version": -1, "outcome": "maybe"}):
        assert api_for(reviewer).post(_url("decide", claim), junk, format="json").status_code == 400
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED


def test_appeal_decide_by_the_first_decider_is_403(api_for):
    decider = lead_user()
    claim = f.ClaimFactory(
        status=Claim.Status.APPEALED, decided_by=decider, original_decided_by=decider, outcome="rejected"
    )
    from django.utils import timezone

    Claim.objects.filter(pk=claim.pk).update(appealed_at=timezone.now())
    r = api_for(decider).post(_url("decide", claim), {**decide_kwargs(), "version": 1}, format="json")
    assert r.status_code == 403
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPEALED


def test_review_detail_api_includes_internal_events_for_support_only(api_for, reviewer):
    claim = f.ClaimFactory()
    api_for(reviewer).post(_url("notes", claim), {"text": "for support eyes"}, format="json")
    events = api_for(reviewer).get(_url("claim", claim)).json()["events"]
    assert any(e["message"] == "for support eyes" and e["visibility"] == "internal" for e in events)
