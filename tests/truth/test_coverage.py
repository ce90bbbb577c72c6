"""Issue J §1: cover is never promised where the guarantee does not apply (one source)."""

import pytest
from django.core import mail
from django.urls import reverse

from claims.feedback import PURPOSE_FEEDBACK, feedback_request_create
from partnernet.models import OutboxMessage
from tests import factories as f

pytestmark = pytest.mark.django_db

PROMISES = ("Covered by the Service Guarantee", "Claims accepted until", "File a claim")
HINT = "a claim needs at least one of them"


def _us_order():
    """A US seller's order with a guaranteed partner: the snapshot says covered, the rule says no."""
    order = f.completed_order(seller=f.SellerAccountFactory(marketplace="US"))
    assert order.covered  # the badge was active at acceptance
    return order


def test_us_sellers_order_page_promises_no_cover_and_says_why(client_for):
    order = _us_order()
    html = client_for(order.seller.owner).get(order.get_absolute_url()).content.decode()
    for promise in PROMISES:
        assert promise not in html
    assert "order-not-covered" in html and "no claim can be filed" in html


def test_us_sellers_accepted_order_shows_no_claim_hint_on_upload(client_for):
    partner = f.guaranteed_partner()
    order = f.OrderFactory(
        partner=partner,
        seller=f.SellerAccountFactory(marketplace="US"),
        status="accepted",
        covered=True,
        guarantee_terms=partner.guarantee_terms.get(is_current=True),
    )
    html = client_for(order.seller.owner).get(order.get_absolute_url()).content.decode()
    assert "Attach the invoice" not in html and "Covered by the Service Guarantee" not in html


def test_in_sellers_covered_order_still_offers_the_claim_and_the_hint_to_the_seller_only(client_for):
    order = f.completed_order()
    seller_html = client_for(order.seller.owner).get(order.get_absolute_url()).content.decode()
    for promise in PROMISES:
        assert promise in seller_html
    accepted = f.OrderFactory(
        partner=order.partner,
        seller=order.seller,
        status="accepted",
        covered=True,
        guarantee_terms=order.guarantee_terms,
    )
    assert HINT in client_for(order.seller.owner).get(accepted.get_absolute_url()).content.decode()
    member = f.PartnerMemberFactory(partner=order.partner).user
    partner_html = client_for(member).get(accepted.get_absolute_url()).content.decode()
    assert HINT not in partner_html and "File a claim" not in partner_html


def test_us_sellers_order_list_shows_no_covered_badge(client_for):
    order = _us_order()
    html = client_for(order.seller.owner).get(reverse("partners:order_list")).content.decode()
    assert order.reference in html and "badge-guarantee" not in html
    in_order = f.completed_order()
    in_html = client_for(in_order.seller.owner).get(reverse("partners:order_list")).content.decode()
    assert "badge-guarantee" in in_html


def test_us_sellers_order_api_says_not_covered_no_deadline_no_claim(client_for):
    order = _us_order()
    body = client_for(order.seller.owner).get(f"/api/v1/orders/{order.reference}/").json()
    assert body["covered"] is False and body["claim_deadline"] is None
    assert body["claim_window_open"] is False and body["claim_possible"] is False
    assert body["guarantee_terms_version"] == 1  # the snapshot itself is still told
    in_order = f.completed_order()
    in_body = client_for(in_order.seller.owner).get(f"/api/v1/orders/{in_order.reference}/").json()
    assert in_body["covered"] is True and in_body["claim_possible"] is True
    assert in_body["claim_deadline"].endswith("T23:59:59.999999+05:30")


def test_us_sellers_claim_wizard_and_feedback_landing_offer_no_claim(client_for):
    order = _us_order()
    client = client_for(order.seller.owner)
    response = client.get(reverse("claims:new") + f"?order={order.reference}")
    assert "marketplace" in response.content.decode()
    from claims.models import Claim

    assert not Claim.objects.exists()


def test_us_sellers_feedback_email_has_no_claim_link_or_deadline():
    order = _us_order()
    mail.outbox.clear()
    feedback_request_create(order=order)
    message = OutboxMessage.objects.get(purpose=PURPOSE_FEEDBACK)
    assert "go=claim" not in message.body_text and "claim" not in message.subject.lower()
    assert "Covered by the Service Guarantee" not in message.body_html
    assert "window to file a claim" not in message.body_text


def test_us_seller_gets_no_claim_window_reminder():
    from datetime import timedelta

    from django.utils import timezone

    from claims.services.windows import claim_reminder_candidates

    completed = timezone.now() - timedelta(days=26)
    us = f.completed_order(seller=f.SellerAccountFactory(marketplace="US"), completed_at=completed)
    india = f.completed_order(completed_at=completed)
    for order in (us, india):
        feedback_request_create(order=order)
    assert [fb.order_id for fb in claim_reminder_candidates()] == [india.pk]
