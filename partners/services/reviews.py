"""Verified reviews: only the seller of a completed order, one per order (a DB constraint)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners import people
from partners.errors import NotParty, ReviewExists, RuleBroken
from partners.models import Review, ServiceOrder

if TYPE_CHECKING:
    from partnernet.users.models import User

__all__ = ["ReviewExists", "review_create", "review_reply"]


@transaction.atomic
def review_create(
    *, order: ServiceOrder, user: User, rating: int | str, text: str, title: str = ""
) -> Review:
    from partners.services.directory import partner_stats_refresh

    locked = ServiceOrder.objects.select_for_update().select_related("partner").get(pk=order.pk)
    if not people.is_seller_member(user, seller_id=locked.seller_id):
        raise NotParty(_("Only the seller who placed this order can review it."))
    if locked.status != ServiceOrder.Status.COMPLETED:
        raise RuleBroken(
            _("You can review an order once the partner has completed it; this one is %(status)s.")
            % {"status": locked.get_status_display().lower()},
            code="not_completed",
        )
    errors = {}
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        errors["rating"] = _("Choose a rating from 1 to 5 stars.")
    text = (text or "").strip()
    title = (title or "").strip()
    if len(text) < 10:
        errors["text"] = _("Tell other sellers a little more (at least 10 characters).")
    elif len(text) > 5000:
        errors["text"] = _("Keep the review under 5000 characters.")
    if len(title) > 150:
        errors["title"] = _("Keep the title under 150 characters.")
    if errors:
        raise RuleBroken(" ".join(str(m) for m in errors.values()), fields=errors)
    if Review.objects.filter(order=locked).exists():
        raise ReviewExists(_("You have already reviewed this order."))
    try:
        with transaction.atomic():
            review = Review.objects.create(
                order=locked,
                partner=locked.partner,
                author=user,
                rating=rating,
                title=title,
                text=text,
                created_at=timezone.now(),
            )
    except IntegrityError:
        raise ReviewExists(_("You have already reviewed this order."))
    partner_stats_refresh(partner=locked.partner)
    return review


@transaction.atomic
def review_reply(*, review: Review, user: User, text: str) -> Review:
    """The partner answers a review, once (a member of the reviewed partner only)."""
    locked = Review.objects.select_for_update().select_related("partner").get(pk=review.pk)
    if not people.is_partner_member(user, partner_id=locked.partner_id):
        raise NotParty(_("Only the reviewed partner's team can reply."))
    if locked.reply:
        raise ReviewExists(_("This review already has your reply."), code="reply_exists")
    text = (text or "").strip()
    if not 2 <= len(text) <= 3000:
        raise RuleBroken(_("Write a reply of up to 3000 characters."), field="text")
    locked.reply = text
    locked.replied_at = timezone.now()
    locked.replied_by = user
    locked.save(update_fields=["reply", "replied_at", "replied_by"])
    return locked
