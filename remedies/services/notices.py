"""Who is told what about a remedy: every e-mail of the app, with its recipients and links."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse

from partnernet.mail import outbox_enqueue
from partners.people import partner_recipients, seller_recipients
from remedies.models import Remedy

if TYPE_CHECKING:
    from partnernet.users.models import User


def _absolute(path: str) -> str:
    site: str = settings.SITE_URL
    return site + path


def seller_url(remedy: Remedy) -> str:
    if remedy.claim is not None:
        return _absolute(reverse("claims:detail", kwargs={"reference": remedy.claim.reference}))
    return _absolute(reverse("partners:order_detail", kwargs={"reference": remedy.order.reference}))


def partner_url(remedy: Remedy) -> str:
    if remedy.claim is not None:
        return _absolute(reverse("claims:console_detail", kwargs={"reference": remedy.claim.reference}))
    return _absolute(reverse("partners:order_detail", kwargs={"reference": remedy.order.reference}))


def _actor(remedy: Remedy) -> User | None:
    """The seller member the remedy is about: the claimant, or who requested the order."""
    return remedy.claim.claimant if remedy.claim is not None else remedy.order.requested_by


def _seller_to(remedy: Remedy) -> list[str]:
    return seller_recipients(remedy.seller, actor=_actor(remedy))


def _language(remedy: Remedy) -> str | None:
    return getattr(_actor(remedy), "preferred_language", "") or None


def _purpose(name: str, repeat: int | None) -> str:
    # A notice that can happen again (fulfilment recorded after a dispute) carries the
    # remedy's version, so the outbox's once-per-object rule keeps each one once.
    return name if repeat is None else f"{name}:{repeat}"


def tell_seller(remedy: Remedy, name: str, *, repeat: int | None = None, **context: Any) -> None:
    outbox_enqueue(
        purpose=_purpose(name, repeat),
        obj=remedy,
        to=_seller_to(remedy),
        template=f"remedies/{name}_seller",
        context={"remedy": remedy, "order": remedy.order, "url": seller_url(remedy), **context},
        language=_language(remedy),
    )


def tell_partner(remedy: Remedy, name: str, *, repeat: int | None = None, **context: Any) -> None:
    outbox_enqueue(
        purpose=_purpose(name, repeat),
        obj=remedy,
        to=partner_recipients(remedy.partner),
        template=f"remedies/{name}_partner",
        context={"remedy": remedy, "order": remedy.order, "url": partner_url(remedy), **context},
    )


def tell_both(remedy: Remedy, name: str, *, repeat: int | None = None, **context: Any) -> None:
    tell_seller(remedy, name, repeat=repeat, **context)
    tell_partner(remedy, name, repeat=repeat, **context)
