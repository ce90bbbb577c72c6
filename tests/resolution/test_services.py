"""The rules of an issue at their edges (DESIGN §7)."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction

from claims.models import Claim
from partnernet.models import Holiday
from resolution.errors import IssueExists, IssueInvalid, IssueNotAllowed, IssueNotEscalable
from resolution.hooks import issue_accepted
from resolution.models import EventImmutable, Issue, IssueEvent
from resolution.selectors import issue_escalability, window_ending
from resolution.services.escalation import issue_escalate
from resolution.services.issues import (
    issue_accept_counter,
    issue_mark_fulfilled,
    issue_mark_resolved,
    issue_respond,
    issue_withdraw,
)
from resolution.services.sweep import issues_sweep
from tests import factories as f
from tests.resolution.conftest import outbox

IST = ZoneInfo("Asia/Kolkata")


def ist(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=IST)


def _order_completed(seller, partner_member, completed: datetime):
    return f.completed_order(
        seller=seller.seller_account, partner=partner_member.partner, completed_at=completed
    )


# --- the 3-business-day answer deadline ----------------------------------------------------


def test_answer_deadline_skips_the_weekend(db, seller, partner_member, report):
    order = _order_completed(seller, partner_member, ist("2026-11-30 10:00"))
    # Reported on Friday 4 Dec 2026 → Mon, Tue, Wed → due at the end of Wednesday 9 Dec IST.
    with time_machine.travel(ist("2026-12-04 16:00"), tick=False):
        issue = report(order)
    assert issue.respond_by == ist("2026-12-09 23:59:59.999999")
    assert issue.status == Issue.Status.OPEN


def test_answer_deadline_skips_a_holiday_after_the_weekend(db, seller, partner_member, report):
    Holiday.objects.create(date=date(2026, 12, 7), name="Support holiday")
    order = _order_completed(seller, partner_member, ist("2026-11-30 10:00"))
    with time_machine.travel(ist("2026-12-04 16:00"), tick=False):
        issue = report(order)
    # Monday is a holiday: Tue, Wed, Thu → end of Thursday 10 Dec IST.
    assert issue.respond_by == ist("2026-12-10 23:59:59.999999")


# --- amount and one live issue --------------------------------------------------------------


def test_amount_above_the_price_is_refused_naming_the_field(order, report):
    with pytest.raises(IssueInvalid) as exc:
        report(order, amount="10000.01")
    assert exc.value.field == "amount"
    assert "agreed price" in exc.value.fields["amount"][0]
    assert not Issue.objects.exists()
    assert outbox() == []


def test_the_database_refuses_an_amount_above_the_price(order, report):
    issue = report(order)
    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.filter(pk=issue.pk).update(amount=Decimal("10000.01"))


def test_a_second_open_issue_is_refused_by_the_database(order, report, seller):
    first = report(order)
    duplicate = Issue(
        reference="IS-TEST-2",
        order=order,
        seller=order.seller,
        partner=order.partner,
        raised_by=seller,
        reason="other",
        remedy="redo",
        description="again",
        agreed_price=order.agreed_price,
        respond_by=first.respond_by,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    with pytest.raises(IssueExists):
        report(order)
    assert Issue.objects.count() == 1


def test_a_new_issue_may_follow_a_withdrawn_one(order, report, seller):
    issue_withdraw(issue=report(order), user=seller)
    second = report(order, remedy="redo", amount=None)
    assert second.status == Issue.Status.OPEN
    assert Issue.objects.filter(order=order).count() == 2


def test_only_the_seller_reports_and_only_on_an_accepted_or_completed_order(
    db, order, report, partner_member, seller
):
    with pytest.raises(IssueNotAllowed):
        report(order, user=partner_member)
    requested = f.OrderFactory(seller=seller.seller_account, partner=order.partner)
    with pytest.raises(IssueInvalid):
        report(requested)
    assert not Issue.objects.exists()


# --- the partner's answer and the seller's reply --------------------------------------------


def test_accept_calls_the_issue_accepted_hook_and_tells_the_seller(order, report, partner_member):
    seen = []

    def on_accepted(issue):
        seen.append((issue.pk, issue.status))

    issue_accepted.register(on_accepted)
    try:
        issue = report(order)
        issue = issue_respond(
            issue=issue, user=partner_member, action="accept", fulfil_by=date.today() + timedelta(days=5)
        )
    finally:
        issue_accepted._handlers.remove(on_accepted)
    assert seen == [(issue.pk, "partner_accepted")]
    assert [e.kind for e in issue.events.all()] == ["reported", "accepted"]
    assert [m.purpose for m in outbox("issue_accepted")] == ["issue_accepted_seller"]


def test_counter_then_seller_accepts_the_counter(order, report, partner_member, seller):
    issue = issue_respond(
        issue=report(order),
        user=partner_member,
        action="counter",
        remedy="redo",
        fulfil_by=date.today() + timedelta(days=7),
        message="We will redo the 30 missing listings.",
    )
    assert issue.status == "partner_countered" and issue.counter_remedy == "redo"
    issue = issue_accept_counter(issue=issue, user=seller)
    assert (issue.status, issue.remedy, issue.amount) == ("partner_accepted", "redo", None)
    assert issue.events.last().data["asked"] == {"remedy": "partial_refund", "amount": "4000.00"}


def test_counter_amount_above_the_price_is_refused(order, report, partner_member):
    issue = report(order)
    with pytest.raises(IssueInvalid) as exc:
        issue_respond(
            issue=issue,
            user=partner_member,
            action="counter",
            remedy="partial_refund",
            amount="20000",
            fulfil_by=date.today(),
        )
    assert exc.value.field == "amount"
    issue.refresh_from_db()
    assert issue.status == "open"


def test_decline_needs_a_reason_and_the_seller_cannot_answer(order, report, partner_member, seller):
    issue = report(order)
    with pytest.raises(IssueInvalid) as exc:
        issue_respond(issue=issue, user=partner_member, action="decline")
    assert exc.value.field == "message"
    with pytest.raises(IssueNotAllowed):
        issue_respond(issue=issue, user=seller, action="decline", message="no")


def test_fulfil_and_resolve(order, report, partner_member, seller):
    issue = issue_respond(issue=report(order), user=partner_member, action="accept", fulfil_by=date.today())
    issue = issue_mark_fulfilled(issue=issue, user=partner_member)
    issue = issue_mark_resolved(issue=issue, user=seller)
    assert issue.status == "resolved" and issue.closed_at is not None
    assert issue.events.count() == 4


def test_issue_events_are_append_only(order, report):
    event = report(order).events.get()
    with pytest.raises(EventImmutable):
        event.save()
    with pytest.raises(EventImmutable):
        IssueEvent.objects.filter(pk=event.pk).update(message="changed")
    with pytest.raises(EventImmutable):
        IssueEvent.objects.filter(pk=event.pk).delete()


# --- escalation -------------------------------------------------------------------------------


def test_escalation_is_refused_before_the_answer_deadline_and_allowed_after(
    db, seller, partner_member, report
):
    order = _order_completed(seller, partner_member, ist("2026-12-01 10:00"))  # window to 31 Dec
    with time_machine.travel(ist("2026-12-02 11:00"), tick=False):  # Wednesday
        issue = report(order)
    assert issue.respond_by == ist("2026-12-07 23:59:59.999999")
    with time_machine.travel(ist("2026-12-07 23:59"), tick=False):
        verdict = issue_escalability(issue, claimant=seller)
        assert (verdict.escalable, verdict.code) == (False, "awaiting_partner")
        with pytest.raises(IssueNotEscalable) as exc:
            issue_escalate(issue=issue, user=seller)
        assert "07 Dec 2026" in exc.value.message
    assert not Claim.objects.exists()
    issue.refresh_from_db()
    assert issue.status == "open"
    with time_machine.travel(ist("2026-12-08 00:00:01"), tick=False):
        assert issue_escalability(issue, claimant=seller).code == "answer_overdue"
        claim = issue_escalate(issue=issue, user=seller)
    issue.refresh_from_db()
    assert issue.status == "escalated" and issue.claim == claim
    assert claim.status == Claim.Status.DRAFT and claim.claimant == seller
    assert (claim.reason, claim.remedy, claim.amount) == (
        "not_completed_as_agreed",
        "partial_refund",
        Decimal("4000.00"),
    )
    assert claim.description == "Only 20 of the 50 listings were made."
    assert claim.resolution_confirmed is True
    assert issue.reference in claim.resolution_attempt
    # The claim deadline is the order's, untouched by the issue.
    order.refresh_from_db()
    assert order.claim_deadline == ist("2026-12-31 23:59:59.999999")


def test_escalation_is_allowed_at_once_near_the_claim_deadline(db, seller, partner_member, report):
    order = _order_completed(seller, partner_member, ist("2026-11-01 15:00"))  # window to 1 Dec 23:59
    with time_machine.travel(ist("2026-11-27 10:00"), tick=False):  # Friday: Mon 30, Tue 1 left
        assert window_ending(order)
        issue = report(order)
        verdict = issue_escalability(issue, claimant=seller)
        assert (verdict.escalable, verdict.code) == (True, "window_ending")
        claim = issue_escalate(issue=issue, user=seller)
    assert claim.status == "draft"


def test_three_full_business_days_left_is_not_near(db, seller, partner_member, report):
    order = _order_completed(seller, partner_member, ist("2026-11-01 15:00"))  # to Tue 1 Dec
    with time_machine.travel(ist("2026-11-26 10:00"), tick=False):  # Thursday: Fri, Mon, Tue left
        assert not window_ending(order)
        assert issue_escalability(report(order), claimant=seller).code == "awaiting_partner"


def test_escalation_is_refused_after_the_window_closed(db, seller, partner_member, report):
    order = _order_completed(seller, partner_member, ist("2026-11-01 15:00"))
    with time_machine.travel(ist("2026-11-30 10:00"), tick=False):
        issue = issue_respond(
            issue=report(order), user=partner_member, action="decline", message="The work was done."
        )
    with time_machine.travel(ist("2026-12-02 00:00"), tick=False):
        verdict = issue_escalability(issue, claimant=seller)
        assert (verdict.escalable, verdict.code) == (False, "window_closed")
        with pytest.raises(IssueNotEscalable):
            issue_escalate(issue=issue, user=seller)
    assert not Claim.objects.exists()


def test_escalation_resumes_the_sellers_draft_keeping_what_they_typed(order, report, partner_member, seller):
    from claims.services.drafts import claim_draft_create

    draft = claim_draft_create(order=order, user=seller, description="My own words.")
    issue = issue_respond(issue=report(order), user=partner_member, action="decline", message="No.")
    claim = issue_escalate(issue=issue, user=seller)
    assert claim.pk == draft.pk
    assert claim.description == "My own words."
    assert claim.remedy == "partial_refund" and claim.resolution_confirmed
    assert Claim.objects.count() == 1


def test_accepted_issue_is_escalable_only_after_fulfil_by(order, report, partner_member, seller):
    issue = issue_respond(
        issue=report(order), user=partner_member, action="accept", fulfil_by=date.today() + timedelta(days=1)
    )
    assert issue_escalability(issue, claimant=seller).code == "awaiting_fulfilment"
    with time_machine.travel(issue.fulfil_by + timedelta(seconds=1)):
        assert issue_escalability(issue, claimant=seller).code == "fulfil_overdue"


# --- the periodic sweep -------------------------------------------------------------------------


def test_sweep_is_idempotent_and_tells_both_sides_once(db, seller, partner_member, report):
    order = _order_completed(seller, partner_member, ist("2026-12-01 10:00"))
    with time_machine.travel(ist("2026-12-02 11:00"), tick=False):
        issue = report(order)
        on_time = report(f.completed_order(seller=seller.seller_account, partner=partner_member.partner))
    with time_machine.travel(ist("2026-12-08 09:00"), tick=False):
        on_time.respond_by = ist("2026-12-09 23:59:59")
        on_time.save(update_fields=["respond_by"])
        assert issues_sweep() == {"answer_overdue": 1, "fulfil_overdue": 0}
        assert issues_sweep() == {"answer_overdue": 0, "fulfil_overdue": 0}
    notices = outbox("issue_answer_overdue")
    assert sorted({m.purpose for m in notices}) == [
        "issue_answer_overdue_partner",
        "issue_answer_overdue_seller",
    ]
    seller_notices = [m for m in notices if m.recipient == seller.email]
    assert len(seller_notices) == 1
    assert IssueEvent.objects.filter(kind="answer_overdue").count() == 1
    assert IssueEvent.objects.get(kind="answer_overdue").issue == issue


def test_sweep_flags_accepted_issues_past_fulfil_by(order, report, partner_member):
    issue = issue_respond(issue=report(order), user=partner_member, action="accept", fulfil_by=date.today())
    with time_machine.travel(issue.fulfil_by + timedelta(minutes=1)):
        assert issues_sweep()["fulfil_overdue"] == 1
        assert issues_sweep()["fulfil_overdue"] == 0
    issue.refresh_from_db()
    assert issue.fulfil_overdue_notified_at is not None
    assert IssueEvent.objects.filter(kind="fulfil_overdue").count() == 1


def test_the_database_refuses_to_change_an_issue_event(order, report):
    """On PostgreSQL a trigger refuses UPDATE/DELETE from any client (raw SQL included)."""
    from django.db import connection

    event = report(order).events.get()
    if connection.vendor != "postgresql":
        with pytest.raises(EventImmutable):
            IssueEvent.objects.filter(pk=event.pk).delete()
        return
    for sql in (
        "UPDATE resolution_issueevent SET message = 'changed' WHERE id = %s",
        "DELETE FROM resolution_issueevent WHERE id = %s",
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    event.refresh_from_db()
    assert event.message == "Only 20 of the 50 listings were made."


def test_the_database_refuses_the_other_issue_and_notice_constraints(order, report, partner_member):
    from resolution.models import ThreadNotice

    issue = report(order)
    for changes in ({"counter_amount": Decimal("99999.00")}, {"status": "escalated"}, {"amount": None}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Issue.objects.filter(pk=issue.pk).update(**changes)
    notice = ThreadNotice.objects.create(order=order, party="seller", hour=issue.created_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        ThreadNotice.objects.create(order=order, party="seller", hour=notice.hour)
