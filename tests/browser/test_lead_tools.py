"""The lead decides an enrolment application in the review workspace, and support reads the
remedies queue: axe-clean, usable with the keyboard alone (Chromium)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from guarantees.models import Enrollment
from remedies.services import remedies_sweep
from tests import factories as f
from tests.browser.conftest import screenshot, sign_in
from tests.browser.test_review_flow import main_violations
from tests.claims.review_support import lead_user
from tests.remedies.conftest import decide


@pytest.mark.django_db(transaction=True)
def test_lead_approves_an_application_with_the_keyboard_and_reads_the_remedy_queue(page):
    lead = lead_user(full_name="Lata Lead")
    applicant = f.PartnerFactory(name="Saffron Studio")
    f.published_terms(applicant)
    Enrollment.objects.create(partner=applicant, status="applied")
    claim = decide(f.ClaimFactory(), lead)
    with time_machine.travel(timezone.now() + timedelta(days=20)):
        remedies_sweep()

    sign_in(page, lead.email, f.PASSWORD)
    page.goto("/review/")
    page.get_by_role("link", name="Enrolment applications").click()
    page.get_by_role("link", name="Saffron Studio").click()
    expect(page.locator(".enrollment-checklist")).to_be_visible()
    expect(page.locator(".enrollment-terms")).to_be_visible()
    assert main_violations(page) == []
    screenshot(page, "lead-enrolment-decision")
    page.get_by_label("Reject").focus()
    page.keyboard.press("Space")
    page.get_by_label("Reason the partner will read").focus()
    page.keyboard.type("Your response time of 10 business days is above the programme's floor.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Decision recorded")
    assert Enrollment.objects.get(partner=applicant).status == "rejected"

    page.goto("/review/remedies/")
    page.get_by_role("link", name="Overdue (1)").click()
    expect(page.locator(".remedy-queue")).to_contain_text(claim.reference)
    assert main_violations(page) == []
    screenshot(page, "remedy-queue-overdue")
    assert page.console_errors == []
