"""Enrolment: the checklist, decisions, the badge intervals and `badge_active`, e-mails."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from guarantees.models import BadgeInterval, Enrollment, EnrollmentEvent
from guarantees.services import (
    EnrollmentError,
    badge_active_at,
    coverage_snapshot,
    enrollment_apply,
    enrollment_approve,
    enrollment_reinstate,
    enrollment_reject,
    enrollment_suspend,
    enrollment_withdraw,
    terms_publish,
    terms_save_draft,
)
from partnernet.models import OutboxMessage
from tests import factories as f
from tests.guarantees.conftest import GOOD_VALUES

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(member):
    """A member whose partner meets the checklist (published terms)."""
    terms_save_draft(partner=member.partner, user=member, summary="", values=GOOD_VALUES)
    terms_publish(partner=member.partner, user=member)
    return member


def _badge(partner) -> bool:
    partner.refresh_from_db(fields=["badge_active"])
    return partner.badge_active


def test_apply_without_terms_is_refused_with_the_missing_items(member):
    member.partner.offerings.update(is_active=False)
    with pytest.raises(EnrollmentError) as exc:
        enrollment_apply(partner=member.partner, user=member)
    assert [m["code"] for m in exc.value.missing] == ["active_offering", "terms_published"]
    assert not Enrollment.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_incomplete_profile_is_listed(ready):
    partner = ready.partner
    partner.tagline = ""
    partner.save()
    partner.categories.clear()
    with pytest.raises(EnrollmentError) as exc:
        enrollment_apply(partner=partner, user=ready)
    [item] = exc.value.missing
    assert item["code"] == "profile_complete"
    assert "a tagline" in item["detail"] and "service category" in item["detail"]


def test_apply_then_approve_starts_the_badge_with_events_and_emails(ready, lead):
    partner = ready.partner
    enrollment = enrollment_apply(partner=partner, user=ready)
    assert enrollment.status == "applied" and not _badge(partner)
    enrollment_approve(enrollment=enrollment, lead=lead)
    enrollment.refresh_from_db()
    assert enrollment.status == "approved" and enrollment.decided_by == lead
    assert _badge(partner)
    assert BadgeInterval.objects.filter(partner=partner, ended_at__isnull=True).count() == 1
    assert list(enrollment.events.values_list("kind", flat=True)) == ["applied", "approved"]
    purposes = set(OutboxMessage.objects.values_list("purpose", flat=True))
    assert purposes == {"enrollment_applied", "enrollment_approved"}
    assert OutboxMessage.objects.filter(recipient=ready.email, purpose="enrollment_approved").exists()


def test_reject_needs_a_reason_and_the_email_carries_it(ready, lead):
    enrollment = enrollment_apply(partner=ready.partner, user=ready)
    with pytest.raises(EnrollmentError):
        enrollment_reject(enrollment=enrollment, lead=lead, reason="  ")
    enrollment_reject(enrollment=enrollment, lead=lead, reason="Offerings lack prices for bulk work.")
    enrollment.refresh_from_db()
    assert enrollment.status == "rejected" and not _badge(ready.partner)
    message = OutboxMessage.objects.get(purpose="enrollment_rejected", recipient=ready.email)
    assert "Offerings lack prices for bulk work." in message.body_text
    assert not BadgeInterval.objects.exists()
    # A rejected partner may apply again.
    assert enrollment_apply(partner=ready.partner, user=ready).status == "applied"


def test_only_a_lead_can_decide(ready, reviewer):
    enrollment = enrollment_apply(partner=ready.partner, user=ready)
    with pytest.raises(PermissionDenied):
        enrollment_approve(enrollment=enrollment, lead=ready)
    with pytest.raises(PermissionDenied):
        enrollment_approve(enrollment=enrollment, lead=reviewer)
    assert Enrollment.objects.get().status == "applied"


def test_invalid_transitions_say_why(ready, lead):
    enrollment = enrollment_apply(partner=ready.partner, user=ready)
    with pytest.raises(EnrollmentError, match="applied"):
        enrollment_reinstate(enrollment=enrollment, lead=lead)
    with pytest.raises(EnrollmentError):
        enrollment_apply(partner=ready.partner, user=ready)
    assert enrollment.events.count() == 1


def test_badge_active_at_across_suspend_reinstate_and_withdraw(ready, lead):
    partner = ready.partner
    t0 = timezone.now().replace(microsecond=0)
    with time_machine.travel(t0, tick=False):
        enrollment = enrollment_apply(partner=partner, user=ready)
    with time_machine.travel(t0 + timedelta(days=1), tick=False):
        enrollment_approve(enrollment=enrollment, lead=lead)
    with time_machine.travel(t0 + timedelta(days=10), tick=False):
        enrollment_suspend(enrollment=enrollment, lead=lead, reason="Investigating complaints.")
        assert not _badge(partner)
    with time_machine.travel(t0 + timedelta(days=20), tick=False):
        enrollment_reinstate(enrollment=enrollment, lead=lead)
        assert _badge(partner)
    with time_machine.travel(t0 + timedelta(days=30), tick=False):
        enrollment_withdraw(partner=partner, user=ready)
        assert not _badge(partner)

    def at(days, seconds=0):
        return badge_active_at(partner=partner, moment=t0 + timedelta(days=days, seconds=seconds))

    assert not at(0)  # applied, not yet approved
    assert not at(1, -1)
    assert at(1)  # approval instant
    assert at(9)
    assert at(10, -1)
    assert not at(10)  # suspension instant: already off
    assert not at(15)
    assert at(20)
    assert at(29)
    assert not at(30)
    assert not at(40)
    intervals = list(BadgeInterval.objects.filter(partner=partner).values_list("end_reason", flat=True))
    assert intervals == ["suspended", "withdrawn"]
    kinds = list(EnrollmentEvent.objects.values_list("kind", flat=True))
    assert kinds == ["applied", "approved", "suspended", "reinstated", "withdrawn"]
    assert OutboxMessage.objects.filter(purpose__startswith="enrollment_", recipient=ready.email).count() == 5


def test_coverage_snapshot_returns_current_terms_and_covered_from_the_badge(ready, lead):
    partner = ready.partner
    covered, terms = coverage_snapshot(partner=partner, moment=timezone.now())
    assert covered is False and terms is not None and terms.version == 1
    enrollment_approve(enrollment=enrollment_apply(partner=partner, user=ready), lead=lead)
    covered, terms = coverage_snapshot(partner=partner, moment=timezone.now())
    assert covered is True and terms.version == 1
    before = timezone.now() - timedelta(days=1)
    assert coverage_snapshot(partner=partner, moment=before)[0] is False


def test_coverage_snapshot_without_terms_is_not_covered(db):
    partner = f.PartnerFactory()
    BadgeInterval.objects.create(partner=partner, started_at=timezone.now() - timedelta(days=1))
    assert coverage_snapshot(partner=partner, moment=timezone.now()) == (False, None)
