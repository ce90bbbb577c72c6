import pytest

from tests import factories as f


@pytest.fixture
def guaranteed(db):
    partner = f.guaranteed_partner()
    member = f.PartnerMemberFactory(partner=partner).user
    return partner, member


@pytest.fixture
def unguaranteed(db):
    partner = f.PartnerFactory()
    member = f.PartnerMemberFactory(partner=partner).user
    return partner, member
