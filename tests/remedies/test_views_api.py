"""The remedy API and pages, the panels the hooks hand to the claim and order pages,
support's remedy queue and the lead's enrolment pages."""

from datetime import timedelta

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from claims.hooks import claim_evidence_panels, claim_party_panels
from guarantees.models import Enrollment
from remedies.models import Remedy
from remedies.services import remedies_sweep, remedy_fulfil
from tests import factories as f
from tests.remedies.conftest import REFUND

pytestmark = pytest.mark.django_db


def url(world, action=""):
    return f"/api/v1/claims/{world['claim'].reference}/remedy/{action}"


def test_api_shape_for_both_sides_and_404_for_strangers(world, api_for, seller_b, partner_member_y):
    body = api_for(world["seller"]).get(url(world)).json()
    assert {"status", "kind", "amount", "due_on", "payment_reference"} <= set(body)
    assert (body["status"], body["kind"], body["amount"]) == ("due", "partial_refund", "4000.00")
    assert api_for(world["partner"]).get(url(world)).status_code == 200
    for stranger in (seller_b, partner_member_y, None):
        assert api_for(stranger).get(url(world)).status_code == 404


def test_api_refund_without_reference_names_the_field(world, api_for):
    response = api_for(world["partner"]).post(
        url(world, "fulfil/"), {"amount": "4000.00", "paid_on": "2026-11-30"}
    )
    assert response.status_code == 400
    assert "payment_reference" in response.json()
    assert Remedy.objects.get(pk=world["remedy"].pk).status == "due"


def test_api_fulfil_then_seller_confirms(world, api_for):
    done = api_for(world["partner"]).post(
        url(world, "fulfil/"), {**REFUND, "amount": "4000.00"}, format="json"
    )
    assert done.status_code == 200 and done.json()["status"] == "fulfilled"
    assert api_for(world["partner"]).post(url(world, "confirm/")).status_code == 403
    assert api_for(world["seller"]).post(url(world, "dispute/"), {"reason": ""}).status_code == 400
    confirmed = api_for(world["seller"]).post(url(world, "confirm/"))
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"


def test_partner_form_refusal_shows_the_error_next_to_the_field(world, client_for):
    page = client_for(world["partner"]).post(
        f"/claims/{world['claim'].reference}/remedy/fulfil/", {"amount": "4000.00", "paid_on": "2026-11-30"}
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="id_payment_reference_error1"' in html and "UTR" in html
    ok = client_for(world["partner"]).post(
        f"/claims/{world['claim'].reference}/remedy/fulfil/", {**REFUND, "amount": "4000.00"}
    )
    assert ok.status_code == 302 and ok.headers["Location"] == f"/console/claims/{world['claim'].reference}/"
    seller = client_for(world["seller"]).post(f"/claims/{world['claim'].reference}/remedy/confirm/")
    assert seller.headers["Location"] == f"/claims/{world['claim'].reference}/"
    assert Remedy.objects.get(pk=world["remedy"].pk).status == "confirmed"


def _remedy_panel(results):
    """The remedies app's panel among every app's (the Resolution Centre adds its own)."""
    return next(r for r in results if r and r[0].startswith("remedies/"))


def test_panels_offer_each_side_its_own_form(world):
    request = RequestFactory().get("/")
    request.user = world["partner"]
    template, context = _remedy_panel(claim_party_panels.call(request, world["claim"], "partner"))
    assert "fulfil_form" in context and "confirm_form" not in context
    html = render_to_string(template, context, request=request)
    assert "Record the refund" in html and "₹4,000.00" in html
    remedy_fulfil(remedy=world["remedy"], user=world["partner"], **REFUND)
    request.user = world["seller"]
    _template, context = _remedy_panel(claim_party_panels.call(request, world["claim"], "seller"))
    assert {"confirm_form", "dispute_form"} <= set(context) and "fulfil_form" not in context
    _template, context = _remedy_panel(claim_evidence_panels.call(request, world["claim"]))
    assert "settle_form" in context


def test_reviewer_queue_lists_overdue_and_support_settles(world, client_for):
    with time_machine.travel(timezone.now() + timedelta(days=20)):
        remedies_sweep()
    client = client_for(world["reviewer"])
    page = client.get("/review/remedies/?status=overdue").content.decode()
    assert world["claim"].reference in page
    assert world["claim"].reference not in client.get("/review/remedies/?status=disputed").content.decode()
    refused = client.post(f"/review/remedies/{world['remedy'].pk}/settle/", {"note": "short"})
    assert refused.status_code == 400
    settled = client.post(
        f"/review/remedies/{world['remedy'].pk}/settle/",
        {"note": "The partner paid by cheque; receipt checked."},
    )
    assert settled.status_code == 302
    assert Remedy.objects.get(pk=world["remedy"].pk).confirmation == "support"


def test_lead_decides_an_application_in_the_workspace(lead, reviewer, client_for):
    partner = f.PartnerFactory()
    f.published_terms(partner)
    Enrollment.objects.create(partner=partner, status="applied")
    assert client_for(reviewer).get("/review/enrolments/").status_code == 404
    listing = client_for(lead).get("/review/enrolments/").content.decode()
    assert partner.name in listing
    detail = client_for(lead).get(f"/review/enrolments/{partner.slug}/").content.decode()
    assert "Programme checklist" in detail and "Current guarantee terms" in detail
    response = client_for(lead).post(
        f"/review/enrolments/{partner.slug}/decide/",
        {"action": "reject", "reason": "Response time is too long."},
    )
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(partner=partner)
    assert (enrollment.status, enrollment.reason) == ("rejected", "Response time is too long.")
    again = client_for(lead).post(f"/review/enrolments/{partner.slug}/decide/", {"action": "approve"})
    assert again.status_code == 400


def test_reviewer_queue_filter_by_remedy_status(world, client_for, api_for):
    other = f.ClaimFactory()
    with time_machine.travel(timezone.now() + timedelta(days=20)):
        remedies_sweep()
    refs = [
        c["reference"]
        for c in api_for(world["reviewer"]).get("/api/v1/review/claims/?remedy=overdue").json()["results"]
    ]
    assert refs == [world["claim"].reference]
    assert api_for(world["reviewer"]).get("/api/v1/review/claims/?remedy=disputed").json()["count"] == 0
    page = client_for(world["reviewer"]).get("/review/?remedy=overdue").content.decode()
    assert world["claim"].reference in page and other.reference not in page
    # Without the filter the default (open claims) is unchanged: the decided claim is not in it.
    default = client_for(world["reviewer"]).get("/review/").content.decode()
    assert other.reference in default and world["claim"].reference not in default
