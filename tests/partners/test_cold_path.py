"""The cold path: facet counts from the memo, cached cards, the partner list API from plain rows."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.http import QueryDict
from django.utils import translation
from rest_framework.renderers import JSONRenderer

from guarantees.services.badges import badge_close, badge_open
from partners.forms import DirectoryFilterForm
from partners.models import ServicePartner
from partners.selectors import directory as d
from partners.selectors import directory_cache_forget_generation
from partners.serializers import PartnerSerializer
from partners.services.directory import partner_profile_update, partner_stats_refresh
from partners.views.directory import fragments_forget, partner_cards
from tests import factories as f
from tests.partners.conftest import make_partner, make_review

URL = "/partners/"
QUERIES = [
    "",
    "category=cataloguing",
    "category=advertising",
    "city=mumbai",
    "city=delhi",
    "language=hi",
    "guaranteed=1",
    "accepting=1",
    "min_rating=4",
    "min_rating=4.5",
    "min_rating=4.2",  # not a step: counted per request
    "category=cataloguing&city=mumbai",
    "guaranteed=1&city=delhi",
    "language=en&min_rating=3",
    "accepting=1&guaranteed=1&category=cataloguing",
    "q=listings",
    "q=ads&city=delhi",
    "price_max=9000",
    "price_min=4000&category=cataloguing",
]


@pytest.fixture
def cached(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cold"}
    }
    settings.DIRECTORY_CACHE_SECONDS = 60
    cache.clear()
    fragments_forget()
    directory_cache_forget_generation()
    yield
    cache.clear()
    fragments_forget()
    directory_cache_forget_generation()


def _params(query):
    form = DirectoryFilterForm(QueryDict(query))
    form.is_valid()
    return form.params()


def _assert_memo_counts_are_true():
    """What a visitor sees (memo and per-request counts) equals counting from scratch."""
    for query in QUERIES:
        params = _params(query)
        page = d.partner_directory(params=params)
        truth = d._facets(params, d._filters(params))  # no memo, no cache
        assert page.count == truth.pop("total"), query
        assert page.facets == truth, query


def _guaranteed_count():
    return d.partner_directory(params=_params("")).facets["guaranteed"]


def _commit(capture, fn, **kwargs):
    with capture(execute=True), transaction.atomic():
        return fn(**kwargs)


def test_facet_counts_stay_true_after_every_kind_of_change(
    catalogue, cached, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _assert_memo_counts_are_true()

    before = _guaranteed_count()
    _commit(capture, badge_open, partner=catalogue["bravo"])  # badge on
    assert _guaranteed_count() == before + 1  # at once, not when a cache expires
    assert d.partner_directory(params=_params("guaranteed=1")).count == before + 1
    _assert_memo_counts_are_true()

    _commit(capture, badge_close, partner=catalogue["alpha"], reason="suspended")  # badge off
    assert _guaranteed_count() == before
    _assert_memo_counts_are_true()

    delta = catalogue["delta"]
    cat = f.CategoryFactory(slug="imaging", name="Imaging")
    pune = delta.cities.model.objects.get(slug="pune")
    hindi = delta.languages.model.objects.get(code="hi")
    _commit(  # categories, cities, languages and accepting
        capture,
        partner_profile_update,
        partner=delta,
        data={"accepting_clients": False},
        categories=[cat],
        cities=[pune],
        languages=[hindi],
    )
    assert d.partner_directory(params=_params("category=imaging")).count == 1
    _assert_memo_counts_are_true()

    with capture(execute=True), transaction.atomic():  # a rating that crosses a step
        make_review(catalogue["bravo"], 5)
    _assert_memo_counts_are_true()

    def unlist():  # as the admin does: the change, then the stats refresh after commit
        ServicePartner.objects.filter(pk=catalogue["charlie"].pk).update(is_listed=False)
        transaction.on_commit(lambda: partner_stats_refresh(partner=catalogue["charlie"]))

    _commit(capture, unlist)
    assert "Charlie Ads" not in [p.name for p in d.partner_directory(params=_params("")).partners]
    _assert_memo_counts_are_true()


def test_a_page_from_the_index_costs_no_query_and_a_search_one_the_first_time(
    catalogue, cached, django_assert_num_queries
):
    d.partner_directory(params=_params(""))  # builds the index (a reader got there first)
    for query in QUERIES:
        words = "q=" in query
        # no facet, total or page query: the index answers; a search's words are matched
        # once per generation (one indexed query), then kept with the index
        with django_assert_num_queries(1 if words else 0):
            d.partner_directory(params=_params(query), prefetch=False)
        with django_assert_num_queries(0):
            d.partner_directory(params=_params(query + "&sort=rating&page=2"), prefetch=False)


@pytest.mark.parametrize("sort", ["relevance", "rating", "reviews", "newest", "price"])
def test_the_index_gives_the_pages_sql_gives(catalogue, settings, sort):
    """Same partners, same order, same counts, on every page of every query, whether the
    in-memory index answers (the cache on) or SQL does (the cache off)."""
    make_partner(name="Foxtrot Fresh")  # no reviews, no offerings: rating and price are null
    cataloguing = ServicePartner.objects.get(pk=catalogue["alpha"].pk).categories.get()
    make_partner(name="Golf Listings", categories=[cataloguing], ratings=[3], prices=["8000"])

    def pages(cache_seconds):
        settings.DIRECTORY_CACHE_SECONDS = cache_seconds
        cache.clear()
        directory_cache_forget_generation()
        out = {}
        for query in QUERIES:
            for number in (1, 2, 3, 9):
                page = d.partner_directory(params=_params(f"{query}&sort={sort}"), page=number, per_page=2)
                out[(query, number)] = (
                    [p.pk for p in page.partners],
                    page.count,
                    page.number,
                    page.facets,
                    page.corrected_q,
                )
        return out

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "same"}
    }
    from_sql, from_index = pages(0), pages(60)
    for key, expected in from_sql.items():
        assert from_index[key] == expected, key
    directory_cache_forget_generation()


def test_cards_are_cached_per_partner_and_renewed_with_the_generation(
    catalogue, cached, client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    first = client.get(URL, {"sort": "rating"}).content.decode()
    assert "Alpha Listings" in first
    # Another query string nobody asked before: the page's cards are all cached, and the
    # counts and the page come from the index, so the request costs no query at all.
    with django_assert_max_num_queries(0):
        second = client.get(URL, {"sort": "reviews"}).content.decode()
    assert "Alpha Listings" in second

    alpha = catalogue["alpha"]
    _commit(
        django_capture_on_commit_callbacks,
        partner_profile_update,
        partner=alpha,
        data={"tagline": "Now with same-day listings"},
    )
    assert "Now with same-day listings" in client.get(URL, {"sort": "newest"}).content.decode()

    partners = list(ServicePartner.objects.filter(pk=alpha.pk))
    with translation.override("en"):
        english = partner_cards(partners)[0]
    with translation.override("hi"):
        hindi = partner_cards(partners)[0]
    assert english != hindi  # one card per language


def test_a_badge_change_shows_on_cached_cards_at_once(
    catalogue, cached, client, django_capture_on_commit_callbacks
):
    bravo = catalogue["bravo"]
    page = client.get(URL, {"q": "bravo"}).content.decode()
    card = page[page.index("Bravo Commerce") :][:600]
    assert "badge-guarantee" not in card
    _commit(django_capture_on_commit_callbacks, badge_open, partner=bravo)
    page = client.get(URL, {"q": "bravo", "sort": "rating"}).content.decode()
    assert "badge-guarantee" in page[page.index("Bravo Commerce") :][:600]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "page_size=2",
        "page_size=2&page=2",
        "page=9",
        "q=listings",
        "category=cataloguing&sort=price",
        "city=mumbai&sort=rating",
        "guaranteed=1&language=hi",
        "sort=newest&page_size=3",
    ],
)
@pytest.mark.parametrize("answered_by", ["sql", "index"])
def test_partner_list_api_json_is_byte_identical_to_the_serializer(
    catalogue, client, query, answered_by, request
):
    if answered_by == "index":
        # The cache on: the API's count and page come from the directory index, the
        # expected rows below from SQL (prefetch=True never uses the index).
        request.getfixturevalue("cached")
    make_partner(name="Foxtrot Fresh")  # no reviews, no offerings: rating and price are null
    response = client.get(f"/api/v1/partners/?{query}")
    assert response.status_code == 200
    data = response.json()

    params = _params(query)
    page = int(QueryDict(query).get("page") or 1)
    size = int(QueryDict(query).get("page_size") or 20)
    rows = list(d.partner_directory_api(params=params)[(page - 1) * size : page * size])
    expected = {
        "count": data["count"],
        "next": data["next"],
        "previous": data["previous"],
        "results": PartnerSerializer(rows, many=True).data,
    }
    assert data["count"] == d.partner_directory_api(params=params).count()
    assert response.content == JSONRenderer().render(expected)


def test_partner_list_api_from_the_index_costs_three_queries(
    catalogue, cached, client, django_assert_num_queries
):
    """The filters' valid values, the page's rows, and their categories, cities and
    languages in one query; counts, order and the page's ids come from the index."""
    client.get("/api/v1/partners/")  # the index is built by whoever comes first
    for query in ("", "category=cataloguing&sort=price", "city=mumbai&page_size=1&page=2"):
        with django_assert_num_queries(3):
            assert client.get(f"/api/v1/partners/?{query}").status_code == 200


