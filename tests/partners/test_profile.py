"""The profile page: badge, guarantee details, offerings, promotions, reviews, query budget."""

from datetime import timedelta

import pytest
from django.utils import timezone

from partners.models import Promotion
from tests import factories as f

from .conftest import make_partner, make_review


def url(partner):
    return f"/partners/{partner.slug}/"


@pytest.mark.django_db
def test_guaranteed_partner_shows_badge_and_parameters_under_show_details(client):
    partner = f.guaranteed_partner(name="Trusty Co")
    html = client.get(url(partner)).content.decode()
    assert "badge-guarantee" in html
    assert '<details class="guarantee-details">' in html
    assert "Show details" in html
    assert "Response time" in html and "24" in html
    assert "Delivery timeline" in html


@pytest.mark.django_db
def test_badge_is_not_shown_when_inactive_even_with_published_terms(client):
    partner = f.guaranteed_partner(name="Suspended Co")
    partner.badge_active = False
    partner.save(update_fields=["badge_active"])
    html = client.get(url(partner)).content.decode()
    assert "badge-guarantee" not in html
    assert "Response time" not in html


@pytest.mark.django_db
def test_only_running_promotions_are_shown(client):
    partner = make_partner(name="Promo Co", categories=[f.CategoryFactory()], prices=["1000"])
    today = timezone.localdate()
    Promotion.objects.create(
        partner=partner, title="Diwali rate", starts_on=today - timedelta(days=3), ends_on=today
    )
    Promotion.objects.create(
        partner=partner,
        title="Expired rate",
        starts_on=today - timedelta(days=30),
        ends_on=today - timedelta(1),
    )
    Promotion.objects.create(
        partner=partner,
        title="Future rate",
        starts_on=today + timedelta(days=1),
        ends_on=today + timedelta(9),
    )
    html = client.get(url(partner)).content.decode()
    assert "Diwali rate" in html
    assert "Expired rate" not in html
    assert "Future rate" not in html


@pytest.mark.django_db
def test_offerings_ratings_and_visible_reviews_with_reply(client):
    partner = make_partner(
        name="Review Co",
        categories=[f.CategoryFactory(name="Imaging")],
        prices=["123456"],
        offering_titles=["Product photo shoot"],
    )
    review = make_review(partner, 5, text="Excellent photos")
    review.reply = "Thank you!"
    review.save()
    make_review(partner, 1, hidden=True, text="Hidden rant")
    make_review(partner, 3, text="Average work")
    html = client.get(url(partner)).content.decode()
    assert "Product photo shoot" in html
    assert "₹1,23,456.00" in html
    assert "Excellent photos" in html and "Thank you!" in html
    assert "Average work" in html
    assert "Hidden rant" not in html
    partner.refresh_from_db()
    assert partner.review_count == 2
    assert str(partner.rating_avg) == "4.00"
    assert 'href="/partners/review-co/request/"' in html or "/request/" in html


@pytest.mark.django_db
def test_unknown_or_unlisted_profile_is_404(client):
    partner = f.PartnerFactory(is_listed=False)
    assert client.get(url(partner)).status_code == 404
    assert client.get("/partners/no-such-partner/").status_code == 404


@pytest.mark.django_db
def test_profile_query_budget_holds_whatever_the_data_size(client, django_assert_max_num_queries):
    cat = f.CategoryFactory()
    partner = f.guaranteed_partner(name="Big Co")
    partner.categories.set([cat, f.CategoryFactory()])
    partner.cities.set([f.CityFactory(), f.CityFactory()])
    partner.languages.set([f.LanguageFactory()])
    for _ in range(12):
        f.OfferingFactory(partner=partner, category=cat)
    today = timezone.localdate()
    for i in range(5):
        Promotion.objects.create(partner=partner, title=f"P{i}", starts_on=today, ends_on=today)
    for rating in [5, 4, 3, 5, 5, 2, 1, 4, 5, 5, 4, 3]:
        make_review(partner, rating)
    with django_assert_max_num_queries(3):
        response = client.get(url(partner))
    assert response.status_code == 200
    assert response.context["labels"]["ratings"][0] == {"stars": 5, "count": 5, "percent": 42}


@pytest.mark.django_db
def test_cached_profile_never_shows_a_badge_that_was_suspended(
    client, settings, django_assert_max_num_queries
):
    from django.core.cache import cache

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b3"}
    }
    settings.DIRECTORY_CACHE_SECONDS = 60
    partner = f.guaranteed_partner(name="Cached Co")
    assert "badge-guarantee" in client.get(url(partner)).content.decode()
    with django_assert_max_num_queries(1):
        assert "badge-guarantee" in client.get(url(partner)).content.decode()
    partner.badge_active = False
    partner.save(update_fields=["badge_active"])
    html = client.get(url(partner)).content.decode()
    assert "badge-guarantee" not in html
    assert "Response time" not in html
    cache.clear()
