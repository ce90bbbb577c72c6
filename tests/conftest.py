"""Shared fixtures: users per role, signed-in clients, Celery eager unless a test asks for a worker."""

import pytest
from django.contrib.auth.models import Group

from partnernet.users.models import LEADS_GROUP, REVIEWERS_GROUP
from tests import factories as f

pytest_plugins = ["tests.browser.fixtures", "tests.constraint_log"]


@pytest.fixture(autouse=True)
def _celery_eager(request, settings):
    """Tasks run in-process (after commit) unless the test starts a real worker."""
    if request.node.get_closest_marker("worker") is None:
        settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture(autouse=True)
def _no_axes_lockout_between_tests(settings):
    settings.AXES_ENABLED = False


@pytest.fixture
def seller(db):
    return f.SellerAccountFactory().owner


@pytest.fixture
def seller_b(db):
    return f.SellerAccountFactory(name="Other Store").owner


@pytest.fixture
def us_seller(db):
    return f.SellerAccountFactory(marketplace="US").owner


@pytest.fixture
def partner_member(db):
    return f.PartnerMemberFactory(partner=f.guaranteed_partner()).user


@pytest.fixture
def partner_member_y(db):
    return f.PartnerMemberFactory().user


def _staff(group_name):
    user = f.UserFactory(is_staff=True)
    group, _ = Group.objects.get_or_create(name=group_name)
    user.groups.add(group)
    return user


@pytest.fixture
def reviewer(db):
    return _staff(REVIEWERS_GROUP)


@pytest.fixture
def reviewer2(db):
    return _staff(REVIEWERS_GROUP)


@pytest.fixture
def lead(db):
    return _staff(LEADS_GROUP)


@pytest.fixture
def client_for(client, db):
    """client_for(user) → a Django test client signed in as that user."""
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def api_for(db):
    """api_for(user) → a DRF APIClient authenticated as that user (None: anonymous)."""
    from rest_framework.test import APIClient

    def make(user=None):
        c = APIClient()
        if user is not None:
            c.force_authenticate(user)
        return c

    return make
