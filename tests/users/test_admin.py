"""The admin: every registered model's pages open for a lead; the outbox is read-only with "resend"."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from partnernet.models import OutboxMessage, ReferenceCounter
from partnernet.users.models import LEADS_GROUP
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return f.UserFactory(is_staff=True, is_superuser=True)


def test_every_registered_model_has_working_list_and_add_pages(client_for, superuser):
    client = client_for(superuser)
    f.ClaimFactory()
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert changelist.status_code == 200, info
        if model_admin.has_add_permission(type("R", (), {"user": superuser})()):
            assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200, info
        first = model.objects.first()
        if first is not None:
            change = client.get(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
            assert change.status_code == 200, info


def test_user_admin_searches_by_email(client_for, superuser):
    f.UserFactory(email="findme@example.com")
    response = client_for(superuser).get("/admin/users/user/?q=findme")
    assert b"findme@example.com" in response.content


def test_outbox_is_read_only_and_resend_puts_a_row_back_to_pending(client_for, lead, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Group.objects.get(name=LEADS_GROUP).permissions.add(
        *Permission.objects.filter(content_type__app_label="partnernet")
    )
    message = OutboxMessage.objects.create(
        purpose="claim_decided",
        object_key="claims.claim:1",
        recipient="seller@example.com",
        subject="Decision",
        body_text="Your claim was decided.",
        status=OutboxMessage.Status.FAILED,
        last_error="SMTP down",
    )
    client = client_for(lead)
    assert client.get(f"/admin/partnernet/outboxmessage/{message.pk}/change/").status_code == 200
    client.post(f"/admin/partnernet/outboxmessage/{message.pk}/change/", {"subject": "Changed"})
    message.refresh_from_db()
    assert message.subject == "Decision"
    response = client.post(
        "/admin/partnernet/outboxmessage/",
        {"action": "resend", "_selected_action": [message.pk]},
        follow=True,
    )
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.last_error == ""
    assert message.status in (OutboxMessage.Status.PENDING, OutboxMessage.Status.SENT)


def test_reference_counters_cannot_be_edited(client_for, superuser):
    counter = ReferenceCounter.objects.create(prefix="SO", year=2026, value=7)
    client = client_for(superuser)
    client.post(
        f"/admin/partnernet/referencecounter/{counter.pk}/change/", {"prefix": "SO", "year": 2026, "value": 1}
    )
    counter.refresh_from_db()
    assert counter.value == 7
    assert client.get("/admin/partnernet/referencecounter/add/").status_code == 403


def test_admin_sign_in_goes_through_allauth_so_the_totp_step_cannot_be_skipped(client, seller):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # A password post to the admin's own form does not sign anyone in.
    client.post("/admin/login/", {"username": seller.email, "password": f.PASSWORD})
    assert "_auth_user_id" not in client.session
