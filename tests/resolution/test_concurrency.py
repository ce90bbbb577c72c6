"""The partner answers while the seller withdraws: the row lock lets one win, the other gets a 409.

Runs with real threads; on PostgreSQL (DATABASE_URL) the issue row lock decides,
on the embedded SQLite the IMMEDIATE transactions do.
"""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from rest_framework.test import APIClient

from resolution.models import Issue, IssueEvent
from resolution.services.issues import issue_report
from tests import factories as f

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(10)
            response = call()
            results[index] = (response.status_code, response.json().get("code"))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "a thread did not finish"
    return results


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("round_", range(3))
def test_partner_answer_and_seller_withdraw_at_once_one_wins_the_other_is_a_clear_409(round_):
    partner = f.guaranteed_partner()
    member = f.PartnerMemberFactory(partner=partner).user
    seller = f.SellerAccountFactory().owner
    order = f.completed_order(seller=seller.seller_account, partner=partner)
    issue = issue_report(
        order=order, user=seller, reason="not_delivered", remedy="full_refund", description="Nothing arrived."
    )
    path = f"/api/v1/orders/{order.reference}/issue/"
    fulfil = (date.today() + timedelta(days=3)).isoformat()
    partner_client, seller_client = _client(member), _client(seller)
    results = _race(
        lambda: partner_client.post(
            path + "respond/", {"action": "accept", "fulfil_by": fulfil}, format="json"
        ),
        lambda: seller_client.post(path + "withdraw/", {}, format="json"),
    )
    statuses = sorted(code for code, _ in results)
    assert statuses == [200, 409], results
    loser = next(code_name for code, code_name in results if code == 409)
    assert loser == "issue_state"
    issue.refresh_from_db()
    kinds = list(IssueEvent.objects.filter(issue=issue).values_list("kind", flat=True))
    if results[0][0] == 200:
        assert issue.status == Issue.Status.PARTNER_ACCEPTED and kinds == ["reported", "accepted"]
    else:
        assert issue.status == Issue.Status.WITHDRAWN and kinds == ["reported", "withdrawn"]
