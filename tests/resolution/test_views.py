"""The pages: the order page's panels, the issue form, the partner's answer, the seller's actions."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory

from claims.models import Claim
from resolution.models import Issue, OrderMessage
from resolution.panels import claim_evidence_panel, claim_party_panel
from resolution.services.conversation import message_post
from resolution.services.issues import issue_respond
from tests import factories as f
from tests.resolution.conftest import PDF

ISSUE_FORM = {
    "reason": "quality_below_terms",
    "remedy": "partial_refund",
    "amount": "3000",
    "description": "Images are 800px; the terms promise 2000px.",
}


def page_of(client, order):
    response = client.get(f"/orders/{order.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def test_order_page_shows_the_terms_in_full_the_conversation_and_report_a_problem(
    order, seller, partner_member, client_for
):
    page = page_of(client_for(seller), order)
    terms = order.guarantee_terms
    assert "The guarantee terms of this order" in page
    assert f"Version {terms.version}, published" in page
    for parameter in terms.parameters.all():
        assert parameter.label in page and parameter.value in page
    assert "Conversation with the partner" in page
    assert f"/orders/{order.reference}/issue/new/" in page
    partner_page = page_of(client_for(partner_member), order)
    assert "Conversation with the seller" in partner_page and "/issue/new/" not in partner_page
    assert parameter.label in partner_page


def test_turnaround_that_differs_from_the_terms_says_which_is_guaranteed(
    db, seller, partner_member, client_for
):
    partner = partner_member.partner
    offering = f.OfferingFactory(partner=partner, turnaround_days=3, title="Express listings")
    order = f.completed_order(seller=seller.seller_account, partner=partner)
    order.offering = offering
    order.save(update_fields=["offering"])
    page = page_of(client_for(seller), order)
    assert "advertises a 3-day turnaround, but the terms guarantee 7 days" in page


def test_report_a_problem_form_shows_terms_and_refuses_an_amount_above_price_next_to_the_field(
    order, seller, client_for
):
    client = client_for(seller)
    form_page = client.get(f"/orders/{order.reference}/issue/new/").content.decode()
    assert "The guarantee terms of this order" in form_page
    response = client.post(f"/orders/{order.reference}/issue/new/", {**ISSUE_FORM, "amount": "10000.01"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_amount-errors"' in body and "agreed price" in body
    assert not Issue.objects.exists()
    response = client.post(f"/orders/{order.reference}/issue/new/", ISSUE_FORM)
    assert response.status_code == 302
    assert Issue.objects.get().amount == 3000


def test_partner_answers_from_the_order_page_and_errors_come_back_on_the_answer_page(
    order, seller, partner_member, client_for, report
):
    report(order)
    client = client_for(partner_member)
    page = page_of(client, order)
    assert "Send answer" in page and f"/orders/{order.reference}/issue/respond/" in page
    response = client.post(f"/orders/{order.reference}/issue/respond/", {"action": "accept"})
    assert response.status_code == 400 and 'id="respond_fulfil_by-errors"' in response.content.decode()
    fulfil = (date.today() + timedelta(days=3)).isoformat()
    response = client.post(
        f"/orders/{order.reference}/issue/respond/",
        {"action": "counter", "remedy": "redo", "fulfil_by": fulfil, "message": "We redo it"},
    )
    assert response.status_code == 302
    seller_page = page_of(client_for(seller), order)
    assert "Accept the proposal" in seller_page and "Ask support to step in" in seller_page


def test_seller_escalates_from_the_page_into_the_claim_wizard(
    order, seller, partner_member, client_for, report
):
    issue = issue_respond(issue=report(order), user=partner_member, action="decline", message="Delivered.")
    response = client_for(seller).post(f"/orders/{order.reference}/issue/escalate/")
    claim = Claim.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/claims/{claim.reference}/edit/details/"
    issue.refresh_from_db()
    assert issue.status == "escalated" and issue.claim == claim


def test_escalating_too_early_says_why_and_makes_no_claim(order, seller, client_for, report):
    report(order)
    client = client_for(seller)
    response = client.post(f"/orders/{order.reference}/issue/escalate/", follow=True)
    assert "The partner has until" in response.content.decode()
    assert not Claim.objects.exists()


def test_messages_are_escaped_and_attachments_downloadable_by_the_parties_only(
    order, seller, seller_b, partner_member, partner_member_y, client_for
):
    client = client_for(seller)
    upload = SimpleUploadedFile("scope.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/orders/{order.reference}/messages/", {"body": "<script>alert(1)</script>", "file": upload}
    )
    assert response.status_code == 302
    page = page_of(client_for(partner_member), order)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    attachment = OrderMessage.objects.get().attachments.get()
    path = f"/orders/{order.reference}/messages/{attachment.token}/"
    assert client_for(partner_member).get(path).status_code == 200
    for stranger in (seller_b, partner_member_y):
        assert client_for(stranger).get(path).status_code == 404
        assert client_for(stranger).get(f"/orders/{order.reference}/messages/").status_code == 404
        assert client_for(stranger).get(f"/orders/{order.reference}/issue/new/").status_code == 404


def test_a_disguised_pdf_on_the_page_is_refused_next_to_the_file_field(order, seller, client_for):
    fake = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = client_for(seller).post(f"/orders/{order.reference}/messages/", {"body": "hi", "file": fake})
    assert response.status_code == 400 and 'id="message_file-errors"' in response.content.decode()
    assert not OrderMessage.objects.exists()


def test_conversation_is_paginated_newest_page_first_on_the_order_page(order, seller, client_for):
    for n in range(25):
        message_post(order=order, user=seller, body=f"message number {n:02d}")
    page = page_of(client_for(seller), order)
    assert "message number 24" in page and "message number 04" not in page
    assert "Earlier messages" in page
    earlier = client_for(seller).get(f"/orders/{order.reference}/?messages_page=1").content.decode()
    assert "message number 00" in earlier
    full = client_for(seller).get(f"/orders/{order.reference}/messages/?page=1").content.decode()
    assert "message number 00" in full and "message number 24" not in full


def test_window_warning_when_fewer_than_3_business_days_remain(db, seller, partner_member, client_for):
    import time_machine

    order = f.completed_order(seller=seller.seller_account, partner=partner_member.partner)
    with time_machine.travel(order.claim_deadline - timedelta(days=1)):
        page = page_of(client_for(seller), order)
    assert "Fewer than 3 business days of the claim window remain" in page


@pytest.fixture
def escalated(order, seller, partner_member, report):
    from resolution.services.escalation import issue_escalate

    message_post(order=order, user=partner_member, body="We followed the glossary.")
    issue = issue_respond(issue=report(order), user=partner_member, action="decline", message="Delivered.")
    return issue_escalate(issue=issue, user=seller)


def test_reviewer_evidence_panel_shows_the_issue_timeline_and_the_conversation(escalated, reviewer):
    request = RequestFactory().get("/")
    request.user = reviewer
    template, context = claim_evidence_panel(request, escalated)
    html = render_to_string(template, context, request=request)
    assert "Through an issue" in html and "Partner declined" in html
    assert "We followed the glossary." in html


def test_claim_without_an_issue_is_marked_statement_only(db, reviewer, seller):
    claim = f.ClaimFactory()
    request = RequestFactory().get("/")
    request.user = reviewer
    template, context = claim_evidence_panel(request, claim)
    assert "Statement only" in render_to_string(template, context, request=request)
    template, context = claim_party_panel(request, claim, "seller")
    assert "did not come through an issue" in render_to_string(template, context, request=request)


def test_the_panels_and_the_issue_form_in_hindi(order, seller, client_for):
    client = client_for(seller)
    page = client.get(f"/orders/{order.reference}/", HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    assert "इस ऑर्डर में समस्या" in page and "पार्टनर से बातचीत" in page and "इस ऑर्डर की गारंटी शर्तें" in page
    form = client.get(f"/orders/{order.reference}/issue/new/", HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    assert f"ऑर्डर {order.reference} पर समस्या बताएँ" in form


def test_leads_read_issues_in_the_admin_and_nobody_edits_them(
    order, report, lead, reviewer, client_for, settings
):
    settings.STAFF_REQUIRE_2FA = False
    issue = report(order)
    page = client_for(lead).get(f"/admin/resolution/issue/{issue.pk}/change/")
    assert page.status_code == 200 and "Problem reported" in page.content.decode()
    assert (
        client_for(lead).post(f"/admin/resolution/issue/{issue.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client_for(reviewer).get(f"/admin/resolution/issue/{issue.pk}/change/").status_code in (302, 403)
    assert Issue.objects.filter(pk=issue.pk).exists()


def test_the_request_form_shows_the_partners_current_terms_and_the_turnaround_wording(db, seller, client_for):
    partner = f.guaranteed_partner(name="Terms Partner")
    f.OfferingFactory(partner=partner, title="Quick catalogue", turnaround_days=2)
    page = client_for(seller).get(f"/partners/{partner.slug}/request/").content.decode()
    assert "Guarantee terms of Terms Partner" in page and "Delivery timeline" in page
    assert "“Quick catalogue” advertises a 2-day turnaround, but the terms guarantee 7 days" in page


def test_escalated_draft_shows_the_issue_as_the_record_not_a_checkbox(escalated, seller, client_for):
    """DESIGN §7: escalation counts as "raised with the partner" (evidenced, not only
    stated), so the details step shows the issue instead of a box to tick or untick."""
    from claims.services import claim_missing_items

    claim = escalated
    client = client_for(seller)
    page = client.get(f"/claims/{claim.reference}/edit/details/").content.decode()
    issue = claim.issues.get()
    assert 'id="raised-with-partner"' in page and issue.reference in page
    assert 'name="resolution_confirmed"' not in page
    # Saving the step (no box in the form) keeps the statement; submission does not ask for it.
    response = client.post(
        f"/claims/{claim.reference}/edit/details/",
        {"reason": claim.reason, "description": claim.description, "remedy": claim.remedy,
         "amount": claim.amount or "", "resolution_attempt": claim.resolution_attempt, "action": "next"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"].endswith("/edit/documents/")
    claim.refresh_from_db()
    assert claim.resolution_confirmed
    claim.resolution_confirmed = False  # e.g. unticked through the API: the record still counts
    assert "resolution_confirmed" not in claim_missing_items(claim)
    review = client.get(f"/claims/{claim.reference}/edit/review/").content.decode()
    assert issue.reference in review


def test_a_claim_without_an_issue_still_asks_for_the_statement(order, seller, client_for):
    from claims.services import claim_draft_create, claim_missing_items

    claim = claim_draft_create(order=order, user=seller, reason="not_completed_as_agreed")
    page = client_for(seller).get(f"/claims/{claim.reference}/edit/details/").content.decode()
    assert 'name="resolution_confirmed"' in page and 'id="raised-with-partner"' not in page
    assert "resolution_confirmed" in claim_missing_items(claim)
