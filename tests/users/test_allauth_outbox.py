"""Issue 16 item 6: allauth's e-mails are outbox rows sent after commit, links from SITE_URL."""

import re

import pytest
from django.core import mail

from partnernet.models import OutboxMessage

pytestmark = pytest.mark.django_db
SITE = "https://partners.example.in"


def test_password_reset_mail_is_an_outbox_row_with_a_site_url_link(
    client, seller, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            "/accounts/password/reset/", {"email": seller.email}, HTTP_HOST="localhost:6666"
        )
    assert response.status_code == 302
    assert mail.outbox == []  # nothing is sent inside the request
    row = OutboxMessage.objects.get(purpose="account_password_reset_key")
    assert row.recipient == seller.email and row.status == "pending"
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", row.body_text).group(0)
    assert link.startswith(SITE + "/")
    assert "6666" not in row.body_text and "6666" not in row.body_html

    for callback in callbacks:  # the commit: handed to the (eager) worker
        callback()
    row.refresh_from_db()
    assert row.status == "sent"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["X-PartnerNet-Purpose"] == "account_password_reset_key"
    assert link in mail.outbox[0].body


def test_unknown_account_notice_goes_through_the_outbox_with_site_url_links(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "nobody@example.com"}, HTTP_HOST="localhost:6666")
    row = OutboxMessage.objects.get(recipient="nobody@example.com")
    assert row.purpose == "account_unknown_account" and row.status == "sent"
    links = re.findall(r"https?://[^\s\"<>]+", row.body_text + row.body_html)
    assert links and all(link.startswith(SITE + "/") for link in links), links
    assert "/password/reset/key/" not in row.body_text
    assert len(mail.outbox) == 1


def test_two_reset_requests_are_two_emails(client, seller, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/accounts/password/reset/", {"email": seller.email})
    assert OutboxMessage.objects.filter(purpose="account_password_reset_key").count() == 2
    assert len(mail.outbox) == 2
