"""The Resolution Centre in Chromium: the seller reports a problem, the partner counters, the seller
escalates, files the claim with the conversation attached, and the reviewer sees it all."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from resolution.models import Issue
from tests import factories as f
from tests.browser.conftest import AXE_JS, screenshot, sign_in
from tests.claims.review_support import reviewer_user
from tests.resolution.conftest import PDF, png_bytes

PNG = png_bytes()


def main_violations(page, impacts=("serious", "critical")):
    """axe-core over the page's own content (the shared header and footer are checked elsewhere)."""
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run('#main', {resultTypes: ['violations']})")
    return [
        (v["id"], [n["target"] for n in v["nodes"][:3]])
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def _context(browser, live_server):
    return browser.new_context(base_url=live_server.url, locale="en-IN", timezone_id="Asia/Kolkata")


@pytest.mark.django_db(transaction=True)
def test_report_counter_escalate_file_and_the_reviewer_sees_the_conversation(page, browser, live_server):
    partner = f.guaranteed_partner(name="Kaveri Test Commerce")
    partner_user = f.PartnerMemberFactory(partner=partner).user
    account = f.SellerAccountFactory(name="Chai Store")
    seller = account.owner
    order = f.completed_order(seller=account, partner=partner, price="12000.00")
    reviewer = reviewer_user(full_name="Ritu Reviewer")

    # The seller sees the terms on the order page and reports a problem (keyboard only on the form).
    sign_in(page, seller.email, f.PASSWORD)
    page.goto(f"/orders/{order.reference}/")
    expect(page.locator("#terms")).to_contain_text("Delivery timeline")
    assert main_violations(page) == []
    page.get_by_role("link", name="Report a problem").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/issue/new/$"))
    expect(page.locator("#terms")).to_contain_text("The guarantee terms of this order")
    assert main_violations(page) == []
    page.get_by_label("What went wrong?").select_option("quality_below_terms")
    page.get_by_role("radio", name="Partial refund").focus()
    page.keyboard.press("Space")
    page.get_by_label("Amount of the partial refund").fill("4000")
    page.get_by_label("Describe the problem").fill("The photos are 800 px; the terms promise 2000 px.")
    page.get_by_label("Describe the problem").press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#issue .issue-status")).to_have_text("Waiting for the partner")
    expect(page.locator("#issue .escalable-reason")).to_contain_text("The partner has until")

    # … and sends a screenshot in the conversation.
    page.get_by_role("textbox", name="Message", exact=True).fill("Here is one of the 800 px images.")
    page.get_by_label("Attachment").set_input_files(
        {"name": "photo.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="Send message").click()
    expect(page.locator("#conversation")).to_contain_text("Here is one of the 800 px images.")
    screenshot(page, "resolution-issue-open")

    # The partner counters from its order page.
    partner_context = _context(browser, live_server)
    partner_page = partner_context.new_page()
    sign_in(partner_page, partner_user.email, f.PASSWORD)
    partner_page.goto(f"/orders/{order.reference}/")
    expect(partner_page.locator("#conversation")).to_contain_text("photo.png")
    partner_page.get_by_label("Propose another remedy").check()
    partner_page.get_by_label("Done by (date)").fill((date.today() + timedelta(days=5)).isoformat())
    partner_page.get_by_label("Remedy you propose").select_option("redo")
    partner_page.get_by_label("Message to the seller").fill("We will reshoot all 60 products at 2000 px.")
    partner_page.get_by_role("button", name="Send answer").click()
    expect(partner_page.locator("#issue .issue-status")).to_have_text("Partner proposed another remedy")
    assert main_violations(partner_page) == []
    partner_context.close()

    # The seller escalates: the claim draft is made from the issue and the wizard opens.
    page.goto(f"/orders/{order.reference}/")
    expect(page.locator("#issue")).to_contain_text("We will reshoot all 60 products")
    page.get_by_role("button", name="Ask support to step in").click()
    page.wait_for_url(re.compile(r"/claims/DR-[0-9A-F]+/edit/details/$"))
    expect(page.get_by_label("Describe the problem")).to_have_value(
        "The photos are 800 px; the terms promise 2000 px."
    )
    assert Issue.objects.get().status == "escalated"
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("What is it?").select_option("invoice")
    page.get_by_label("File (PDF").set_input_files(
        {"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("invoice.pdf").first.wait_for()
    page.get_by_role("link", name="Continue to review").click()
    expect(page.locator("#main")).to_contain_text("Raised with the partner through the Resolution Centre")
    page.get_by_role("button", name="Submit the claim").click()
    page.wait_for_url(re.compile(r"/claims/CL-\d{4}-\d{6}/$"))
    claim = Claim.objects.get(order=order)
    assert claim.status == "submitted" and claim.issues.get().status == "escalated"

    # The reviewer sees that the claim came through an issue, its timeline and the conversation.
    reviewer_context = _context(browser, live_server)
    reviewer_page = reviewer_context.new_page()
    sign_in(reviewer_page, reviewer.email, f.PASSWORD)
    reviewer_page.goto(f"/review/claims/{claim.reference}/")
    evidence = reviewer_page.locator("#resolution-evidence")
    expect(evidence).to_contain_text("Through an issue")
    expect(evidence).to_contain_text("Partner proposed another remedy")
    expect(evidence).to_contain_text("Here is one of the 800 px images.")
    expect(evidence.get_by_role("link", name="photo.png")).to_be_visible()
    assert main_violations(reviewer_page) == []
    screenshot(reviewer_page, "resolution-reviewer-evidence")
    reviewer_context.close()
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_the_issue_pages_work_without_javascript(browser, live_server):
    partner = f.guaranteed_partner()
    account = f.SellerAccountFactory()
    order = f.completed_order(seller=account, partner=partner)
    context = browser.new_context(
        base_url=live_server.url, locale="en-IN", timezone_id="Asia/Kolkata", java_script_enabled=False
    )
    page = context.new_page()
    sign_in(page, account.owner.email, f.PASSWORD)
    page.goto(f"/orders/{order.reference}/issue/new/")
    page.get_by_label("What went wrong?").select_option("not_delivered")
    page.get_by_role("radio", name="Full refund").check()
    page.get_by_label("Describe the problem").fill("Nothing was delivered.")
    page.get_by_role("button", name="Send to the partner").click()
    expect(page.locator("#issue .issue-status")).to_have_text("Waiting for the partner")
    page.get_by_role("textbox", name="Message", exact=True).fill("Any news?")
    page.get_by_role("button", name="Send message").click()
    expect(page.locator("#conversation")).to_contain_text("Any news?")
    context.close()
