"""The life of an issue (DESIGN §7): report, the partner's answer, the seller's reply.

Every change locks the issue row (`select_for_update`), applies the transition
through `Issue.transition_to` (StateError, a 409, when the status does not allow
it — which is what the loser of a race between the partner's answer and the
seller's withdrawal gets), saves, records an IssueEvent and enqueues the e-mails
in the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, NotRequired, TypedDict

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnernet.business_days import add_business_days, end_of_day_ist, ist_date
from partnernet.money import format_inr, parse_inr
from partnernet.references import reference_next
from partners.models import ServiceOrder
from partners.people import order_role
from resolution.errors import (
    IssueConflict,
    IssueExists,
    IssueInvalid,
    IssueNotAllowed,
    IssueNotFound,
)
from resolution.hooks import issue_accepted
from resolution.models import Issue, IssueEvent, IssueStateError, Party
from resolution.services.notify import issue_notify

if TYPE_CHECKING:
    from partnernet.users.models import User

ISSUE_PREFIX = "IS"
PARTNER_ANSWER_BUSINESS_DAYS = 3
DESCRIPTION_MAX_CHARS = 5000
REPORTABLE_ORDER_STATUSES = (ServiceOrder.Status.ACCEPTED, ServiceOrder.Status.COMPLETED)
RESPOND_ACTIONS = ("accept", "counter", "decline")


# --- input checks (each names its field) ----------------------------------------------


def clean_amount(value: object, *, agreed_price: Decimal | None, field: str = "amount") -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = value if isinstance(value, Decimal) else parse_inr(str(value))
        amount = amount.quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise IssueInvalid(_("Enter an amount in rupees, for example 2500.00."), field=field) from exc
    if amount <= 0:
        raise IssueInvalid(_("The amount must be more than zero."), field=field)
    if agreed_price is not None and amount > agreed_price:
        raise IssueInvalid(
            _("The amount cannot be more than the agreed price of %(price)s.")
            % {"price": format_inr(agreed_price)},
            field=field,
        )
    return amount


def _clean_remedy(
    remedy: object,
    amount: object,
    *,
    agreed_price: Decimal | None,
    remedy_field: str = "remedy",
    amount_field: str = "amount",
) -> tuple[str, Decimal | None]:
    if not isinstance(remedy, str) or remedy not in Issue.Remedy.values:
        raise IssueInvalid(_("Choose redo, full refund or partial refund."), field=remedy_field)
    if remedy != Issue.Remedy.PARTIAL_REFUND:
        return remedy, None
    parsed = clean_amount(amount, agreed_price=agreed_price, field=amount_field)
    if parsed is None:
        raise IssueInvalid(_("Enter the amount of the partial refund."), field=amount_field)
    return remedy, parsed


def _clean_fulfil_by(value: object, *, now: datetime) -> datetime:
    if value in (None, ""):
        raise IssueInvalid(_("Give the date by which the remedy will be done."), field="fulfil_by")
    if isinstance(value, datetime):
        day = ist_date(value)
    elif isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip()[:10])
        except ValueError as exc:
            raise IssueInvalid(_("Enter a date such as 2026-12-15."), field="fulfil_by") from exc
    if day < ist_date(now):
        raise IssueInvalid(_("The date cannot be in the past."), field="fulfil_by")
    return end_of_day_ist(day)


def _lock(issue: Issue) -> Issue:
    return (
        Issue.objects.select_for_update(of=("self",))
        .select_related("order", "order__partner", "order__seller", "claim")
        .get(pk=issue.pk)
    )


def _check_version(locked: Issue, expected_version: int | str | None) -> None:
    if expected_version not in (None, "") and str(expected_version) != str(locked.version):
        raise IssueConflict(_("Someone changed this issue at the same time. Reload the page and try again."))


def _require(locked: Issue, user: User, party: str) -> None:
    role = order_role(user, locked.order)
    if role is None:
        raise IssueNotFound(_("This order has no issue."))
    if role != party:
        raise IssueNotAllowed(
            _("Only the order's seller can do this.")
            if party == Party.SELLER
            else _("Only the partner's members can answer the issue.")
        )


# --- report ------------------------------------------------------------------------------


def issue_report(
    *,
    order: ServiceOrder,
    user: User,
    reason: str,
    remedy: str,
    description: str,
    amount: Decimal | str | None = None,
    moment: datetime | None = None,
) -> Issue:
    """The seller reports a problem to the partner, who answers within 3 business days."""
    role = order_role(user, order)
    if role is None:
        raise IssueNotFound(_("No order with this reference among yours."))
    if role != "seller":
        raise IssueNotAllowed(_("Only the order's seller can report a problem."))
    if order.status not in REPORTABLE_ORDER_STATUSES:
        raise IssueInvalid(
            _("A problem can be reported once the partner has accepted the order (this one is %(status)s).")
            % {"status": order.get_status_display().lower()}
        )
    if reason not in Issue.Reason.values:
        raise IssueInvalid(_("Choose one of the listed reasons."), field="reason")
    remedy, parsed = _clean_remedy(remedy, amount, agreed_price=order.agreed_price)
    description = (description or "").strip()
    if not description:
        raise IssueInvalid(_("Describe what went wrong."), field="description")
    if len(description) > DESCRIPTION_MAX_CHARS:
        raise IssueInvalid(_("Keep the description under 5,000 characters."), field="description")
    now = moment or timezone.now()
    if Issue.objects.filter(order_id=order.pk, status__in=Issue.LIVE_STATUSES).exists():
        raise IssueExists(_("This order already has an open issue: answer or withdraw it first."))
    try:
        with transaction.atomic():
            issue = Issue.objects.create(
                reference=reference_next(prefix=ISSUE_PREFIX, moment=now),
                order=order,
                seller_id=order.seller_id,
                partner_id=order.partner_id,
                raised_by=user,
                reason=reason,
                remedy=remedy,
                amount=parsed,
                description=description,
                agreed_price=order.agreed_price,
                respond_by=add_business_days(now, PARTNER_ANSWER_BUSINESS_DAYS),
                created_at=now,
            )
            IssueEvent.record(
                issue,
                kind=IssueEvent.Kind.REPORTED,
                actor=user,
                message=description,
                data=_terms_data(issue),
            )
            issue_notify(issue, kind="reported", to=(Party.PARTNER,))
    except IntegrityError:
        # Two reports at once: the database lets one through (uniq_live_issue_per_order).
        raise IssueExists(_("This order already has an open issue: answer or withdraw it first.")) from None
    return issue


class TermsData(TypedDict):
    """The remedy an event records (the asked one, or the partner's counter-proposal)."""

    remedy: str
    amount: str | None
    fulfil_by: NotRequired[str]  # ISO 8601, in the portal's time zone


def _terms_data(issue: Issue, *, counter: bool = False) -> TermsData:
    remedy = issue.counter_remedy if counter else issue.remedy
    amount = issue.counter_amount if counter else issue.amount
    data: TermsData = {"remedy": remedy, "amount": str(amount) if amount is not None else None}
    if issue.fulfil_by:
        data["fulfil_by"] = timezone.localtime(issue.fulfil_by).isoformat()
    return data


# --- the partner's answer ---------------------------------------------------------------


def issue_respond(
    *,
    issue: Issue,
    user: User,
    action: str,
    remedy: str | None = None,
    amount: Decimal | str | None = None,
    fulfil_by: date | str | None = None,
    message: str = "",
    expected_version: int | str | None = None,
    moment: datetime | None = None,
) -> Issue:
    """The partner accepts (with a fulfil-by date), counters (another remedy or amount) or declines."""
    now = moment or timezone.now()
    message = (message or "").strip()
    if len(message) > DESCRIPTION_MAX_CHARS:
        raise IssueInvalid(_("Keep the message under 5,000 characters."), field="message")
    if action not in RESPOND_ACTIONS:
        raise IssueInvalid(_("Choose accept, counter or decline."), field="action")
    with transaction.atomic():
        locked = _lock(issue)
        _require(locked, user, Party.PARTNER)
        _check_version(locked, expected_version)
        if action == "accept":
            locked.transition_to(Issue.Status.PARTNER_ACCEPTED)
            locked.fulfil_by = _clean_fulfil_by(fulfil_by, now=now)
            kind = IssueEvent.Kind.ACCEPTED
        elif action == "counter":
            locked.transition_to(Issue.Status.PARTNER_COUNTERED)
            counter_remedy, counter_amount = _clean_remedy(remedy, amount, agreed_price=locked.agreed_price)
            if counter_remedy == locked.remedy and counter_amount == locked.amount:
                raise IssueInvalid(
                    _("That is the remedy the seller asked for: accept it instead."), field="remedy"
                )
            locked.counter_remedy, locked.counter_amount = counter_remedy, counter_amount
            locked.fulfil_by = _clean_fulfil_by(fulfil_by, now=now)
            kind = IssueEvent.Kind.COUNTERED
        else:
            if not message:
                raise IssueInvalid(_("Say why you decline, so the seller knows."), field="message")
            locked.transition_to(Issue.Status.PARTNER_DECLINED)
            kind = IssueEvent.Kind.DECLINED
        locked.responded_at = now
        locked.save()
        IssueEvent.record(
            locked,
            kind=kind,
            actor=user,
            message=message,
            data=_terms_data(locked, counter=action == "counter"),
        )
        issue_notify(locked, kind=str(kind), to=(Party.SELLER,))
        if locked.status == Issue.Status.PARTNER_ACCEPTED:
            issue_accepted.call(locked)
    return locked


# --- the seller's reply -----------------------------------------------------------------


def issue_accept_counter(*, issue: Issue, user: User, expected_version: int | str | None = None) -> Issue:
    """The seller takes the partner's proposal: it becomes the agreed remedy."""
    with transaction.atomic():
        locked = _lock(issue)
        _require(locked, user, Party.SELLER)
        _check_version(locked, expected_version)
        if locked.status != Issue.Status.PARTNER_COUNTERED:
            raise IssueStateError(
                _("There is no proposal from the partner to accept (the issue is %(status)s).")
                % {"status": locked.get_status_display().lower()},
                extra={"status": locked.status},
            )
        locked.transition_to(Issue.Status.PARTNER_ACCEPTED)
        asked = {"remedy": locked.remedy, "amount": str(locked.amount) if locked.amount is not None else None}
        locked.remedy, locked.amount = locked.counter_remedy, locked.counter_amount
        locked.save()
        IssueEvent.record(
            locked,
            kind=IssueEvent.Kind.COUNTER_ACCEPTED,
            actor=user,
            data={**_terms_data(locked), "asked": asked},
        )
        issue_notify(locked, kind="counter_accepted", to=(Party.PARTNER,))
        issue_accepted.call(locked)
    return locked


def issue_withdraw(
    *, issue: Issue, user: User, message: str = "", expected_version: int | str | None = None
) -> Issue:
    with transaction.atomic():
        locked = _lock(issue)
        _require(locked, user, Party.SELLER)
        _check_version(locked, expected_version)
        locked.transition_to(Issue.Status.WITHDRAWN)
        locked.closed_at = timezone.now()
        locked.save()
        IssueEvent.record(
            locked, kind=IssueEvent.Kind.WITHDRAWN, actor=user, message=(message or "").strip()[:5000]
        )
        issue_notify(locked, kind="withdrawn", to=(Party.PARTNER,))
    return locked


# --- after acceptance (called by remedies when the remedy is recorded and confirmed) ------


def issue_mark_fulfilled(*, issue: Issue, user: User | None = None, note: str = "") -> Issue:
    """The partner recorded the agreed remedy as done (remedies calls this)."""
    with transaction.atomic():
        locked = _lock(issue)
        if locked.status == Issue.Status.FULFILLED:
            return locked
        locked.transition_to(Issue.Status.FULFILLED)
        locked.fulfilled_at = timezone.now()
        locked.save()
        IssueEvent.record(locked, kind=IssueEvent.Kind.FULFILLED, actor=user, message=(note or "").strip())
        issue_notify(locked, kind="fulfilled", to=(Party.SELLER,))
    return locked


def issue_mark_resolved(*, issue: Issue, user: User | None = None, note: str = "") -> Issue:
    """The seller confirmed the remedy (remedies calls this): the issue is settled."""
    with transaction.atomic():
        locked = _lock(issue)
        if locked.status == Issue.Status.RESOLVED:
            return locked
        locked.transition_to(Issue.Status.RESOLVED)
        locked.closed_at = timezone.now()
        locked.save()
        IssueEvent.record(locked, kind=IssueEvent.Kind.RESOLVED, actor=user, message=(note or "").strip())
        issue_notify(locked, kind="resolved", to=(Party.PARTNER,))
    return locked
