from django.conf import settings
from django.urls import Resolver404, resolve


def _notifications_url() -> str:
    """/notifications/ when some app serves it (the account menu links it only then)."""
    try:
        resolve("/notifications/")
    except Resolver404:
        return ""
    return "/notifications/"


def portal(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "SITE_URL": settings.SITE_URL,
        "SUPPORT_EMAIL": settings.SUPPORT_EMAIL,
        "nav_is_seller": signed_in and user.is_seller,
        "nav_is_partner": signed_in and user.is_partner_member,
        "nav_is_reviewer": signed_in and user.is_reviewer,
        "nav_is_lead": signed_in and user.is_lead,
        "nav_notifications_url": _notifications_url() if signed_in else "",
    }
