"""Reads of the partner console: a member only ever sees their own partner's rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, QuerySet
from django.http import Http404

from partners import people
from partners.models import Promotion, Review, ServiceOffering, ServicePartner

if TYPE_CHECKING:
    from partnernet.users.models import User


def partner_for_member(*, user: User) -> ServicePartner:
    """The member's own partner, or 404: a console page never shows another partner."""
    partner = people.member_partner(user)
    if partner is None:
        raise Http404("Not a partner member")
    return partner


def console_offerings(*, partner: ServicePartner) -> QuerySet[ServiceOffering]:
    return (
        ServiceOffering.objects.filter(partner=partner)
        .select_related("category")
        .order_by("-is_active", "title")
    )


def console_promotions(*, partner: ServicePartner) -> QuerySet[Promotion]:
    return Promotion.objects.filter(partner=partner).select_related("offering").order_by("-ends_on", "-pk")


def console_reviews(*, partner: ServicePartner) -> QuerySet[Review]:
    return (
        Review.objects.filter(partner=partner)
        .select_related("author", "order")
        .order_by(F("replied_at").asc(nulls_first=True), "-created_at")
    )
