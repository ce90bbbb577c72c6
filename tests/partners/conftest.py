"""Directory fixtures: a small catalogue of partners with known stats."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from partners.models import Review, ServiceOrder
from partners.services.directory import partner_stats_refresh
from tests import factories as f


@pytest.fixture(autouse=True)
def _fresh_directory_caches():
    """The process-local fragment cache and generation memo must not leak between tests."""
    from partners.selectors import directory_cache_forget_generation
    from partners.views.directory import fragments_forget

    fragments_forget()
    directory_cache_forget_generation()
    yield
    fragments_forget()
    directory_cache_forget_generation()


def make_review(partner, rating, *, hidden=False, text="Good work"):
    order = f.OrderFactory(
        partner=partner,
        offering=None,
        status=ServiceOrder.Status.COMPLETED,
        agreed_price=Decimal("1000.00"),
        accepted_at=timezone.now() - timedelta(days=9),
        completed_at=timezone.now() - timedelta(days=2),
    )
    review = Review.objects.create(
        order=order, partner=partner, author=order.seller.owner, rating=rating, text=text, is_hidden=hidden
    )
    partner_stats_refresh(partner=partner)
    return review


def make_partner(
    *,
    name,
    tagline="",
    description="",
    categories=(),
    cities=(),
    languages=(),
    guaranteed=False,
    ratings=(),
    prices=(),
    accepting=True,
    offering_titles=None,
):
    kwargs = {"name": name, "tagline": tagline, "description": description, "accepting_clients": accepting}
    partner = f.guaranteed_partner(**kwargs) if guaranteed else f.PartnerFactory(**kwargs)
    partner.categories.set(categories)
    partner.cities.set(cities)
    partner.languages.set(languages)
    for i, price in enumerate(prices):
        title = offering_titles[i] if offering_titles else f"Package {i} of {name}"
        f.OfferingFactory(partner=partner, category=categories[0], title=title, price_from=Decimal(price))
    for rating in ratings:
        make_review(partner, rating)
    partner_stats_refresh(partner=partner)
    partner.refresh_from_db()
    return partner


@pytest.fixture
def catalogue(db):
    """Five partners across two categories, three cities and two languages.

    | partner | category        | cities           | lang   | guaranteed | rating | price |
    | alpha   | cataloguing     | mumbai, pune     | en, hi | yes        | 5.0    | 3000  |
    | bravo   | cataloguing     | mumbai           | en     | no         | 3.0    | 8000  |
    | charlie | advertising     | delhi            | hi     | yes        | 4.0    | 12000 |
    | delta   | advertising     | mumbai, delhi    | en     | no         | —      | 20000 |
    | echo    | cataloguing, ad | pune             | en     | no (not accepting) | 4.5 | 5000 |
    """
    cat = f.CategoryFactory(slug="cataloguing", name="Cataloguing")
    ads = f.CategoryFactory(slug="advertising", name="Advertising")
    mumbai = f.CityFactory(slug="mumbai", name="Mumbai")
    pune = f.CityFactory(slug="pune", name="Pune")
    delhi = f.CityFactory(slug="delhi", name="Delhi")
    en = f.LanguageFactory(code="en", name="English")
    hi = f.LanguageFactory(code="hi", name="Hindi")
    partners = {
        "alpha": make_partner(
            name="Alpha Listings",
            categories=[cat],
            cities=[mumbai, pune],
            languages=[en, hi],
            guaranteed=True,
            ratings=[5],
            prices=["3000"],
        ),
        "bravo": make_partner(
            name="Bravo Commerce",
            categories=[cat],
            cities=[mumbai],
            languages=[en],
            ratings=[3],
            prices=["8000"],
        ),
        "charlie": make_partner(
            name="Charlie Ads",
            categories=[ads],
            cities=[delhi],
            languages=[hi],
            guaranteed=True,
            ratings=[4],
            prices=["12000"],
        ),
        "delta": make_partner(
            name="Delta Growth", categories=[ads], cities=[mumbai, delhi], languages=[en], prices=["20000"]
        ),
        "echo": make_partner(
            name="Echo Sellers",
            categories=[cat, ads],
            cities=[pune],
            languages=[en],
            ratings=[4, 5],
            prices=["5000"],
            accepting=False,
        ),
    }
    return partners
