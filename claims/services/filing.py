"""The seller's side of a claim: draft, documents, submit, messages, withdraw, appeal.

Every state change locks the claim row (`select_for_update`), applies the
transition through `Claim.transition_to` (which bumps `version`), and records a
ClaimEvent in the same transaction; e-mails go through the outbox, so they are
sent only if the transaction commits.
"""

import secrets
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.eligibility import Eligibility, claim_eligibility
from claims.exceptions import ClaimConflict
from claims.models import Claim, ClaimDocument, ClaimEvent
from claims.services.documents import document_store, documents_missing
from partnernet.business_days import add_business_days
from partnernet.dates import format_ist
from partnernet.mail import outbox_enqueue
from partnernet.references import CLAIM_PREFIX, reference_next
from partnernet.templatetags.portal import format_inr
from partnernet.users.models import LEADS_GROUP, SellerAccount, SellerMembership, User

__all__ = ["ClaimConflict", "ClaimIncomplete", "ClaimNotEligible", "ClaimRateLimited"]

DRAFT_PREFIX = "DR-"
UNSET = object()


class ClaimNotEligible(Exception):
    """The order cannot be claimed on (now, by this person). `reasons` are the codes."""

    def __init__(self, eligibility: Eligibility):
        self.eligibility = eligibility
        self.reasons = eligibility.codes
        self.messages = [r["message"] for r in eligibility.reasons]
        super().__init__(" ".join(self.messages))


class ClaimIncomplete(ValidationError):
    """Submit found fields or documents missing; `message_dict` names them."""


class ClaimRateLimited(Exception):
    pass


# --- helpers -----------------------------------------------------------------


def is_claim_seller(claim: Claim, user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and SellerMembership.objects.filter(account_id=claim.seller_id, user=user).exists()
    )


def is_claim_partner(claim: Claim, user) -> bool:
    return bool(user and user.is_authenticated and claim.partner.memberships.filter(user=user).exists())


def _lock(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().select_related("order", "seller", "partner").get(pk=claim.pk)


def _check_version(locked: Claim, expected_version) -> None:
    if expected_version is not None and int(expected_version) != locked.version:
        raise ClaimConflict(_("Someone else changed this claim. Reload the page and try again."))


def _bump(claim: Claim) -> None:
    claim.version += 1


def seller_emails(claim: Claim) -> list[str]:
    emails = [claim.claimant.email]
    if claim.seller.owner_id != claim.claimant_id:
        emails.append(claim.seller.owner.email)
    return emails


def partner_emails(claim: Claim) -> list[str]:
    emails = list(
        User.objects.filter(partner_memberships__partner_id=claim.partner_id, is_active=True).values_list(
            "email", flat=True
        )
    )
    return emails or ([claim.partner.email] if claim.partner.email else [])


def _email_context(claim: Claim) -> dict:
    return {
        "claim": claim,
        "order": claim.order,
        "partner": claim.partner,
        "seller": claim.seller,
        "seller_url": f"{settings.SITE_URL}{claim.get_absolute_url()}",
        "partner_url": f"{settings.SITE_URL}/console/claims/{claim.reference}/",
    }


def notify_both_sides(claim: Claim, *, seller: str, partner: str) -> None:
    """Enqueue the seller's and the partner's e-mails about one change of a claim.

    `seller` and `partner` name both the outbox purpose and the template
    (`templates/emails/claims/<name>.txt`).
    """
    ctx = _email_context(claim)
    for name, recipients in ((seller, seller_emails(claim)), (partner, partner_emails(claim))):
        outbox_enqueue(purpose=name, obj=claim, to=recipients, template=f"claims/{name}", context=ctx)


def _parse_amount(value):
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValidationError({"amount": _("Enter an amount in rupees, for example 2500.00.")}) from exc
    if not amount.is_finite():
        raise ValidationError({"amount": _("Enter an amount in rupees, for example 2500.00.")})
    return amount


def _validate_amount(*, remedy: str, amount, agreed_price, field: str = "amount") -> None:
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


# --- drafts --------------------------------------------------------------------


def claim_draft_get(*, order, user) -> Claim | None:
    return Claim.objects.filter(order=order, claimant=user, status=Claim.Status.DRAFT).first()


def claim_draft_start(*, order, user, channel: str = Claim.Channel.WEB, moment=None) -> Claim:
    """The seller's draft on the order: the existing one (resumed) or a new one.

    Starting is refused with the eligibility reasons; a second start (a double
    click, two tabs) returns the same draft because the database allows one
    live claim per order.
    """
    existing = claim_draft_get(order=order, user=user)
    if existing:
        return existing
    eligibility = claim_eligibility(order=order, claimant=user, moment=moment)
    if not eligibility.eligible:
        raise ClaimNotEligible(eligibility)
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                reference=DRAFT_PREFIX + secrets.token_hex(6).upper(),
                order=order,
                seller=order.seller,
                partner=order.partner,
                claimant=user,
                filed_by=user,
                channel=channel,
                agreed_price=order.agreed_price,
            )
            ClaimEvent.record(
                claim, kind=ClaimEvent.Kind.DRAFTED, actor=user, visibility=ClaimEvent.Visibility.SELLER
            )
    except IntegrityError:
        existing = claim_draft_get(order=order, user=user)
        if existing:
            return existing
        raise ClaimNotEligible(claim_eligibility(order=order, claimant=user, moment=moment)) from None
    return claim


