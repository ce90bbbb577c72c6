"""Notifications: a twin of every e-mail to a portal user, none for staff; pages and API."""

import pytest

from claims.models import Claim
from partnernet.mail import outbox_enqueue
from partnernet.models import OutboxMessage
from partnernet.notifications.models import Notification, NotificationPreference
from remedies.services import remedies_sweep, remedy_confirm, remedy_dispute, remedy_fulfil
from tests import factories as f
from tests.remedies.conftest import REFUND, decide

pytestmark = pytest.mark.django_db


def _portal_recipients_have_twins():
    """Every outbox row to an active non-staff user has a notification of the same notice."""
    from partnernet.users.models import User

    users = {u.email: u for u in User.objects.filter(is_active=True, is_staff=False)}
    missing = []
    for row in OutboxMessage.objects.all():
        user = users.get(row.recipient)
        if (
            user
            and not Notification.objects.filter(
                recipient=user, purpose=row.purpose, object_key=row.object_key
            ).exists()
        ):
            missing.append((row.purpose, row.recipient))
    return missing


def test_every_remedy_email_to_a_portal_user_has_a_notification(world):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    remedy = remedy_fulfil(remedy=world["remedy"], user=world["partner"], **REFUND)
    remedy = remedy_dispute(remedy=remedy, user=world["seller"], reason="Nothing arrived.")
    remedy = remedy_fulfil(
        remedy=remedy, user=world["partner"], **{**REFUND, "payment_reference": "UTR77665544"}
    )
    remedy_confirm(remedy=remedy, user=world["seller"])
    with time_machine.travel(timezone.now() + timedelta(days=40)):
        remedies_sweep()
    purposes = set(OutboxMessage.objects.values_list("purpose", flat=True))
    assert {"claim_decided", "remedy_due", "remedy_confirmed"} <= purposes
    assert any(p.startswith("remedy_fulfilled") for p in purposes)
    assert _portal_recipients_have_twins() == []
    kinds = set(Notification.objects.filter(recipient=world["seller"]).values_list("kind", flat=True))
    assert {"claim_decided", "remedy_fulfilled"} <= kinds


def test_notification_links_each_side_to_its_own_page(world):
    seller_note = Notification.objects.get(recipient=world["seller"], kind="claim_decided")
    partner_note = Notification.objects.get(recipient=world["partner"], kind="claim_decided")
    ref = world["claim"].reference
    assert seller_note.url == f"/claims/{ref}/"
    assert partner_note.url == f"/console/claims/{ref}/"


def test_no_notification_for_staff_only_emails(world, reviewer2):
    from tests.remedies.conftest import claim_assign

    claim = f.ClaimFactory()
    claim_assign(claim=claim, reviewer=world["reviewer"], assignee=reviewer2, expected_version=None)
    assert OutboxMessage.objects.filter(purpose="review_assigned", recipient=reviewer2.email).exists()
    assert not Notification.objects.filter(recipient__is_staff=True).exists()


def test_no_notification_for_an_address_without_an_account(world):
    # A partner with no members is told at its contact address, which is no portal user.
    claim = decide(f.ClaimFactory(), world["reviewer"])
    partner = claim.partner
    assert OutboxMessage.objects.filter(purpose="remedy_due", recipient=partner.email).exists()
    assert not Notification.objects.filter(
        purpose="remedy_due", object_key__endswith=f":{claim.remedy_obligation.pk}"
    )


def test_enqueue_twice_notifies_once_and_notify_false_notifies_never(seller):
    order = f.OrderFactory(seller=seller.seller_account)
    for _ in range(2):
        outbox_enqueue(
            purpose="order_accepted",
            obj=order,
            to=[seller.email],
            template="orders/order_accepted",
            context={"order": order, "partner": order.partner},
        )
    assert Notification.objects.filter(recipient=seller).count() == 1
    outbox_enqueue(
        purpose="order_declined",
        obj=order,
        to=[seller.email],
        template="orders/order_declined",
        context={"order": order, "partner": order.partner},
        notify=False,
    )
    assert Notification.objects.filter(recipient=seller).count() == 1
    assert OutboxMessage.objects.filter(purpose="order_declined").count() == 1


