from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from claims.models import FeedbackRequest
from partnernet.models import OutboxMessage
from partners.models import OrderDocument, ServiceOrder
from partners.services.orders import (
    OrderStateError,
    order_accept,
    order_cancel,
    order_complete,
    order_decline,
    order_document_add,
    order_request,
)
from tests import factories as f
from tests.orders.factories import accepted_order, requested_order

pytestmark = pytest.mark.django_db

PDF = (  # a whole PDF: uploads check its xref, trailer and startxref
    b"%PDF-1.4\n1 0 obj<<>>endobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
    b"trailer<</Size 2>>\nstartxref\n27\n%%EOF\n"
)


def test_seller_request_creates_requested_order_with_public_reference(seller, guaranteed):
    partner, _ = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    assert order.reference.startswith("SO-")
    assert order.status == ServiceOrder.Status.REQUESTED
    assert order.seller == seller.seller_account
    assert order.budget == Decimal("12000.00")
    assert not order.covered


def test_request_by_a_user_without_seller_account_is_refused(guaranteed):
    partner, member = guaranteed
    with pytest.raises(PermissionDenied):
        order_request(seller_user=f.UserFactory(), partner=partner, offering=None, scope="x" * 20)
    assert not ServiceOrder.objects.exists()


def test_request_with_another_partners_offering_or_empty_scope_names_the_field(seller, guaranteed):
    partner, _ = guaranteed
    other = f.OfferingFactory()
    with pytest.raises(ValidationError) as exc:
        order_request(seller_user=seller, partner=partner, offering=other, scope="fine scope")
    assert "offering" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        order_request(seller_user=seller, partner=partner, offering=None, scope="   ")
    assert "scope" in exc.value.message_dict
    assert not ServiceOrder.objects.exists()


def test_accept_with_active_badge_snapshots_current_terms(seller, guaranteed):
    partner, member = guaranteed
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.ACCEPTED
    assert order.covered is True
    assert order.guarantee_terms.is_current and order.guarantee_terms.partner == partner
    assert order.agreed_price == Decimal("10000.00")
    assert order.scope == "50 listings, 2 rounds"
    assert order.accepted_at is not None


def test_accept_without_badge_is_not_covered(seller, unguaranteed):
    partner, member = unguaranteed
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    assert order.covered is False
    assert order.guarantee_terms is None


def test_badge_gained_after_acceptance_does_not_add_coverage(seller, unguaranteed):
    partner, member = unguaranteed
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    f.published_terms(partner)
    partner.badge_active = True
    partner.save()
    completed = order_complete(order=order, user=member)
    assert completed.covered is False
    assert completed.claim_window_open is False


def test_seller_cannot_accept_or_complete_and_nothing_changes(seller, guaranteed):
    partner, member = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    with pytest.raises(PermissionDenied):
        order_accept(order=order, user=seller, agreed_price="100")
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.REQUESTED and order.agreed_price is None


def test_member_of_another_partner_cannot_act(seller, guaranteed, partner_member_y):
    partner, _ = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    with pytest.raises(PermissionDenied):
        order_decline(order=order, user=partner_member_y, reason="Not ours")


def test_completing_a_requested_order_is_refused_with_a_clear_message(seller, guaranteed):
    partner, member = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    with pytest.raises(OrderStateError) as exc:
        order_complete(order=order, user=member)
    assert "requested" in str(exc.value.messages[0])
    order.refresh_from_db()
    assert order.completed_at is None
    assert not FeedbackRequest.objects.exists()


def test_negative_or_missing_price_is_refused(seller, guaranteed):
    partner, member = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    for bad in ("-1", "", "abc", "1.234"):
        with pytest.raises(ValidationError) as exc:
            order_accept(order=order, user=member, agreed_price=bad)
        assert "agreed_price" in exc.value.message_dict


def test_decline_needs_a_reason_and_is_final(seller, guaranteed):
    partner, member = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    with pytest.raises(ValidationError):
        order_decline(order=order, user=member, reason="  ")
    order_decline(order=order, user=member, reason="Fully booked this month")
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.DECLINED
    assert order.close_reason == "Fully booked this month"
    with pytest.raises(OrderStateError):
        order_accept(order=order, user=member, agreed_price="100")


