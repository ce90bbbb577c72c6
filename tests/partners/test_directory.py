"""The directory page: search relevance, filters, facet counts, bad input, query budget."""

import re

import pytest
from django.urls import reverse

from partners.forms import DirectoryFilterForm
from partners.selectors import partner_directory
from tests import factories as f

from .conftest import make_partner

URL = "/partners/"


def names(response):
    return [p.name for p in response.context["partners"]]


def counts(options):
    return {
        o["value"]: o["count"] for o in options if o["count"] or o["value"] in ("advertising", "cataloguing")
    }


def directory(**query):
    form = DirectoryFilterForm(query)
    form.is_valid()
    return partner_directory(params=form.params(), page=form.page_number())


@pytest.mark.django_db
def test_a_name_match_ranks_above_a_description_match():
    cat = f.CategoryFactory(slug="imaging", name="Imaging")
    make_partner(name="Pixel Studio", description="We shoot photography of products.", categories=[cat])
    make_partner(name="Photography Works", description="Studio shoots.", categories=[cat])
    make_partner(name="Unrelated Tax", description="GST filing.", categories=[cat])
    result = directory(q="photography")
    assert [p.name for p in result.partners] == ["Photography Works", "Pixel Studio"]
    assert result.count == 2


@pytest.mark.django_db
def test_search_covers_offering_titles_and_category_names():
    cat = f.CategoryFactory(slug="tax", name="Taxation")
    make_partner(name="Ledger House", categories=[cat], prices=["100"], offering_titles=["GST return filing"])
    assert [p.name for p in directory(q="gst").partners] == ["Ledger House"]
    assert [p.name for p in directory(q="taxation").partners] == ["Ledger House"]
    assert directory(q="nothing-like-this").count == 0


def test_no_filter_lists_every_listed_partner_with_facets(client, catalogue):
    f.PartnerFactory(name="Hidden Partner", is_listed=False)
    response = client.get(URL)
    assert response.status_code == 200
    assert set(names(response)) == {p.name for p in catalogue.values()}
    facets = response.context["facets"]
    assert counts(facets["category"]) == {"cataloguing": 3, "advertising": 3}
    assert counts(facets["city"]) == {"mumbai": 3, "pune": 2, "delhi": 2}
    assert counts(facets["language"]) == {"en": 4, "hi": 2}
    assert facets["guaranteed"] == 2
    assert facets["accepting"] == 4
    assert counts(facets["min_rating"]) == {"4.5": 2, "4": 3, "3.5": 3, "3": 4}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"category": "advertising"}, {"charlie", "delta", "echo"}),
        ({"city": "mumbai"}, {"alpha", "bravo", "delta"}),
        ({"language": "hi"}, {"alpha", "charlie"}),
        ({"guaranteed": "1"}, {"alpha", "charlie"}),
        ({"min_rating": "4"}, {"alpha", "charlie", "echo"}),
        ({"price_min": "5000", "price_max": "12000"}, {"bravo", "charlie", "echo"}),
        ({"accepting": "1"}, {"alpha", "bravo", "charlie", "delta"}),
        ({"guaranteed": "1", "city": "delhi"}, {"charlie"}),
        ({"category": "cataloguing", "city": "pune", "language": "en"}, {"alpha", "echo"}),
    ],
)
def test_each_filter_keeps_exactly_the_matching_partners(client, catalogue, query, expected):
    response = client.get(URL, query)
    assert response.status_code == 200
    assert set(names(response)) == {catalogue[k].name for k in expected}
    assert response.context["page"].count == len(expected)


def test_facet_counts_apply_all_the_other_filters(client, catalogue):
    response = client.get(URL, {"city": "mumbai", "guaranteed": "1"})
    facets = response.context["facets"]
    # Category counts: mumbai + guaranteed → alpha only.
    assert counts(facets["category"]) == {"cataloguing": 1, "advertising": 0}
    # City counts ignore the city filter itself: guaranteed partners per city.
    assert counts(facets["city"]) == {"mumbai": 1, "pune": 1, "delhi": 1}
    # The guaranteed count ignores the guaranteed filter: partners in mumbai.
    assert facets["guaranteed"] == 1
    assert response.context["facets"]["accepting"] == 1


def test_guaranteed_returns_exactly_the_partners_with_an_active_badge(client, catalogue):
    suspended = f.guaranteed_partner(name="Suspended Co")
    suspended.badge_active = False
    suspended.save(update_fields=["badge_active"])
    response = client.get(URL, {"guaranteed": "1"})
    assert set(names(response)) == {"Alpha Listings", "Charlie Ads"}
    assert "Suspended Co" not in names(response)


@pytest.mark.parametrize("sort", ["rating", "reviews", "newest", "price", "relevance"])
def test_sorts_order_the_results(client, catalogue, sort):
    response = client.get(URL, {"sort": sort})
    got = names(response)
    if sort == "rating":
        assert got[:3] == ["Alpha Listings", "Echo Sellers", "Charlie Ads"]
        assert got[-1] == "Delta Growth"  # no rating goes last
    elif sort == "reviews":
        assert got[0] == "Echo Sellers"
    elif sort == "price":
        assert got == ["Alpha Listings", "Echo Sellers", "Bravo Commerce", "Charlie Ads", "Delta Growth"]
    elif sort == "newest":
        assert got[0] == "Echo Sellers"
    else:
        assert set(got[:2]) == {"Alpha Listings", "Charlie Ads"}  # guaranteed first


