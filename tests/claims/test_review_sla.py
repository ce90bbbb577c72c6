"""Service levels: business-day due dates across weekends and holidays, overdue flags, the leads' digest."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from claims.models import Claim, ClaimEvent
from claims.services.sla import claim_due_dates, claims_flag_overdue, review_digest_send
from claims.tasks import claims_close_after_appeal_task, claims_flag_overdue_task, review_digest_send_task
from partnernet.business_days import IST
from partnernet.models import Holiday, OutboxMessage
from tests import factories as f
from tests.claims.review_support import lead_user

pytestmark = pytest.mark.django_db


def ist(*args):
    return datetime(*args, tzinfo=IST)


def _day(moment):
    return timezone.localtime(moment, IST).date()


def test_due_dates_skip_the_weekend():
    # Submitted Friday 27 Nov 2026, 18:00 IST.
    due = claim_due_dates(submitted_at=ist(2026, 11, 27, 18, 0))
    assert _day(due["first_action_due"]) == date(2026, 12, 1)  # Mon, Tue
    assert _day(due["partner_response_due"]) == date(2026, 12, 4)  # Mon..Fri
    assert _day(due["decision_due"]) == date(2026, 12, 11)  # two weeks of business days
    assert timezone.localtime(due["first_action_due"], IST).time().hour == 23  # the end of that day, IST


def test_due_dates_skip_holidays():
    Holiday.objects.create(date=date(2026, 11, 30), name="Support holiday")
    Holiday.objects.create(date=date(2026, 12, 3), name="Another")
    due = claim_due_dates(submitted_at=ist(2026, 11, 27, 18, 0))
    assert _day(due["first_action_due"]) == date(2026, 12, 2)  # Tue 1, Wed 2
    assert _day(due["partner_response_due"]) == date(2026, 12, 8)  # 1, 2, 4, 7, 8


def test_the_count_starts_from_the_ist_date_not_the_utc_date():
    # 2026-11-26 19:00 UTC is Friday 27 Nov 00:30 IST: two business days → Mon 30, Tue 1.
    due = claim_due_dates(submitted_at=datetime(2026, 11, 26, 19, 0, tzinfo=UTC))
    assert _day(due["first_action_due"]) == date(2026, 12, 1)


def test_flag_overdue_marks_late_claims_once_and_clears_answered_ones():
    now = timezone.now()
    late_first = f.ClaimFactory(first_action_due=now - timedelta(minutes=1))
    late_seller = f.ClaimFactory(
        status=Claim.Status.AWAITING_SELLER, awaiting_due=now - timedelta(hours=1), first_action_at=now
    )
    on_time = f.ClaimFactory(first_action_due=now + timedelta(hours=1), decision_due=now + timedelta(days=5))
    decided = f.ClaimFactory(
        status=Claim.Status.DECIDED, decision_due=now - timedelta(days=1), is_overdue=True
    )

    assert claims_flag_overdue_task.delay().get() == {"flagged": 2, "cleared": 1}
    assert claims_flag_overdue() == {"flagged": 0, "cleared": 0}  # idempotent

    flags = dict(Claim.objects.values_list("pk", "is_overdue"))
    assert flags[late_first.pk] and flags[late_seller.pk]
    assert not flags[on_time.pk] and not flags[decided.pk]
    assert ClaimEvent.objects.filter(kind="overdue", visibility="internal").count() == 2
    late_first.refresh_from_db()
    assert late_first.version == 1  # a flag is not an action: open forms stay valid

    Claim.objects.filter(pk=late_first.pk).update(first_action_at=now)
    assert claims_flag_overdue()["cleared"] == 1


def test_partner_answer_late_is_overdue_only_until_the_partner_answers():
    now = timezone.now()
    claim = f.ClaimFactory(partner_response_due=now - timedelta(hours=1), first_action_at=now)
    claims_flag_overdue()
    claim.refresh_from_db()
    assert claim.is_overdue
    Claim.objects.filter(pk=claim.pk).update(partner_responded_at=now)
    claims_flag_overdue()
    claim.refresh_from_db()
    assert not claim.is_overdue


def test_digest_goes_to_the_leads_once_a_day(reviewer):
    leads = [lead_user(), lead_user()]
    f.ClaimFactory(first_action_due=timezone.now() - timedelta(hours=1))
    f.ClaimFactory(first_action_due=timezone.now() + timedelta(hours=1))
    assert review_digest_send_task.delay().get() == 2
    assert review_digest_send() == 0  # same IST day: nothing more
    messages = OutboxMessage.objects.filter(purpose="review_digest")
    assert set(messages.values_list("recipient", flat=True)) == {lead.email for lead in leads}
    body = messages.first().body_text
    assert "Overdue: 1" in body and "Open claims: 2" in body
    assert not OutboxMessage.objects.filter(recipient=reviewer.email).exists()
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert review_digest_send() == 2


def test_close_task_closes_claims_whose_appeal_window_ended():
    now = timezone.now()
    ended = f.ClaimFactory(
        status=Claim.Status.DECIDED, outcome="rejected", appeal_deadline=now - timedelta(seconds=1)
    )
    running = f.ClaimFactory(
        status=Claim.Status.DECIDED, outcome="rejected", appeal_deadline=now + timedelta(days=1)
    )
    assert claims_close_after_appeal_task.delay().get() == 1
    ended.refresh_from_db()
    running.refresh_from_db()
    assert ended.status == Claim.Status.CLOSED and running.status == Claim.Status.DECIDED
    assert ClaimEvent.objects.filter(claim=ended, kind="closed", visibility="both").exists()
