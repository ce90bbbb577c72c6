"""Issue J §5 and §8: money as Indians write it in the API and the wizard; the API says what is valid."""

from decimal import Decimal

import pytest
from django.urls import reverse

from claims.models import Claim, InformationRequest
from claims.services import claim_info_request, claim_submit
from claims.services.documents import claim_document_add
from claims.services.drafts import claim_draft_create
from tests import factories as f
from tests.claims.conftest import pdf
from tests.claims.review_support import reason_code

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "value"),
    [("3,000", "3000.00"), ("₹ 3,000", "3000.00"), ("1,23,456.50", "123456.50"), ("19,998", "19998.00")],
)
def test_post_claims_reads_indian_grouping_and_the_rupee_sign(client_for, typed, value):
    order = f.completed_order(price="200000.00")
    response = client_for(order.seller.owner).post(
        "/api/v1/claims/",
        {"order": order.reference, "remedy": "partial_refund", "amount": typed},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == value
    assert Claim.objects.get().amount == Decimal(value)


def test_api_money_refusals_are_sentences_and_nothing_is_made(client_for):
    seller = f.SellerAccountFactory().owner
    partner = f.guaranteed_partner()
    response = client_for(seller).post(
        "/api/v1/orders/",
        {"partner": partner.slug, "scope": "Fifty listings.", "budget": "-5"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["budget"] == ["The amount must be at least ₹0.00."]
    bad = client_for(seller).post(
        "/api/v1/orders/",
        {"partner": partner.slug, "scope": "Fifty listings.", "budget": "12,34"},
        content_type="application/json",
    )
    assert bad.json()["budget"] == ["Enter the amount in rupees, for example 25,000 or ₹1,23,456.50."]
    ok = client_for(seller).post(
        "/api/v1/orders/",
        {"partner": partner.slug, "scope": "Fifty listings.", "budget": "₹ 9,998"},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["budget"] == "9998.00"


def test_claim_wizard_details_step_saves_an_indian_amount(client_for):
    order = f.completed_order(price="50000.00")
    seller = order.seller.owner
    draft = claim_draft_create(order=order, user=seller)
    response = client_for(seller).post(
        reverse("claims:step_details", args=[draft.reference]),
        {
            "reason": "not_delivered",
            "description": "Nothing was delivered at all, not one listing.",
            "resolution_attempt": "Called the partner twice and wrote once.",
            "resolution_confirmed": "on",
            "remedy": "partial_refund",
            "amount": "₹ 3,000",
        },
    )
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.amount == Decimal("3000.00")


def test_reason_codes_are_listed_for_staff_only(client_for, reviewer):
    reason_code("scope_not_delivered", "Scope not delivered", "upheld,partially_upheld")
    reason_code("insufficient_evidence", "Insufficient evidence", "")
    reason_code("old_code", "Old").__class__.objects.filter(code="old_code").update(is_active=False)
    body = client_for(reviewer).get("/api/v1/review/reason-codes/").json()
    assert {r["code"] for r in body} == {"scope_not_delivered", "insufficient_evidence"}
    scope = next(r for r in body if r["code"] == "scope_not_delivered")
    assert scope == {
        "code": "scope_not_delivered",
        "label": "Scope not delivered",
        "outcomes": ["upheld", "partially_upheld"],
    }
    every = next(r for r in body if r["code"] == "insufficient_evidence")
    assert every["outcomes"] == list(Claim.Outcome.values)
    assert client_for(f.SellerAccountFactory().owner).get("/api/v1/review/reason-codes/").status_code == 403


def test_decide_with_an_unknown_reason_code_names_the_valid_ones(client_for, reviewer):
    reason_code("scope_not_delivered")
    claim = f.ClaimFactory(status="under_review")
    response = client_for(reviewer).post(
        f"/api/v1/review/claims/{claim.reference}/decide/",
        {
            "outcome": "rejected",
            "reason_code": "nonsense",
            "rationale": "The work was delivered as agreed in the scope.",
            "version": claim.version,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "scope_not_delivered" in response.json()["reason_code"][0]
    claim.refresh_from_db()
    assert claim.status == "under_review"


def _awaiting_seller(reviewer):
    order = f.completed_order()
    seller = order.seller.owner
    draft = claim_draft_create(
        order=order,
        user=seller,
        reason="not_delivered",
        description="Nothing was delivered at all, not one listing.",
        resolution_attempt="Called the partner twice and wrote once.",
        resolution_confirmed=True,
        remedy="full_refund",
    )
    claim_document_add(claim=draft, user=seller, file=pdf(), kind="invoice")
    claim = claim_submit(claim=draft, user=seller)
    claim = claim_info_request(
        claim=claim,
        reviewer=reviewer,
        party="seller",
        question="Please send the hand-over e-mail.",
        expected_version=claim.version,
    )
    claim = Claim.objects.get(pk=getattr(claim, "claim_id", None) or claim.pk)
    assert claim.status == "awaiting_seller"
    return claim, seller


def test_seller_answers_an_information_request_over_the_api(client_for, reviewer):
    claim, seller = _awaiting_seller(reviewer)
    client = client_for(seller)
    empty = client.post(f"/api/v1/claims/{claim.reference}/answer/", {}, content_type="application/json")
    assert empty.status_code == 400 and "message" in empty.json()
    response = client.post(
        f"/api/v1/claims/{claim.reference}/answer/",
        {"message": "Attached: the hand-over e-mail of 3 November."},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "under_review"
    request = InformationRequest.objects.get(claim=claim)
    assert request.answer.startswith("Attached") and request.answered_at is not None
    again = client.post(
        f"/api/v1/claims/{claim.reference}/answer/", {"message": "Again."}, content_type="application/json"
    )
    assert again.status_code == 409


def test_partner_cannot_answer_for_the_seller(client_for, reviewer):
    claim, _seller = _awaiting_seller(reviewer)
    member = f.PartnerMemberFactory(partner=claim.partner).user
    response = client_for(member).post(
        f"/api/v1/claims/{claim.reference}/answer/", {"message": "Not mine."}, content_type="application/json"
    )
    assert response.status_code == 404
    claim.refresh_from_db()
    assert claim.status == "awaiting_seller"
