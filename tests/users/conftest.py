import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit and throttle counters live in the cache (Redis when REDIS_URL is set): start clean."""
    cache.clear()
    yield
