"""Sign-in events to the "partnernet.security" log (who, from where; never a password)."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

security_log = logging.getLogger("partnernet.security")


def _ip(request) -> str:
    from partnernet.middleware import client_ip

    return client_ip(request) if request is not None else "?"


@receiver(user_logged_in, dispatch_uid="security_log_signed_in")
def log_signed_in(sender, request, user, **kwargs):
    security_log.info("sign-in ok user=%s staff=%s ip=%s", user.pk, user.is_staff, _ip(request))


@receiver(user_logged_out, dispatch_uid="security_log_signed_out")
def log_signed_out(sender, request, user, **kwargs):
    security_log.info("sign-out user=%s ip=%s", getattr(user, "pk", None), _ip(request))


@receiver(user_login_failed, dispatch_uid="security_log_sign_in_failed")
def log_sign_in_failed(sender, credentials, request=None, **kwargs):
    login = credentials.get("email") or credentials.get("username") or credentials.get("login") or "?"
    security_log.warning("sign-in failed login=%s ip=%s", str(login)[:254], _ip(request))


@receiver(user_locked_out, dispatch_uid="security_log_locked_out")
def log_locked_out(sender, request, username, ip_address, **kwargs):
    security_log.warning("sign-in locked out login=%s ip=%s", username, ip_address)
