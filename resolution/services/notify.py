"""The e-mails of the resolution app, all through the outbox (sent after commit, once)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from partnernet.mail import outbox_enqueue
from partners.models import ServiceOrder
from partners.people import partner_recipients, seller_recipients
from resolution.models import Issue, OrderMessage, Party, ThreadNotice


def order_url(order: ServiceOrder) -> str:
    return f"{settings.SITE_URL}{reverse('partners:order_detail', kwargs={'reference': order.reference})}"


def recipients_for(order: ServiceOrder, party: str) -> list[str]:
    if party == Party.PARTNER:
        return partner_recipients(order.partner)
    return seller_recipients(order.seller)


def issue_notify(issue: Issue, *, kind: str, to: tuple[str, ...], key: str | None = None) -> None:
    """Tell `to` (Party values) about one change of `issue`; `kind` picks the wording.

    The outbox is unique per purpose, object and recipient, so a change is told
    once even when the service runs twice; `key` separates changes of the same
    kind that may happen more than once (a second counter-proposal never happens,
    but an answer-overdue notice and a fulfil-overdue notice are different).
    """
    order = issue.order
    context = {"issue": issue, "order": order, "kind": kind, "url": order_url(order)}
    purpose = f"issue_{key or kind}"
    for party in to:
        outbox_enqueue(
            purpose=f"{purpose}_{party}",
            obj=issue,
            to=recipients_for(order, party),
            template="resolution/issue_changed",
            context={**context, "party": party},
        )


def thread_notify(notice: ThreadNotice, *, order: ServiceOrder, party: str, message: OrderMessage) -> None:
    outbox_enqueue(
        purpose="order_message",
        obj=notice,
        to=recipients_for(order, party),
        template="resolution/order_message",
        context={"order": order, "message": message, "party": party, "url": order_url(order)},
    )
