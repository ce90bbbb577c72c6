"""Remedies in the compliance record: honoured on time, and the overdue threshold."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from guarantees.models import ComplianceSnapshot, Enrollment
from guarantees.selectors import partner_guarantee_public
from guarantees.services.compliance import compliance_update_partner
from guarantees.services.enrollment import enrollment_reinstate
from remedies.models import Remedy
from remedies.services import remedies_sweep, remedy_fulfil
from tests import factories as f
from tests.remedies.conftest import REFUND, decide

pytestmark = pytest.mark.django_db


def _owed(n, partner_member, reviewer, seller):
    return [
        Remedy.objects.get(
            claim=decide(
                f.ClaimFactory(
                    order=f.completed_order(seller=seller.seller_account, partner=partner_member.partner)
                ),
                reviewer,
            )
        )
        for _ in range(n)
    ]


def test_one_overdue_remedy_does_not_suspend_two_do(seller, partner_member, reviewer, settings):
    settings.COMPLIANCE_UPHELD_IN_90_DAYS = 100  # only the remedies threshold is under test
    partner = partner_member.partner
    first, second = _owed(2, partner_member, reviewer, seller)
    remedy_fulfil(remedy=second, user=partner_member, **REFUND)
    later = timezone.now() + timedelta(days=20)
    with time_machine.travel(later):
        remedies_sweep()
        _snapshot, suspended = compliance_update_partner(partner=partner)
    assert not suspended and Enrollment.objects.get(partner=partner).status == "approved"
    assert ComplianceSnapshot.objects.get(partner=partner, is_latest=True).remedies_overdue_90d == 1

    third = _owed(1, partner_member, reviewer, seller)[0]
    with time_machine.travel(later + timedelta(days=20)):
        remedies_sweep()
        _snapshot, suspended = compliance_update_partner(partner=partner)
    enrollment = Enrollment.objects.get(partner=partner)
    assert suspended and enrollment.status == "suspended"
    assert "2 remedies" in enrollment.reason and "overdue" in enrollment.reason
    assert third.pk


def test_threshold_is_a_setting(seller, partner_member, reviewer, settings):
    settings.COMPLIANCE_UPHELD_IN_90_DAYS = 100
    settings.COMPLIANCE_OVERDUE_REMEDIES_IN_90_DAYS = 1
    _owed(1, partner_member, reviewer, seller)
    with time_machine.travel(timezone.now() + timedelta(days=20)):
        remedies_sweep()
        _snapshot, suspended = compliance_update_partner(partner=partner_member.partner)
    assert suspended


def test_lead_reinstatement_forgives_earlier_overdue_remedies(
    seller, partner_member, reviewer, settings, lead
):
    settings.COMPLIANCE_UPHELD_IN_90_DAYS = 100
    partner = partner_member.partner
    _owed(2, partner_member, reviewer, seller)
    later = timezone.now() + timedelta(days=20)
    with time_machine.travel(later):
        remedies_sweep()
        assert compliance_update_partner(partner=partner)[1]
    with time_machine.travel(later + timedelta(hours=1)):
        enrollment_reinstate(
            enrollment=Enrollment.objects.get(partner=partner), lead=lead, reason="Paid now."
        )
    with time_machine.travel(later + timedelta(days=1)):
        assert not compliance_update_partner(partner=partner)[1]
    assert Enrollment.objects.get(partner=partner).status == "approved"


def test_honoured_on_time_share_joins_the_public_figures(seller, partner_member, reviewer, settings):
    settings.COMPLIANCE_PUBLIC_MIN_ORDERS = 0
    settings.COMPLIANCE_UPHELD_IN_90_DAYS = 100
    settings.COMPLIANCE_OVERDUE_REMEDIES_IN_90_DAYS = 100
    on_time, late = _owed(2, partner_member, reviewer, seller)
    remedy_fulfil(remedy=on_time, user=partner_member, **REFUND)
    with time_machine.travel(timezone.now() + timedelta(days=20)):
        remedies_sweep()
        compliance_update_partner(partner=partner_member.partner)
    figures = partner_guarantee_public(partner=partner_member.partner)["figures"]
    assert figures["remedies_due"] == 2 and figures["remedies_on_time_percent"] == 50.0
    assert late.pk
