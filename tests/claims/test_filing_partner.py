"""The partner's answer and offer, and the seller's reply (services)."""

from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ClaimEvent
from claims.services import claim_offer_accept, claim_offer_decline, claim_partner_respond, claim_submit
from partnernet.models import OutboxMessage
from tests import factories as f
from tests.claims.conftest import VALID_FIELDS, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(ready_draft, order_seller):
    return claim_submit(claim=ready_draft, user=order_seller)


def test_answer_records_time_event_and_emails_the_seller(claim, order_partner_user, order_seller):
    answered = claim_partner_respond(
        claim=claim,
        user=order_partner_user,
        statement="We delivered all 50.",
        files=[("correspondence", pdf("mail.pdf"))],
    )
    assert answered.partner_responded_at is not None and answered.offer_status == ""
    assert answered.version == claim.version + 1
    event = answered.events.get(kind=ClaimEvent.Kind.PARTNER_RESPONDED)
    assert event.visibility == ClaimEvent.Visibility.BOTH and event.message == "We delivered all 50."
    assert answered.documents.filter(party="partner").count() == 1
    assert OutboxMessage.objects.filter(
        purpose__startswith="claim_partner_responded", recipient=order_seller.email
    ).exists()


def test_full_refund_offer_is_the_agreed_price(claim, order_partner_user):
    answered = claim_partner_respond(
        claim=claim, user=order_partner_user, statement="Refund", offer_remedy="full_refund"
    )
    assert answered.offer_amount == answered.agreed_price == Decimal("10000.00")


def test_only_the_orders_partner_may_answer(claim, partner_member_y, order_seller):
    for user in (partner_member_y, order_seller):
        with pytest.raises(ValidationError):
            claim_partner_respond(claim=claim, user=user, statement="x")
    claim.refresh_from_db()
    assert claim.partner_responded_at is None


def test_offer_above_the_price_or_without_amount_is_refused(claim, order_partner_user):
    with pytest.raises(ValidationError) as exc:
        claim_partner_respond(
            claim=claim,
            user=order_partner_user,
            statement="x",
            offer_remedy="partial_refund",
            offer_amount="10000.01",
        )
    assert "offer_amount" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        claim_partner_respond(
            claim=claim, user=order_partner_user, statement="x", offer_remedy="partial_refund"
        )
    assert "offer_amount" in exc.value.message_dict
    claim.refresh_from_db()
    assert claim.offer_status == "" and not claim.events.filter(kind="partner_responded").exists()


def test_accept_without_an_offer_is_refused(claim, order_seller):
    with pytest.raises(ValidationError):
        claim_offer_accept(claim=claim, user=order_seller)
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_only_the_seller_accepts(claim, order_partner_user, seller_b):
    claim = claim_partner_respond(claim=claim, user=order_partner_user, statement="Redo", offer_remedy="redo")
    for user in (order_partner_user, seller_b):
        with pytest.raises(ValidationError):
            claim_offer_accept(claim=claim, user=user)
    claim.refresh_from_db()
    assert claim.offer_status == "pending"


def test_accepted_offer_is_final_and_not_appealable(claim, order_partner_user, order_seller, client_for):
    claim = claim_partner_respond(
        claim=claim,
        user=order_partner_user,
        statement="Half back",
        offer_remedy="partial_refund",
        offer_amount="5000",
    )
    decided = claim_offer_accept(claim=claim, user=order_seller, expected_version=claim.version)
    assert decided.outcome == Claim.Outcome.RESOLVED_WITH_PARTNER and decided.is_final
    assert decided.decided_at and decided.appeal_deadline == decided.decided_at
    assert decided.decision_remedy == "partial_refund" and decided.decision_amount == Decimal("5000.00")
    page = client_for(order_seller).get(decided.get_absolute_url())
    assert b"Appeal the decision" not in page.content and b"Resolved with the partner" in page.content
    with pytest.raises(ValidationError):
        claim_partner_respond(claim=decided, user=order_partner_user, statement="more")
    with pytest.raises(ValidationError):
        claim_offer_decline(claim=decided, user=order_seller)


def test_a_new_offer_after_a_decline(claim, order_partner_user, order_seller):
    claim = claim_partner_respond(
        claim=claim, user=order_partner_user, statement="Redo?", offer_remedy="redo"
    )
    claim = claim_offer_decline(claim=claim, user=order_seller, note="I want money back")
    claim = claim_partner_respond(
        claim=claim,
        user=order_partner_user,
        statement="Then 3000",
        offer_remedy="partial_refund",
        offer_amount="3000",
    )
    assert claim.offer_status == "pending" and claim.offer_amount == Decimal("3000.00")
    assert claim.events.filter(kind="offer_made").count() == 2


def test_a_ready_draft_submitted_on_the_page_after_the_deadline_says_why(client_for, db):
    completed = timezone.now() - timezone.timedelta(days=29)
    order = f.completed_order(completed_at=completed)
    seller = order.seller.owner
    from claims.services import claim_document_add, claim_draft_create

    draft = claim_draft_create(order=order, user=seller, **VALID_FIELDS)
    claim_document_add(claim=draft, user=seller, file=pdf(), kind="invoice")
    with time_machine.travel(order.claim_deadline + timezone.timedelta(microseconds=1)):
        response = client_for(seller).post(reverse("claims:step_review", args=[draft.reference]), {})
    assert response.status_code == 200 and b'data-code="window_closed"' in response.content
    draft.refresh_from_db()
    assert draft.status == "draft" and not OutboxMessage.objects.exists()
