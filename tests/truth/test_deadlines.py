"""Issue J §3: every due date on the three claim pages from one computation, with its state."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim
from tests import factories as f

pytestmark = pytest.mark.django_db


def _claim(**fields):
    now = timezone.now()
    claim = f.ClaimFactory()
    defaults = {
        "status": Claim.Status.UNDER_REVIEW,
        "submitted_at": now - timedelta(days=20),
        "partner_notified_at": now - timedelta(days=20),
        "partner_response_due": now - timedelta(days=13),
        "first_action_due": now - timedelta(days=18),
        "decision_due": now - timedelta(days=2),
    }
    Claim.objects.filter(pk=claim.pk).update(**{**defaults, **fields})
    claim.refresh_from_db()
    return claim


def _state(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}" data-state="(\w+)"', html)
    assert match, f"{element_id} not on the page"
    return match.group(1)


def _pages(client_for, claim):
    seller = client_for(claim.seller.owner).get(reverse("claims:detail", args=[claim.reference]))
    member = f.PartnerMemberFactory(partner=claim.partner).user
    partner = client_for(member).get(reverse("claims:console_detail", args=[claim.reference]))
    return seller.content.decode(), partner.content.decode()


def test_a_partner_answer_past_its_date_is_overdue_on_seller_and_partner_pages(client_for, reviewer):
    claim = _claim()
    seller_html, partner_html = _pages(client_for, claim)
    assert _state(seller_html, "deadline-partner_answer") == "overdue"
    assert _state(partner_html, "answer-deadline") == "overdue"
    assert "overdue" in seller_html and "The partner did not answer in time" in seller_html
    assert "Your answer is overdue" in partner_html
    review_html = client_for(reviewer).get(reverse("claims:review_detail", args=[claim.reference])).content
    review_html = review_html.decode()
    assert _state(review_html, "deadline-partner_answer") == "overdue"
    assert _state(review_html, "deadline-first_action") == "overdue"
    assert _state(review_html, "deadline-decision") == "overdue"


def test_an_answered_deadline_says_answered_with_when_and_is_shown_once(client_for, reviewer):
    answered = timezone.now() - timedelta(days=15)
    claim = _claim(
        partner_responded_at=answered,
        first_action_at=answered,
        decision_due=timezone.now() + timedelta(days=3),
    )
    seller_html, partner_html = _pages(client_for, claim)
    assert _state(seller_html, "deadline-partner_answer") == "met"
    assert _state(partner_html, "answer-deadline") == "met"
    assert _state(seller_html, "deadline-decision") == "open"
    when = timezone.localtime(answered).strftime("%-d %b %Y")
    assert f"answered {when}" in seller_html
    # One date per deadline: the partner's due date appears once on the seller's page.
    due = timezone.localtime(claim.partner_response_due).strftime("%-d %b %Y, %H:%M")
    assert seller_html.count(due) == 1
    review_html = client_for(reviewer).get(reverse("claims:review_detail", args=[claim.reference])).content
    # Done after its date: "done late, <when>".
    assert _state(review_html.decode(), "deadline-first_action") == "late"
    assert "done late" in review_html.decode()


def test_information_request_past_due_is_overdue_for_the_seller(client_for):
    claim = _claim(status=Claim.Status.AWAITING_SELLER, awaiting_due=timezone.now() - timedelta(days=1))
    seller_html, partner_html = _pages(client_for, claim)
    assert _state(seller_html, "deadline-info_answer") == "overdue"
    assert "your answer is overdue" in seller_html
    assert _state(partner_html, "deadline-info_answer") == "overdue"


def test_appeal_window_after_its_end_says_closed(client_for):
    now = timezone.now()
    claim = _claim(
        status=Claim.Status.DECIDED,
        outcome="rejected",
        decided_at=now - timedelta(days=20),
        appeal_deadline=now - timedelta(days=6),
        partner_responded_at=now - timedelta(days=25),
    )
    seller_html, _partner = _pages(client_for, claim)
    assert _state(seller_html, "deadline-appeal") == "overdue"
    assert "the appeal window has closed" in seller_html