def claim_draft_update(
    *,
    claim: Claim,
    user,
    reason=UNSET,
    description=UNSET,
    resolution_attempt=UNSET,
    resolution_confirmed=UNSET,
    remedy=UNSET,
    amount=UNSET,
) -> Claim:
    """Save what the seller typed so far. Every field may still be blank in a draft.

    Values that are not acceptable at all (an unknown reason, an amount above
    the price) raise a ValidationError naming the field; the other fields of the
    same call are still saved, so that a correction never loses words.
    """
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        locked = _lock(claim)
        if locked.status != Claim.Status.DRAFT:
            raise ValidationError(_("This claim has been submitted; it can no longer be edited."))
        if not is_claim_seller(locked, user) or locked.claimant_id != user.pk:
            raise ValidationError(_("Only the seller who started this draft can change it."))
        if reason is not UNSET:
            if reason in ("", None) or reason in Claim.Reason.values:
                locked.reason = reason or ""
            else:
                errors["reason"] = [_("Choose one of the listed reasons.")]
        if description is not UNSET:
            locked.description = (description or "").strip()
        if resolution_attempt is not UNSET:
            locked.resolution_attempt = (resolution_attempt or "").strip()
        if resolution_confirmed is not UNSET:
            locked.resolution_confirmed = bool(resolution_confirmed)
        if remedy is not UNSET:
            if remedy in ("", None) or remedy in Claim.Remedy.values:
                locked.remedy = remedy or ""
            else:
                errors["remedy"] = [_("Choose redo, full refund or partial refund.")]
        if amount is not UNSET:
            try:
                parsed = _parse_amount(amount)
                _validate_amount(remedy=locked.remedy, amount=parsed, agreed_price=locked.agreed_price)
                locked.amount = parsed
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if locked.remedy and locked.remedy != Claim.Remedy.PARTIAL_REFUND:
            locked.amount = None
        locked.save()
    if errors:
        raise ValidationError(errors)
    return locked


def claim_draft_create(*, order, user, channel: str = Claim.Channel.WEB, **fields) -> Claim:
    """Start (or resume) the draft and save the given fields (the API's POST claims/)."""
    claim = claim_draft_start(order=order, user=user, channel=channel)
    if fields:
        claim = claim_draft_update(claim=claim, user=user, **fields)
    return claim


def claim_document_add(*, claim: Claim, user, file, kind: str) -> ClaimDocument:
    """Add a document as the seller (draft or open claim) or the partner (open claim)."""
    with transaction.atomic():
        locked = _lock(claim)
        if is_claim_seller(locked, user):
            party = ClaimDocument.Party.SELLER
            allowed = locked.status == Claim.Status.DRAFT or locked.is_open
        elif locked.status != Claim.Status.DRAFT and is_claim_partner(locked, user):
            party = ClaimDocument.Party.PARTNER
            allowed = locked.is_open
        elif locked.status != Claim.Status.DRAFT and getattr(user, "is_reviewer", False):
            party = ClaimDocument.Party.SUPPORT
            allowed = True
        else:
            raise ValidationError(_("You cannot add documents to this claim."))
        if not allowed:
            raise ValidationError(
                {
                    "file": _("Documents can no longer be added: the claim is %(status)s.")
                    % {"status": locked.get_status_display().lower()}
                }
            )
        return document_store(claim=locked, user=user, file=file, kind=kind, party=party)


def claim_document_remove(*, claim: Claim, user, document: ClaimDocument) -> None:
    """A draft's own files can be removed before submit (after submit, the record is kept)."""
    with transaction.atomic():
        locked = _lock(claim)
        if (
            locked.status != Claim.Status.DRAFT
            or locked.claimant_id != user.pk
            or document.claim_id != locked.pk
        ):
            raise ValidationError(_("Only a draft's own documents can be removed."))
        storage, name = document.file.storage, document.file.name
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))


