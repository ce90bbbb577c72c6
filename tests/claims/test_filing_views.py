"""The seller's filing pages in steps, the claim page, and the partner console pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ClaimDocument, ClaimEvent
from claims.services import claim_partner_respond, claim_submit
from partnernet.models import OutboxMessage
from tests import factories as f
from tests.claims.conftest import EXE, PNG, pdf, upload

pytestmark = pytest.mark.django_db

DETAILS = {
    "reason": "not_completed_as_agreed",
    "description": "Only 20 of the 50 listings were made.",
    "resolution_attempt": "E-mailed twice, no answer.",
    "resolution_confirmed": "on",
    "remedy": "partial_refund",
    "amount": "2500.00",
}


def test_filing_in_steps_from_eligibility_to_submit(client_for, order, order_seller, order_partner_user):
    c = client_for(order_seller)
    page = c.get(reverse("claims:new") + f"?order={order.reference}")
    assert page.status_code == 200 and b'data-eligible="true"' in page.content
    assert not Claim.objects.exists()  # GET changes nothing

    started = c.post(reverse("claims:new") + f"?order={order.reference}", {"order": order.reference})
    draft = Claim.objects.get()
    assert started.url == reverse("claims:step_details", args=[draft.reference])

    details = c.post(reverse("claims:step_details", args=[draft.reference]), {**DETAILS, "action": "next"})
    assert details.status_code == 302 and details.url == reverse(
        "claims:step_documents", args=[draft.reference]
    )

    uploaded = c.post(
        reverse("claims:step_documents", args=[draft.reference]), {"kind": "invoice", "file": pdf()}
    )
    assert uploaded.status_code == 302
    review = c.get(reverse("claims:step_review", args=[draft.reference]))
    assert b"Submit the claim" in review.content

    draft.refresh_from_db()
    submitted = c.post(reverse("claims:step_review", args=[draft.reference]), {"version": draft.version})
    claim = Claim.objects.get()
    assert claim.status == "submitted" and claim.reference.startswith("CL-")
    assert submitted.url == reverse("claims:detail", args=[claim.reference])
    assert OutboxMessage.objects.filter(recipient=order_partner_user.email).exists()

    listing = c.get(reverse("claims:list"))
    assert claim.reference.encode() in listing.content
    detail = c.get(claim.get_absolute_url())
    assert b"What happens next" in detail.content and b"invoice.pdf" in detail.content


def test_validation_error_on_details_keeps_everything_typed(client_for, order, order_seller):
    c = client_for(order_seller)
    c.post(reverse("claims:new") + f"?order={order.reference}", {"order": order.reference})
    draft = Claim.objects.get()
    bad = {**DETAILS, "amount": "999999", "resolution_confirmed": ""}
    response = c.post(reverse("claims:step_details", args=[draft.reference]), {**bad, "action": "next"})
    assert response.status_code == 200
    assert b"agreed price" in response.content and b"Please correct the following" in response.content
    draft.refresh_from_db()
    assert draft.description == DETAILS["description"]
    assert draft.resolution_attempt == DETAILS["resolution_attempt"]
    assert draft.remedy == "partial_refund" and draft.amount is None
    reload = c.get(reverse("claims:step_details", args=[draft.reference]))
    assert DETAILS["description"].encode() in reload.content


def test_save_and_finish_later_resumes_the_same_draft(client_for, order, order_seller):
    c = client_for(order_seller)
    c.post(reverse("claims:new") + f"?order={order.reference}", {"order": order.reference})
    draft = Claim.objects.get()
    c.post(reverse("claims:step_details", args=[draft.reference]), {"description": "Half", "action": "save"})
    page = c.get(reverse("claims:new") + f"?order={order.reference}")
    assert b"Continue your draft" in page.content
    c.post(reverse("claims:new") + f"?order={order.reference}", {"order": order.reference})
    assert Claim.objects.count() == 1
    assert b"Half" in c.get(reverse("claims:step_details", args=[draft.reference])).content


def test_ineligible_order_says_why_and_what_to_do(client_for, db):
    order = f.completed_order(completed_at=timezone.now() - timedelta(days=45))
    c = client_for(order.seller.owner)
    page = c.get(reverse("claims:new") + f"?order={order.reference}")
    assert b'data-code="window_closed"' in page.content
    assert b"What you can do instead" in page.content and b"support@" in page.content
    c.post(reverse("claims:new") + f"?order={order.reference}", {"order": order.reference})
    assert not Claim.objects.exists()


def test_bad_file_is_a_field_error_and_keeps_earlier_files(client_for, ready_draft, order_seller):
    c = client_for(order_seller)
    url = reverse("claims:step_documents", args=[ready_draft.reference])
    response = c.post(url, {"kind": "invoice", "file": upload("invoice.pdf", EXE)})
    assert response.status_code == 200
    assert b"Only PDF, PNG and JPEG" in response.content
    response = c.post(url, {"kind": "invoice", "file": upload("receipt.pdf", PNG, "application/pdf")})
    assert b"named .pdf but its contents are a PNG" in response.content
    assert ClaimDocument.objects.filter(claim=ready_draft).count() == 1
    ready_draft.refresh_from_db()
    assert ready_draft.description and ready_draft.status == "draft"


def test_remove_a_draft_document(client_for, ready_draft, order_seller):
    from claims.services.documents import document_token

    document = ready_draft.documents.get()
    c = client_for(order_seller)
    c.post(reverse("claims:step_document_remove", args=[ready_draft.reference, document_token(document)]))
    assert not ClaimDocument.objects.exists()


def test_withdraw_from_the_claim_page(client_for, ready_draft, order_seller):
    claim = claim_submit(claim=ready_draft, user=order_seller)
    c = client_for(order_seller)
    response = c.post(reverse("claims:withdraw", args=[claim.reference]), {"version": claim.version})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "withdrawn"


def test_stale_withdraw_says_reload(client_for, ready_draft, order_seller):
    claim = claim_submit(claim=ready_draft, user=order_seller)
    c = client_for(order_seller)
    response = c.post(reverse("claims:withdraw", args=[claim.reference]), {"version": claim.version - 1})
    assert response.status_code == 200 and b"Reload" in response.content
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_partner_answers_with_an_offer_and_the_seller_accepts(
    client_for, ready_draft, order_seller, order_partner_user
):
    claim = claim_submit(claim=ready_draft, user=order_seller)
    partner_client = client_for(order_partner_user)
    listing = partner_client.get(reverse("claims:console_list"))
    assert claim.reference.encode() in listing.content
    page = partner_client.get(reverse("claims:console_detail", args=[claim.reference]))
    assert b"Answer by" in page.content
    response = partner_client.post(
        reverse("claims:console_respond", args=[claim.reference]),
        {
            "statement": "We will refund part of the fee.",
            "offer_remedy": "partial_refund",
            "offer_amount": "3000",
            "version": claim.version,
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.offer_status == "pending" and claim.partner_responded_at

    seller_client = client_for(order_seller)
    assert b"offers to settle" in seller_client.get(claim.get_absolute_url()).content
    seller_client.post(reverse("claims:offer_accept", args=[claim.reference]), {"version": claim.version})
    claim.refresh_from_db()
    assert claim.status == "decided" and claim.outcome == "resolved_with_partner"
    assert claim.is_final and claim.decision_amount == 3000
    assert OutboxMessage.objects.filter(purpose="claim_offer_accepted_partner").exists()
    assert OutboxMessage.objects.filter(purpose="claim_offer_accepted_seller").exists()


def test_offer_above_price_is_refused_on_the_field(client_for, ready_draft, order_seller, order_partner_user):
    claim = claim_submit(claim=ready_draft, user=order_seller)
    response = client_for(order_partner_user).post(
        reverse("claims:console_respond", args=[claim.reference]),
        {
            "statement": "Here",
            "offer_remedy": "partial_refund",
            "offer_amount": "20000",
            "version": claim.version,
        },
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.offer_status == "" and claim.partner_responded_at is None


def test_seller_declines_an_offer(ready_draft, order_seller, order_partner_user, client_for):
    claim = claim_submit(claim=ready_draft, user=order_seller)
    claim = claim_partner_respond(
        claim=claim, user=order_partner_user, statement="Redo?", offer_remedy="redo"
    )
    client_for(order_seller).post(
        reverse("claims:offer_decline", args=[claim.reference]), {"version": claim.version}
    )
    claim.refresh_from_db()
    assert claim.offer_status == "declined" and claim.status == "submitted"
    assert claim.events.filter(kind=ClaimEvent.Kind.OFFER_DECLINED).exists()


def test_message_to_support_appears_for_the_seller_only(
    client_for, ready_draft, order_seller, order_partner_user
):
    claim = claim_submit(claim=ready_draft, user=order_seller)
    client_for(order_seller).post(
        reverse("claims:message", args=[claim.reference]), {"text": "Private note for support"}
    )
    assert b"Private note for support" in client_for(order_seller).get(claim.get_absolute_url()).content
    partner_page = client_for(order_partner_user).get(
        reverse("claims:console_detail", args=[claim.reference])
    )
    assert b"Private note for support" not in partner_page.content


def test_claim_list_query_budget(client_for, django_assert_max_num_queries, db):
    account = f.SellerAccountFactory()
    for _ in range(6):
        f.ClaimFactory(order=f.completed_order(seller=account))
    c = client_for(account.owner)
    with django_assert_max_num_queries(12):
        assert c.get(reverse("claims:list")).status_code == 200


def test_support_files_on_behalf_from_the_page(client_for, order, reviewer):
    c = client_for(reviewer)
    url = reverse("claims:on_behalf") + f"?order={order.reference}"
    assert b'data-eligible="true"' in c.get(url).content
    response = c.post(
        url,
        {
            **DETAILS,
            "support_note": "Seller phoned; the e-mail never arrived.",
            "proof_kind": "payment_receipt",
            "proof_file": pdf("receipt.pdf"),
        },
    )
    claim = Claim.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "claims:review_detail", args=[claim.reference]
    )
    assert claim.channel == "support" and claim.filed_by == reviewer and claim.claimant == order.seller.owner
    assert claim.documents.get().kind == "payment_receipt"


def test_on_behalf_page_is_404_for_sellers_and_partners(client_for, order, order_seller, order_partner_user):
    url = reverse("claims:on_behalf") + f"?order={order.reference}"
    for user in (order_seller, order_partner_user):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).post(url, {**DETAILS, "support_note": "x"}).status_code == 404
    assert not Claim.objects.exists()


def test_on_behalf_with_a_bad_file_files_nothing(client_for, order, reviewer):
    url = reverse("claims:on_behalf") + f"?order={order.reference}"
    response = client_for(reviewer).post(
        url,
        {
            **DETAILS,
            "support_note": "phone",
            "proof_kind": "invoice",
            "proof_file": upload("invoice.pdf", EXE),
        },
    )
    assert response.status_code == 200 and b"Only PDF, PNG and JPEG" in response.content
    assert not Claim.objects.exists()


def test_claim_pages_query_budgets(client_for, django_assert_max_num_queries, db):
    partner = f.guaranteed_partner()
    member = f.PartnerMemberFactory(partner=partner).user
    claims = [f.ClaimFactory(order=f.completed_order(partner=partner)) for _ in range(6)]
    for claim in claims:
        ClaimEvent.record(
            claim, kind=ClaimEvent.Kind.MESSAGE, visibility=ClaimEvent.Visibility.BOTH, message="hi"
        )
    partner_client = client_for(member)
    with django_assert_max_num_queries(12):
        assert partner_client.get(reverse("claims:console_list")).status_code == 200
    with django_assert_max_num_queries(20):
        assert (
            partner_client.get(reverse("claims:console_detail", args=[claims[0].reference])).status_code
            == 200
        )
    seller_client = client_for(claims[0].claimant)
    with django_assert_max_num_queries(20):
        assert seller_client.get(claims[0].get_absolute_url()).status_code == 200


def test_seller_answers_supports_question_on_the_claim_page(client_for, ready_draft, order_seller, reviewer):
    from claims.services import claim_info_request

    claim = claim_submit(claim=ready_draft, user=order_seller)
    claim_info_request(
        claim=claim,
        reviewer=reviewer,
        party="seller",
        question="Which listings are missing?",
        expected_version=None,
    )
    c = client_for(order_seller)
    page = c.get(claim.get_absolute_url())
    assert b"Which listings are missing?" in page.content
    empty = c.post(reverse("claims:info_answer", args=[claim.reference]), {"answer": ""})
    assert empty.status_code == 200
    c.post(reverse("claims:info_answer", args=[claim.reference]), {"answer": "SKU 21 to 50."})
    claim.refresh_from_db()
    assert claim.status == "under_review"
    assert claim.information_requests.get().answer == "SKU 21 to 50."


def test_partner_answers_supports_question_in_the_console(
    client_for, ready_draft, order_seller, order_partner_user, reviewer
):
    from claims.services import claim_info_request

    claim = claim_submit(claim=ready_draft, user=order_seller)
    claim_info_request(
        claim=claim,
        reviewer=reviewer,
        party="partner",
        question="Send the delivery log.",
        expected_version=None,
    )
    c = client_for(order_partner_user)
    assert (
        b"Send the delivery log." in c.get(reverse("claims:console_detail", args=[claim.reference])).content
    )
    c.post(reverse("claims:console_info_answer", args=[claim.reference]), {"answer": "Attached."})
    claim.refresh_from_db()
    assert claim.status == "under_review"


def test_appeal_from_the_claim_page_with_a_document(client_for, db, lead):
    claim = f.ClaimFactory(
        status="decided",
        outcome="rejected",
        rationale="The listings were delivered.",
        decided_at=timezone.now(),
        appeal_deadline=timezone.now() + timedelta(days=14),
    )
    c = client_for(claim.order.seller.owner)
    page = c.get(claim.get_absolute_url())
    assert b"The listings were delivered." in page.content and b"Appeal the decision" in page.content
    response = c.post(
        reverse("claims:appeal", args=[claim.reference]),
        {
            "statement": "Half are missing; see the screenshot.",
            "kind": "other",
            "file": pdf("proof.pdf"),
            "version": claim.version,
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "appealed" and claim.documents.count() == 1
    assert b"Appeal the decision" not in c.get(claim.get_absolute_url()).content


def test_appeal_with_a_bad_file_changes_nothing(client_for, db, lead):
    claim = f.ClaimFactory(
        status="decided",
        outcome="rejected",
        decided_at=timezone.now(),
        appeal_deadline=timezone.now() + timedelta(days=14),
    )
    response = client_for(claim.order.seller.owner).post(
        reverse("claims:appeal", args=[claim.reference]),
        {"statement": "Look again", "kind": "other", "file": upload("x.pdf", EXE), "version": claim.version},
    )
    assert response.status_code == 200 and b"Only PDF, PNG and JPEG" in response.content
    claim.refresh_from_db()
    assert claim.status == "decided" and claim.appealed_at is None and not claim.documents.exists()


def test_background_autosave_keeps_words_and_reports_errors(client_for, order, order_seller):
    c = client_for(order_seller)
    c.post(reverse("claims:new") + f"?order={order.reference}", {"order": order.reference})
    draft = Claim.objects.get()
    response = c.post(
        reverse("claims:step_details", args=[draft.reference]),
        {"description": "Typed so far", "remedy": "partial_refund", "amount": "abc", "action": "autosave"},
    )
    assert response.status_code == 200 and response.json()["saved"] is True
    assert "amount" in response.json()["errors"]
    draft.refresh_from_db()
    assert draft.description == "Typed so far" and draft.status == "draft"


def test_console_claims_paginate_and_partners_are_sent_there(client_for, db):
    partner = f.guaranteed_partner()
    member = f.PartnerMemberFactory(partner=partner).user
    for _ in range(27):
        f.ClaimFactory(order=f.completed_order(partner=partner))
    c = client_for(member)
    first = c.get(reverse("claims:console_list"))
    assert first.content.count(b'href="/console/claims/CL-') == 25 and b"Page 1 of 2" in first.content
    second = c.get(reverse("claims:console_list") + "?page=2")
    assert second.content.count(b'href="/console/claims/CL-') == 2
    assert c.get(reverse("claims:list")).url == reverse("claims:console_list")
