"""Reads of remedies, scoped to who asks: a remedy the caller may not see is NotFound."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from partnernet.errors import NotFound
from partners.people import is_support, party_role
from remedies.models import Remedy, RemedyEvent

if TYPE_CHECKING:
    from claims.models import Claim
    from partnernet.users.models import User
    from partners.models import ServiceOrder
    from partners.people import Role

QUEUE_STATUSES = (Remedy.Status.OVERDUE, Remedy.Status.DISPUTED)


def remedy_queryset() -> QuerySet[Remedy]:
    """Every remedy with what its page shows (support's reads; parties go through the scoped ones)."""
    return _remedies()


def _remedies() -> QuerySet[Remedy]:
    return Remedy.objects.select_related(
        "order", "order__requested_by", "partner", "seller", "claim", "claim__claimant", "fulfilled_by"
    ).prefetch_related(Prefetch("events", queryset=RemedyEvent.objects.select_related("actor")))


def remedy_role(user: User | None, remedy: Remedy) -> Role | None:
    """ "seller", "partner", "staff" or None (a stranger)."""
    role = party_role(user, seller_id=remedy.seller_id, partner_id=remedy.partner_id)
    if role is None and is_support(user):
        return "staff"
    return role


def remedy_for_claim(*, user: User, reference: str) -> tuple[Remedy, Role]:
    remedy = _remedies().filter(claim__reference=reference).first()
    role = remedy_role(user, remedy) if remedy is not None else None
    if remedy is None or role is None:
        raise NotFound()
    return remedy, role


def remedy_for_order_issue(*, user: User, reference: str) -> tuple[Remedy, Role]:
    """The remedy of the order's accepted issue (the newest, if the order had several)."""
    remedy = (
        _remedies()
        .filter(order__reference=reference, source=Remedy.Source.ISSUE)
        .order_by("-created_at", "-pk")
        .first()
    )
    role = remedy_role(user, remedy) if remedy is not None else None
    if remedy is None or role is None:
        raise NotFound()
    return remedy, role


def remedy_of_claim(claim: Claim) -> Remedy | None:
    return _remedies().filter(claim=claim).first()


def remedy_of_order(order: ServiceOrder) -> Remedy | None:
    return _remedies().filter(order=order, source=Remedy.Source.ISSUE).order_by("-created_at", "-pk").first()


def remedy_on_order(order: ServiceOrder) -> Remedy | None:
    """The newest remedy owed on an order (from its claim or its issue)."""
    return (
        _remedies()
        .filter(order=order)
        .exclude(status=Remedy.Status.CANCELLED)
        .order_by("-created_at", "-pk")
        .first()
    )


def remedy_queue(*, status: str | None = None) -> QuerySet[Remedy]:
    """Support's queue: overdue and disputed remedies (one of them with `status`), oldest due first."""
    statuses = [status] if status in QUEUE_STATUSES else list(QUEUE_STATUSES)
    return (
        Remedy.objects.filter(status__in=statuses)
        .select_related("order", "partner", "seller", "claim")
        .order_by("due_on", "pk")
    )


def remedy_queue_counts() -> dict[str, int]:
    from django.db.models import Count, Q

    return Remedy.objects.aggregate(
        overdue=Count("pk", filter=Q(status=Remedy.Status.OVERDUE)),
        disputed=Count("pk", filter=Q(status=Remedy.Status.DISPUTED)),
    )


def visible_events(remedy: Remedy) -> list[RemedyEvent]:
    """Remedy events are seen by both sides and support (nothing in them is internal)."""
    return list(remedy.events.all())
