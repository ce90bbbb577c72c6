"""A NUL character in a query parameter is refused with a 400 that names it, on pages and API."""

import pytest

pytestmark = pytest.mark.django_db


def test_api_query_with_nul_is_a_400_naming_the_parameter(client):
    response = client.get("/api/v1/partners/", {"q": "gst\x00"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "q" in body["errors"]
    assert "NUL" in body["detail"]


def test_review_queue_filter_with_nul_is_a_400_not_a_500(client):
    response = client.get("/api/v1/review/claims/", {"status": "\x00"})
    assert response.status_code == 400


def test_page_query_with_nul_drops_the_character(client):
    response = client.get("/partners/", {"q": "gst\x00"})
    assert response.status_code == 200
    assert 'value="gst"' in response.content.decode()


def test_review_queue_page_with_nul_filter_is_a_normal_page(client, reviewer):
    client.force_login(reviewer)
    response = client.get("/review/", {"status": "\x00", "q": "CL-\x00"})
    assert response.status_code == 200


def test_ordinary_queries_pass(client):
    assert client.get("/partners/", {"q": "gst"}).status_code == 200
