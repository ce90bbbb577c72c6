"""Compliance figures, automatic suspension at the thresholds, idempotent reruns, public figures."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from claims.models import Claim
from guarantees.models import ComplianceSnapshot, Enrollment, EnrollmentEvent
from guarantees.selectors import partner_guarantee_public
from guarantees.services import compliance_compute, compliance_recompute, enrollment_reinstate
from guarantees.tasks import compliance_recompute_task
from partnernet.models import OutboxMessage
from tests import factories as f

pytestmark = pytest.mark.django_db


def _orders(partner, n, *, days_ago=5, **kwargs):
    return [
        f.completed_order(partner=partner, completed_at=timezone.now() - timedelta(days=days_ago), **kwargs)
        for _ in range(n)
    ]


def _upheld(order, *, days_ago=2, outcome="upheld"):
    now = timezone.now()
    return f.ClaimFactory(
        order=order,
        status=Claim.Status.DECIDED,
        outcome=outcome,
        decided_at=now - timedelta(days=days_ago),
        submitted_at=now - timedelta(days=days_ago + 3),
    )


def _status(partner):
    return Enrollment.objects.get(partner=partner).status


def _badge(partner):
    partner.refresh_from_db(fields=["badge_active"])
    return partner.badge_active


def test_twenty_orders_with_one_upheld_claim_is_exactly_five_percent_and_suspends():
    partner = f.guaranteed_partner()
    orders = _orders(partner, 20)
    _upheld(orders[0])
    result = compliance_recompute()
    assert result == {"partners": 1, "suspended": 1, "failed": 0}
    assert _status(partner) == "suspended" and not _badge(partner)
    event = EnrollmentEvent.objects.get(kind="auto_suspended")
    assert event.actor is None and "1 of 20" in event.reason
    message = OutboxMessage.objects.get(purpose="enrollment_auto_suspended", recipient=partner.email)
    assert "1 of 20 completed covered orders" in message.body_text
    assert "Completed covered orders: 20" in message.body_text
    assert "Claims upheld (fully or partly): 1" in message.body_text
    assert "Upheld rate: 5.0 %" in message.body_text


def test_nineteen_orders_with_one_upheld_claim_does_not_suspend():
    partner = f.guaranteed_partner()
    orders = _orders(partner, 19)
    _upheld(orders[0])
    assert compliance_recompute()["suspended"] == 0
    assert _status(partner) == "approved" and _badge(partner)
    assert not EnrollmentEvent.objects.filter(kind="auto_suspended").exists()
    assert not OutboxMessage.objects.exists()


def test_rate_just_below_five_percent_does_not_suspend():
    partner = f.guaranteed_partner()
    orders = _orders(partner, 41)
    _upheld(orders[0], days_ago=100)
    _upheld(orders[1], days_ago=100, outcome="partially_upheld")
    figures = compliance_compute(partner=partner)
    assert figures["upheld_rate"] == Decimal("0.0488")
    assert compliance_recompute()["suspended"] == 0
    assert _badge(partner)


def test_three_upheld_in_ninety_days_suspends_and_two_does_not():
    partner = f.guaranteed_partner()
    orders = _orders(partner, 5)
    _upheld(orders[0], days_ago=10)
    _upheld(orders[1], days_ago=89, outcome="partially_upheld")
    _upheld(orders[2], days_ago=91)  # outside 90 days, inside 180
    assert compliance_recompute()["suspended"] == 0
    assert _badge(partner)
    _upheld(orders[3], days_ago=1)
    assert compliance_recompute()["suspended"] == 1
    assert _status(partner) == "suspended"
    assert "3 claims were upheld" in EnrollmentEvent.objects.get(kind="auto_suspended").reason


def test_running_twice_changes_nothing_more():
    partner = f.guaranteed_partner()
    orders = _orders(partner, 20)
    _upheld(orders[0])
    compliance_recompute()
    counts = (
        ComplianceSnapshot.objects.count(),
        EnrollmentEvent.objects.count(),
        OutboxMessage.objects.count(),
    )
    assert compliance_recompute() == {"partners": 1, "suspended": 0, "failed": 0}
    assert (
        ComplianceSnapshot.objects.count(),
        EnrollmentEvent.objects.count(),
        OutboxMessage.objects.count(),
    ) == counts
    assert ComplianceSnapshot.objects.filter(partner=partner, is_latest=True).count() == 1


def test_a_lead_reinstatement_holds_until_a_new_claim_is_upheld(lead):
    partner = f.guaranteed_partner()
    orders = _orders(partner, 20)
    _upheld(orders[0], days_ago=3)
    compliance_recompute()
    enrollment_reinstate(enrollment=Enrollment.objects.get(partner=partner), lead=lead, reason="Reviewed.")
    assert compliance_recompute()["suspended"] == 0
    assert _badge(partner)
    _upheld(orders[1], days_ago=0)
    assert compliance_recompute()["suspended"] == 1
    assert not _badge(partner)


def test_snapshot_moves_when_figures_change():
    partner = f.guaranteed_partner()
    _orders(partner, 3)
    compliance_recompute()
    _orders(partner, 1)
    compliance_recompute()
    assert ComplianceSnapshot.objects.filter(partner=partner).count() == 2
    latest = ComplianceSnapshot.objects.get(partner=partner, is_latest=True)
    assert latest.completed_covered_orders == 4


def test_figures_count_only_the_window_and_covered_orders():
    partner = f.guaranteed_partner()
    _orders(partner, 2, days_ago=10)
    _orders(partner, 1, days_ago=181)
    f.completed_order(partner=partner, covered=False)
    figures = compliance_compute(partner=partner)
    assert figures["completed_covered_orders"] == 2


def test_on_time_rate_uses_the_end_of_the_due_day_in_ist():
    partner = f.guaranteed_partner()
    order_ok, order_late, _no_due = _orders(partner, 3)
    due = date(2026, 11, 1)
    from datetime import datetime
    from zoneinfo import ZoneInfo

    ist = ZoneInfo("Asia/Kolkata")
    order_ok.due_on = due
    order_ok.completed_at = datetime(2026, 11, 1, 23, 59, 59, tzinfo=ist)
    order_ok.save()
    order_late.due_on = due
    order_late.completed_at = datetime(2026, 11, 2, 0, 0, 1, tzinfo=ist)
    order_late.save()
    figures = compliance_compute(partner=partner, now=datetime(2026, 11, 20, tzinfo=ist))
    assert figures["on_time_rate"] == Decimal("0.5000")


def test_median_first_response_in_hours():
    partner = f.guaranteed_partner()
    orders = _orders(partner, 3)
    now = timezone.now()
    for order, hours in zip(orders, (2, 10, 30), strict=True):
        f.ClaimFactory(
            order=order,
            submitted_at=now - timedelta(days=1),
            partner_notified_at=now - timedelta(hours=40),
            partner_responded_at=now - timedelta(hours=40 - hours),
        )
    figures = compliance_compute(partner=partner)
    assert figures["median_first_response_hours"] == Decimal("10.0")
    assert figures["claims_filed"] == 3


def test_public_figures_need_ten_completed_covered_orders():
    partner = f.guaranteed_partner()
    _orders(partner, 9)
    compliance_recompute()
    figures = partner_guarantee_public(partner=partner)["figures"]
    assert figures["enough_data"] is False and figures["claims_filed"] is None
    _orders(partner, 1)
    compliance_recompute()
    figures = partner_guarantee_public(partner=partner)["figures"]
    assert figures["enough_data"] is True
    assert figures["completed_covered_orders"] == 10 and figures["claims_filed"] == 0
    assert figures["upheld_percent"] == 0.0


def test_the_celery_task_runs_the_recompute():
    partner = f.guaranteed_partner()
    _orders(partner, 2)
    compliance_recompute_task.delay()
    assert ComplianceSnapshot.objects.get(partner=partner).completed_covered_orders == 2
    assert compliance_recompute_task.name == "guarantees.tasks.compliance_recompute_task"
