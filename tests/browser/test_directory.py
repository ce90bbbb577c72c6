"""A visitor finds a guaranteed partner in one city and reads its guarantee parameters."""

import pytest

from partners.services.directory import partner_stats_refresh
from tests import factories as f
from tests.browser.conftest import axe_violations, screenshot


def _catalogue():
    cat = f.CategoryFactory(slug="cataloguing", name="Cataloguing")
    mumbai = f.CityFactory(slug="mumbai", name="Mumbai")
    delhi = f.CityFactory(slug="delhi", name="Delhi")
    english = f.LanguageFactory(code="en", name="English")
    rows = [
        ("Alpha Listings", True, mumbai),
        ("Bravo Listings", False, mumbai),
        ("Charlie Listings", True, delhi),
        ("Delta Imaging", True, mumbai),
    ]
    partners = {}
    for name, guaranteed, city in rows:
        # A description without "list": PostgreSQL stems "listings" to "list".
        kwargs = {
            "name": name,
            "tagline": f"{name} for marketplace sellers",
            "description": "Seller services.",
        }
        partner = f.guaranteed_partner(**kwargs) if guaranteed else f.PartnerFactory(**kwargs)
        partner.categories.set([cat])
        partner.cities.set([city])
        partner.languages.set([english])
        f.OfferingFactory(partner=partner, category=cat, title=f"{name.split()[1]} package")
        partner_stats_refresh(partner=partner)
        partners[name] = partner
    return partners


@pytest.mark.django_db(transaction=True)
def test_visitor_filters_to_guaranteed_partners_in_a_city_and_reads_the_terms(page):
    _catalogue()
    page.goto("/")
    page.get_by_label("Search partners").fill("listings")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/partners/?*q=listings*")
    results = page.locator("#directory-results")
    assert results.locator(".partner-card").count() == 3

    page.get_by_label("Guaranteed partners only").check()
    page.wait_for_function("() => document.querySelectorAll('#directory-results .partner-card').length === 2")
    page.get_by_label("City").select_option("mumbai")
    page.wait_for_function("() => document.querySelectorAll('#directory-results .partner-card').length === 1")
    assert "guaranteed=1" in page.url and "city=mumbai" in page.url
    assert results.get_by_role("link", name="Alpha Listings").is_visible()
    assert results.get_by_role("link", name="Bravo Listings").count() == 0
    screenshot(page, "directory-filtered")

    results.get_by_role("link", name="Alpha Listings").click()
    page.wait_for_url("**/partners/partner-*/")
    details = page.locator("details.guarantee-details")
    assert not details.get_by_text("Response time").is_visible()
    details.locator("summary").click()
    assert details.get_by_text("Response time").is_visible()
    assert "24" in details.inner_text() and "hours" in details.inner_text()
    assert page.get_by_role("link", name="Request service").is_visible()
    screenshot(page, "profile-guarantee-details")
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_directory_works_without_javascript(browser, live_server):
    _catalogue()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/partners/?q=listings")
    page.get_by_label("Guaranteed partners only").check()
    page.get_by_label("City").select_option("delhi")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**city=delhi**")
    assert page.locator(".partner-card").count() == 1
    assert page.get_by_role("link", name="Charlie Listings").is_visible()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_no_serious_accessibility_violations(page):
    partners = _catalogue()
    for path in [
        "/",
        "/partners/",
        "/partners/?q=listings&guaranteed=1",
        partners["Alpha Listings"].get_absolute_url(),
    ]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        assert violations == [], (path, violations)
