from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """Allauth's e-mails carry links built from SITE_URL, never from the Host header."""

    def get_client_ip(self, request):
        from partnernet.middleware import client_ip

        return client_ip(request)

    def get_email_confirmation_url(self, request, emailconfirmation):
        from django.urls import reverse

        return settings.SITE_URL + reverse("account_confirm_email", args=[emailconfirmation.key])