def test_a_search_matched_by_one_process_is_not_matched_again_by_another(
    catalogue, cached, django_assert_num_queries
):
    from partners.selectors.directory_index import partner_index

    first = d.partner_directory(params=_params("q=listings&city=mumbai"))
    partner_index().searches.clear()  # as if another process, with an index of its own
    with django_assert_num_queries(0):
        again = d.partner_directory(params=_params("q=listings&sort=rating"), prefetch=False)
    assert again.count >= first.count
    assert {p.pk for p in again.partners} >= {p.pk for p in first.partners}


@pytest.mark.parametrize("language", ["en", "hi"])
def test_cards_from_the_index_are_the_cards_from_sql(
    catalogue, cached, settings, language, django_assert_num_queries
):
    from partners.models import City, ServiceCategory
    from partners.selectors.cards import card_rows

    ServiceCategory.objects.filter(slug="advertising").update(name_hi="विज्ञापन", position=0)
    ServiceCategory.objects.filter(slug="cataloguing").update(position=5)
    City.objects.filter(slug="delhi").update(name_hi="दिल्ली")
    ids = [p.pk for p in ServicePartner.objects.order_by("-pk")]
    with translation.override(language):
        d.partner_directory(params=_params(""))  # builds the index
        with django_assert_num_queries(0):
            from_index = card_rows(ids=ids)
        settings.DIRECTORY_CACHE_SECONDS = 0  # no index: the two queries
        from_sql = card_rows(ids=ids)
    assert from_index == from_sql
    echo = next(r for r in from_sql if r["name"].startswith("Echo"))
    assert echo["categories"][0] == ("विज्ञापन" if language == "hi" else "Advertising")
