"""The API of the Resolution Centre: shapes, scoping, refusals (DESIGN, contract additions)."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from claims.models import Claim
from resolution.models import Issue, OrderMessage
from tests import factories as f
from tests.resolution.conftest import PDF, outbox


def api(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def url(order, tail=""):
    return f"/api/v1/orders/{order.reference}/{tail}"


ISSUE = {
    "reason": "not_completed_as_agreed",
    "remedy": "partial_refund",
    "amount": "2500.00",
    "description": "Half the images are the wrong size.",
}


def test_report_then_get_has_the_shape_design_names(order, seller):
    response = api(seller).post(url(order, "issue/"), ISSUE, format="json")
    assert response.status_code == 201, response.json()
    body = api(seller).get(url(order, "issue/")).json()
    for key in (
        "status",
        "reason",
        "remedy",
        "amount",
        "description",
        "respond_by",
        "fulfil_by",
        "escalable",
        "escalable_reason",
        "claim",
        "events",
    ):
        assert key in body, key
    assert body["status"] == "open" and body["amount"] == "2500.00"
    assert body["respond_by"].endswith("+05:30")
    assert body["fulfil_by"] is None and body["claim"] is None
    assert body["escalable"] is False and "answer" in body["escalable_reason"]
    assert body["events"][0]["kind"] == "reported"
    assert "withdraw" in body["actions"] and "escalate" not in body["actions"]


def test_amount_above_price_is_a_400_naming_the_field(order, seller):
    response = api(seller).post(url(order, "issue/"), {**ISSUE, "amount": "10000.50"}, format="json")
    assert response.status_code == 400
    assert "amount" in response.json() and "agreed price" in response.json()["amount"][0]
    assert not Issue.objects.exists()


def test_second_report_is_a_409(order, seller):
    assert api(seller).post(url(order, "issue/"), ISSUE, format="json").status_code == 201
    response = api(seller).post(url(order, "issue/"), ISSUE, format="json")
    assert response.status_code == 409 and response.json()["code"] == "issue_exists"


def test_counter_accept_counter_and_the_order_gains_terms_and_issue(order, seller, partner_member):
    api(seller).post(url(order, "issue/"), ISSUE, format="json")
    fulfil = (date.today() + timedelta(days=4)).isoformat()
    response = api(partner_member).post(
        url(order, "issue/respond/"),
        {"action": "counter", "remedy": "redo", "fulfil_by": fulfil, "message": "We redo them."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "partner_countered"
    assert response.json()["fulfil_by"].startswith(fulfil) and response.json()["fulfil_by"].endswith("+05:30")
    detail = api(seller).get(f"/api/v1/orders/{order.reference}/").json()
    assert detail["issue"] == Issue.objects.get().reference
    assert detail["terms"]["version"] == order.guarantee_terms.version
    assert {p["key"] for p in detail["terms"]["parameters"]} >= {"delivery_timeline"}
    response = api(seller).post(url(order, "issue/accept-counter/"), {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "partner_accepted"
    assert response.json()["remedy"] == "redo" and response.json()["amount"] is None


def test_the_wrong_side_is_refused_and_strangers_get_404(
    order, seller, seller_b, partner_member, partner_member_y
):
    api(seller).post(url(order, "issue/"), ISSUE, format="json")
    assert (
        api(seller).post(url(order, "issue/respond/"), {"action": "decline"}, format="json").status_code
        == 403
    )
    assert api(partner_member).post(url(order, "issue/withdraw/"), {}, format="json").status_code == 403
    for stranger in (seller_b, partner_member_y):
        for tail in ("issue/", "messages/"):
            assert api(stranger).get(url(order, tail)).status_code == 404
        assert api(stranger).post(url(order, "issue/withdraw/"), {}, format="json").status_code == 404
        assert api(stranger).post(url(order, "messages/"), {"body": "hi"}, format="json").status_code == 404
    assert Issue.objects.get().status == "open"
    assert not OrderMessage.objects.exists()


def test_escalate_refused_with_reason_then_allowed_after_decline(order, seller, partner_member):
    api(seller).post(url(order, "issue/"), ISSUE, format="json")
    response = api(seller).post(url(order, "issue/escalate/"), {}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "not_escalable"
    assert response.json()["escalable_reason"] == "awaiting_partner"
    assert not Claim.objects.exists()
    api(partner_member).post(
        url(order, "issue/respond/"), {"action": "decline", "message": "All delivered."}, format="json"
    )
    assert api(seller).get(url(order, "issue/")).json()["escalable"] is True
    response = api(seller).post(url(order, "issue/escalate/"), {}, format="json")
    assert response.status_code == 200, response.json()
    claim = Claim.objects.get()
    assert response.json()["claim"] == claim.reference and claim.status == "draft"
    body = api(seller).get(url(order, "issue/")).json()
    assert body["status"] == "escalated" and body["claim"] == claim.reference


def test_stale_version_is_a_409(order, seller, partner_member):
    api(seller).post(url(order, "issue/"), ISSUE, format="json")
    response = api(partner_member).post(
        url(order, "issue/respond/"), {"action": "decline", "message": "no", "version": 99}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "issue_conflict"


def test_messages_json_and_multipart_paginated_and_the_other_side_told_once(
    order, seller, partner_member, client_for
):
    assert (
        api(seller).post(url(order, "messages/"), {"body": "<b>Hello</b>"}, format="json").status_code == 201
    )
    upload = SimpleUploadedFile("invoice.pdf", PDF, content_type="application/pdf")
    response = api(seller).post(
        url(order, "messages/"), {"body": "The invoice", "file": upload}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    attachment = response.json()["attachments"][0]
    assert attachment["name"] == "invoice.pdf" and attachment["content_type"] == "application/pdf"
    listing = api(partner_member).get(url(order, "messages/")).json()
    assert listing["count"] == 2 and listing["results"][0]["body"] == "<b>Hello</b>"
    assert listing["results"][0]["party"] == "seller"
    download = client_for(partner_member).get(attachment["url"])
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    # Two messages within the hour: the partner is told once.
    assert len([m for m in outbox("order_message") if m.recipient == partner_member.email]) == 1
    assert not [m for m in outbox("order_message") if m.recipient == seller.email]


def test_disguised_pdf_attachment_is_refused(order, seller):
    fake = SimpleUploadedFile(
        "invoice.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    response = api(seller).post(
        url(order, "messages/"), {"body": "see file", "file": fake}, format="multipart"
    )
    assert response.status_code == 400 and "file" in response.json()
    png_named_pdf = SimpleUploadedFile(
        "invoice.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 40, content_type="application/pdf"
    )
    response = api(seller).post(url(order, "messages/"), {"file": png_named_pdf}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()
    assert not OrderMessage.objects.exists()


def test_message_too_long_names_the_body(order, seller):
    response = api(seller).post(url(order, "messages/"), {"body": "x" * 5001}, format="json")
    assert response.status_code == 400 and "body" in response.json()


@pytest.mark.parametrize("with_issue", [False, True])
def test_support_reads_the_thread_only_once_an_issue_exists(order, seller, reviewer, with_issue):
    api(seller).post(url(order, "messages/"), {"body": "hello"}, format="json")
    if with_issue:
        api(seller).post(url(order, "issue/"), ISSUE, format="json")
    response = api(reviewer).get(url(order, "messages/"))
    assert response.status_code == (200 if with_issue else 404)
    # Support reads; it never writes in the parties' thread.
    assert api(reviewer).post(url(order, "messages/"), {"body": "x"}, format="json").status_code == 404


def test_support_reads_once_a_claim_is_filed(db, reviewer):
    claim = f.ClaimFactory()
    assert api(reviewer).get(url(claim.order, "messages/")).status_code == 200
    assert api(None).get(url(claim.order, "messages/")).status_code == 404


def test_acting_on_an_issue_the_other_side_just_closed_is_a_409_not_a_404(order, seller, partner_member):
    api(seller).post(url(order, "issue/"), ISSUE, format="json")
    assert api(seller).post(url(order, "issue/withdraw/"), {}, format="json").status_code == 200
    response = api(partner_member).post(
        url(order, "issue/respond/"), {"action": "decline", "message": "Too late"}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "issue_state"
    assert Issue.objects.get().status == "withdrawn"
