"""Fixtures for the guarantee programme's tests."""

import pytest

from guarantees.services import requirements_ensure_defaults
from tests import factories as f

GOOD_VALUES = {
    "response_time": "24",
    "delivery_timeline": "7",
    "revisions_included": "2",
    "remedy_offered": "Redo the work",
    "communication_channel": "E-mail and phone",
}


@pytest.fixture
def requirements(db):
    requirements_ensure_defaults()


@pytest.fixture
def member(db, requirements):
    """An owner of a fresh partner with a complete profile and an active offering, not enrolled."""
    partner = f.PartnerFactory()
    partner.categories.add(f.CategoryFactory())
    f.OfferingFactory(partner=partner)
    return f.PartnerMemberFactory(partner=partner).user


@pytest.fixture
def other_member(db):
    return f.PartnerMemberFactory().user