def test_optional_kind_turned_off_keeps_the_notification_but_sends_no_email(seller):
    NotificationPreference.objects.create(user=seller, email_new_message=False)
    order = f.OrderFactory(seller=seller.seller_account)
    outbox_enqueue(
        purpose="order_message:1",
        obj=order,
        to=[seller.email],
        template="orders/order_accepted",
        context={"order": order, "partner": order.partner, "url": "/orders/x/"},
    )
    assert Notification.objects.filter(recipient=seller, kind="order_message").count() == 1
    assert not OutboxMessage.objects.filter(purpose="order_message:1").exists()
    # Essential kinds are always e-mailed, whatever the switches.
    outbox_enqueue(
        purpose="order_accepted",
        obj=order,
        to=[seller.email],
        template="orders/order_accepted",
        context={"order": order, "partner": order.partner},
        preference=None,
    )
    assert OutboxMessage.objects.filter(purpose="order_accepted").count() == 1


def test_notification_is_written_in_the_callers_transaction(seller):
    from django.db import transaction

    order = f.OrderFactory(seller=seller.seller_account)
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox_enqueue(
            purpose="order_accepted",
            obj=order,
            to=[seller.email],
            template="orders/order_accepted",
            context={"order": order, "partner": order.partner},
        )
        raise RuntimeError
    assert not Notification.objects.exists() and not OutboxMessage.objects.exists()


# --- pages and API ----------------------------------------------------------------------


def test_unread_counts_never_leak_another_users_notices(world, seller_b, api_for, client_for):
    seller_count = Notification.objects.filter(recipient=world["seller"], read_at=None).count()
    assert seller_count >= 1
    assert api_for(world["seller"]).get("/api/v1/notifications/unread-count/").json() == {
        "unread": seller_count
    }
    assert api_for(seller_b).get("/api/v1/notifications/unread-count/").json() == {"unread": 0}
    assert api_for(seller_b).get("/api/v1/notifications/").json()["count"] == 0
    page = client_for(seller_b).get("/partners/").content.decode()
    assert "notification-count" not in page
    mine = client_for(world["seller"]).get("/partners/").content.decode()
    assert f'notification-count">{seller_count}' in mine


def test_another_users_notification_is_a_404(world, seller_b, api_for, client_for):
    note = Notification.objects.filter(recipient=world["seller"]).first()
    assert api_for(seller_b).post(f"/api/v1/notifications/{note.pk}/read/").status_code == 404
    assert client_for(seller_b).post(f"/notifications/{note.pk}/read/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    assert api_for(None).get("/api/v1/notifications/").status_code in (401, 403)


def test_mark_one_and_all_read(world, api_for, client_for):
    notes = list(Notification.objects.filter(recipient=world["seller"]))
    body = api_for(world["seller"]).post(f"/api/v1/notifications/{notes[0].pk}/read/").json()
    assert body["read"] is True and body["id"] == notes[0].pk
    listed = api_for(world["seller"]).get("/api/v1/notifications/").json()["results"]
    assert {"id", "kind", "title", "url", "created_at", "read"} <= set(listed[0])
    response = client_for(world["seller"]).post("/notifications/read-all/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=world["seller"], read_at=None).exists()


def test_list_is_newest_first_and_csrf_protected(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world["seller"])
    page = client.get("/notifications/")
    assert page.status_code == 200
    titles = [
        n.title for n in Notification.objects.filter(recipient=world["seller"]).order_by("-created_at", "-pk")
    ]
    html = page.content.decode()
    assert html.index(titles[0]) < html.index(titles[-1]) or len(titles) == 1
    assert client.post("/notifications/read-all/").status_code == 403


def test_preferences_api(world, api_for):
    api = api_for(world["seller"])
    assert api.get("/api/v1/notifications/preferences/").json() == {
        "email_new_message": True,
        "email_review_reply": True,
        "email_promotion_ending": True,
    }
    changed = api.patch("/api/v1/notifications/preferences/", {"email_review_reply": False}, format="json")
    assert changed.status_code == 200 and changed.json()["email_review_reply"] is False
    assert NotificationPreference.objects.get(user=world["seller"]).email_review_reply is False
    bad = api.patch("/api/v1/notifications/preferences/", {"email_review_reply": "maybe"}, format="json")
    assert bad.status_code == 400


def test_nav_count_costs_one_query(world, client_for, django_assert_max_num_queries):
    client = client_for(world["seller"])
    client.get("/partners/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/partners/")
    assert sum("notifications_notification" in q["sql"] for q in queries.captured_queries) == 1
    assert Claim.objects.exists()
