"""A reviewer takes the next claim, asks the seller for information, the seller answers on the claim
page, the reviewer decides, and the seller reads the decision and its rationale (Chromium)."""

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from tests import factories as f
from tests.browser.conftest import AXE_JS, confirm_decision, screenshot, sign_in
from tests.claims.review_support import decision_template, reason_code, reviewer_user

RATIONALE = "Only 20 of the 50 agreed listings were delivered; a refund of the undelivered share is fair."


def main_violations(page, impacts=("serious", "critical")):
    """axe-core over the page's own content (the shared header and footer are checked elsewhere)."""
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run('#main', {resultTypes: ['violations']})")
    return [
        (v["id"], [n["target"] for n in v["nodes"][:3]])
        for v in result["violations"]
        if v["impact"] in impacts
    ]


@pytest.mark.django_db(transaction=True)
def test_reviewer_takes_next_asks_the_seller_decides_and_the_seller_reads_why(page, browser, live_server):
    claim = f.ClaimFactory(description="Only 20 of the 50 listings were created.")
    reviewer = reviewer_user(full_name="Ritu Reviewer")
    code = reason_code("partial_delivery", "Partial delivery")
    decision_template(name="Partial delivery", reason_code=code, text=RATIONALE)
    seller = claim.claimant

    # The reviewer takes the next claim from the queue.
    sign_in(page, reviewer.email, f.PASSWORD)
    page.goto("/review/")
    expect(page.get_by_role("link", name=claim.reference)).to_be_visible()
    assert main_violations(page) == []
    page.get_by_role("button", name="Take next").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(claim.reference)
    expect(page.locator("#claim-status")).to_have_text("Under review")
    assert main_violations(page) == []
    screenshot(page, "review-investigation")

    # … and asks the seller for the invoice.
    page.get_by_label("Ask").select_option("seller")
    page.get_by_label("Question").fill(
        "Please upload the invoice and the list of the 20 listings you received."
    )
    page.get_by_role("button", name="Send the question").click()
    expect(page.locator("#claim-status")).to_have_text("Awaiting the seller")

    # The seller answers on the claim page (a separate browser session).
    seller_context = browser.new_context(base_url=live_server.url, locale="en-IN", timezone_id="Asia/Kolkata")
    seller_page = seller_context.new_page()
    sign_in(seller_page, seller.email, f.PASSWORD)
    seller_page.goto(f"/claims/{claim.reference}/")
    expect(seller_page.locator("#info-request")).to_contain_text("Please upload the invoice")
    seller_page.locator("#info-request textarea[name=answer]").fill(
        "Invoice INV-77 attached; listings 1–20 only."
    )
    seller_page.locator("#info-request").get_by_role("button", name="Send answer").click()
    seller_page.wait_for_load_state("networkidle")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.UNDER_REVIEW

    # The reviewer sees the answer and decides, starting from a decision template.
    page.reload()
    expect(page.locator("#claim-status")).to_have_text("Under review")
    expect(page.locator(".timeline")).to_contain_text("Invoice INV-77 attached")
    page.get_by_label("Start from a template").select_option(label="Partial delivery")
    expect(page.get_by_label("Rationale (sent to the seller and the partner)")).to_have_value(RATIONALE)
    page.get_by_label("Outcome").select_option("partially_upheld")
    page.get_by_label("Remedy").select_option("partial_refund")
    page.get_by_label("Refund amount (₹)").fill("6000")
    page.get_by_label("Reason code").select_option("partial_delivery")
    page.get_by_role("button", name="Record the decision").click()
    confirm_decision(page)
    expect(page.locator("#claim-status")).to_have_text("Decided")
    assert page.console_errors == []

    # The seller reads the decision and the rationale.
    seller_page.goto(f"/claims/{claim.reference}/")
    expect(seller_page.locator("#main")).to_contain_text("Partially upheld")
    expect(seller_page.locator("#main")).to_contain_text(RATIONALE)
    expect(seller_page.locator("#main")).to_contain_text("₹6,000.00")
    screenshot(seller_page, "review-seller-reads-decision")
    seller_context.close()

    claim.refresh_from_db()
    assert claim.status == Claim.Status.DECIDED and claim.decided_by == reviewer
    assert claim.rationale == RATIONALE
