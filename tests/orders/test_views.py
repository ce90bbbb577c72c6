import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partners.models import OrderDocument, Review, ServiceOrder
from tests import factories as f
from tests.orders.factories import accepted_order, completed_order_via_services, requested_order

pytestmark = pytest.mark.django_db
PDF = (  # a whole PDF: uploads check its xref, trailer and startxref
    b"%PDF-1.4\n1 0 obj<<>>endobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
    b"trailer<</Size 2>>\nstartxref\n27\n%%EOF\n"
)


def test_seller_requests_a_service_from_the_profile(seller, guaranteed, client_for):
    partner, _ = guaranteed
    offering = f.OfferingFactory(partner=partner)
    client = client_for(seller)
    page = client.get(f"/partners/{partner.slug}/request/")
    assert page.status_code == 200 and b'for="id_scope"' in page.content
    res = client.post(
        f"/partners/{partner.slug}/request/",
        {"offering": offering.pk, "scope": "Photos of 30 items", "budget": ""},
    )
    order = ServiceOrder.objects.get()
    assert res.status_code == 302 and res["Location"] == f"/orders/{order.reference}/"


def test_request_form_errors_are_shown_next_to_the_field_and_on_top(seller, guaranteed, client_for):
    partner, _ = guaranteed
    res = client_for(seller).post(f"/partners/{partner.slug}/request/", {"scope": "", "budget": "-3"})
    assert res.status_code == 400
    html = res.content.decode()
    assert "Please correct the following" in html
    # One field template: errors next to each field, linked from the field (aria-describedby).
    assert 'id="id_scope-errors"' in html and 'id="id_budget-errors"' in html
    assert 'aria-describedby="id_scope_helptext id_scope-errors"' in html
    assert "The amount must be at least ₹0.00." in html
    assert not ServiceOrder.objects.exists()


def test_partner_member_cannot_request_and_is_told_why(partner_member, guaranteed, client_for):
    partner, _ = guaranteed
    res = client_for(partner_member).get(f"/partners/{partner.slug}/request/")
    assert res.status_code == 403
    assert b"seller account" in res.content


def test_order_pages_show_each_role_its_actions(seller, guaranteed, client_for):
    partner, member = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    seller_page = client_for(seller).get(f"/orders/{order.reference}/").content.decode()
    partner_page = client_for(member).get(f"/orders/{order.reference}/").content.decode()
    assert f"/orders/{order.reference}/accept/" in partner_page
    assert f"/orders/{order.reference}/decline/" in partner_page
    assert f"/orders/{order.reference}/accept/" not in seller_page
    assert f"/orders/{order.reference}/cancel/" in seller_page


def test_another_accounts_order_is_404_on_every_page(
    seller, seller_b, guaranteed, partner_member_y, client_for
):
    partner, member = guaranteed
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    for outsider in (seller_b, partner_member_y):
        c = client_for(outsider)
        assert c.get(f"/orders/{order.reference}/").status_code == 404
        assert c.post(f"/orders/{order.reference}/complete/").status_code == 404
        assert c.post(f"/orders/{order.reference}/cancel/", {"cancel-reason": "x"}).status_code == 404
        assert c.get(f"/orders/{order.reference}/review/").status_code == 404
    order.refresh_from_db()
    assert order.status == "accepted"


def test_anonymous_is_sent_to_sign_in(guaranteed, seller, client):
    partner, _ = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    res = client.get(f"/orders/{order.reference}/")
    assert res.status_code == 302 and "/accounts/login/" in res["Location"]


def test_partner_accepts_and_completes_from_the_page(seller, guaranteed, client_for):
    partner, member = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    c = client_for(member)
    res = c.post(f"/orders/{order.reference}/accept/", {"agreed_price": "abc", "scope": "ok"})
    assert res.status_code == 400 and b'id="id_agreed_price-errors"' in res.content
    res = c.post(f"/orders/{order.reference}/accept/", {"agreed_price": "8000", "scope": "ok scope"})
    assert res.status_code == 302
    res = c.post(f"/orders/{order.reference}/complete/")
    order.refresh_from_db()
    assert order.status == "completed" and order.covered


def test_completed_covered_order_shows_claim_link_and_review_to_the_seller(seller, guaranteed, client_for):
    partner, member = guaranteed
    order = completed_order_via_services(seller_user=seller, partner=partner, member=member)
    html = client_for(seller).get(f"/orders/{order.reference}/").content.decode()
    assert f"/claims/new/?order={order.reference}" in html
    assert f"/orders/{order.reference}/review/" in html
    partner_html = client_for(member).get(f"/orders/{order.reference}/").content.decode()
    assert "/claims/new/" not in partner_html


def test_review_form_publishes_one_review(seller, guaranteed, client_for):
    partner, member = guaranteed
    order = completed_order_via_services(seller_user=seller, partner=partner, member=member)
    c = client_for(seller)
    res = c.post(f"/orders/{order.reference}/review/", {"rating": "9", "text": "short"})
    assert res.status_code == 400 and not Review.objects.exists()
    res = c.post(f"/orders/{order.reference}/review/", {"rating": "4", "text": "Good work, a bit late."})
    assert res.status_code == 302
    partner.refresh_from_db()
    assert partner.review_count == 1
    res = c.get(f"/orders/{order.reference}/review/")
    assert res.status_code == 302  # already reviewed
    assert Review.objects.count() == 1


def test_document_upload_and_permission_checked_download(
    seller, seller_b, guaranteed, client_for, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    partner, member = guaranteed
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    c = client_for(member)
    bad = c.post(
        f"/orders/{order.reference}/documents/",
        {"kind": "invoice", "file": SimpleUploadedFile("x.pdf", b"<html>")},
    )
    assert bad.status_code == 400 and b"Only PDF, PNG and JPEG" in bad.content
    ok = c.post(
        f"/orders/{order.reference}/documents/",
        {"kind": "invoice", "file": SimpleUploadedFile("Invoice 7.pdf", PDF)},
    )
    assert ok.status_code == 302
    doc = OrderDocument.objects.get()
    url = f"/orders/{order.reference}/documents/{doc.pk}/"
    res = client_for(seller).get(url)
    assert res.status_code == 200
    assert res["Content-Disposition"].startswith("attachment")
    assert b"".join(res.streaming_content) == PDF
    assert client_for(seller_b).get(url).status_code == 404


def test_order_list_query_budget(seller, guaranteed, client_for, django_assert_max_num_queries):
    partner, member = guaranteed
    for _ in range(12):
        requested_order(seller_user=seller, partner=partner)
    c = client_for(seller)
    with django_assert_max_num_queries(12):
        res = c.get("/orders/")
    assert res.status_code == 200
    assert res.content.decode().count("/orders/SO-") == 12


def test_reviewed_order_page_shows_the_stars_and_no_review_button(seller, guaranteed, client_for):
    from partners.services.reviews import review_create

    partner, member = guaranteed
    order = completed_order_via_services(seller_user=seller, partner=partner, member=member)
    review_create(order=order, user=seller, rating=4, text="Good work, a bit late.", title="Solid")
    html = client_for(seller).get(f"/orders/{order.reference}/").content.decode()
    assert "★★★★<" in html and "Solid" in html
    assert f"/orders/{order.reference}/review/" not in html
