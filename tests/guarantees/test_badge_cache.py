"""The directory and profile are cached (DIRECTORY_CACHE_SECONDS); a badge or terms
change must show at once, not when the cache expires."""

import pytest
from django.db import transaction

from guarantees.services.badges import badge_close, badge_open
from tests import factories as f


@pytest.fixture
def cached(settings):
    settings.DIRECTORY_CACHE_SECONDS = 60
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_badge_shows_and_goes_at_once_on_cached_directory(
    cached, client, db, django_capture_on_commit_callbacks
):
    partner = f.PartnerFactory(name="Kaveri Cataloguing")
    f.published_terms(partner)
    assert partner.name not in client.get("/partners/?guaranteed=1").content.decode()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        badge_open(partner=partner)
    assert partner.name in client.get("/partners/?guaranteed=1").content.decode()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        badge_close(partner=partner, reason="suspended")
    assert partner.name not in client.get("/partners/?guaranteed=1").content.decode()
