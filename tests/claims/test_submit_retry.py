"""A retried submit after success (the answer was lost) gets the submitted claim back, not a 404.

The draft's `DR-` reference is gone once the claim has its `CL-` one; only the seller who
submitted it can still reach the claim by the old reference.
"""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimEvent
from partnernet.models import OutboxMessage
from partnernet.users.models import SellerMembership
from tests import factories as f

pytestmark = pytest.mark.django_db


def _submit(api, reference, version=None):
    body = {"version": version} if version is not None else {}
    return api.post(f"/api/v1/claims/{reference}/submit/", body, format="json")


def test_a_retried_api_submit_answers_with_the_submitted_claim(api_for, ready_draft, order_seller):
    draft_ref, version = ready_draft.reference, ready_draft.version
    first = _submit(api_for(order_seller), draft_ref, version)
    assert first.status_code == 200, first.json()

    again = _submit(api_for(order_seller), draft_ref, version)  # the same request, sent again
    assert again.status_code == 200, again.json()
    assert again.json()["reference"] == first.json()["reference"]
    assert again.json()["reference"].startswith("CL-") and again.json()["status"] == "submitted"
    # Nothing happened twice: one claim, one submission, one e-mail each.
    claim = Claim.objects.get()
    assert claim.events.filter(kind=ClaimEvent.Kind.SUBMITTED).count() == 1
    assert OutboxMessage.objects.filter(purpose="claim_submitted_seller").count() == 1


def test_only_the_seller_who_submitted_can_reach_the_claim_by_the_draft_reference(
    api_for, ready_draft, order_seller, order_partner_user, seller_b
):
    draft_ref = ready_draft.reference
    assert _submit(api_for(order_seller), draft_ref).status_code == 200
    colleague = f.UserFactory()
    SellerMembership.objects.create(account=ready_draft.seller, user=colleague)
    for other in (colleague, order_partner_user, seller_b):
        assert _submit(api_for(other), draft_ref).status_code == 404
    assert _submit(api_for(None), draft_ref).status_code == 404
    assert _submit(api_for(order_seller), "DR-000000000000").status_code == 404


def test_a_retried_submit_on_the_page_goes_to_the_claim(client_for, ready_draft, order_seller):
    url = reverse("claims:step_review", args=[ready_draft.reference])
    c = client_for(order_seller)
    assert c.post(url, {"version": ready_draft.version}).status_code == 302
    claim = Claim.objects.get()
    again = c.post(url, {"version": ready_draft.version})
    assert again.status_code == 302 and again.url == reverse("claims:detail", args=[claim.reference])
    assert OutboxMessage.objects.filter(purpose="claim_submitted_seller").count() == 1
