"""The feedback e-mail for covered and uncovered orders (DESIGN §4)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from claims.feedback import feedback_request_create
from claims.models import FeedbackRequest
from partnernet.models import OutboxMessage
from partners.services.orders import order_complete
from tests.orders.factories import accepted_order

pytestmark = pytest.mark.django_db
IST = ZoneInfo("Asia/Kolkata")


def _complete(seller, partner, member, capture):
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    mail.outbox.clear()
    with time_machine.travel(datetime(2026, 11, 1, 15, 0, tzinfo=IST), tick=False), capture(execute=True):
        order_complete(order=order, user=member)
    return order


def test_covered_order_email_has_review_and_claim_links_and_ist_deadline(
    seller, guaranteed, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://partners.example.in"
    partner, member = guaranteed
    order = _complete(seller, partner, member, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [seller.email]
    assert order.reference in message.subject
    text = message.body
    assert "https://partners.example.in/feedback/" in text
    assert "?go=review" in text and "?go=claim" in text
    assert "11:59 PM IST on Tuesday, 1 December 2026" in text
    assert "raise it with the partner" in text
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "File a claim" in html and "1 December 2026" in html


def test_uncovered_order_email_has_only_the_review_link(
    seller, unguaranteed, django_capture_on_commit_callbacks
):
    partner, member = unguaranteed
    _complete(seller, partner, member, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    text = mail.outbox[0].body
    html = mail.outbox[0].alternatives[0][0]
    assert "?go=review" in text
    assert "go=claim" not in text and "claim" not in html.lower()
    assert "Service Guarantee" not in text


def test_links_ignore_the_request_host(
    seller, guaranteed, client_for, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://partners.example.in"
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]
    partner, member = guaranteed
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(member).post(f"/orders/{order.reference}/complete/", HTTP_HOST="evil.example")
    assert "evil.example" not in mail.outbox[0].body
    assert "https://partners.example.in/feedback/" in mail.outbox[0].body


def test_feedback_request_is_created_once(seller, guaranteed, django_capture_on_commit_callbacks):
    partner, member = guaranteed
    order = _complete(seller, partner, member, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        again = feedback_request_create(order=order)
    assert FeedbackRequest.objects.count() == 1 and again.order_id == order.pk
    assert OutboxMessage.objects.filter(purpose="order_feedback").count() == 1
    assert len(mail.outbox) == 1
