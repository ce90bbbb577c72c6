"""Browser journey: a partner edits its guarantee terms and publishes version 2."""

import re

import pytest
from playwright.sync_api import expect

from guarantees.services import (
    enrollment_apply,
    enrollment_approve,
    requirements_ensure_defaults,
    terms_publish,
    terms_save_draft,
)
from tests import factories as f
from tests.browser.conftest import AXE_JS, screenshot, sign_in
from tests.guarantees.conftest import GOOD_VALUES


def main_violations(page):
    """axe-core on this area's content (<main>); the shared header and footer are checked elsewhere."""
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document.querySelector('main'), {resultTypes: ['violations']})"
    )
    return [
        (v["id"], [n["target"] for n in v["nodes"][:5]])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def enrolled_member(transactional_db):
    requirements_ensure_defaults()
    partner = f.PartnerFactory(name="Acme Listings")
    partner.categories.add(f.CategoryFactory())
    f.OfferingFactory(partner=partner)
    member = f.PartnerMemberFactory(partner=partner).user
    terms_save_draft(partner=partner, user=member, summary="Version one promise", values=GOOD_VALUES)
    terms_publish(partner=partner, user=member)
    lead = f.UserFactory(is_staff=True, is_superuser=True)
    enrollment_approve(enrollment=enrollment_apply(partner=partner, user=member), lead=lead)
    return member


@pytest.mark.django_db(transaction=True)
def test_partner_publishes_version_two_and_the_profile_shows_it(page, enrolled_member):
    partner = enrolled_member.partner
    sign_in(page, enrolled_member.email, f.PASSWORD)

    page.goto("/console/guarantee/")
    expect(page.get_by_role("heading", name="Guarantee terms", level=1)).to_be_visible()
    page.get_by_role("link", name="Edit terms").click()
    page.get_by_label("Response time").fill("12")
    page.get_by_label("Your parameter 1: name").fill("Images per listing")
    page.get_by_label("Your parameter 1: value").fill("7")
    page.get_by_role("button", name="Save and publish").click()
    # The confirmation step says what publishing does before anything is published.
    expect(page.locator(".confirm-consequences")).to_contain_text("A published version never changes.")
    page.get_by_role("button", name="Yes, publish version 2").click()
    expect(page.get_by_text("Version 2 is published and now current.")).to_be_visible()
    assert main_violations(page) == []
    screenshot(page, "guarantee-terms-overview")

    # Version 1 is in the history, unchanged.
    history = page.locator("#terms-history")
    expect(history.get_by_role("row")).to_have_count(3)  # header + 2 versions
    page.get_by_role("link", name="View version 1").click()
    expect(page.get_by_role("heading", name=re.compile("Version 1"))).to_be_visible()
    expect(page.get_by_text("24 hours")).to_be_visible()
    expect(page.get_by_text("12 hours")).to_have_count(0)
    expect(page.get_by_text("Images per listing")).to_have_count(0)

    # Side by side.
    page.goto("/console/guarantee/compare/?a=1&b=2")
    row = page.locator("#terms-diff tr", has_text="Response time")
    expect(row).to_contain_text("24 hours")
    expect(row).to_contain_text("12 hours")

    # The public profile: "Show details" (keyboard) reveals version 2.
    page.goto(f"/partners/{partner.slug}/")
    details = page.locator("details.guarantee-details")
    expect(details.get_by_text("12 hours")).to_be_hidden()
    details.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(details.get_by_text(re.compile(r"Terms version 2, published"))).to_be_visible()
    expect(details.get_by_text("12 hours")).to_be_visible()
    expect(details.get_by_text("Images per listing")).to_be_visible()
    screenshot(page, "guarantee-profile-details")
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_publish_below_the_floor_shows_the_parameter_in_the_error(page, enrolled_member):
    sign_in(page, enrolled_member.email, f.PASSWORD)
    page.goto("/console/guarantee/edit/")
    page.get_by_label("Response time").fill("100")
    page.get_by_role("button", name="Save and publish").click()
    expect(page.locator("#form-errors")).to_contain_text(
        "Response time: the programme requires at most 72 hours"
    )
    expect(page.get_by_label("Response time")).to_have_class(re.compile("is-invalid"))
    assert main_violations(page) == []
    screenshot(page, "guarantee-terms-edit-errors")


@pytest.mark.django_db(transaction=True)
def test_enrolment_page_lists_what_is_missing_then_applies(page, transactional_db):
    requirements_ensure_defaults()
    partner = f.PartnerFactory()
    partner.categories.add(f.CategoryFactory())
    member = f.PartnerMemberFactory(partner=partner).user
    sign_in(page, member.email, f.PASSWORD)
    page.goto("/console/enrollment/")
    checklist = page.locator(".enrollment-checklist")
    expect(checklist.locator('[data-code="active_offering"]')).to_contain_text("missing")
    expect(checklist.locator('[data-code="terms_published"]')).to_contain_text(
        "Publish your guarantee terms."
    )
    assert main_violations(page) == []
    # While the checklist has a ✘ the button is disabled and the missing items are linked
    # (the server's refusal of a forged POST is tested in tests/guarantees/test_enrolment_page.py).
    expect(page.get_by_role("button", name="Apply to the programme")).to_be_disabled()
    expect(page.locator('#apply-missing a[data-code="active_offering"]')).to_have_attribute(
        "href", "/console/offerings/"
    )

    f.OfferingFactory(partner=partner)
    terms_save_draft(partner=partner, user=member, summary="", values=GOOD_VALUES)
    terms_publish(partner=partner, user=member)
    page.goto("/console/enrollment/")
    page.get_by_role("button", name="Apply to the programme").click()
    expect(page.get_by_text("Your application is in.")).to_be_visible()
    expect(page.locator(".enrollment-status")).to_have_text("Applied")
    screenshot(page, "guarantee-enrolment-applied")
