"""Who is who, and who is told: the one place that answers both.

Every service, selector and view asks these functions instead of filtering
memberships inline, so that "a partner member" and "the recipients of a
partner notice" mean the same thing everywhere.

Recipients, one rule for every notice:
- a partner: every active member's address (its contact address when it has none);
- a seller account: every active member's address (the owner is a member);
  a notice about something one member did (an order they requested, a claim
  they filed) goes to that member first, then the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from partnernet.users.models import SellerAccount, User
    from partners.models import ServiceOrder, ServicePartner

Role = Literal["seller", "partner", "staff"]


def _is_signed_in(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_seller_member(user: User | None, *, seller_id: int | None) -> bool:
    """Is `user` an active member of seller account `seller_id`?"""
    if not _is_signed_in(user) or seller_id is None:
        return False
    return user.seller_memberships.filter(account_id=seller_id).exists()  # type: ignore[union-attr]


def is_partner_member(user: User | None, *, partner_id: int | None) -> bool:
    """Is `user` an active member (owner or staff) of partner `partner_id`?"""
    if not _is_signed_in(user) or partner_id is None:
        return False
    return user.partner_memberships.filter(partner_id=partner_id).exists()  # type: ignore[union-attr]


def is_lead(user: User | None) -> bool:
    """A support lead (runs the guarantee programme, decides appeals)."""
    return _is_signed_in(user) and bool(getattr(user, "is_lead", False))


def member_partner(user: User | None) -> ServicePartner | None:
    """The partner `user` works for (their first membership), or None: the console's owner."""
    if not _is_signed_in(user):
        return None
    from partners.models import ServicePartner

    return ServicePartner.objects.filter(memberships__user=user).order_by("memberships__pk").first()


def is_support(user: User | None) -> bool:
    """Support staff: reviewers and leads."""
    return _is_signed_in(user) and bool(getattr(user, "is_reviewer", False))


def seller_account_ids(user: User | None) -> list[int]:
    if not _is_signed_in(user):
        return []
    return list(user.seller_memberships.values_list("account_id", flat=True))  # type: ignore[union-attr]


def partner_ids(user: User | None) -> list[int]:
    if not _is_signed_in(user):
        return []
    return list(user.partner_memberships.values_list("partner_id", flat=True))  # type: ignore[union-attr]


def party_role(user: User | None, *, seller_id: int | None, partner_id: int | None) -> Role | None:
    """The side `user` is on for an object between a seller and a partner (an order,
    a claim, an issue): "seller", "partner", or None for a stranger. Seller wins when
    one user is on both sides (a test account), as everywhere before."""
    if is_seller_member(user, seller_id=seller_id):
        return "seller"
    if is_partner_member(user, partner_id=partner_id):
        return "partner"
    return None


def order_role(user: User | None, order: ServiceOrder) -> Role | None:
    return party_role(user, seller_id=order.seller_id, partner_id=order.partner_id)


def party_filter(user: User | None, *, seller_path: str = "seller", partner_path: str = "partner") -> Q:
    """A Q that keeps the rows `user` is a party to (as seller or partner member)."""
    if not _is_signed_in(user):
        return Q(pk__in=[])
    return Q(**{f"{seller_path}__memberships__user": user}) | Q(
        **{f"{partner_path}__memberships__user": user}
    )


def active_users(q: Q) -> QuerySet[User]:
    return get_user_model().objects.filter(q, is_active=True)


def _unique(emails: list[str]) -> list[str]:
    seen: list[str] = []
    for email in emails:
        if email and email not in seen:
            seen.append(email)
    return seen


def partner_recipients(partner: ServicePartner) -> list[str]:
    """Every active member's address; the partner's contact address only when it has none.

    Members are the people who act on the notice (answer a claim, accept an order); the
    contact address is the listing's public inbox, told only when nobody can sign in.
    """
    members = active_users(Q(partner_memberships__partner_id=partner.pk)).order_by("pk")
    emails = _unique(list(members.values_list("email", flat=True)))
    return emails or _unique([partner.email or ""])


def seller_recipients(account: SellerAccount, *, actor: User | None = None) -> list[str]:
    """Every active member of the seller account; `actor` (who requested or filed) first."""
    members = active_users(Q(seller_memberships__account_id=account.pk)).order_by("pk")
    first = [actor.email] if actor is not None and actor.is_active else []
    emails = _unique([*first, *members.values_list("email", flat=True)])
    if not emails and account.owner.is_active:
        emails = [account.owner.email]
    return emails
