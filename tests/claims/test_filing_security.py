"""Every claim URL, page and endpoint, for each role that may not see it: 404, and nothing changes.

Internal events (support's notes) never reach a seller or a partner, on any page or endpoint.
"""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Claim, ClaimDocument, ClaimEvent
from claims.services import claim_document_add, claim_submit
from claims.services.documents import document_token
from tests import factories as f
from tests.claims.conftest import pdf

pytestmark = pytest.mark.django_db

SECRET = "INTERNAL-NOTE-7731"


@pytest.fixture
def world(ready_draft, order, order_seller, order_partner_user):
    claim = claim_submit(claim=ready_draft, user=order_seller)
    ClaimEvent.record(
        claim, kind=ClaimEvent.Kind.NOTE, visibility=ClaimEvent.Visibility.INTERNAL, message=SECRET
    )
    # A second order of the same seller with a draft on it.
    other_order = f.completed_order(seller=order.seller, partner=order.partner)
    from claims.services import claim_draft_start

    draft = claim_draft_start(order=other_order, user=order_seller)
    claim_document_add(claim=draft, user=order_seller, file=pdf("draft-invoice.pdf"), kind="invoice")
    return {"claim": claim, "draft": draft, "other_order": other_order}


def page_urls(claim, draft, order):
    ref, token = claim.reference, document_token(claim.documents.first())
    dref, dtoken = draft.reference, document_token(draft.documents.first())
    gets = [
        reverse("claims:detail", args=[ref]),
        reverse("claims:document", args=[ref, token]),
        reverse("claims:console_detail", args=[ref]),
        reverse("claims:detail", args=[dref]),
        reverse("claims:step_details", args=[dref]),
        reverse("claims:step_documents", args=[dref]),
        reverse("claims:step_review", args=[dref]),
        reverse("claims:document", args=[dref, dtoken]),
        reverse("claims:new") + f"?order={order.reference}",
    ]
    posts = [
        reverse("claims:withdraw", args=[ref]),
        reverse("claims:message", args=[ref]),
        reverse("claims:document_add", args=[ref]),
        reverse("claims:appeal", args=[ref]),
        reverse("claims:offer_accept", args=[ref]),
        reverse("claims:offer_decline", args=[ref]),
        reverse("claims:info_answer", args=[ref]),
        reverse("claims:console_respond", args=[ref]),
        reverse("claims:console_message", args=[ref]),
        reverse("claims:console_document_add", args=[ref]),
        reverse("claims:console_info_answer", args=[ref]),
        reverse("claims:withdraw", args=[dref]),
        reverse("claims:step_details", args=[dref]),
        reverse("claims:step_documents", args=[dref]),
        reverse("claims:step_review", args=[dref]),
        reverse("claims:step_document_remove", args=[dref, dtoken]),
        reverse("claims:new") + f"?order={order.reference}",
    ]
    return gets, posts


def api_urls(claim, draft, order):
    gets = [
        f"/api/v1/claims/{claim.reference}/",
        f"/api/v1/claims/{claim.reference}/documents/",
        f"/api/v1/claims/{draft.reference}/",
        f"/api/v1/orders/{order.reference}/claim-eligibility/",
    ]
    posts = [
        f"/api/v1/claims/{ref}/{action}/"
        for ref in (claim.reference, draft.reference)
        for action in (
            "documents",
            "submit",
            "messages",
            "withdraw",
            "appeal",
            "respond",
            "accept-offer",
            "decline-offer",
        )
    ]
    return gets, posts


def snapshot():
    return (
        list(Claim.objects.order_by("pk").values_list("status", "version", "offer_status", "description")),
        ClaimEvent.objects.count(),
        ClaimDocument.objects.count(),
    )


@pytest.fixture(params=["another_seller", "partner_not_on_order", "anonymous", "staff_not_support"])
def outsider(request, db):
    if request.param == "anonymous":
        return None
    if request.param == "another_seller":
        return f.SellerAccountFactory().owner
    if request.param == "partner_not_on_order":
        return f.PartnerMemberFactory(partner=f.guaranteed_partner()).user
    return f.UserFactory(is_staff=True)


def test_every_claim_page_is_404_for_outsiders(world, order, outsider):
    client = Client()
    if outsider is not None:
        client.force_login(outsider)
    before = snapshot()
    gets, posts = page_urls(world["claim"], world["draft"], order)
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        response = client.post(
            url, {"text": "x", "statement": "x", "answer": "x", "kind": "invoice", "file": pdf()}
        )
        assert response.status_code == 404, url
    assert snapshot() == before


