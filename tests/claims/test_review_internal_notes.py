"""Internal notes, assignments and findings never reach the parties' pages, e-mails or API."""

import pytest
from django.urls import reverse

from claims import services as svc
from claims.models import ClaimEvent
from partnernet.models import OutboxMessage
from tests import factories as f
from tests.claims.review_support import decide_kwargs, reviewer_user

pytestmark = pytest.mark.django_db

SECRET = "INTERNAL-ONLY seller seems to exaggerate"


@pytest.fixture
def worked_claim(reviewer):
    claim = f.ClaimFactory()
    member = f.PartnerMemberFactory(partner=claim.partner, role="owner").user
    svc.claim_note_add(claim=claim, reviewer=reviewer, text=SECRET, expected_version=1)
    claim.refresh_from_db()
    svc.claim_assign(claim=claim, reviewer=reviewer, assignee=reviewer_user(), expected_version=claim.version)
    claim.refresh_from_db()
    parameter = claim.order.guarantee_terms.parameters.first()
    svc.claim_finding_set(
        claim=claim,
        reviewer=reviewer,
        parameter_id=parameter.pk,
        finding="not_met",
        note=SECRET,
        expected_version=claim.version,
    )
    claim.refresh_from_db()
    svc.claim_info_request(
        claim=claim,
        reviewer=reviewer,
        party="seller",
        question="Invoice please",
        expected_version=claim.version,
    )
    svc.claim_info_answer(claim=claim, user=claim.claimant, answer="Here it is")
    claim.refresh_from_db()
    svc.claim_decide(claim=claim, reviewer=reviewer, expected_version=claim.version, **decide_kwargs())
    claim.refresh_from_db()
    claim.member = member
    return claim


def test_internal_events_are_recorded_for_support(worked_claim):
    internal = ClaimEvent.objects.filter(claim=worked_claim, visibility="internal")
    assert {"note", "assigned", "finding"} <= set(internal.values_list("kind", flat=True))


def test_no_email_to_anyone_carries_an_internal_note(worked_claim):
    assert OutboxMessage.objects.exists()
    for message in OutboxMessage.objects.all():
        assert SECRET not in message.body_text and SECRET not in message.body_html


def test_seller_and_partner_selectors_leave_internal_events_out(worked_claim):
    from claims.selectors.seller import PARTNER, SELLER, events_for

    for role in (SELLER, PARTNER):
        events = list(events_for(worked_claim, role))
        assert events, role
        assert all(e.visibility != "internal" for e in events)
        assert all(SECRET not in e.message for e in events)


def test_seller_and_partner_pages_never_show_internal_notes(worked_claim, client_for):
    seller_page = client_for(worked_claim.claimant).get(
        reverse("claims:detail", args=[worked_claim.reference])
    )
    assert seller_page.status_code == 200
    body = seller_page.content.decode()
    assert SECRET not in body
    assert worked_claim.rationale in body  # the decision itself is shown
    partner_page = client_for(worked_claim.member).get(
        reverse("claims:console_detail", args=[worked_claim.reference])
    )
    assert partner_page.status_code == 200
    assert SECRET not in partner_page.content.decode()


def test_seller_and_partner_api_never_return_internal_notes(worked_claim, api_for):
    for user in (worked_claim.claimant, worked_claim.member):
        response = api_for(user).get(reverse("api-claim", args=[worked_claim.reference]))
        assert response.status_code == 200
        assert SECRET not in response.content.decode()
        assert all(e.get("visibility") != "internal" for e in response.json()["events"])


def test_partner_answers_a_question_from_the_console_and_the_reviewer_is_told(reviewer, client_for):
    from claims.models import Claim

    claim = f.ClaimFactory()
    member = f.PartnerMemberFactory(partner=claim.partner, role="owner").user
    svc.claim_note_add(claim=claim, reviewer=reviewer, text=SECRET, expected_version=1)
    claim.refresh_from_db()
    svc.claim_info_request(
        claim=claim,
        reviewer=reviewer,
        party="partner",
        question="Your delivery log?",
        expected_version=claim.version,
    )
    c = client_for(member)
    page = c.get(reverse("claims:console_detail", args=[claim.reference])).content.decode()
    assert "Your delivery log?" in page and SECRET not in page
    response = c.post(
        reverse("claims:console_info_answer", args=[claim.reference]), {"answer": "Log attached."}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.UNDER_REVIEW
    assert OutboxMessage.objects.filter(purpose="claim_info_answered", recipient=reviewer.email).exists()
    # The seller was not asked and does not see the partner's exchange with support.
    seller_page = (
        client_for(claim.claimant).get(reverse("claims:detail", args=[claim.reference])).content.decode()
    )
    assert "Your delivery log?" not in seller_page and "Log attached." not in seller_page
