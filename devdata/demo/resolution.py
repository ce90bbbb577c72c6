"""Demo data of the Resolution Centre: orders with conversations and an issue in every status.

seller@example.com and Kaveri Commerce Solutions (partner@example.com): one order per
issue status, each with a short conversation. Rows are written directly, in the
shape the services leave them (events in order, no e-mails); a second run finds
the issues already there and changes nothing.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from claims.models import Claim, ClaimEvent
from partnernet.business_days import add_business_days, end_of_day_ist, ist_date
from partnernet.references import reference_next
from resolution.models import Issue, IssueEvent, MessageAttachment, OrderMessage
from resolution.services.escalation import resolution_statement

DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# (status, scope, completed days ago or None for an accepted order, remedy, amount, reported days ago)
ISSUES = [
    ("open", "Refresh of 40 kurta listings with new size charts.", 4, "redo", None, 1),
    ("open_overdue", "A+ content for 12 brocade sarees.", 9, "partial_refund", "3000", 6),
    ("partner_accepted", "Keyword research and back-end terms for 80 ASINs.", 6, "redo", None, 3),
    ("partner_countered", "Coupon and deal set-up for the winter sale.", 7, "full_refund", None, 3),
    ("partner_declined", "Brand Store build with 5 pages.", 8, "partial_refund", "5000", 4),
    ("fulfilled", "Main image retouching for 60 products.", 12, "redo", None, 9),
    ("resolved", "Weekly business report for October.", 18, "partial_refund", "1500", 14),
    ("withdrawn", "Return-reason analysis for September.", 16, "redo", None, 12),
    (
        "escalated",
        "Listing translation into Hindi and Tamil for 30 products.",
        11,
        "partial_refund",
        "4000",
        8,
    ),
    ("accepted_order", "Account set-up for Amazon Global Selling (in progress).", None, "redo", None, 2),
]

CONVERSATION = [
    (
        "seller",
        "Hello — some of the work does not match the agreed scope. Details are in the problem report.",
    ),
    (
        "partner",
        "Thank you for flagging it. We are checking with the team and will answer within the 3 days.",
    ),
    ("seller", "Attaching the order confirmation so we are looking at the same scope."),
]


def resolution_demo(seeder: Any) -> None:
    """Called from the demo seeder once orders exist (idempotent)."""
    account = seeder.accounts["seller@example.com"]
    partner = seeder.partner_by_slug["kaveri-commerce-solutions"]
    offerings = seeder.offerings["kaveri-commerce-solutions"]
    seller = account.owner
    member = seeder.u["partner@example.com"]
    for index, (status, scope, completed, remedy, amount, reported) in enumerate(ISSUES):
        offering = offerings[index % len(offerings)]
        order, _created = seeder._order(
            account=account,
            partner=partner,
            offering=offering,
            scope=scope,
            status="completed" if completed is not None else "accepted",
            requested_days_ago=(completed or 0) + offering.turnaround_days + 3,
            price=int(offering.price_from) * 2,
            completed_days_ago=completed,
        )
        if Issue.objects.filter(order=order).exists():
            continue
        _conversation(seeder, order, seller, member, reported)
        _issue(seeder, order, seller, member, status, remedy, amount, reported)


def _conversation(seeder: Any, order: Any, seller: Any, member: Any, reported: int) -> None:
    for n, (party, body) in enumerate(CONVERSATION):
        message = OrderMessage.objects.create(
            order=order,
            author=seller if party == "seller" else member,
            party=party,
            body=body,
            created_at=seeder.days_ago(reported + 1, hours=-n * 3),
        )
        if n == 2:
            attachment = MessageAttachment(
                message=message,
                original_name="order-confirmation.pdf",
                content_type="application/pdf",
                size=len(DEMO_PDF),
                sha256="demo",
                uploaded_at=message.created_at,
            )
            attachment.file.save("upload.pdf", ContentFile(DEMO_PDF), save=False)
            attachment.save()


def _issue(
    seeder: Any, order: Any, seller: Any, member: Any, status: str, remedy: str, amount, reported: int
):
    reported_at = seeder.days_ago(reported)
    issue = Issue.objects.create(
        reference=reference_next(prefix="IS", moment=reported_at),
        order=order,
        seller=order.seller,
        partner=order.partner,
        raised_by=seller,
        reason=Issue.Reason.NOT_COMPLETED_AS_AGREED,
        remedy=remedy,
        amount=Decimal(amount) if amount else None,
        description="Part of the agreed work is missing or below the published terms; see the conversation.",
        agreed_price=order.agreed_price,
        respond_by=add_business_days(reported_at, 3),
        created_at=reported_at,
    )

    def event(kind: str, days: float, *, actor: Any = None, message: str = "", **data: Any) -> None:
        IssueEvent.objects.create(
            issue=issue,
            kind=kind,
            actor=actor,
            status=issue.status,
            message=message,
            data=data,
            created_at=seeder.days_ago(days),
        )

    event("reported", reported, actor=seller, message=issue.description)
    answered = reported - 1
    fulfil_by = end_of_day_ist(ist_date(seeder.days_ago(-5)))
    if status == "open_overdue":
        issue.answer_overdue_notified_at = seeder.days_ago(1)
        _save(issue, "open")
        event("answer_overdue", 1)
    elif status in ("open", "accepted_order"):
        return
    elif status in ("partner_accepted", "fulfilled", "resolved"):
        issue.fulfil_by, issue.responded_at = fulfil_by, seeder.days_ago(answered)
        _save(issue, "partner_accepted")
        event("accepted", answered, actor=member, message="Agreed — we will put it right.")
        if status in ("fulfilled", "resolved"):
            issue.fulfilled_at = seeder.days_ago(answered - 2)
            _save(issue, "fulfilled")
            event("fulfilled", answered - 2, actor=member, message="Done: please check.")
        if status == "resolved":
            issue.closed_at = seeder.days_ago(answered - 3)
            _save(issue, "resolved")
            event("resolved", answered - 3, actor=seller)
    elif status == "partner_countered":
        issue.counter_remedy, issue.fulfil_by = "redo", fulfil_by
        issue.responded_at = seeder.days_ago(answered)
        _save(issue, "partner_countered")
        event(
            "countered",
            answered,
            actor=member,
            message="A refund is not due: we will redo the set-up instead.",
        )
    elif status == "partner_declined":
        issue.responded_at = seeder.days_ago(answered)
        _save(issue, "partner_declined")
        event("declined", answered, actor=member, message="The store was delivered as agreed in the scope.")
    elif status == "withdrawn":
        issue.closed_at = seeder.days_ago(answered)
        _save(issue, "withdrawn")
        event("withdrawn", answered, actor=seller, message="Sorted out on a call.")
    elif status == "escalated":
        issue.responded_at = seeder.days_ago(answered)
        _save(issue, "partner_declined")
        event("declined", answered, actor=member, message="The translations follow the glossary we agreed.")
        claim = _draft_from(seeder, issue, seller)
        issue.claim, issue.closed_at = claim, seeder.days_ago(answered - 1)
        _save(issue, "escalated")
        event("escalated", answered - 1, actor=seller, claim=claim.reference, why="declined")


def _save(issue: Issue, status: str) -> None:
    issue.status = status
    issue.version += 1
    issue.save()


def _draft_from(seeder: Any, issue: Issue, seller: Any) -> Claim:
    claim = Claim.objects.create(
        reference="DR-" + secrets.token_hex(6).upper(),
        order=issue.order,
        seller=issue.seller,
        partner=issue.partner,
        claimant=seller,
        filed_by=seller,
        agreed_price=issue.order.agreed_price,
        reason=issue.reason,
        description=issue.description,
        remedy=issue.remedy,
        amount=issue.amount,
        resolution_confirmed=True,
        resolution_attempt=resolution_statement(issue),
        created_at=seeder.days_ago(1),
    )
    ClaimEvent.record(
        claim, kind=ClaimEvent.Kind.DRAFTED, actor=seller, visibility=ClaimEvent.Visibility.SELLER
    )
    return claim