def test_every_claim_endpoint_is_404_for_outsiders(world, order, outsider):
    client = APIClient()
    if outsider is not None:
        client.force_authenticate(outsider)
    before = snapshot()
    gets, posts = api_urls(world["claim"], world["draft"], order)
    for url in gets:
        assert client.get(url).status_code == 404, url
    assert (
        client.patch(f"/api/v1/claims/{world['draft'].reference}/", {"description": "x"}).status_code == 404
    )
    for url in posts:
        response = client.post(url, {"text": "x", "statement": "x", "kind": "invoice", "file": pdf()})
        assert response.status_code == 404, url
    assert snapshot() == before


def test_partner_on_the_order_cannot_see_drafts_or_seller_pages(world, order, order_partner_user, client_for):
    c = client_for(order_partner_user)
    draft, claim = world["draft"], world["claim"]
    for url in (
        reverse("claims:detail", args=[claim.reference]),
        reverse("claims:step_details", args=[draft.reference]),
        reverse("claims:console_detail", args=[draft.reference]),
        reverse("claims:document", args=[draft.reference, document_token(draft.documents.first())]),
    ):
        assert c.get(url).status_code == 404, url
    assert c.post(reverse("claims:offer_accept", args=[claim.reference])).status_code == 404
    assert draft.reference.encode() not in c.get(reverse("claims:console_list")).content


def test_another_member_of_the_seller_account_cannot_open_someone_elses_draft(world, order, client_for):
    colleague = f.UserFactory()
    order.seller.memberships.create(user=colleague)
    c = client_for(colleague)
    assert c.get(reverse("claims:step_details", args=[world["draft"].reference])).status_code == 404
    assert c.get(reverse("claims:detail", args=[world["claim"].reference])).status_code == 200


def test_internal_events_never_reach_seller_or_partner(world, order_seller, order_partner_user, client_for):
    claim = world["claim"]
    seller_page = client_for(order_seller).get(claim.get_absolute_url())
    partner_page = client_for(order_partner_user).get(
        reverse("claims:console_detail", args=[claim.reference])
    )
    assert seller_page.status_code == 200 and partner_page.status_code == 200
    assert SECRET.encode() not in seller_page.content and SECRET.encode() not in partner_page.content
    for user in (order_seller, order_partner_user):
        api = APIClient()
        api.force_authenticate(user)
        data = api.get(f"/api/v1/claims/{claim.reference}/").json()
        assert SECRET not in str(data)
        assert all(e["visibility"] != "internal" for e in data["events"])


def test_documents_download_as_attachment_for_each_party(world, order_seller, order_partner_user, client_for):
    claim = world["claim"]
    url = reverse("claims:document", args=[claim.reference, document_token(claim.documents.first())])
    for user in (order_seller, order_partner_user):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_reviewer_may_download_but_not_see_drafts(world, reviewer, client_for):
    c = client_for(reviewer)
    claim, draft = world["claim"], world["draft"]
    assert (
        c.get(
            reverse("claims:document", args=[claim.reference, document_token(claim.documents.first())])
        ).status_code
        == 200
    )
    assert (
        c.get(
            reverse("claims:document", args=[draft.reference, document_token(draft.documents.first())])
        ).status_code
        == 404
    )


def test_stored_names_are_server_made(world):
    for document in ClaimDocument.objects.all():
        assert "invoice" not in document.file.name
        assert document.file.name.startswith("claims/")
        assert len(document.sha256) == 64


def test_a_discarded_draft_stays_private(ready_draft, order_seller, order_partner_user, reviewer, client_for):
    from claims.services import claim_withdraw

    claim_withdraw(claim=ready_draft, user=order_seller)
    token = document_token(ready_draft.documents.first())
    for user in (order_partner_user, reviewer):
        c = client_for(user)
        assert c.get(reverse("claims:console_detail", args=[ready_draft.reference])).status_code == 404
        assert c.get(reverse("claims:document", args=[ready_draft.reference, token])).status_code == 404
    assert (
        ready_draft.reference.encode()
        not in client_for(order_partner_user).get(reverse("claims:console_list")).content
    )
    assert ready_draft.reference.encode() not in client_for(order_seller).get(reverse("claims:list")).content
