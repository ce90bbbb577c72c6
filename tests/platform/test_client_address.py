"""Issue 16 item 4: rate limits count the real client, not whatever X-Forwarded-For says."""

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from partnernet.middleware import client_ip

pytestmark = pytest.mark.django_db
URL = "/api/v1/auth/token/"


def _attempts(n, forwarded):
    client = APIClient()
    codes = []
    for i in range(n):
        response = client.post(
            URL,
            {"email": "nobody@example.com", "password": "wrong-password"},
            format="json",
            HTTP_X_FORWARDED_FOR=forwarded(i),
        )
        codes.append(response.status_code)
    return codes


def test_varying_forwarded_for_does_not_escape_the_token_throttle():
    # the defaults: no proxy, so the header is not trusted
    codes = _attempts(14, lambda i: f"203.0.113.{i}")
    assert codes[:10] == [400] * 10
    assert 429 in codes[10:], codes


def test_behind_one_proxy_the_address_it_appends_is_the_client(settings):
    settings.NUM_PROXIES = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # the client writes anything on the left; the load balancer appends what it saw
    codes = _attempts(14, lambda i: f"10.9.9.{i}, 198.51.100.7")
    assert 429 in codes[10:], codes


def test_one_address_for_throttles_axes_and_the_security_log(settings):
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2", REMOTE_ADDR="10.0.0.1")
    settings.NUM_PROXIES = 0
    assert client_ip(request) == "10.0.0.1"
    settings.NUM_PROXIES = 1
    assert client_ip(request) == "2.2.2.2"
    settings.NUM_PROXIES = 2
    assert client_ip(request) == "1.1.1.1"
    from axes.helpers import get_client_ip_address
    from rest_framework.throttling import AnonRateThrottle

    settings.NUM_PROXIES = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert get_client_ip_address(request) == "2.2.2.2"
    assert AnonRateThrottle().get_ident(request) == "2.2.2.2"
