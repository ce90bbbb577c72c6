"""The order's append-only event log: one row per change, written with the change."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction

from partners.errors import EventImmutable
from partners.models import OrderEvent, ServiceOrder
from partners.services.orders import (
    OrderStateError,
    order_cancel,
    order_complete,
    order_decline,
    order_document_add,
)
from tests import factories as f
from tests.orders.factories import accepted_order, requested_order

pytestmark = pytest.mark.django_db

PDF = (  # a whole PDF: uploads check its xref, trailer and startxref
    b"%PDF-1.4\n1 0 obj<<>>endobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
    b"trailer<</Size 2>>\nstartxref\n27\n%%EOF\n"
)
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database triggers exist on PostgreSQL only"
)


def _kinds(order):
    return list(OrderEvent.objects.filter(order=order).values_list("kind", flat=True))


def test_every_order_service_writes_its_event_with_the_actor(seller, guaranteed, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    partner, member = guaranteed
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    order_document_add(order=order, user=seller, kind="invoice", file=SimpleUploadedFile("a.pdf", PDF))
    order_complete(order=order, user=member)
    assert _kinds(order) == ["requested", "accepted", "document_added", "completed"]
    events = {e.kind: e for e in order.events.all()}
    assert events["requested"].actor == seller and events["accepted"].actor == member
    assert events["accepted"].data == {"agreed_price": "10000.00", "covered": True, "terms_version": 1}
    assert events["document_added"].actor == seller and events["completed"].actor == member

    declined = requested_order(seller_user=seller, partner=partner)
    order_decline(order=declined, user=member, reason="Fully booked")
    assert _kinds(declined) == ["requested", "declined"]
    assert declined.events.last().data == {"reason": "Fully booked"}

    cancelled = requested_order(seller_user=seller, partner=partner)
    order_cancel(order=cancelled, user=seller, reason="Found someone closer")
    assert _kinds(cancelled) == ["requested", "cancelled"]
    assert cancelled.events.last().data == {"reason": "Found someone closer", "by": "seller"}


def test_a_refused_change_writes_no_event(seller, guaranteed):
    partner, member = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    with pytest.raises(OrderStateError):
        order_complete(order=order, user=member)
    assert _kinds(order) == ["requested"]
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.REQUESTED


def test_a_rolled_back_change_leaves_no_event(seller, guaranteed):
    partner, member = guaranteed
    order = accepted_order(seller_user=seller, partner=partner, member=member)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        order_complete(order=order, user=member)
        raise Boom
    assert _kinds(order) == ["requested", "accepted"]


def test_events_cannot_be_changed_or_deleted_through_the_orm(seller, guaranteed):
    partner, _ = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    event = order.events.get()
    event.data = {"forged": True}
    with pytest.raises(EventImmutable):
        event.save()
    with pytest.raises(EventImmutable):
        event.delete()
    with pytest.raises(EventImmutable):
        OrderEvent.objects.filter(pk=event.pk).update(kind="completed")
    with pytest.raises(EventImmutable):
        OrderEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.kind == "requested" and event.data != {"forged": True}


@on_postgres
def test_postgres_trigger_refuses_a_raw_update_or_delete(seller, guaranteed):
    partner, _ = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    event = order.events.get()
    for sql in (
        "UPDATE partners_orderevent SET kind = 'completed' WHERE id = %s",
        "UPDATE partners_orderevent SET data = '{}' WHERE id = %s",
        "DELETE FROM partners_orderevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    event.refresh_from_db()
    assert event.kind == "requested" and OrderEvent.objects.filter(order=order).count() == 1


def test_order_history_is_read_only_in_the_admin(seller, guaranteed, client_for):
    superuser = f.UserFactory(is_staff=True, is_superuser=True)
    partner, _ = guaranteed
    order = requested_order(seller_user=seller, partner=partner)
    page = client_for(superuser).get(f"/admin/partners/serviceorder/{order.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "order events" in body.lower() and "Requested" in body
    assert 'name="events-0-kind"' not in body and 'name="events-0-DELETE"' not in body
