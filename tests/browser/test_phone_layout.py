"""At 390 px (a phone): the profile's services table stacks as cards with every price in
view, the directory's cards show logos and fit, and the account menu opens from the keyboard."""

import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from partners.services.directory import partner_stats_refresh
from tests import factories as f
from tests.browser.conftest import screenshot, sign_in

PHONE = {"width": 390, "height": 844}


def _png(colour) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(out, format="PNG")
    return out.getvalue()


def _partner():
    cat = f.CategoryFactory(slug="cataloguing", name="Cataloguing", name_hi="कैटलॉगिंग")
    ads = f.CategoryFactory(slug="advertising", name="Advertising", name_hi="विज्ञापन")
    city = f.CityFactory(slug="bengaluru", name="Bengaluru", name_hi="बेंगलुरु")
    partner = f.guaranteed_partner(
        name="Kaveri Commerce Solutions",
        tagline="Catalogue and ads for marketplace sellers",
        description="Listings, variations and Sponsored Products campaigns for sellers across India.",
    )
    partner.categories.set([cat, ads])
    partner.cities.set([city])
    partner.logo.save("kaveri.png", ContentFile(_png("#12355b")), save=True)
    for title, price, unit, category in (
        ("Bulk catalogue upload and variations", "9999", "per 500 SKUs", cat),
        ("Sponsored Products campaign set-up", "7999", "one-off", ads),
        ("Managed advertising", "11999", "per month + 5% of spend", ads),
    ):
        f.OfferingFactory(
            partner=partner,
            category=category,
            title=title,
            price_from=Decimal(price),
            price_unit=unit,
            description=f"{title} by {partner.name}. Titles, bullets, keywords and bids.",
        )
    other = f.PartnerFactory(name="Shutterkart Studios", tagline="Product photos")
    other.categories.set([cat])
    other.cities.set([city])
    other.logo.save("shutterkart.png", ContentFile(_png("#0a7d4f")), save=True)
    f.OfferingFactory(partner=other, category=cat, title="Catalogue photo shoot", price_from=Decimal("2999"))
    for p in (partner, other):
        partner_stats_refresh(partner=p)
    return partner


def _fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.django_db(transaction=True)
def test_profile_services_stack_as_cards_on_a_phone(page):
    partner = _partner()
    page.set_viewport_size(PHONE)
    page.goto(f"/partners/{partner.slug}/")
    table = page.locator("table.table-stack")
    assert table.locator("thead").evaluate("e => e.getBoundingClientRect().width") <= 1
    for price in ("₹9,999.00", "₹7,999.00", "₹11,999.00"):
        cell = table.get_by_text(price)
        assert cell.is_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], price
    rows = table.locator("tbody tr")
    assert rows.first.evaluate("e => getComputedStyle(e).display") == "block"
    assert _fits(page)
    assert page.locator("img.profile-logo").is_visible()
    screenshot(page, "phone-390-profile")
    # Wider than 576 px it is a table again.
    page.set_viewport_size({"width": 800, "height": 900})
    assert rows.first.evaluate("e => getComputedStyle(e).display") == "table-row"


@pytest.mark.django_db(transaction=True)
def test_directory_on_a_phone_shows_logos_and_finds_a_misspelt_alias_search(page):
    _partner()
    page.set_viewport_size(PHONE)
    page.goto("/partners/?q=catalouge+bangalore")
    cards = page.locator("#directory-results .partner-card")
    assert cards.count() == 2
    assert page.locator(".search-corrected").is_visible()
    assert cards.first.locator("img.card-logo").is_visible()
    assert _fits(page)
    screenshot(page, "phone-390-directory")


@pytest.mark.django_db(transaction=True)
def test_account_menu_opens_from_the_keyboard_on_a_phone(page):
    seller = f.SellerAccountFactory().owner
    sign_in(page, seller.email, f.PASSWORD)
    page.goto("/partners/")
    page.set_viewport_size({"width": 1280, "height": 800})
    summary = page.locator(".account-menu > summary")
    summary.focus()
    page.keyboard.press("Enter")
    menu = page.locator(".account-menu-list")
    assert menu.is_visible()
    assert menu.get_by_role("link", name="My orders").is_visible()
    assert menu.get_by_role("button", name="Sign out").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('.account-menu-list') !== null")
    screenshot(page, "account-menu-open")
