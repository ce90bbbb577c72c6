"""Reads of orders, scoped to the caller: a seller sees its account's orders, a partner
member its partner's, nobody anything else (another account's order is a 404)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from partners import people
from partners.models import ServiceOrder

if TYPE_CHECKING:
    from partnernet.users.models import User

Status = ServiceOrder.Status


def order_list_for_user(*, user: User) -> QuerySet[ServiceOrder]:
    """The orders `user` may see: its seller account's, and its partner's. Nothing else."""
    seller_ids = people.seller_account_ids(user)
    partner_ids = people.partner_ids(user)
    if not seller_ids and not partner_ids:
        return ServiceOrder.objects.none()
    scope = Q(pk__in=[])
    if seller_ids:
        scope |= Q(seller_id__in=seller_ids)
    if partner_ids:
        scope |= Q(partner_id__in=partner_ids)
    return (
        ServiceOrder.objects.filter(scope)
        .select_related("partner", "offering", "seller", "guarantee_terms")
        .order_by("-requested_at", "-pk")
    )


def order_get_for_user(*, user: User, reference: str) -> ServiceOrder:
    """One order the caller may see, or ServiceOrder.DoesNotExist (a 404: never a 403)."""
    return order_list_for_user(user=user).get(reference=reference)


def order_role(*, order: ServiceOrder, user: User) -> str | None:
    """'seller' or 'partner' (the side `user` acts for on this order), or None."""
    return people.order_role(user, order)


def order_actions(*, order: ServiceOrder, user: User) -> set[str]:
    """What `user` may do to `order` now (drives the buttons and the API's refusals)."""
    role = order_role(order=order, user=user)
    actions: set[str] = set()
    if role is None:
        return actions
    if role == "partner" and order.status == Status.REQUESTED:
        actions |= {"accept", "decline"}
    if role == "partner" and order.status == Status.ACCEPTED:
        actions.add("complete")
    if order.can_transition_to(Status.CANCELLED):
        actions.add("cancel")
    if order.status in (Status.ACCEPTED, Status.COMPLETED):
        actions.add("upload")
    if role == "seller" and order.status == Status.COMPLETED and not hasattr(order, "review"):
        actions.add("review")
    return actions