# --- submit -----------------------------------------------------------------------


def claim_missing_items(claim: Claim) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not claim.reason:
        errors["reason"] = [_("Choose the reason for the claim.")]
    if not claim.description.strip():
        errors["description"] = [_("Describe what went wrong.")]
    if not claim.resolution_attempt.strip():
        errors["resolution_attempt"] = [_("Say how you raised the issue with the partner and how it went.")]
    if not claim.resolution_confirmed:
        errors["resolution_confirmed"] = [
            _("Confirm that you raised the issue with the partner and it was not resolved.")
        ]
    if not claim.remedy:
        errors["remedy"] = [_("Choose the remedy you ask for.")]
    elif claim.remedy == Claim.Remedy.PARTIAL_REFUND:
        if claim.amount is None:
            errors["amount"] = [_("Enter the amount of the partial refund.")]
        elif claim.agreed_price is not None and claim.amount > claim.agreed_price:
            errors["amount"] = [_("The amount cannot be more than the agreed price.")]
    missing = documents_missing(claim)
    if missing:
        errors["documents"] = [m["message"] for m in missing]
    return errors


def _check_rate_limit(claim: Claim, now) -> None:
    """At most CLAIMS_PER_SELLER_30_DAYS submitted per seller account in 30 days.

    The account row is locked first, so two drafts of one account submitted at
    the same moment are counted one after the other, never both under the limit.
    """
    SellerAccount.objects.select_for_update().filter(pk=claim.seller_id).first()
    limit = settings.CLAIMS_PER_SELLER_30_DAYS
    recent = Claim.objects.filter(
        seller_id=claim.seller_id, submitted_at__gte=now - timedelta(days=30)
    ).exclude(pk=claim.pk)
    if recent.count() >= limit:
        raise ClaimRateLimited(
            _(
                "Your account has filed %(limit)d claims in the last 30 days, the most allowed. "
                "Please contact support at %(email)s if you need to file another."
            )
            % {"limit": limit, "email": settings.SUPPORT_EMAIL}
        )


def _finish_submission(
    locked: Claim, *, user, now, eligibility: Eligibility, kind, visibility_note=""
) -> None:
    """Give the claim its reference, due dates and events, and notify both sides."""
    locked.transition_to(Claim.Status.SUBMITTED)
    locked.reference = reference_next(prefix=CLAIM_PREFIX, moment=now)
    locked.submitted_at = now
    locked.eligibility_at_filing = {
        **eligibility.as_dict(),
        "checked_at": now.isoformat(),
    }
    locked.partner_notified_at = now
    locked.partner_response_due = add_business_days(now, settings.PARTNER_RESPONSE_BUSINESS_DAYS)
    locked.first_action_due = add_business_days(now, settings.FIRST_ACTION_BUSINESS_DAYS)
    locked.decision_due = add_business_days(now, settings.DECISION_TARGET_BUSINESS_DAYS)
    locked.save()
    ClaimEvent.record(
        locked,
        kind=kind,
        actor=user,
        visibility=ClaimEvent.Visibility.BOTH,
        data={"reference": locked.reference, "channel": locked.channel},
    )
    if visibility_note:
        ClaimEvent.record(
            locked,
            kind=ClaimEvent.Kind.NOTE,
            actor=user,
            visibility=ClaimEvent.Visibility.INTERNAL,
            message=visibility_note,
        )
    ClaimEvent.record(
        locked,
        kind=ClaimEvent.Kind.PARTNER_NOTIFIED,
        actor=None,
        visibility=ClaimEvent.Visibility.BOTH,
        data={"partner_response_due": locked.partner_response_due.isoformat()},
    )
    notify_both_sides(locked, seller="claim_submitted_seller", partner="claim_partner_notified")


