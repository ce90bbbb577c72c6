"""The language switch in a real browser: choosing हिंदी turns the portal Hindi, and back."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in_hindi(page, email, password):
    page.goto("/accounts/login/")
    page.get_by_label("ई-मेल").fill(email)
    page.get_by_label("पासवर्ड").fill(password)
    page.get_by_role("button", name="साइन इन करें").click()
    page.wait_for_load_state("networkidle")


def test_switching_to_hindi_and_back_in_the_browser(page):
    partner = f.guaranteed_partner(name="Acme Catalogue Services")
    f.OfferingFactory(partner=partner)
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # With JavaScript the select submits itself; the page comes back in Hindi at the same address.
    page.get_by_label("Language").select_option("hi")
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    expect(page.get_by_role("navigation", name="मुख्य").get_by_role("link", name="पार्टनर खोजें")).to_be_visible()
    expect(page.get_by_label("भाषा")).to_have_value("hi")
    assert axe_violations(page) == []
    screenshot(page, "hindi_home")

    page.goto(f"/partners/{partner.slug}/")
    expect(page.get_by_role("heading", name="सेवाएँ और कीमतें")).to_be_visible()
    expect(page.get_by_text("₹5,000.00").first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "hindi_profile")

    # English is offered under its own name, so a reader who cannot read Hindi finds it.
    page.get_by_label("भाषा").select_option(label="English")
    page.wait_for_url(re.compile(rf"/partners/{partner.slug}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Services and prices")).to_be_visible()
    assert page.console_errors == []


def test_seller_signs_in_and_reads_claims_in_hindi(page, live_server):
    seller = f.SellerAccountFactory().owner
    claim = f.ClaimFactory(order=f.completed_order(seller=seller.seller_account))
    page.context.add_cookies([{"name": "django_language", "value": "hi", "url": live_server.url}])
    _sign_in_hindi(page, seller.email, f.PASSWORD)
    expect(page.get_by_text(re.compile("के रूप में साइन इन कर लिया है"))).to_be_visible()

    page.goto("/claims/")
    expect(page.get_by_role("heading", name="खुले क्लेम")).to_be_visible()
    page.get_by_role("link", name=claim.reference).first.click()
    expect(page.get_by_role("heading", name=f"क्लेम {claim.reference}")).to_be_visible()
    expect(page.get_by_text("₹4,000.00", exact=False).first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "hindi_claim_detail")
