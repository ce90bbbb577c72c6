"""Filing errors in Chromium: a wrong field and a disguised file are explained next to the field,
and nothing typed or uploaded is lost (also across a reload); an ineligible order says why."""

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import ClaimDocument
from tests import factories as f
from tests.browser.conftest import sign_in
from tests.browser.test_claim_filing import main_axe_violations
from tests.claims.conftest import EXE, PDF


@pytest.mark.django_db(transaction=True)
def test_errors_keep_everything_and_name_the_rule(page):
    order = f.completed_order()
    seller = order.seller.owner
    sign_in(page, seller.email, f.PASSWORD)
    page.goto(f"/claims/new/?order={order.reference}")
    page.get_by_role("button", name="Start the claim").click()

    page.get_by_label("Missed the agreed deadline").check()
    page.get_by_label("Describe the problem").fill("Delivered three weeks late.")
    page.get_by_label("How did you raise it with the partner").fill("Chased on WhatsApp every week.")
    page.get_by_label("Partial refund").check()
    page.get_by_label("Refund amount").fill("99999")  # above the agreed price; box not ticked
    page.get_by_role("button", name="Save and continue").click()

    summary = page.get_by_role("alert")
    assert "Please correct the following" in summary.inner_text()
    assert (
        "cannot be more than the agreed price of ₹10,000.00" in page.locator("#id_amount_error1").inner_text()
    )
    assert page.locator("#id_resolution_confirmed_error1").is_visible()
    assert main_axe_violations(page) == []

    page.reload()  # a GET of the step: what was saved comes back
    assert page.get_by_label("Describe the problem").input_value() == "Delivered three weeks late."
    assert page.get_by_label("Partial refund").is_checked()

    page.get_by_label("I raised this issue with the partner").check()
    page.get_by_label("Refund amount").fill("2000")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("File (PDF").set_input_files(
        {"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Upload").click()
    page.get_by_label("File (PDF").set_input_files(
        {"name": "invoice2.pdf", "mimeType": "application/pdf", "buffer": EXE}
    )
    page.get_by_role("button", name="Upload").click()
    assert "Only PDF, PNG and JPEG" in page.locator(".invalid-feedback").first.inner_text()
    assert page.get_by_role("link", name="invoice.pdf").is_visible()
    assert ClaimDocument.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_closed_window_says_why_and_what_to_do(page):
    order = f.completed_order(completed_at=timezone.now() - timedelta(days=40))
    sign_in(page, order.seller.owner.email, f.PASSWORD)
    page.goto(f"/claims/new/?order={order.reference}")
    result = page.locator("#eligibility-result")
    assert "claim window closed" in result.inner_text()
    assert page.get_by_role("heading", name="What you can do instead").is_visible()
    assert page.get_by_role("button", name="Start the claim").count() == 0
    assert main_axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_typing_is_saved_in_the_background(page):
    order = f.completed_order()
    sign_in(page, order.seller.owner.email, f.PASSWORD)
    page.goto(f"/claims/new/?order={order.reference}")
    page.get_by_role("button", name="Start the claim").click()
    # Type once the page's script is listening (a person cannot type sooner than that).
    page.wait_for_load_state("load")
    page.get_by_label("Describe the problem").fill("Typed, then the tab was closed.")
    page.locator(".js-autosave-status").filter(has_text="Draft saved").wait_for()
    page.reload()
    assert page.get_by_label("Describe the problem").input_value() == "Typed, then the tab was closed."
    assert page.console_errors == []
