"""Sign-up, sign-in, sign-out, password reset and e-mail confirmation in the portal's own pages."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from partnernet.users.models import User
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _memory_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_login_page_has_labelled_fields_and_a_sign_in_button(client):
    html = client.get("/accounts/login/").content.decode()
    assert re.search(r'<label[^>]*for="id_login"[^>]*>E-mail</label>', html)
    assert re.search(r'<label[^>]*for="id_password"[^>]*>Password</label>', html)
    assert re.search(r'<button[^>]*type="submit"[^>]*>Sign in</button>', html)
    assert 'href="/accounts/password/reset/"' in html


def test_sign_in_and_out(client, seller):
    response = client.post("/accounts/login/", {"login": seller.email, "password": f.PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(seller.pk)
    assert client.get("/accounts/logout/").status_code == 200  # GET only asks
    assert client.session.get("_auth_user_id") == str(seller.pk)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_wrong_password_shows_the_error_summary_and_keeps_the_address(client, seller):
    response = client.post("/accounts/login/", {"login": seller.email, "password": "wrong-one"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="alert alert-danger"' in html
    assert f'value="{seller.email}"' in html
    assert "_auth_user_id" not in client.session


def test_sign_up_creates_a_user_and_sends_a_confirmation_link(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://partners.example.in"
    with django_capture_on_commit_callbacks(execute=True):  # allauth's e-mails go through the outbox
        response = client.post(
            "/accounts/signup/",
            {
                "email": "New.Seller@Example.com",
                "password1": "a-long-pass-phrase-42",
                "password2": "a-long-pass-phrase-42",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="new.seller@example.com")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith("https://partners.example.in/")  # from SITE_URL, never the Host header
    path = link.removeprefix("https://partners.example.in")
    page = client.get(path)
    assert page.status_code == 200 and b"Confirm" in page.content
    client.post(path)
    assert EmailAddress.objects.get(user=user).verified


def test_sign_up_errors_are_next_to_the_fields(client):
    f.UserFactory(email="taken@example.com")
    response = client.post(
        "/accounts/signup/", {"email": "taken@example.com", "password1": "short", "password2": "other"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_email-errors"' in html and 'aria-invalid="true"' in html
    assert User.objects.filter(email="taken@example.com").count() == 1


def test_password_reset_round_trip(client, seller, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # allauth's e-mails go through the outbox
        response = client.post("/accounts/password/reset/", {"email": seller.email})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert len(mail.outbox) == 1
    path = re.search(r"/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    form = client.get(path, follow=True)
    assert form.status_code == 200 and b"Choose a new password" in form.content
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"password1": "brand-new-pass-phrase-7", "password2": "brand-new-pass-phrase-7"},
    )
    assert done.status_code == 302
    assert (
        Client()
        .post("/accounts/login/", {"login": seller.email, "password": "brand-new-pass-phrase-7"})
        .status_code
        == 302
    )


def test_password_reset_for_an_unknown_address_reveals_nothing(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) <= 1  # allauth may send an "unknown account" notice, never a reset link
    assert not any("/password/reset/key/" in m.body for m in mail.outbox)


def test_staff_pages_for_two_factor_render_in_the_portal_layout(client_for, reviewer):
    client = client_for(reviewer)
    page = client.get("/accounts/2fa/")
    assert page.status_code == 200
    assert b'aria-label="Main"' in page.content  # inside base.html


def test_staff_with_totp_are_asked_for_the_code_after_the_password(client, reviewer, settings):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    settings.STAFF_REQUIRE_2FA = True
    secret = generate_totp_secret()
    TOTP.activate(reviewer, secret)
    response = client.post("/accounts/login/", {"login": reviewer.email, "password": f.PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session  # the password alone is not enough
    page = client.get(response["Location"])
    assert page.status_code == 200 and b'aria-label="Main"' in page.content

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session

    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    done = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert done.status_code == 302
    assert client.session["_auth_user_id"] == str(reviewer.pk)
    assert client.get("/review/").status_code == 200
