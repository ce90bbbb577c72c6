"""What every claim workflow shares: the row lock, the version check, who is told, links.

Every state change follows the same steps (DESIGN §3): lock the claim row
(`select_for_update`), compare the caller's `expected_version` with the stored
one (a stale form or API call gets `ClaimConflict` and nothing is written), apply
the change (a status change goes through `Claim.transition_to`, which bumps the
version; other changes bump it by hand so that any change makes older forms
stale), write a ClaimEvent in the same transaction, and queue e-mails in the
outbox (sent only if the transaction commits).

Who receives a notice is `partners.people`'s one rule: the seller account's
active members (the claimant first), the partner's contact address and its
active members.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from claims.exceptions import ClaimConflict, ReviewerNotAllowed
from claims.models import Claim, ClaimEvent
from partnernet.mail import outbox_enqueue
from partnernet.money import format_inr, parse_inr
from partnernet.users.models import User
from partners.people import is_support, partner_recipients, seller_recipients

Status = Claim.Status
Visibility = ClaimEvent.Visibility
Kind = ClaimEvent.Kind


@contextmanager
def atomic_or_conflict() -> Iterator[None]:
    """`transaction.atomic`, with a lost database race (a unique or check constraint
    another request satisfied first) reported as `ClaimConflict`, never as a 500."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise ClaimConflict(_("The claim changed at the same time; reload and try again.")) from exc


# --- locks and versions ------------------------------------------------------------


def lock_claim(claim: Claim) -> Claim:
    """The claim row, locked for this transaction (the seller's and partner's actions)."""
    return Claim.objects.select_for_update().select_related("order", "seller", "partner").get(pk=claim.pk)


def check_version(locked: Claim, expected_version: int | str | None) -> None:
    if expected_version is not None and int(expected_version) != locked.version:
        raise ClaimConflict(_("Someone else changed this claim. Reload the page and try again."))


def lock_for_review(claim: Claim, expected_version: int | str | None) -> Claim:
    """The claim row locked for a reviewer's action; refuses a draft and a stale version."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.status == Status.DRAFT:
        # Drafts are the seller's private work; support never acts on them.
        raise ClaimConflict(_("This claim has not been submitted yet."))
    if expected_version is not None and locked.version != int(expected_version):
        raise ClaimConflict(
            _("Someone else changed this claim while you were looking at it. Reload the page and try again.")
        )
    return locked


def require_reviewer(user: User) -> None:
    if not is_support(user):
        raise ReviewerNotAllowed(_("Only support reviewers can do this."))


def touch(claim: Claim, now: datetime) -> list[str]:
    """Mark the first reviewer action (service level) and bump the version."""
    fields = ["version", "updated_at"]
    claim.version += 1
    if claim.first_action_at is None:
        claim.first_action_at = now
        fields.append("first_action_at")
    return fields


def start_review(claim: Claim, actor: User, now: datetime) -> bool:
    """A submitted claim becomes under review when a reviewer first acts on it."""
    if claim.status != Status.SUBMITTED:
        return False
    claim.transition_to(Status.UNDER_REVIEW)
    ClaimEvent.record(
        claim,
        kind=Kind.STATUS,
        actor=actor,
        visibility=Visibility.BOTH,
        message=_("A support reviewer is looking at the claim."),
        data={"status": Status.UNDER_REVIEW},
    )
    return True


# --- amounts -------------------------------------------------------------------------


def parse_amount(value: Any) -> Decimal | None:
    """An amount as the seller typed it ("3,000", "₹ 1,23,456.50") or as a number → Decimal."""
    if value in (None, ""):
        return None
    message = _("Enter the amount in rupees, for example 25,000 or ₹1,23,456.50.")
    try:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            amount = Decimal(str(value))
        else:
            amount = parse_inr(str(value))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValidationError({"amount": message}) from exc
    if not amount.is_finite():
        raise ValidationError({"amount": message})
    return amount.quantize(Decimal("0.01"))


def validate_amount(*, amount: Decimal | None, agreed_price: Decimal | None, field: str = "amount") -> None:
    if amount is None:
        return
    if amount <= 0:
        raise ValidationError({field: _("The amount must be more than zero.")})
    if agreed_price is not None and amount > agreed_price:
        raise ValidationError(
            {
                field: _("The amount cannot be more than the agreed price of %(price)s.")
                % {"price": format_inr(agreed_price)}
            }
        )


# --- who is told, and the links they get ------------------------------------------


def seller_to(claim: Claim) -> list[str]:
    """The seller side of a notice: the account's active members, the claimant first."""
    return seller_recipients(claim.seller, actor=claim.claimant)


def partner_to(claim: Claim) -> list[str]:
    """The partner side of a notice: its contact address and its active members."""
    return partner_recipients(claim.partner)


def absolute_url(path: str) -> str:
    """`path` on the portal's public address (settings.SITE_URL), for e-mails."""
    site: str = settings.SITE_URL
    return site + path


def seller_url(claim: Claim) -> str:
    return absolute_url(reverse("claims:detail", kwargs={"reference": claim.reference}))


def partner_url(claim: Claim) -> str:
    return absolute_url(reverse("claims:console_detail", kwargs={"reference": claim.reference}))


def review_url(claim: Claim) -> str:
    return absolute_url(reverse("claims:review_detail", kwargs={"reference": claim.reference}))


def email_context(claim: Claim) -> dict[str, Any]:
    return {
        "claim": claim,
        "order": claim.order,
        "partner": claim.partner,
        "seller": claim.seller,
        "seller_url": seller_url(claim),
        "partner_url": partner_url(claim),
    }


def notify_both_sides(claim: Claim, *, seller: str, partner: str) -> None:
    """Enqueue the seller's and the partner's e-mails about one change of a claim.

    `seller` and `partner` name both the outbox purpose and the template
    (`templates/emails/claims/<name>.txt`).
    """
    ctx = email_context(claim)
    for name, recipients in ((seller, seller_to(claim)), (partner, partner_to(claim))):
        outbox_enqueue(purpose=name, obj=claim, to=recipients, template=f"claims/{name}", context=ctx)
