"""Who is told about a claim: one rule (partners.people) for every claim notice."""

import pytest

from claims import services
from partnernet.models import OutboxMessage
from partnernet.users.models import SellerMembership
from tests import factories as f
from tests.claims.review_support import decide_kwargs

pytestmark = pytest.mark.django_db


def _recipients(purpose):
    return set(OutboxMessage.objects.filter(purpose=purpose).values_list("recipient", flat=True))


@pytest.fixture
def people(ready_draft, order_seller):
    """Both sides with more than one person: a second seller member, a partner owner and staff
    member and an inactive partner member (told nothing); the partner's contact address is
    told only when the partner has no active member."""
    order = ready_draft.order
    colleague = f.UserFactory()
    SellerMembership.objects.create(account=order.seller, user=colleague)
    owner = f.PartnerMemberFactory(partner=order.partner, role="owner").user
    staff = f.PartnerMemberFactory(partner=order.partner, role="staff").user
    gone = f.PartnerMemberFactory(partner=order.partner, user=f.UserFactory(is_active=False)).user
    return {
        "seller": {order_seller.email, colleague.email},
        # The order's own partner member, the owner and the staff member; not the contact address.
        "partner": {owner.email, staff.email}
        | set(order.partner.members.filter(is_active=True).values_list("email", flat=True)),
        "inactive": gone.email,
    }


def test_submission_tells_every_active_member_of_both_sides(ready_draft, order_seller, people):
    services.claim_submit(claim=ready_draft, user=order_seller)
    assert ready_draft.order.partner.email not in people["partner"]
    assert _recipients("claim_submitted_seller") == people["seller"]
    assert _recipients("claim_partner_notified") == people["partner"]
    assert not OutboxMessage.objects.filter(recipient=people["inactive"]).exists()


def test_a_decision_and_a_question_use_the_same_rule(ready_draft, order_seller, people, reviewer):
    claim = services.claim_submit(claim=ready_draft, user=order_seller)
    services.claim_info_request(
        claim=claim, reviewer=reviewer, party="partner", question="Delivery log?", expected_version=None
    )
    assert _recipients("claim_info_requested") == people["partner"]
    claim.refresh_from_db()
    services.claim_decide(claim=claim, reviewer=reviewer, expected_version=claim.version, **decide_kwargs())
    assert _recipients("claim_decided") == people["seller"] | people["partner"]
    assert not OutboxMessage.objects.filter(recipient=people["inactive"]).exists()


def test_a_partner_without_active_members_is_told_at_its_contact_address(ready_draft, order_seller):
    order = ready_draft.order
    order.partner.members.update(is_active=False)
    services.claim_submit(claim=ready_draft, user=order_seller)
    assert _recipients("claim_partner_notified") == {order.partner.email}