def test_pagination_keeps_the_filters(client, db):
    cat = f.CategoryFactory(slug="cataloguing", name="Cataloguing")
    for i in range(25):
        make_partner(name=f"Partner {i:02d}", categories=[cat])
    response = client.get(URL, {"category": "cataloguing", "page": "2"})
    assert response.context["page"].number == 2
    assert len(names(response)) == 5
    html = response.content.decode()
    assert "category=cataloguing&amp;page=1" in html


def test_empty_state_suggests_dropping_a_filter(client, catalogue):
    response = client.get(URL, {"city": "delhi", "category": "cataloguing"})
    html = response.content.decode()
    assert names(response) == []
    assert "No partner matches" in html
    assert "?category=cataloguing" in html  # the link without city


@pytest.mark.parametrize(
    "query",
    [
        {"page": "-1"},
        {"page": "999999"},
        {"page": "abc"},
        {"q": "x" * 10_000},
        {"q": "'; DROP TABLE partners_servicepartner; --"},
        {"q": "<script>alert(1)</script>"},
        {"q": "a & b | !c :* ( )"},
        {"min_rating": "abc"},
        {"min_rating": "99"},
        {"price_min": "-5", "price_max": "zz"},
        {"category": "no-such-category"},
        {"sort": "DROP"},
        {"guaranteed": "maybe"},
        {"q": "\x00null"},
    ],
)
def test_bad_input_gives_a_normal_page(client, catalogue, query):
    response = client.get(URL, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert f.PartnerFactory._meta.model.objects.count() == 5  # nothing was dropped


def test_query_text_is_escaped(client, catalogue):
    response = client.get(URL, {"q": '<b onmouseover="x">'})
    html = response.content.decode()
    assert '<b onmouseover="x">' not in html
    assert "&lt;b onmouseover=" in html


def test_page_past_the_end_shows_the_last_page(client, catalogue):
    response = client.get(URL, {"page": "999999"})
    assert response.context["page"].number == 1
    assert len(names(response)) == 5


def _directory_queries(client, django_assert_max_num_queries, query):
    with django_assert_max_num_queries(6):
        response = client.get(URL, query)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    "query", [{}, {"q": "partner", "category": "cataloguing", "city": "mumbai", "guaranteed": "1"}]
)
def test_directory_query_budget_holds_whatever_the_data_size(
    client, django_assert_max_num_queries, db, query
):
    cat = f.CategoryFactory(slug="cataloguing", name="Cataloguing")
    mumbai = f.CityFactory(slug="mumbai", name="Mumbai")
    for i in range(3):
        make_partner(name=f"Small partner {i}", categories=[cat], cities=[mumbai], prices=["100"])
    _directory_queries(client, django_assert_max_num_queries, query)
    for i in range(40):
        make_partner(
            name=f"Partner {i}",
            categories=[cat],
            cities=[mumbai],
            prices=["100", "200"],
            guaranteed=i % 2 == 0,
        )
    response = _directory_queries(client, django_assert_max_num_queries, query)
    assert re.search(r"partner-card", response.content.decode())


def test_directory_link_from_home_page_works(client, catalogue):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Alpha Listings" in response.content.decode()


def test_search_combined_with_filters_and_deep_pages(client, catalogue):
    response = client.get(URL, {"q": "alpha", "city": "mumbai", "guaranteed": "1", "category": "cataloguing"})
    assert names(response) == ["Alpha Listings"]
    response = client.get(URL, {"q": "listings commerce"})
    assert names(response) == []
    response = client.get(URL, {"q": "e", "sort": "price", "page": "1"})
    assert response.status_code == 200


def test_cached_facets_start_a_new_generation_when_a_partner_changes(client, catalogue, settings):
    from django.core.cache import cache

    from partners.services.directory import offering_save

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b"}
    }
    settings.DIRECTORY_CACHE_SECONDS = 60
    cache.clear()
    assert client.get(URL, {"q": "zebra"}).context["page"].count == 0
    partner = catalogue["delta"]
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        offering_save(
            partner=partner,
            data={
                "category": partner.categories.first(),
                "title": "Zebra print ads",
                "price_from": 10,
                "turnaround_days": 1,
            },
        )
    response = client.get(URL, {"q": "zebra"})
    assert names(response) == ["Delta Growth"]
    assert response.context["page"].count == 1
    cache.clear()


def test_cached_directory_page_is_served_without_queries(
    client, catalogue, settings, django_assert_max_num_queries
):
    from django.core.cache import cache

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b2"}
    }
    settings.DIRECTORY_CACHE_SECONDS = 60
    first = client.get(URL, {"city": "mumbai"}).content
    with django_assert_max_num_queries(0):
        second = client.get(URL, {"city": "mumbai"}).content
    body = slice(first.index(b'id="directory-form"'), first.rindex(b"</form>"))
    assert first[body] == second[body]  # the page around it differs (a fresh CSRF token)
    assert b"Alpha Listings" in second
    cache.clear()


@pytest.mark.django_db
def test_search_keeps_words_in_other_scripts_whole():
    cat = f.CategoryFactory(slug="hindi-cat", name="Catalogue")
    make_partner(name="कैटलॉग सेवा केंद्र", categories=[cat])
    make_partner(name="Other Partner", categories=[cat])
    assert [p.name for p in directory(q="केंद्र").partners] == ["कैटलॉग सेवा केंद्र"]
    # The dictionary (partners.search_data) also reads कैटलॉग as "catalogue": the name match ranks first.
    assert [p.name for p in directory(q="कैटलॉग").partners] == ["कैटलॉग सेवा केंद्र", "Other Partner"]
