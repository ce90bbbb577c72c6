"""Hardening (DESIGN §6, issue 8 §4): CSP, lockout, staff two-factor, idle timeout, logs, deploy checks."""

import logging
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tests import factories as f

ROOT = Path(django_settings.BASE_DIR)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)
INLINE_HANDLER = re.compile(r"\son(?:click|load|change|submit|input|error)=", re.I)


DJANGO_COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)


def _templates():
    # E-mail bodies are not served to browsers; mail clients need their inline styles.
    return sorted(p for p in (ROOT / "templates").rglob("*.html") if "emails" not in p.parts)


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_no_inline_script_or_style_in_our_templates(path):
    text = DJANGO_COMMENT.sub("", path.read_text(encoding="utf-8"))
    assert not INLINE_SCRIPT.search(text), "inline <script> (CSP): move it to static/js/"
    assert not INLINE_STYLE.search(text), "inline style (CSP): use a class in static/css/"
    assert not INLINE_HANDLER.search(text), "inline event handler (CSP)"


PAGES = [
    "/",
    "/partners/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/api/docs/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_pages_send_a_strict_content_security_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_error_pages_carry_the_policy_too(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert b"We could not find that page" in response.content


# --- sign-in rate limit and lockout ----------------------------------------------------------------


def _attempt(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_from_that_address(settings, caplog):
    cache.clear()  # allauth's own rate limit counts in the cache
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    user = f.UserFactory(email="target@example.com")
    other = f.UserFactory(email="bystander@example.com")
    client = Client()
    caplog.set_level(logging.INFO, logger="partnernet.security")

    for _ in range(3):
        response = _attempt(client, user.email, "wrong-password")
        assert response.status_code in (200, 429)
    locked = _attempt(client, user.email, f.PASSWORD)  # even the right password is refused now

    assert locked.status_code == 429
    assert b"Sign-in locked for now" in locked.content
    assert "_auth_user_id" not in client.session
    assert "sign-in failed login=target@example.com" in caplog.text
    assert "sign-in locked out" in caplog.text
    # Another account from the same address is not locked out.
    assert _attempt(Client(), other.email, f.PASSWORD).status_code == 302


@pytest.mark.django_db
def test_sign_in_and_refusals_are_logged(client, caplog, seller):
    caplog.set_level(logging.INFO, logger="partnernet.security")
    assert _attempt(client, seller.email, f.PASSWORD).status_code == 302
    assert f"sign-in ok user={seller.pk}" in caplog.text
    response = client.get("/admin/")  # not staff: admin sends sellers to its own login
    assert response.status_code == 302
    assert client.post("/api/v1/auth/token/", {"email": seller.email, "password": "nope"}).status_code == 400
    assert f"sign-in failed login={seller.email}" in caplog.text
    assert "wrong" not in caplog.text and "nope" not in caplog.text  # never a password


@pytest.mark.django_db
def test_permission_refusals_are_logged(caplog):
    from django.core.exceptions import PermissionDenied
    from django.http import HttpResponse
    from django.test import RequestFactory

    from partnernet.middleware import SecurityLogMiddleware

    caplog.set_level(logging.INFO, logger="partnernet.security")
    refused = SecurityLogMiddleware(lambda request: HttpResponse(status=403))
    request = RequestFactory().get("/console/claims/CL-2026-000001/")
    request.user = f.UserFactory()
    refused(request)
    assert "refused status=403 method=GET path=/console/claims/CL-2026-000001/" in caplog.text
    assert PermissionDenied  # the 403 handler turns it into that response


# --- staff two-factor --------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/review/", "/admin/"])
def test_staff_without_an_authenticator_must_set_one_up_first(client_for, reviewer, lead, settings, path):
    settings.STAFF_REQUIRE_2FA = True
    for user in (reviewer, lead):
        response = client_for(user).get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/totp/activate/")
        assert "next=" in response["Location"]


@pytest.mark.django_db
def test_staff_with_an_authenticator_go_straight_in(client_for, reviewer, settings):
    settings.STAFF_REQUIRE_2FA = True
    Authenticator.objects.create(
        user=reviewer, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    response = client_for(reviewer).get("/review/")
    assert not (response.status_code == 302 and "/2fa/" in response.get("Location", ""))


@pytest.mark.django_db
def test_two_factor_rule_leaves_sellers_and_public_pages_alone(client_for, seller, reviewer, settings):
    settings.STAFF_REQUIRE_2FA = True
    assert client_for(seller).get("/").status_code == 200
    assert client_for(reviewer).get("/").status_code == 200  # only staff pages ask for it
    settings.STAFF_REQUIRE_2FA = False
    response = client_for(reviewer).get("/review/")
    assert "/2fa/" not in response.get("Location", "")


@pytest.mark.django_db
def test_two_factor_is_on_by_default_in_production():
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.com",
    }
    env.pop("STAFF_REQUIRE_2FA", None)
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings as s; print(s.STAFF_REQUIRE_2FA)"],
        env={**env, "DJANGO_SETTINGS_MODULE": "partnernet.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "True"


# --- idle timeout ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_are_signed_out_after_30_idle_minutes(client_for, reviewer):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = client_for(reviewer)
        assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200
        assert client.session.get("_auth_user_id")  # activity keeps the session alive
        clock.shift(timedelta(minutes=30, seconds=1))
        response = client.get("/partners/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fpartners%2F"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_sellers_keep_their_session_when_idle(client_for, seller):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = client_for(seller)
        client.get("/")
        clock.shift(timedelta(hours=3))
        response = client.get("/")
    assert response.status_code == 200
    assert client.session.get("_auth_user_id") == str(seller.pk)


# --- production settings --------------------------------------------------------------------------


def test_production_settings_pass_check_deploy():
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.com",
        "SITE_URL": "https://example.com",
    }
    env.pop("PARTNERNET_TESTING", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set in-process by the browser tests; never in production
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_the_development_secret_key():
    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "example.com"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
