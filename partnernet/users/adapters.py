"""allauth's e-mails go through the outbox, and their links start with SITE_URL.

allauth sends inside the request with `msg.send()` and builds its links from the
request (`Host: localhost:6666` → a link to port 6666). Here every allauth e-mail
becomes an outbox row (sent after commit by the worker, re-sent by the relay when
the broker was down), and every link is built on SITE_URL.
"""

import uuid
from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse


def _site_path(path: str) -> str:
    return settings.SITE_URL + path


def _site() -> SimpleNamespace:
    """What allauth's templates call `current_site`, from SITE_URL (never the Host header)."""
    domain = urlsplit(settings.SITE_URL).netloc
    return SimpleNamespace(domain=domain, name="PartnerNet")


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        from partnernet.middleware import client_ip

        return client_ip(request)

    def get_email_confirmation_url(self, request, emailconfirmation):
        return _site_path(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        from urllib.parse import quote

        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return _site_path(path.replace("UID-KEY", quote(key)))

    @staticmethod
    def _on_site_url(context: dict, request) -> dict:
        """Links allauth built from the request's host (sign-up, reset page) rebuilt on SITE_URL."""
        if request is None:
            return context
        try:
            origin = request.build_absolute_uri("/").rstrip("/")
        except Exception:  # a Host header Django refuses: nothing was built from it
            return context
        if origin == settings.SITE_URL:
            return context
        return {
            key: settings.SITE_URL + value[len(origin) :]
            if isinstance(value, str) and value.startswith(origin + "/")
            else value
            for key, value in context.items()
        }

    def send_mail(self, template_prefix, email, context):
        from allauth.core import context as allauth_context

        from partnernet.mail import outbox_enqueue_rendered

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": _site()}
        ctx.update(self._on_site_url(context, request))
        msg = self.render_mail(template_prefix, email, ctx)
        html = next(
            (content for content, mimetype in getattr(msg, "alternatives", []) if mimetype == "text/html"), ""
        )
        body = msg.body
        if getattr(msg, "content_subtype", "plain") == "html":
            body, html = "", msg.body
        outbox_enqueue_rendered(
            purpose=f"account_{template_prefix.rsplit('/', 1)[-1]}",
            # each allauth e-mail is its own notice (a second reset request is a second e-mail)
            object_key=f"allauth:{uuid.uuid4().hex}",
            recipient=email,
            subject=msg.subject,
            body_text=body,
            body_html=html,
        )
