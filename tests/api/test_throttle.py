"""The API's anon and user limits, checked together (partnernet.throttling): every limit kept."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db
URL = "/api/v1/categories/"


@pytest.fixture
def rates(settings):
    def set_rates(anon, user):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                "anon": anon,
                "user": user,
            },
        }

    cache.clear()
    yield set_rates
    cache.clear()


def _statuses(client, n, **extra):
    return [client.get(URL, **extra).status_code for _ in range(n)]


def test_anonymous_limit_holds_per_address_and_says_when_to_retry(client, rates):
    rates("3/min", "100/min")
    assert _statuses(client, 3) == [200, 200, 200]
    refused = client.get(URL)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert _statuses(client, 1, REMOTE_ADDR="10.1.1.1") == [200]  # another address, its own count


def test_the_user_limit_applies_to_anonymous_visitors_too(client, rates):
    rates("100/min", "2/min")
    assert _statuses(client, 3) == [200, 200, 429]


def test_signed_in_user_has_the_user_limit_and_not_the_anonymous_one(client, rates):
    rates("1/min", "3/min")
    client.force_login(f.UserFactory())
    assert _statuses(client, 4) == [200, 200, 200, 429]


def test_a_refused_request_is_not_counted_and_the_window_slides(client, rates):
    rates("2/min", "100/min")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert _statuses(client, 4) == [200, 200, 429, 429]
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert _statuses(client, 3) == [200, 200, 429]  # the two refusals did not count