def test_either_side_cancels_before_completion_but_not_after(seller, guaranteed):
    partner, member = guaranteed
    by_seller = requested_order(seller_user=seller, partner=partner)
    order_cancel(order=by_seller, user=seller, reason="Found someone closer")
    by_seller.refresh_from_db()
    assert by_seller.status == "cancelled" and by_seller.cancelled_by == seller

    by_partner = accepted_order(seller_user=seller, partner=partner, member=member)
    order_cancel(order=by_partner, user=member, reason="Staff unavailable")
    by_partner.refresh_from_db()
    assert by_partner.status == "cancelled" and by_partner.cancelled_by == member

    done = accepted_order(seller_user=seller, partner=partner, member=member)
    order_complete(order=done, user=member)
    with pytest.raises(OrderStateError):
        order_cancel(order=done, user=seller, reason="changed my mind")
    done.refresh_from_db()
    assert done.status == "completed"


def test_complete_starts_window_and_sends_one_feedback_email(
    seller, guaranteed, django_capture_on_commit_callbacks
):
    partner, member = guaranteed
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order_complete(order=order, user=member)
    order.refresh_from_db()
    assert order.status == "completed" and order.completed_at is not None
    assert order.claim_window_open is True
    assert order.claim_deadline > order.completed_at
    feedback_mails = [m for m in mail.outbox if m.extra_headers["X-PartnerNet-Purpose"] == "order_feedback"]
    assert len(feedback_mails) == 1 and feedback_mails[0].to == [seller.email]
    assert OutboxMessage.objects.get(purpose="order_feedback").status == "sent"
    # a second completion is refused and sends nothing more
    with pytest.raises(OrderStateError), django_capture_on_commit_callbacks(execute=True):
        order_complete(order=order, user=member)
    assert OutboxMessage.objects.filter(purpose="order_feedback").count() == 1


def test_completion_rolled_back_sends_nothing(seller, guaranteed):
    partner, member = guaranteed
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    mail.outbox.clear()

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        order_complete(order=order, user=member)
        raise Boom
    order.refresh_from_db()
    assert order.status == "accepted"
    assert not OutboxMessage.objects.filter(purpose="order_feedback").exists()
    assert not FeedbackRequest.objects.exists()
    assert mail.outbox == []


def test_document_is_checked_by_content_and_stored_under_a_server_name(
    seller, guaranteed, settings, tmp_path
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
    fake = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        order_document_add(order=order, user=seller, kind="invoice", file=fake)
    assert "file" in exc.value.message_dict
    assert not OrderDocument.objects.exists()

    good = SimpleUploadedFile("../../etc/My Invoice.pdf", PDF, content_type="text/plain")
    doc = order_document_add(order=order, user=seller, kind="invoice", file=good)
    assert doc.content_type == "application/pdf"
    assert doc.original_name == "My Invoice.pdf"
    assert "Invoice" not in doc.file.name and doc.file.name.endswith(".pdf")


def test_documents_are_refused_on_a_requested_order(seller, guaranteed):
    partner, _ = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    with pytest.raises(OrderStateError):
        order_document_add(order=order, user=seller, kind="invoice", file=SimpleUploadedFile("a.pdf", PDF))


def test_partner_replies_to_a_review_once(seller, guaranteed, partner_member_y):
    from partners.services.reviews import ReviewExists, review_create, review_reply
    from tests.orders.factories import completed_order_via_services

    partner, member = guaranteed
    order = completed_order_via_services(seller_user=seller, partner=partner, member=member)
    review = review_create(order=order, user=seller, rating=3, text="Fine, but slow to answer.")
    with pytest.raises(PermissionDenied):
        review_reply(review=review, user=partner_member_y, text="Not ours to answer")
    with pytest.raises(PermissionDenied):
        review_reply(review=review, user=seller, text="Replying to myself")
    review_reply(review=review, user=member, text="Thank you, we have added staff.")
    with pytest.raises(ReviewExists):
        review_reply(review=review, user=member, text="Second reply")
    review.refresh_from_db()
    assert review.reply == "Thank you, we have added staff." and review.replied_by == member


def test_only_the_orders_seller_reviews_once_a_completed_order(seller, seller_b, guaranteed):
    from partners.services.reviews import ReviewExists, review_create
    from tests.orders.factories import completed_order_via_services

    partner, member = guaranteed
    order = completed_order_via_services(seller_user=seller, partner=partner, member=member)
    with pytest.raises(PermissionDenied):
        review_create(order=order, user=seller_b, rating=1, text="I never ordered this.")
    with pytest.raises(PermissionDenied):
        review_create(order=order, user=member, rating=5, text="We are the best partner.")
    review_create(order=order, user=seller, rating=4, text="Good work overall.")
    with pytest.raises(ReviewExists):
        review_create(order=order, user=seller, rating=4, text="Good work overall again.")
    partner.refresh_from_db()
    assert partner.review_count == 1 and partner.rating_avg == 4
