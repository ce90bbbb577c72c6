"""Search finds what people type: city aliases, Hindi names, Hindi and Hinglish service words,
misspellings — on SQLite and on PostgreSQL (run the file with DATABASE_URL for the latter)."""

import pytest
from django.conf import settings
from django.db import connection

from partners.search import corrected_query, expand_terms, query_words
from tests import factories as f

from .conftest import make_partner
from .test_directory import directory

URL = "/partners/"


@pytest.fixture
def indian_catalogue(db):
    cataloguing = f.CategoryFactory(slug="cataloguing", name="Cataloguing", name_hi="कैटलॉगिंग")
    imaging = f.CategoryFactory(slug="imaging", name="Product imaging", name_hi="प्रोडक्ट फ़ोटोग्राफ़ी")
    tax = f.CategoryFactory(slug="compliance-gst", name="Compliance & GST", name_hi="अनुपालन और जीएसटी")
    ads = f.CategoryFactory(slug="advertising", name="Advertising", name_hi="विज्ञापन")
    bengaluru = f.CityFactory(slug="bengaluru", name="Bengaluru", name_hi="बेंगलुरु")
    mumbai = f.CityFactory(slug="mumbai", name="Mumbai", name_hi="मुंबई")
    gurugram = f.CityFactory(slug="gurugram", name="Gurugram", name_hi="गुरुग्राम")
    return {
        "listings": make_partner(
            name="Listing Labs",
            tagline="Bulk uploads",
            categories=[cataloguing],
            cities=[bengaluru],
            prices=["3999"],
            offering_titles=["Bulk catalogue upload and variations"],
        ),
        "studio": make_partner(
            name="Kiran Studio",
            tagline="White-background pictures",
            categories=[imaging],
            cities=[mumbai],
            prices=["2999"],
            offering_titles=["Product photo shoot (20 products)"],
        ),
        "tax": make_partner(
            name="Ledger Mates",
            tagline="Returns on time",
            categories=[tax],
            cities=[gurugram],
            prices=["1499"],
            offering_titles=["Monthly GST return filing"],
        ),
        "ads": make_partner(
            name="Reach Rockets",
            tagline="Campaigns that sell",
            categories=[ads],
            cities=[mumbai],
            prices=["7999"],
            offering_titles=["Sponsored Products campaign set-up"],
        ),
    }


def found(q):
    return sorted(p.name for p in directory(q=q).partners)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Bangalore", ["Listing Labs"]),
        ("bengaluru", ["Listing Labs"]),
        ("Bombay", ["Kiran Studio", "Reach Rockets"]),
        ("Gurgaon", ["Ledger Mates"]),
        ("cataloguing Bangalore", ["Listing Labs"]),
    ],
)
def test_old_and_other_city_names_find_the_city(indian_catalogue, q, expected):
    assert found(q) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("जीएसटी", ["Ledger Mates"]),
        ("कैटलॉग", ["Listing Labs"]),
        ("फोटो", ["Kiran Studio"]),
        ("विज्ञापन", ["Reach Rockets"]),
        ("बेंगलुरु", ["Listing Labs"]),  # a Hindi city name, from the search document
        ("मुंबई फोटो", ["Kiran Studio"]),
        ("कैटलॉगिंग", ["Listing Labs"]),  # the category's Hindi name
    ],
)
def test_hindi_words_find_the_services(indian_catalogue, q, expected):
    assert found(q) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("photo shoot", ["Kiran Studio"]),
        ("gst filing", ["Ledger Mates"]),
        ("listing wala", ["Listing Labs"]),
        ("ads wala chahiye", ["Reach Rockets"]),
        ("GST के लिए", ["Ledger Mates"]),
    ],
)
def test_hinglish_phrases_find_the_services(indian_catalogue, q, expected):
    assert found(q) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("catalouge", ["Listing Labs"]),
        ("catalouge bangalore", ["Listing Labs"]),
        ("advertsing", ["Reach Rockets"]),
        ("Gurugarm", ["Ledger Mates"]),
        ("Ledgr Mates", ["Ledger Mates"]),
    ],
)
def test_misspelt_words_are_corrected_when_nothing_is_found(indian_catalogue, q, expected):
    assert found(q) == expected


def test_the_page_says_which_words_it_searched_for(client, indian_catalogue):
    response = client.get(URL, {"q": "catalouge"})
    html = response.content.decode()
    assert [p.name for p in response.context["partners"]] == ["Listing Labs"]
    assert "Showing results for “catalogue”" in html
    assert 'value="catalouge"' in html  # the box keeps what was typed
    response = client.get(URL, {"q": "cataloguing"})
    assert "Showing results for" not in response.content.decode()


def test_a_word_that_matches_nothing_near_stays_unmatched(indian_catalogue):
    assert corrected_query("zzyzx") is None
    assert found("zzyzx") == []
    assert found("quantum physics") == []


def test_correction_leaves_known_words_and_the_dictionary_alone(indian_catalogue):
    assert corrected_query("cataloguing") is None
    assert corrected_query("bangalore") is None
    assert corrected_query("catalouge in bengaluru") == "catalogue in bengaluru"


def test_expansion_is_pure_and_drops_fillers():
    assert expand_terms(query_words("Bangalore listing wala")) == (
        ("bangalore", "bengaluru"),
        ("listing", "catalog"),
    )
    assert expand_terms(query_words("wala")) == (("wala",),)
    assert expand_terms(query_words("जीएसटी")) == (("जीएसटी", "gst"),)


def test_api_search_uses_the_same_aliases_and_corrections(client, indian_catalogue):
    for q, slug in (("Bangalore", "listings"), ("फोटो", "studio"), ("catalouge", "listings")):
        data = client.get("/api/v1/partners/", {"q": q}).json()
        assert [row["slug"] for row in data["results"]] == [indian_catalogue[slug].slug]


def test_hindi_interface_shows_hindi_names_of_categories_and_cities(client, indian_catalogue):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    html = client.get(URL).content.decode()
    assert "कैटलॉगिंग" in html and "बेंगलुरु" in html  # cards and facets
    assert ">Cataloguing<" not in html
    profile = client.get(indian_catalogue["listings"].get_absolute_url()).content.decode()
    assert "कैटलॉगिंग" in profile and "बेंगलुरु" in profile


def test_english_interface_keeps_english_names(client, indian_catalogue):
    html = client.get(URL).content.decode()
    assert "Cataloguing" in html and "Bengaluru" in html
    assert "कैटलॉगिंग" not in html


def test_hindi_search_in_the_hindi_interface(client, indian_catalogue):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    response = client.get(URL, {"q": "कैटलॉग"})
    assert [p.name for p in response.context["partners"]] == ["Listing Labs"]


@pytest.mark.postgres
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs PostgreSQL (DATABASE_URL)")
def test_postgresql_has_trigram_indexes_for_the_fallback(indian_catalogue):
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == ("pg_trgm",)
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname IN ('partner_name_trgm', 'category_name_trgm')"
        )
        assert sorted(r[0] for r in cursor.fetchall()) == ["category_name_trgm", "partner_name_trgm"]
        cursor.execute("SELECT name FROM partners_servicepartner WHERE %s <%% name", ["ledgr"])
        assert cursor.fetchall() == [("Ledger Mates",)]
