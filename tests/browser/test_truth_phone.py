"""Issue J at 390 px: a US seller's order promises no cover; a claim's deadlines say when they passed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from claims.models import Claim
from tests import factories as f
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_us_order_and_overdue_claim_at_390_px(page):
    page.set_viewport_size({"width": 390, "height": 844})
    us = f.completed_order(seller=f.SellerAccountFactory(marketplace="US"))
    sign_in(page, us.seller.owner.email, f.PASSWORD)
    page.goto(us.get_absolute_url())
    expect(page.locator(".order-not-covered")).to_be_visible()
    expect(page.locator("#main")).not_to_contain_text("Claims accepted until")
    expect(page.get_by_role("link", name="File a claim")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "truth-390-us-order")

    now = timezone.now()
    claim = f.ClaimFactory()
    Claim.objects.filter(pk=claim.pk).update(
        status=Claim.Status.UNDER_REVIEW,
        submitted_at=now - timedelta(days=20),
        partner_response_due=now - timedelta(days=13),
        partner_responded_at=now - timedelta(days=14),
        decision_due=now - timedelta(days=2),
    )
    page.context.clear_cookies()
    sign_in(page, claim.seller.owner.email, f.PASSWORD)
    page.goto(claim.get_absolute_url())
    expect(page.locator("#deadline-partner_answer")).to_contain_text("answered")
    expect(page.locator("#deadline-decision")).to_contain_text("overdue")
    expect(page.locator("#next-steps")).to_contain_text("decision target has passed")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "truth-390-claim")
