"""An accepted issue owes its remedy: the order page panel, the API under the order,
and the issue following its remedy (fulfilled, then resolved)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from remedies.models import Remedy
from resolution.hooks import issue_accepted
from resolution.models import Issue
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted_issue(seller, partner_member):
    order = f.completed_order(seller=seller.seller_account, partner=partner_member.partner, price="6000.00")
    issue = Issue.objects.create(
        reference="IS-TEST-1",
        order=order,
        seller=order.seller,
        partner=order.partner,
        raised_by=seller,
        status=Issue.Status.PARTNER_ACCEPTED,
        reason="not_completed_as_agreed",
        remedy="full_refund",
        description="Half the listings are missing.",
        agreed_price=order.agreed_price,
        respond_by=timezone.now() + timedelta(days=3),
        fulfil_by=timezone.now() + timedelta(days=5),
    )
    issue_accepted.call(issue)
    return issue


def test_accepted_issue_owes_its_remedy_and_the_issue_follows(
    accepted_issue, seller, partner_member, api_for
):
    remedy = Remedy.objects.get(issue=accepted_issue)
    assert (remedy.source, remedy.kind, remedy.amount) == ("issue", "full_refund", Decimal("6000.00"))
    base = f"/api/v1/orders/{accepted_issue.order.reference}/issue/remedy/"
    assert api_for(seller).get(base).json()["status"] == "due"
    done = api_for(partner_member).post(
        base + "fulfil/",
        {
            "payment_reference": "NEFT N123456789",
            "amount": "6000.00",
            "paid_on": timezone.localdate().isoformat(),
        },
        format="json",
    )
    assert done.status_code == 200, done.json()
    accepted_issue.refresh_from_db()
    assert accepted_issue.status == "fulfilled"
    assert api_for(seller).post(base + "confirm/").json()["status"] == "confirmed"
    accepted_issue.refresh_from_db()
    assert accepted_issue.status == "resolved"
    assert list(accepted_issue.events.values_list("kind", flat=True))[-2:] == ["fulfilled", "resolved"]


def test_order_page_shows_the_remedy_panel_to_both_sides_only(
    accepted_issue, seller, partner_member, seller_b, client_for
):
    url = f"/orders/{accepted_issue.order.reference}/"
    seller_page = client_for(seller).get(url).content.decode()
    assert "remedy-panel" in seller_page and "₹6,000.00" in seller_page
    partner_page = client_for(partner_member).get(url).content.decode()
    assert "remedy-fulfil-form" in partner_page and "remedy-confirm-form" not in partner_page
    assert client_for(seller_b).get(url).status_code == 404


def test_a_decision_on_the_escalated_claim_replaces_the_issues_open_remedy(
    accepted_issue, reviewer, partner_member
):
    """Accepted, not fulfilled in time, escalated, decided: the partner owes what the
    decision says — once — and the issue's remedy is cancelled with the reason on record."""
    from remedies.models import RemedyEvent
    from tests.remedies.conftest import decide

    issue_remedy = Remedy.objects.get(issue=accepted_issue)
    claim = f.ClaimFactory(order=accepted_issue.order)
    Issue.objects.filter(pk=accepted_issue.pk).update(status=Issue.Status.ESCALATED, claim=claim)
    decided = decide(claim, reviewer)
    issue_remedy.refresh_from_db()
    assert issue_remedy.status == "cancelled"
    event = RemedyEvent.objects.filter(remedy=issue_remedy).order_by("-pk").first()
    assert claim.reference in event.message
    owed = Remedy.objects.exclude(status="cancelled").filter(order=accepted_issue.order)
    assert [r.claim_id for r in owed] == [decided.pk]


def test_a_confirmed_issue_remedy_is_left_as_it_is(accepted_issue, reviewer):
    from tests.remedies.conftest import decide

    Remedy.objects.filter(issue=accepted_issue).update(status="confirmed")
    claim = f.ClaimFactory(order=accepted_issue.order)
    Issue.objects.filter(pk=accepted_issue.pk).update(status=Issue.Status.ESCALATED, claim=claim)
    decide(claim, reviewer)
    assert Remedy.objects.get(issue=accepted_issue).status == "confirmed"
