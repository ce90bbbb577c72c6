"""Issue 16 item 1: the second factor guards the token endpoint and the staff API, not only pages."""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from partnernet.users.models import VerifiedToken
from tests import factories as f

pytestmark = pytest.mark.django_db
URL = "/api/v1/auth/token/"
QUEUE = "/api/v1/review/claims/"


def _totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def _code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def _token(user, **extra):
    return APIClient().post(URL, {"email": user.email, "password": f.PASSWORD, **extra}, format="json")


def test_staff_with_totp_need_the_code_for_a_token(reviewer, settings):
    settings.STAFF_REQUIRE_2FA = True
    secret = _totp(reviewer)
    missing = _token(reviewer)
    assert missing.status_code == 400
    assert missing.json()["code"] == "second_factor_required"
    assert missing.json()["errors"]["code"]
    wrong = _token(reviewer, code="000000")
    assert wrong.status_code == 400 and wrong.json()["code"] == "second_factor_invalid"
    assert not Token.objects.filter(user=reviewer).exists()

    good = _token(reviewer, code=_code(secret))
    assert good.status_code == 200
    token = Token.objects.get(user=reviewer)
    assert good.json()["token"] == token.key
    assert VerifiedToken.objects.filter(token=token).exists()
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(QUEUE).status_code == 200


def test_staff_code_is_asked_even_when_the_rule_is_off(reviewer, settings):
    settings.STAFF_REQUIRE_2FA = False
    _totp(reviewer)
    assert _token(reviewer).status_code == 400
    assert not Token.objects.exists()


def test_staff_without_an_authenticator_get_no_token_while_the_rule_is_on(reviewer, settings):
    settings.STAFF_REQUIRE_2FA = True
    response = _token(reviewer)
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "second_factor_setup_required"
    assert "/accounts/2fa/totp/activate/" in body["detail"]
    assert "token" not in body and not Token.objects.exists()


def test_a_token_issued_without_the_code_does_not_open_staff_endpoints(reviewer, settings):
    settings.STAFF_REQUIRE_2FA = True
    old = Token.objects.create(user=reviewer)  # from before the rule
    api = APIClient(HTTP_AUTHORIZATION=f"Token {old.key}")
    response = api.get(QUEUE)
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_token_not_verified"
    assert "code" in response.json()["detail"]
    # Getting a token with the code replaces the old one: it stays useless.
    secret = _totp(reviewer)
    new = _token(reviewer, code=_code(secret)).json()["token"]
    assert new != old.key and not Token.objects.filter(key=old.key).exists()
    assert api.get(QUEUE).status_code in (401, 403)  # an unknown token now
    assert APIClient(HTTP_AUTHORIZATION=f"Token {new}").get(QUEUE).status_code == 200


def test_a_session_without_the_second_factor_gets_a_json_403_on_staff_endpoints(
    client_for, reviewer, settings
):
    settings.STAFF_REQUIRE_2FA = True
    client = client_for(reviewer)
    response = client.get(QUEUE)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "second_factor_setup_required"
    assert "authenticator" in body["detail"]
    take = client.post("/api/v1/review/claims/take-next/")
    assert take.status_code == 403 and take.json()["code"] == "second_factor_setup_required"
    _totp(reviewer)  # what allauth's activation (with a valid code) leaves behind
    assert client.get(QUEUE).status_code == 200


def test_the_rule_off_leaves_staff_api_as_it_was(client_for, reviewer, settings):
    settings.STAFF_REQUIRE_2FA = False
    assert client_for(reviewer).get(QUEUE).status_code == 200
    assert _token(reviewer).status_code == 200


def test_sellers_and_partners_are_unaffected(seller, partner_member, settings):
    settings.STAFF_REQUIRE_2FA = True
    for user in (seller, partner_member):
        response = _token(user)
        assert response.status_code == 200
        api = APIClient(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
        assert api.get("/api/v1/orders/").status_code == 200
    # a seller who set up TOTP for their own account is not asked on the API either
    _totp(seller)
    assert _token(seller).status_code == 200


def test_a_bad_code_field_stays_in_errors_and_code_keeps_its_meaning():
    response = _token_payload({"email": "a@example.com", "password": "x", "code": "9" * 40})
    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["code"]
    assert "code" not in body or isinstance(body["code"], str)


def _token_payload(payload):
    return APIClient().post(URL, payload, format="json")