def claim_submit(*, claim: Claim, user, expected_version=None, moment=None) -> Claim:
    """Submit a draft: re-check eligibility, fields and documents; assign CL-YYYY-NNNNNN.

    The row lock makes simultaneous submits of one draft queue up: the first
    submits, the others find it no longer a draft and get the same claim back
    (so a double click is harmless) without a second reference or e-mail.
    """
    now = moment or timezone.now()
    with transaction.atomic():
        locked = _lock(claim)
        if locked.status == Claim.Status.SUBMITTED and locked.claimant_id == user.pk:
            return locked  # already submitted by an earlier click
        if locked.status != Claim.Status.DRAFT:
            raise ValidationError(
                _("This claim is %(status)s; it cannot be submitted.")
                % {"status": locked.get_status_display().lower()}
            )
        if locked.claimant_id != user.pk:
            raise ValidationError(_("Only the seller who started this draft can submit it."))
        _check_version(locked, expected_version)
        eligibility = claim_eligibility(order=locked.order, claimant=user, moment=now)
        if not eligibility.eligible:
            raise ClaimNotEligible(eligibility)
        errors = claim_missing_items(locked)
        if errors:
            raise ClaimIncomplete(errors)
        _check_rate_limit(locked, now)
        _finish_submission(
            locked, user=user, now=now, eligibility=eligibility, kind=ClaimEvent.Kind.SUBMITTED
        )
    return locked


def claim_file_on_behalf(
    *,
    order,
    user,
    support_note: str,
    reason: str,
    description: str,
    resolution_attempt: str,
    remedy: str,
    amount=None,
    resolution_confirmed: bool = True,
    files=(),
    moment=None,
) -> Claim:
    """Support files a claim for the order's seller (the e-mail never arrived).

    Same eligibility (with `on_behalf`), same required fields and documents; the
    channel is "support" and `support_note` records why.
    """
    if not getattr(user, "is_reviewer", False):
        raise ValidationError(_("Only support staff can file a claim on a seller's behalf."))
    if not (support_note or "").strip():
        raise ValidationError({"support_note": _("Say why support is filing for the seller.")})
    now = moment or timezone.now()
    with transaction.atomic():
        eligibility = claim_eligibility(order=order, claimant=user, moment=now, on_behalf=True)
        if not eligibility.eligible:
            raise ClaimNotEligible(eligibility)
        parsed = _parse_amount(amount)
        if remedy != Claim.Remedy.PARTIAL_REFUND:
            parsed = None
        _validate_amount(remedy=remedy, amount=parsed, agreed_price=order.agreed_price)
        if reason not in Claim.Reason.values:
            raise ValidationError({"reason": _("Choose one of the listed reasons.")})
        if remedy not in Claim.Remedy.values:
            raise ValidationError({"remedy": _("Choose redo, full refund or partial refund.")})
        try:
            with transaction.atomic():
                claim = Claim.objects.create(
                    reference=DRAFT_PREFIX + secrets.token_hex(6).upper(),
                    order=order,
                    seller=order.seller,
                    partner=order.partner,
                    claimant=order.seller.owner,
                    filed_by=user,
                    channel=Claim.Channel.SUPPORT,
                    support_note=support_note.strip(),
                    agreed_price=order.agreed_price,
                    reason=reason,
                    description=(description or "").strip(),
                    resolution_attempt=(resolution_attempt or "").strip(),
                    resolution_confirmed=bool(resolution_confirmed),
                    remedy=remedy,
                    amount=parsed,
                )
        except IntegrityError:
            raise ClaimNotEligible(
                claim_eligibility(order=order, claimant=user, moment=now, on_behalf=True)
            ) from None
        for kind, file in files:
            document_store(
                claim=claim, user=user, file=file, kind=kind, party=ClaimDocument.Party.SUPPORT, event=False
            )
        errors = claim_missing_items(claim)
        if errors:
            raise ClaimIncomplete(errors)
        locked = _lock(claim)
        _finish_submission(
            locked,
            user=user,
            now=now,
            eligibility=eligibility,
            kind=ClaimEvent.Kind.FILED_ON_BEHALF,
            visibility_note=support_note.strip(),
        )
    return locked


# --- after submission --------------------------------------------------------------------


def claim_withdraw(*, claim: Claim, user, expected_version=None, reason: str = "") -> Claim:
    """The seller withdraws before a decision (a draft is simply discarded this way)."""
    with transaction.atomic():
        locked = _lock(claim)
        if not is_claim_seller(locked, user):
            raise ValidationError(_("Only the seller can withdraw this claim."))
        _check_version(locked, expected_version)
        if not locked.can_transition_to(Claim.Status.WITHDRAWN):
            raise ValidationError(_("A claim can be withdrawn only before it is decided."))
        was_draft = locked.status == Claim.Status.DRAFT
        locked.transition_to(Claim.Status.WITHDRAWN)
        locked.withdrawn_at = timezone.now()
        locked.save()
        ClaimEvent.record(
            locked,
            kind=ClaimEvent.Kind.WITHDRAWN,
            actor=user,
            visibility=ClaimEvent.Visibility.SELLER if was_draft else ClaimEvent.Visibility.BOTH,
            message=(reason or "").strip(),
        )
        if not was_draft:
            ctx = _email_context(locked)
            outbox_enqueue(
                purpose="claim_withdrawn",
                obj=locked,
                to=partner_emails(locked),
                template="claims/claim_withdrawn",
                context=ctx,
            )
    return locked


