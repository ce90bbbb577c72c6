"""The directory API: shapes, filters, 400s naming the field, console scoping, schema."""

from decimal import Decimal

import pytest
from django.utils import timezone

from partners.models import Promotion, ServiceOffering
from tests import factories as f

from .conftest import make_review

PARTNER_KEYS = {
    "slug",
    "name",
    "tagline",
    "badge",
    "rating",
    "review_count",
    "categories",
    "cities",
    "languages",
    "url",
}


def test_partner_list_shape_and_filters(api_for, catalogue):
    response = api_for().get("/api/v1/partners/", {"guaranteed": "1", "city": "delhi"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert set(row) >= PARTNER_KEYS
    assert row["slug"] == catalogue["charlie"].slug
    assert row["badge"] is True
    assert row["rating"] == 4.0
    assert row["categories"] == ["advertising"]
    assert row["cities"] == ["delhi"]
    assert row["url"].endswith(f"/partners/{catalogue['charlie'].slug}/")


def test_rating_is_null_without_reviews(api_for, catalogue):
    row = api_for().get(f"/api/v1/partners/{catalogue['delta'].slug}/").json()
    assert row["rating"] is None
    assert row["review_count"] == 0


def test_search_ranks_like_the_page(api_for, catalogue):
    body = api_for().get("/api/v1/partners/", {"q": "alpha"}).json()
    assert [r["name"] for r in body["results"]] == ["Alpha Listings"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"min_rating": "abc"}, "min_rating"),
        ({"min_rating": "9"}, "min_rating"),
        ({"page": "-1"}, "page"),
        ({"page": "x"}, "page"),
        ({"category": "nope"}, "category"),
        ({"city": "atlantis"}, "city"),
        ({"sort": "DROP TABLE"}, "sort"),
        ({"price_min": "10", "price_max": "5"}, "price_max"),
        ({"page_size": "1000"}, "page_size"),
    ],
)
def test_bad_filter_is_a_400_naming_the_field(api_for, catalogue, query, field):
    response = api_for().get("/api/v1/partners/", query)
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"]
    assert "detail" in body


@pytest.mark.parametrize("value", ["-84709", "yes", "2", "on", "truee"])
@pytest.mark.parametrize("field", ["guaranteed", "accepting"])
def test_yes_no_filter_outside_the_documented_values_is_a_400_naming_it(api_for, catalogue, field, value):
    response = api_for().get("/api/v1/partners/", {field: value})
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [field] and field in body["detail"]
    assert "results" not in body


@pytest.mark.parametrize("value", ["1", "0", "true", "false", "TRUE", ""])
def test_yes_no_filter_takes_its_documented_values(api_for, catalogue, value):
    response = api_for().get("/api/v1/partners/", {"guaranteed": value})
    assert response.status_code == 200
    everyone = api_for().get("/api/v1/partners/").json()["count"]
    badge_only = value.lower() in ("1", "true")
    assert (response.json()["count"] < everyone) is badge_only


@pytest.mark.parametrize("q", ["x" * 10_000, "<script>", "'; DROP TABLE x; --", "a:* & | !"])
def test_odd_search_text_is_not_an_error(api_for, catalogue, q):
    assert api_for().get("/api/v1/partners/", {"q": q}).status_code == 200


def test_page_past_the_end_is_empty_not_an_error(api_for, catalogue):
    body = api_for().get("/api/v1/partners/", {"page": "999999"}).json()
    assert body["results"] == [] and body["count"] == 5


def test_detail_has_offerings_and_running_promotions(api_for, catalogue):
    partner = catalogue["alpha"]
    today = timezone.localdate()
    Promotion.objects.create(partner=partner, title="Now", starts_on=today, ends_on=today)
    Promotion.objects.create(
        partner=partner,
        title="Gone",
        starts_on=today.replace(year=today.year - 1),
        ends_on=today.replace(year=today.year - 1),
    )
    body = api_for().get(f"/api/v1/partners/{partner.slug}/").json()
    assert set(body) >= PARTNER_KEYS
    offering = body["offerings"][0]
    assert set(offering) >= {"id", "title", "category", "price_from", "turnaround_days"}
    assert offering["price_from"] == "3000.00"
    assert [p["title"] for p in body["promotions"]] == ["Now"]


def test_reviews_endpoint_hides_hidden_reviews(api_for, catalogue):
    partner = catalogue["bravo"]
    make_review(partner, 1, hidden=True, text="hidden")
    body = api_for().get(f"/api/v1/partners/{partner.slug}/reviews/").json()
    assert body["count"] == 1
    assert {"rating", "text", "reply"} <= set(body["results"][0])
    assert api_for().get("/api/v1/partners/nope/reviews/").status_code == 404


def test_categories_list(api_for, catalogue):
    body = api_for().get("/api/v1/categories/").json()
    assert {"slug": "cataloguing", "name": "Cataloguing", "description": "", "partner_count": 3} in body


def test_console_profile_is_the_members_own(api_for, partner_member, partner_member_y, seller):
    api = api_for(partner_member)
    assert api.get("/api/v1/console/profile/").json()["slug"] == partner_member.partner.slug
    response = api.patch("/api/v1/console/profile/", {"tagline": "Via API", "badge": False}, format="json")
    assert response.status_code == 200
    partner = partner_member.partner
    partner.refresh_from_db()
    assert partner.tagline == "Via API"
    assert partner.badge_active is True  # read-only
    assert api_for(seller).get("/api/v1/console/profile/").status_code == 404
    assert api_for().get("/api/v1/console/profile/").status_code in (401, 403)
    other = partner_member_y.partner
    other.refresh_from_db()
    assert other.tagline != "Via API"


def test_console_offerings_and_promotions_api(api_for, partner_member, partner_member_y):
    cat = f.CategoryFactory(slug="ads")
    api = api_for(partner_member)
    response = api.post(
        "/api/v1/console/offerings/",
        {"title": "Sponsored ads", "category": "ads", "price_from": "999.50", "turnaround_days": 2},
        format="json",
    )
    assert response.status_code == 201, response.json()
    partner = partner_member.partner
    partner.refresh_from_db()
    assert partner.price_from == Decimal("999.50")
    bad = api.post(
        "/api/v1/console/offerings/", {"title": "x", "category": "nope", "price_from": "-1"}, format="json"
    )
    assert bad.status_code == 400
    assert {"category", "price_from", "turnaround_days"} <= set(bad.json()["errors"])
    y_offering = f.OfferingFactory(partner=partner_member_y.partner, category=cat)
    assert (
        api.patch(f"/api/v1/console/offerings/{y_offering.pk}/", {"title": "x"}, format="json").status_code
        == 404
    )
    today = timezone.localdate().isoformat()
    response = api.post(
        "/api/v1/console/promotions/",
        {"title": "Promo", "starts_on": today, "ends_on": today, "offering": y_offering.pk},
        format="json",
    )
    assert response.status_code == 400 and "offering" in response.json()["errors"]
    assert api.get("/api/v1/console/offerings/").json()[0]["title"] == "Sponsored ads"
    assert ServiceOffering.objects.filter(partner=partner_member_y.partner).count() == 1


def test_schema_is_generated(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/partners/" in text and "/api/v1/console/profile/" in text
