"""The claims API: eligibility, drafts, documents, submit, messages, withdraw, appeal, offers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import Claim, ClaimDocument
from tests import factories as f
from tests.claims.conftest import EXE, PNG, big_file, pdf, upload

pytestmark = pytest.mark.django_db

FIELDS = {
    "reason": "not_delivered",
    "description": "Nothing was delivered.",
    "resolution_attempt": "Called three times.",
    "resolution_confirmed": True,
    "remedy": "full_refund",
}


def test_eligibility_endpoint_shape(api_for, order, order_seller):
    data = api_for(order_seller).get(f"/api/v1/orders/{order.reference}/claim-eligibility/").json()
    assert data["eligible"] is True and data["reasons"] == []
    assert data["deadline"].endswith("+05:30") and "T23:59:59.999999" in data["deadline"]


def test_eligibility_endpoint_gives_codes_and_messages(api_for, db):
    order = f.completed_order(covered=False)
    data = api_for(order.seller.owner).get(f"/api/v1/orders/{order.reference}/claim-eligibility/").json()
    assert data["eligible"] is False
    assert [r["code"] for r in data["reasons"]] == ["partner_not_guaranteed"]
    assert data["reasons"][0]["message"]


def test_full_api_journey(api_for, order, order_seller, order_partner_user):
    seller = api_for(order_seller)
    created = seller.post("/api/v1/claims/", {"order": order.reference, **FIELDS}, format="json")
    assert created.status_code == 201, created.json()
    draft = created.json()
    assert draft["status"] == "draft" and draft["reference"].startswith("DR-")
    ref = draft["reference"]

    early = seller.post(f"/api/v1/claims/{ref}/submit/", {}, format="json")
    assert early.status_code == 400 and "documents" in early.json()["errors"]

    doc = seller.post(
        f"/api/v1/claims/{ref}/documents/", {"kind": "invoice", "file": pdf()}, format="multipart"
    )
    assert doc.status_code == 201 and doc.json()["content_type"] == "application/pdf"

    submitted = seller.post(f"/api/v1/claims/{ref}/submit/", {"version": draft["version"]}, format="json")
    assert submitted.status_code == 200, submitted.json()
    claim = submitted.json()
    assert claim["status"] == "submitted" and claim["reference"].startswith("CL-")
    assert {
        "reference",
        "order",
        "status",
        "outcome",
        "reason",
        "description",
        "resolution_attempt",
        "remedy",
        "amount",
        "documents",
        "events",
        "version",
    } <= set(claim)
    ref = claim["reference"]
    assert Claim.objects.get().channel == "api"

    assert (
        seller.post(f"/api/v1/claims/{ref}/messages/", {"text": "Hello support"}, format="json").status_code
        == 201
    )

    partner = api_for(order_partner_user)
    listed = partner.get("/api/v1/claims/").json()
    assert [c["reference"] for c in listed["results"]] == [ref]
    answered = partner.post(
        f"/api/v1/claims/{ref}/respond/",
        {"statement": "We offer a refund", "offer_remedy": "partial_refund", "offer_amount": "1500.00"},
        format="json",
    )
    assert answered.status_code == 200, answered.json()
    assert answered.json()["offer"]["status"] == "pending"
    assert "Hello support" not in str(answered.json()["events"])  # the seller's message is not the partner's

    accepted = seller.post(
        f"/api/v1/claims/{ref}/accept-offer/", {"version": answered.json()["version"]}, format="json"
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "decided" and accepted.json()["outcome"] == "resolved_with_partner"

    again = seller.post(f"/api/v1/claims/{ref}/withdraw/", {}, format="json")
    assert again.status_code == 400


def test_a_second_draft_for_an_order_with_a_claim_says_why(api_for, db):
    claim = f.ClaimFactory()
    response = api_for(claim.order.seller.owner).post(
        "/api/v1/claims/", {"order": claim.order.reference}, format="json"
    )
    assert response.status_code == 400
    assert [r["code"] for r in response.json()["reasons"]] == ["claim_exists"]
    assert Claim.objects.count() == 1


def test_order_of_another_seller_is_a_field_error_not_a_leak(api_for, order, seller_b):
    response = api_for(seller_b).post("/api/v1/claims/", {"order": order.reference}, format="json")
    assert response.status_code == 400 and "order" in response.json()["errors"]
    assert not Claim.objects.exists()


def test_stale_version_is_409(api_for, ready_draft, order_seller):
    response = api_for(order_seller).post(
        f"/api/v1/claims/{ready_draft.reference}/submit/", {"version": ready_draft.version + 5}, format="json"
    )
    assert response.status_code == 409
    ready_draft.refresh_from_db()
    assert ready_draft.status == "draft"


def test_appeal_via_api(api_for, db, lead):
    claim = f.ClaimFactory(
        status="decided",
        outcome="rejected",
        decided_at=timezone.now(),
        appeal_deadline=timezone.now() + timedelta(days=14),
    )
    response = api_for(claim.order.seller.owner).post(
        f"/api/v1/claims/{claim.reference}/appeal/",
        {"statement": "Please look again", "version": claim.version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "appealed"


def test_rate_limited_submit_is_429_with_message(api_for, settings, ready_draft, order_seller):
    settings.CLAIMS_PER_SELLER_30_DAYS = 1
    f.ClaimFactory(order=f.completed_order(seller=ready_draft.seller))
    response = api_for(order_seller).post(
        f"/api/v1/claims/{ready_draft.reference}/submit/", {}, format="json"
    )
    assert response.status_code == 429 and "1 claims in the last 30 days" in response.json()["detail"]


# --- bad files: a field error naming the rule; the draft and earlier files intact ---------------


@pytest.mark.parametrize(
    ("make", "rule"),
    [
        (lambda: upload("invoice.pdf", EXE), "Only PDF, PNG and JPEG"),
        (lambda: upload("invoice.pdf", PNG, "application/pdf"), "named .pdf but its contents are a PNG"),
        (lambda: upload("invoice.pdf", b""), "empty"),
        (lambda: big_file(11 * 1024 * 1024), "the limit is 10 MB"),
    ],
    ids=["executable-named-pdf", "png-named-pdf", "empty", "11-MB"],
)
def test_bad_file_is_refused_naming_the_rule(api_for, ready_draft, order_seller, make, rule):
    before = list(ClaimDocument.objects.values_list("pk", "sha256"))
    response = api_for(order_seller).post(
        f"/api/v1/claims/{ready_draft.reference}/documents/",
        {"kind": "invoice", "file": make()},
        format="multipart",
    )
    assert response.status_code == 400
    assert "file" in response.json()["errors"]
    assert rule in " ".join(response.json()["errors"]["file"])
    assert list(ClaimDocument.objects.values_list("pk", "sha256")) == before
    ready_draft.refresh_from_db()
    assert ready_draft.status == "draft" and ready_draft.description


def test_eleventh_file_is_refused(api_for, ready_draft, order_seller):
    api = api_for(order_seller)
    for i in range(9):
        ok = api.post(
            f"/api/v1/claims/{ready_draft.reference}/documents/",
            {"kind": "other", "file": pdf(f"p{i}.pdf")},
            format="multipart",
        )
        assert ok.status_code == 201
    assert ClaimDocument.objects.count() == 10
    response = api.post(
        f"/api/v1/claims/{ready_draft.reference}/documents/",
        {"kind": "other", "file": pdf("eleven.pdf")},
        format="multipart",
    )
    assert response.status_code == 400 and "at most 10 files" in " ".join(response.json()["errors"]["file"])
    assert ClaimDocument.objects.count() == 10


def test_eleventh_file_on_the_page_is_a_field_error(client_for, ready_draft, order_seller, settings):
    settings.UPLOAD_MAX_FILES_PER_CLAIM = 1
    response = client_for(order_seller).post(
        f"/claims/{ready_draft.reference}/edit/documents/", {"kind": "other", "file": pdf("two.pdf")}
    )
    assert response.status_code == 200 and b"at most 1 files" in response.content
    assert ClaimDocument.objects.count() == 1


def test_jpeg_and_png_with_matching_names_are_accepted(api_for, ready_draft, order_seller):
    from tests.claims.conftest import JPEG

    api = api_for(order_seller)
    for name, content in (("photo.jpg", JPEG), ("screen.png", PNG), ("noext", JPEG)):
        response = api.post(
            f"/api/v1/claims/{ready_draft.reference}/documents/",
            {"kind": "other", "file": upload(name, content)},
            format="multipart",
        )
        assert response.status_code == 201, response.json()


def test_patch_saves_draft_fields_and_refuses_after_submit(api_for, ready_draft, order_seller):
    api = api_for(order_seller)
    patched = api.patch(
        f"/api/v1/claims/{ready_draft.reference}/", {"description": "Updated words"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["description"] == "Updated words"
    too_much = api.patch(
        f"/api/v1/claims/{ready_draft.reference}/",
        {"remedy": "partial_refund", "amount": "10000.01"},
        format="json",
    )
    assert too_much.status_code == 400 and "amount" in too_much.json()["errors"]
    submitted = api.post(f"/api/v1/claims/{ready_draft.reference}/submit/", {}, format="json").json()
    late = api.patch(
        f"/api/v1/claims/{submitted['reference']}/", {"description": "Changed later"}, format="json"
    )
    assert late.status_code == 400
    ready_draft.refresh_from_db()
    assert ready_draft.description == "Updated words"


def test_non_in_seller_is_told_why(api_for, db):
    order = f.completed_order(seller=f.SellerAccountFactory(marketplace="UK"))
    response = api_for(order.seller.owner).post("/api/v1/claims/", {"order": order.reference}, format="json")
    assert response.status_code == 400
    assert [r["code"] for r in response.json()["reasons"]] == ["marketplace_not_covered"]
    assert "IN" in response.json()["detail"]
    assert not Claim.objects.exists()


def test_documents_list_and_download_link(api_for, ready_draft, order_seller, client_for):
    documents = api_for(order_seller).get(f"/api/v1/claims/{ready_draft.reference}/documents/").json()
    assert len(documents) == 1 and documents[0]["kind"] == "invoice" and len(documents[0]["sha256"]) == 64
    response = client_for(order_seller).get(documents[0]["url"])
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
