"""The profile body renders the same HTML, byte for byte, as before its cold path was reworked.

The expected bodies in tests/partners/golden/ were rendered by the ORM-and-models version of
the page (commit "profile: golden bodies"), for pinned data and a pinned clock. After a
deliberate change to the page, rewrite them with PROFILE_GOLDEN_WRITE=1 and review the diff.
"""

import os
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from guarantees.models import ComplianceSnapshot, Enrollment, GuaranteeTerms
from partners.models import Promotion, Review, ServiceOrder
from partners.services.directory import partner_stats_refresh
from partners.views.directory import fragments_forget
from tests import factories as f

GOLDEN = Path(__file__).parent / "golden"
NOW = datetime.fromisoformat("2026-11-20T06:30:00+00:00")


def _review(partner, rating, *, days_ago, author, title="", text="Good work", reply="", hidden=False):
    at = NOW - timedelta(days=days_ago)
    seller = f.SellerAccountFactory(owner=f.UserFactory(full_name=author, email=f"{author.split()[0]}@x.in"))
    order = f.OrderFactory(
        partner=partner,
        seller=seller,
        offering=None,
        status=ServiceOrder.Status.COMPLETED,
        agreed_price=Decimal("1000.00"),
        accepted_at=at - timedelta(days=9),
        completed_at=at - timedelta(days=2),
    )
    return Review.objects.create(
        order=order,
        partner=partner,
        author=seller.owner,
        rating=rating,
        title=title,
        text=text,
        reply=reply,
        created_at=at,
        is_hidden=hidden,
    )


def _labels(partner):
    partner.categories.set(
        [
            f.CategoryFactory(slug="imaging", name="Imaging & photos", name_hi="इमेजिंग"),
            f.CategoryFactory(slug="ads", name="Advertising", name_hi=""),
        ]
    )
    partner.cities.set([f.CityFactory(slug="pune", name="Pune", name_hi="पुणे"), f.CityFactory(slug="goa")])
    partner.languages.set([f.LanguageFactory(code="hi", name="Hindi", name_hi="हिन्दी")])


def _full_partner():
    """Badge on, terms with parameters, figures, offerings, promotions, 12 reviews (one hidden)."""
    partner = f.guaranteed_partner(
        slug="full-co",
        name="Full <Co> & Sons",
        tagline="Listings, ads & more",
        description="Line one.\nLine <two>.",
        email="hello@full.example",
        website="https://full.example/",
        phone="+91 98765 43210",
        founded_year=2014,
    )
    _labels(partner)
    imaging, ads = partner.categories.order_by("slug")[1], partner.categories.order_by("slug")[0]
    shoot = f.OfferingFactory(
        partner=partner,
        category=imaging,
        title="Product shoot",
        description="Studio & white background",
        price_from=Decimal("123456.50"),
        price_unit="per 50 photos",
        turnaround_days=1,
    )
    f.OfferingFactory(
        partner=partner,
        category=ads,
        title="Ads setup",
        description="",
        price_from=Decimal("999"),
        turnaround_days=7,
    )
    f.OfferingFactory(partner=partner, category=ads, title="Old", price_from=Decimal("5"), is_active=False)
    today = timezone.localdate()
    Promotion.objects.create(
        partner=partner,
        offering=shoot,
        title="Diwali <rate>",
        description="For new sellers",
        discount_percent=15,
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=4),
    )
    Promotion.objects.create(partner=partner, title="Plain rate", starts_on=today, ends_on=today)
    Promotion.objects.create(
        partner=partner, title="Expired", starts_on=date(2026, 1, 1), ends_on=date(2026, 1, 2)
    )
    _review(
        partner,
        5,
        days_ago=1,
        author="Asha Rao",
        title="Superb",
        text="Great\nphotos <3",
        reply="Thanks!\nCome back",
    )
    _review(partner, 1, days_ago=2, author="Hidden Person", text="Rant", hidden=True)
    for i in range(11):
        _review(partner, 1 + i % 5, days_ago=3 + i, author=f"Seller{i} Kumar", text=f"Review number {i}")
    ComplianceSnapshot.objects.create(
        partner=partner,
        computed_at=NOW - timedelta(days=1),
        completed_covered_orders=40,
        claims_filed=3,
        claims_upheld=1,
        upheld_rate=Decimal("0.0250"),
        on_time_rate=Decimal("0.9500"),
        median_first_response_hours=Decimal("5.5"),
        remedies_due=2,
        remedies_on_time_rate=Decimal("1.0000"),
    )
    partner_stats_refresh(partner=partner)
    return partner


def _suspended_partner():
    """Badge off after suspension, published terms kept (not shown), too few orders for figures."""
    partner = f.guaranteed_partner(slug="paused-co", name="Paused Co", tagline="", description="")
    Enrollment.objects.filter(partner=partner).update(status=Enrollment.Status.SUSPENDED)
    partner.badge_active = False
    partner.accepting_clients = False
    partner.save(update_fields=["badge_active", "accepting_clients"])
    ComplianceSnapshot.objects.create(partner=partner, computed_at=NOW, completed_covered_orders=3)
    _review(partner, 4, days_ago=5, author="Only One", text="Fine")
    partner_stats_refresh(partner=partner)
    return partner


def _bare_partner():
    """Never enrolled: no terms, no snapshot, no offerings, promotions or reviews."""
    return f.PartnerFactory(slug="bare-co", name="Bare Co", tagline="", description="", email="")


def _approved_without_figures():
    """Badge on, terms without a summary or parameters, no snapshot yet."""
    partner = f.PartnerFactory(slug="new-co", name="New Co")
    GuaranteeTerms.objects.create(
        partner=partner, status="published", version=3, is_current=True, published_at=NOW, summary=""
    )
    Enrollment.objects.create(partner=partner, status="approved", decided_at=NOW)
    partner.badge_active = True
    partner.save(update_fields=["badge_active"])
    return partner


SCENARIOS = {
    "full": _full_partner,
    "suspended": _suspended_partner,
    "bare": _bare_partner,
    "new": _approved_without_figures,
}


def _body(client, partner, language):
    if language == "hi":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    response = client.get(f"/partners/{partner.slug}/")
    assert response.status_code == 200
    return str(response.context["body"])


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "hi"])
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_profile_body_is_unchanged(client, scenario, language):
    with time_machine.travel(NOW, tick=False):
        partner = SCENARIOS[scenario]()
        body = _body(client, partner, language)
    golden = GOLDEN / f"profile_{scenario}_{language}.html"
    if os.environ.get("PROFILE_GOLDEN_WRITE"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(body)
    assert body == golden.read_text()


@pytest.mark.django_db
def test_cached_body_is_the_same_as_a_cold_one(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "golden"}
    }
    settings.DIRECTORY_CACHE_SECONDS = 60
    cache.clear()
    fragments_forget()
    with time_machine.travel(NOW, tick=False):
        partner = _full_partner()
        cold = client.get(f"/partners/{partner.slug}/").content.decode()
        warm = client.get(f"/partners/{partner.slug}/").content.decode()
    assert _no_csrf(cold) == _no_csrf(warm)
    assert cold.count("Review number") == 9  # ten shown: Asha's and nine of the rest
    cache.clear()


def _no_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