def claim_message_add(*, claim: Claim, user, text: str) -> ClaimEvent:
    """A message to support from the seller or the partner; each side sees only its own."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a message.")})
    if len(text) > 5000:
        raise ValidationError({"text": _("Keep the message under 5,000 characters.")})
    with transaction.atomic():
        locked = _lock(claim)
        if locked.status == Claim.Status.DRAFT:
            raise ValidationError(_("Submit the claim before writing to support."))
        if is_claim_seller(locked, user):
            visibility = ClaimEvent.Visibility.SELLER
        elif is_claim_partner(locked, user):
            visibility = ClaimEvent.Visibility.PARTNER
        else:
            raise ValidationError(_("You cannot write on this claim."))
        if locked.status in (Claim.Status.WITHDRAWN, Claim.Status.CLOSED):
            raise ValidationError({"text": _("This claim is closed; messages can no longer be added.")})
        return ClaimEvent.record(
            locked, kind=ClaimEvent.Kind.MESSAGE, actor=user, visibility=visibility, message=text
        )


def _appeal_lead(exclude_user_id) -> User | None:
    """The lead with the fewest open assigned claims who did not make the decision."""
    return (
        User.objects.filter(groups__name=LEADS_GROUP, is_active=True, is_staff=True)
        .exclude(pk=exclude_user_id)
        .annotate(
            open_count=Count("assigned_claims", filter=Q(assigned_claims__status__in=Claim.OPEN_STATUSES))
        )
        .order_by("open_count", "pk")
        .first()
    )


def claim_appeal(*, claim: Claim, user, statement: str, files=(), expected_version=None) -> Claim:
    """Appeal a decision once, within APPEAL_WINDOW_DAYS; routed to a different lead."""
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError({"statement": _("Say why the decision should be looked at again.")})
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(claim)
        if not is_claim_seller(locked, user):
            raise ValidationError(_("Only the seller can appeal this decision."))
        _check_version(locked, expected_version)
        if locked.status != Claim.Status.DECIDED:
            raise ValidationError(_("Only a decided claim can be appealed."))
        if locked.appealed_at is not None or locked.is_final:
            raise ValidationError(_("This decision is final; a claim can be appealed only once."))
        if locked.outcome == Claim.Outcome.RESOLVED_WITH_PARTNER:
            raise ValidationError(_("You accepted the partner's offer, so there is no decision to appeal."))
        deadline = locked.appeal_deadline or (locked.decided_at + timedelta(days=settings.APPEAL_WINDOW_DAYS))
        if now > deadline:
            raise ValidationError(
                _("The appeal window closed on %(date)s IST.") % {"date": format_ist(deadline)}
            )
        locked.original_outcome = locked.outcome
        locked.original_decided_by_id = locked.decided_by_id
        locked.transition_to(Claim.Status.APPEALED)
        locked.appealed_at = now
        locked.appeal_statement = statement
        lead = _appeal_lead(locked.decided_by_id)
        locked.assigned_to = lead
        locked.first_action_due = add_business_days(now, settings.FIRST_ACTION_BUSINESS_DAYS)
        locked.decision_due = add_business_days(now, settings.DECISION_TARGET_BUSINESS_DAYS)
        locked.save()
        ClaimEvent.record(
            locked, kind=ClaimEvent.Kind.APPEALED, actor=user, visibility=ClaimEvent.Visibility.BOTH
        )
        ClaimEvent.record(
            locked,
            kind=ClaimEvent.Kind.MESSAGE,
            actor=user,
            visibility=ClaimEvent.Visibility.SELLER,
            message=statement,
            data={"appeal": True},
        )
        ClaimEvent.record(
            locked,
            kind=ClaimEvent.Kind.ASSIGNED,
            actor=None,
            visibility=ClaimEvent.Visibility.INTERNAL,
            data={"assigned_to": lead.pk if lead else None, "appeal": True},
            message=str(lead) if lead else _("No other lead available: the appeal waits in the queue."),
        )
        for kind, file in files:
            document_store(claim=locked, user=user, file=file, kind=kind, party=ClaimDocument.Party.SELLER)
        notify_both_sides(locked, seller="claim_appealed_seller", partner="claim_appealed_partner")
    return locked
