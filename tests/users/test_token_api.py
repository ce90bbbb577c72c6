"""POST /api/v1/auth/token/: e-mail and password for a token; JSON errors otherwise."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories as f

pytestmark = pytest.mark.django_db
URL = "/api/v1/auth/token/"


def test_good_credentials_give_a_token_that_signs_in_the_api(seller):
    response = APIClient().post(URL, {"email": seller.email, "password": f.PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=seller).key == token
    # The same token comes back the second time (one per user).
    again = APIClient().post(URL, {"email": seller.email.upper(), "password": f.PASSWORD}, format="json")
    assert again.json()["token"] == token
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/orders/").status_code == 200


def test_wrong_password_is_a_json_400_without_a_token(seller):
    response = APIClient().post(URL, {"email": seller.email, "password": "not-the-password"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "not right" in body["detail"]
    assert body["errors"]["non_field_errors"]
    assert "token" not in body
    assert not Token.objects.exists()


def test_unknown_and_inactive_users_get_the_same_answer(seller):
    seller.is_active = False
    seller.save(update_fields=["is_active"])
    inactive = APIClient().post(URL, {"email": seller.email, "password": f.PASSWORD}, format="json")
    unknown = APIClient().post(URL, {"email": "nobody@example.com", "password": f.PASSWORD}, format="json")
    assert inactive.status_code == unknown.status_code == 400
    assert inactive.json()["detail"] == unknown.json()["detail"]


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({}, {"email", "password"}),
        ({"email": "not-an-email", "password": "x"}, {"email"}),
        ({"email": "a@example.com"}, {"password"}),
    ],
)
def test_bad_input_names_the_fields(payload, fields):
    response = APIClient().post(URL, payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"]
    assert set(body["errors"]) == fields


def test_malformed_json_is_a_json_400():
    response = APIClient().post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_get_is_refused_with_json():
    response = APIClient().get(URL)
    assert response.status_code == 405
    assert "detail" in response.json()
