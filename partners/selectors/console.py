"""Reads of the partner console: a member only ever sees their own partner's rows."""

from django.db.models import F
from django.http import Http404

from partners import people
from partners.models import Promotion, Review, ServiceOffering, ServicePartner


def partner_for_member(*, user) -> ServicePartner:
    """The member's own partner, or 404: a console page never shows another partner."""
    partner = people.member_partner(user)
    if partner is None:
        raise Http404("Not a partner member")
    return partner


def console_offerings(*, partner: ServicePartner):
    return (
        ServiceOffering.objects.filter(partner=partner)
        .select_related("category")
        .order_by("-is_active", "title")
    )


def console_promotions(*, partner: ServicePartner):
    return Promotion.objects.filter(partner=partner).select_related("offering").order_by("-ends_on", "-pk")


def console_reviews(*, partner: ServicePartner):
    return (
        Review.objects.filter(partner=partner)
        .select_related("author", "order")
        .order_by(F("replied_at").asc(nulls_first=True), "-created_at")
    )
