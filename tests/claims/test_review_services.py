"""Reviewer services: assignment, take next, notes, findings, information requests, decisions, closing."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from claims import services as svc
from claims.exceptions import ClaimConflict, ReviewerNotAllowed
from claims.models import Claim, ClaimEvent, InformationRequest, ParameterFinding
from partnernet.models import OutboxMessage
from tests import factories as f
from tests.claims.review_support import RATIONALE, decide_kwargs, lead_user, reason_code, reviewer_user

pytestmark = pytest.mark.django_db


def _decide(claim, reviewer, **overrides):
    claim.refresh_from_db()
    return svc.claim_decide(
        claim=claim, reviewer=reviewer, expected_version=claim.version, **decide_kwargs(**overrides)
    )


def test_take_next_gives_the_most_urgent_unassigned_claim_and_starts_review(reviewer):
    later = f.ClaimFactory(first_action_due=timezone.now() + timedelta(days=2))
    urgent = f.ClaimFactory(first_action_due=timezone.now() + timedelta(hours=3))
    f.ClaimFactory(first_action_due=timezone.now() - timedelta(hours=1), assigned_to=reviewer_user())

    taken = svc.claim_take_next(reviewer=reviewer)

    assert taken.pk == urgent.pk
    taken.refresh_from_db()
    assert taken.assigned_to == reviewer
    assert taken.status == Claim.Status.UNDER_REVIEW
    assert taken.first_action_at is not None
    assert ClaimEvent.objects.filter(claim=taken, kind="assigned", visibility="internal").count() == 1
    later.refresh_from_db()
    assert later.assigned_to is None and later.status == Claim.Status.SUBMITTED


def test_take_next_on_an_empty_queue_returns_none(reviewer):
    f.ClaimFactory(status=Claim.Status.DRAFT, submitted_at=None)
    assert svc.claim_take_next(reviewer=reviewer) is None


def test_take_next_never_hands_an_appeal_to_a_reviewer_or_to_the_lead_who_decided(reviewer):
    decider = lead_user()
    claim = f.ClaimFactory(
        status=Claim.Status.APPEALED,
        appealed_at=timezone.now(),
        decided_by=decider,
        original_decided_by=decider,
    )
    assert svc.claim_take_next(reviewer=reviewer) is None
    assert svc.claim_take_next(reviewer=decider) is None
    other_lead = lead_user()
    assert svc.claim_take_next(reviewer=other_lead).pk == claim.pk


def test_assign_with_a_stale_version_is_refused_and_changes_nothing(reviewer, reviewer2):
    claim = f.ClaimFactory()
    with pytest.raises(ClaimConflict):
        svc.claim_assign(
            claim=claim, reviewer=reviewer, assignee=reviewer2, expected_version=claim.version + 1
        )
    claim.refresh_from_db()
    assert claim.assigned_to is None
    assert not ClaimEvent.objects.filter(claim=claim).exists()


def test_assign_to_a_colleague_emails_them_and_is_internal(reviewer, reviewer2):
    claim = f.ClaimFactory()
    svc.claim_assign(claim=claim, reviewer=reviewer, assignee=reviewer2, expected_version=claim.version)
    claim.refresh_from_db()
    assert claim.assigned_to == reviewer2
    assert claim.version == 3  # assignment + submitted → under review
    assert OutboxMessage.objects.filter(purpose="review_assigned", recipient=reviewer2.email).count() == 1
    assert not OutboxMessage.objects.filter(recipient=claim.claimant.email).exists()


def test_assign_to_a_non_reviewer_is_refused(reviewer, seller):
    claim = f.ClaimFactory()
    with pytest.raises(ValidationError) as exc:
        svc.claim_assign(claim=claim, reviewer=reviewer, assignee=seller, expected_version=claim.version)
    assert "assignee" in exc.value.message_dict


def test_note_is_internal_and_sends_no_email(reviewer):
    claim = f.ClaimFactory()
    event = svc.claim_note_add(
        claim=claim, reviewer=reviewer, text="Seller looks credible.", expected_version=1
    )
    assert event.visibility == ClaimEvent.Visibility.INTERNAL
    assert not OutboxMessage.objects.exists()
    claim.refresh_from_db()
    assert claim.first_action_at is not None


def test_finding_is_kept_per_parameter_and_every_change_stays_in_the_record(reviewer):
    claim = f.ClaimFactory()
    parameter = claim.order.guarantee_terms.parameters.first()
    svc.claim_finding_set(
        claim=claim, reviewer=reviewer, parameter_id=parameter.pk, finding="unclear", expected_version=1
    )
    claim.refresh_from_db()
    svc.claim_finding_set(
        claim=claim,
        reviewer=reviewer,
        parameter_id=parameter.pk,
        finding="not_met",
        note="Replied after 60 hours",
        expected_version=claim.version,
    )
    assert ParameterFinding.objects.get(claim=claim, parameter=parameter).finding == "not_met"
    kinds = list(
        ClaimEvent.objects.filter(claim=claim, kind="finding").values_list("data__finding", flat=True)
    )
    assert kinds == ["unclear", "not_met"]


def test_finding_on_a_parameter_of_other_terms_is_refused(reviewer):
    claim = f.ClaimFactory()
    other = f.ClaimFactory().order.guarantee_terms.parameters.first()
    with pytest.raises(ValidationError):
        svc.claim_finding_set(
            claim=claim, reviewer=reviewer, parameter_id=other.pk, finding="met", expected_version=1
        )
    assert not ParameterFinding.objects.exists()


def test_information_request_to_the_seller_waits_seven_calendar_days_then_the_answer_returns_it(reviewer):
    claim = f.ClaimFactory()
    with time_machine.travel("2026-11-27 10:00 +05:30", tick=False):  # a Friday
        request = svc.claim_info_request(
            claim=claim, reviewer=reviewer, party="seller", question="Send the invoice.", expected_version=1
        )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.AWAITING_SELLER
    assert timezone.localtime(request.due_at).isoformat().startswith("2026-12-04T23:59:59")
    assert claim.awaiting_due == request.due_at
    assert OutboxMessage.objects.filter(
        purpose="claim_info_requested", recipient=claim.claimant.email
    ).exists()

    svc.claim_info_answer(claim=claim, user=claim.claimant, answer="Attached the invoice.")
    claim.refresh_from_db()
    request.refresh_from_db()
    assert claim.status == Claim.Status.UNDER_REVIEW
    assert claim.awaiting_due is None
    assert request.answer == "Attached the invoice." and request.answered_at
    assert OutboxMessage.objects.filter(purpose="claim_info_answered", recipient=reviewer.email).exists()


def test_information_request_to_the_partner_waits_five_business_days(reviewer):
    from partnernet.models import Holiday

    claim = f.ClaimFactory()
    Holiday.objects.create(date="2026-12-01", name="A holiday")
    with time_machine.travel("2026-11-27 10:00 +05:30", tick=False):  # Friday
        request = svc.claim_info_request(
            claim=claim, reviewer=reviewer, party="partner", question="Your delivery log?", expected_version=1
        )
    # Mon 30, (Tue 1 holiday), Wed 2, Thu 3, Fri 4, Mon 7
    assert timezone.localtime(request.due_at).date().isoformat() == "2026-12-07"
    claim.refresh_from_db()
    assert claim.status == Claim.Status.AWAITING_PARTNER


def test_only_the_party_asked_can_answer(reviewer, seller_b):
    claim = f.ClaimFactory()
    svc.claim_info_request(
        claim=claim, reviewer=reviewer, party="partner", question="Log?", expected_version=1
    )
    with pytest.raises(ClaimConflict):
        svc.claim_info_answer(claim=claim, user=claim.claimant, answer="Not asked of me")
    with pytest.raises(ClaimConflict):
        svc.claim_info_answer(claim=claim, user=seller_b, answer="Stranger")
    assert not InformationRequest.objects.filter(answered_at__isnull=False).exists()


def test_decide_records_everything_and_emails_both_sides_with_the_rationale(reviewer):
    claim = f.ClaimFactory()
    member = f.PartnerMemberFactory(partner=claim.partner, role="owner").user
    with time_machine.travel("2026-11-27 10:00 +05:30", tick=False):
        decided = _decide(claim, reviewer)
    assert decided.status == Claim.Status.DECIDED
    assert decided.outcome == "partially_upheld"
    assert decided.decision_amount == Decimal("4000.00")
    assert decided.decided_by == reviewer and decided.first_action_at
    assert timezone.localtime(decided.appeal_deadline).isoformat().startswith("2026-12-11T23:59:59")
    assert not decided.is_final
    event = ClaimEvent.objects.get(claim=claim, kind="decided")
    assert event.visibility == "both" and event.message == RATIONALE
    for email in (claim.claimant.email, member.email):
        message = OutboxMessage.objects.get(purpose="claim_decided", recipient=email)
        assert RATIONALE in message.body_text
        assert RATIONALE in message.body_html  # multipart: text and HTML


def test_decision_amount_above_the_agreed_price_is_refused(reviewer):
    claim = f.ClaimFactory()
    with pytest.raises(ValidationError) as exc:
        _decide(claim, reviewer, amount="10000.01")
    assert "amount" in exc.value.message_dict
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED and not claim.outcome
    assert not OutboxMessage.objects.exists()


def test_decision_needs_an_active_fitting_reason_code_and_a_rationale(reviewer):
    claim = f.ClaimFactory()
    reason_code("rejected_only", "Not covered", outcomes="rejected")
    with pytest.raises(ValidationError) as exc:
        _decide(claim, reviewer, reason_code="rejected_only", rationale="short")
    assert {"reason_code", "rationale"} <= set(exc.value.message_dict)


def test_rejection_carries_no_remedy_or_amount(reviewer):
    claim = f.ClaimFactory()
    decided = _decide(claim, reviewer, outcome="rejected", remedy="", amount=None)
    assert decided.decision_remedy == "" and decided.decision_amount is None


def test_stale_decision_is_refused_and_the_first_stays(reviewer, reviewer2):
    claim = f.ClaimFactory()
    version = claim.version
    svc.claim_decide(claim=claim, reviewer=reviewer, expected_version=version, **decide_kwargs())
    with pytest.raises(ClaimConflict):
        svc.claim_decide(
            claim=claim,
            reviewer=reviewer2,
            expected_version=version,
            **decide_kwargs(outcome="rejected", remedy="", amount=None),
        )
    claim.refresh_from_db()
    assert claim.outcome == "partially_upheld" and claim.decided_by == reviewer
    assert ClaimEvent.objects.filter(claim=claim, kind="decided").count() == 1


def _appealed(decider):
    claim = f.ClaimFactory()
    _decide(claim, decider)
    claim.refresh_from_db()
    Claim.objects.filter(pk=claim.pk).update(
        status=Claim.Status.APPEALED,
        appealed_at=timezone.now(),
        original_decided_by=decider,
        original_outcome=claim.outcome,
        version=claim.version + 1,
    )
    claim.refresh_from_db()
    return claim


def test_an_appeal_cannot_be_decided_by_the_reviewer_who_decided(lead):
    claim = _appealed(lead)
    with pytest.raises(ReviewerNotAllowed):
        _decide(claim, lead, outcome="rejected", remedy="", amount=None)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPEALED and not claim.is_final


def test_an_appeal_cannot_be_decided_by_a_plain_reviewer(reviewer):
    claim = _appealed(lead_user())
    with pytest.raises(ReviewerNotAllowed):
        _decide(claim, reviewer_user())
    with pytest.raises(ValidationError):
        svc.claim_assign(claim=claim, reviewer=reviewer, assignee=reviewer, expected_version=claim.version)


def test_another_lead_decides_the_appeal_finally_and_the_claim_closes(reviewer):
    claim = _appealed(reviewer)
    other = lead_user()
    decided = _decide(claim, other, outcome="upheld", remedy="full_refund", amount=None)
    assert decided.is_final
    assert decided.status == Claim.Status.CLOSED
    assert decided.decision_amount == decided.agreed_price
    assert decided.original_decided_by == reviewer and decided.decided_by == other
    assert ClaimEvent.objects.filter(claim=claim, kind="appeal_decided", visibility="both").exists()
    assert OutboxMessage.objects.filter(
        purpose="claim_appeal_decided", recipient=claim.claimant.email
    ).exists()


def test_decided_claims_close_when_the_appeal_window_ends(reviewer):
    claim = f.ClaimFactory()
    decided = _decide(claim, reviewer)
    assert svc.claims_close_after_appeal() == 0
    with time_machine.travel(decided.appeal_deadline + timedelta(seconds=1)):
        assert svc.claims_close_after_appeal() == 1
        assert svc.claims_close_after_appeal() == 0
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CLOSED and claim.closed_at


def test_full_appeal_through_the_sellers_service_goes_to_another_lead_whose_decision_is_final(reviewer):
    from claims.services.appeals import claim_appeal
    from claims.services.sla import claims_flag_overdue

    first_lead, second_lead = lead_user(), lead_user()
    claim = f.ClaimFactory()
    _decide(claim, first_lead, outcome="rejected", remedy="", amount=None)
    claim.refresh_from_db()
    claim_appeal(
        claim=claim,
        user=claim.claimant,
        statement="The scope document proves it.",
        expected_version=claim.version,
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPEALED and claim.assigned_to == second_lead

    # The appeal's own decision target counts even though the claim was decided once before.
    with time_machine.travel(claim.decision_due + timedelta(seconds=1)):
        claims_flag_overdue()
    claim.refresh_from_db()
    assert claim.is_overdue

    with pytest.raises(ReviewerNotAllowed):
        _decide(claim, first_lead)
    decided = _decide(claim, second_lead, outcome="upheld", remedy="full_refund", amount=None)
    assert decided.is_final and decided.status == Claim.Status.CLOSED and not decided.is_overdue
    assert decided.original_outcome == "rejected" and decided.original_decided_by == first_lead
    with pytest.raises(ValidationError):
        claim_appeal(claim=decided, user=claim.claimant, statement="Again", expected_version=decided.version)
