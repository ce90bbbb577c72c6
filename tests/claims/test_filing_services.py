"""Filing: drafts, submit, withdraw, messages, appeal, support filing on behalf (services)."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone

from claims.eligibility import claim_deadline_for, claim_eligibility
from claims.exceptions import ClaimConflict, ClaimIncomplete, ClaimNotEligible, ClaimRateLimited
from claims.models import Claim, ClaimDocument, ClaimEvent
from claims.services import (
    claim_appeal,
    claim_document_add,
    claim_draft_create,
    claim_draft_start,
    claim_draft_update,
    claim_file_on_behalf,
    claim_message_add,
    claim_submit,
    claim_withdraw,
)
from partnernet.business_days import IST
from partnernet.models import OutboxMessage
from partnernet.users.models import LEADS_GROUP
from tests import factories as f
from tests.claims.conftest import VALID_FIELDS, pdf

pytestmark = pytest.mark.django_db


def ist(text):
    return datetime.fromisoformat(text).replace(tzinfo=IST)


# --- eligibility ------------------------------------------------------------------


def test_eligible_order_has_no_reasons_and_the_deadline(order, order_seller):
    result = claim_eligibility(order=order, claimant=order_seller)
    assert result.eligible and result.reasons == []
    assert result.deadline == claim_deadline_for(order.completed_at)


def test_deadline_is_end_of_30th_day_in_ist():
    deadline = claim_deadline_for(ist("2026-11-01T15:00:00"))
    assert deadline == ist("2026-12-01T23:59:59.999999")


def test_last_microsecond_is_inside_the_window_and_the_next_is_not(db):
    order = f.completed_order(completed_at=ist("2026-11-01T15:00:00"))
    seller = order.seller.owner
    inside = claim_eligibility(order=order, claimant=seller, moment=ist("2026-12-01T23:59:59.999999"))
    outside = claim_eligibility(order=order, claimant=seller, moment=ist("2026-12-02T00:00:00"))
    assert inside.eligible
    assert outside.codes == ["window_closed"]
    assert "01 Dec 2026" in outside.reasons[0]["message"]


def test_window_is_computed_from_completion_not_the_sweep_flag(db):
    order = f.completed_order(completed_at=timezone.now() - timedelta(days=40))
    order.claim_window_open = True  # the sweep has not run yet
    order.save()
    assert claim_eligibility(order=order, claimant=order.seller.owner).codes == ["window_closed"]


def test_each_rule_has_its_own_code(db, seller_b):
    uncovered = f.completed_order(covered=False)
    assert claim_eligibility(order=uncovered, claimant=uncovered.seller.owner).codes == [
        "partner_not_guaranteed"
    ]
    us = f.completed_order(seller=f.SellerAccountFactory(marketplace="US"))
    assert claim_eligibility(order=us, claimant=us.seller.owner).codes == ["marketplace_not_covered"]
    open_order = f.OrderFactory(status="accepted")
    assert (
        "order_not_completed" in claim_eligibility(order=open_order, claimant=open_order.seller.owner).codes
    )
    order = f.completed_order()
    assert claim_eligibility(order=order, claimant=seller_b).codes == ["not_order_seller"]
    assert claim_eligibility(order=order, claimant=seller_b, on_behalf=True).eligible


def test_a_live_claim_blocks_but_a_withdrawn_one_does_not(db):
    claim = f.ClaimFactory()
    seller = claim.order.seller.owner
    assert claim_eligibility(order=claim.order, claimant=seller).codes == ["claim_exists"]
    claim_withdraw(claim=claim, user=seller)
    assert claim_eligibility(order=claim.order, claimant=seller).eligible


def test_own_draft_does_not_block_resuming_it(order, order_seller):
    draft = claim_draft_start(order=order, user=order_seller)
    assert claim_eligibility(order=order, claimant=order_seller).eligible
    assert claim_draft_start(order=order, user=order_seller) == draft
    assert Claim.objects.count() == 1


# --- drafts and submit --------------------------------------------------------------


def test_draft_gets_a_private_reference_and_is_resumable(order, order_seller):
    draft = claim_draft_create(order=order, user=order_seller, description="Half done")
    assert draft.reference.startswith("DR-") and draft.status == Claim.Status.DRAFT
    again = claim_draft_start(order=order, user=order_seller)
    assert again.pk == draft.pk and again.description == "Half done"
    assert not OutboxMessage.objects.exists()


def test_draft_update_keeps_good_fields_when_one_is_wrong(order, order_seller):
    draft = claim_draft_start(order=order, user=order_seller)
    with pytest.raises(ValidationError) as exc:
        claim_draft_update(
            claim=draft,
            user=order_seller,
            description="Words I typed",
            remedy="partial_refund",
            amount="99999999",
        )
    assert "amount" in exc.value.message_dict
    draft.refresh_from_db()
    assert draft.description == "Words I typed" and draft.remedy == "partial_refund" and draft.amount is None


def test_submit_assigns_reference_due_dates_events_and_emails(ready_draft, order_seller, order_partner_user):
    claim = claim_submit(claim=ready_draft, user=order_seller)
    assert claim.status == Claim.Status.SUBMITTED
    assert claim.reference.startswith(f"CL-{timezone.localtime().year}-")
    assert claim.submitted_at and claim.partner_notified_at
    assert claim.partner_response_due > claim.first_action_due
    assert claim.decision_due > claim.partner_response_due
    assert claim.eligibility_at_filing["eligible"] is True
    kinds = list(claim.events.values_list("kind", flat=True))
    assert ClaimEvent.Kind.SUBMITTED in kinds and ClaimEvent.Kind.PARTNER_NOTIFIED in kinds
    recipients = set(OutboxMessage.objects.values_list("recipient", flat=True))
    assert order_seller.email in recipients and order_partner_user.email in recipients


def test_submit_without_invoice_names_what_is_missing(order, order_seller):
    draft = claim_draft_create(order=order, user=order_seller, **VALID_FIELDS)
    claim_document_add(claim=draft, user=order_seller, file=pdf("scope.pdf"), kind="scope")
    with pytest.raises(ClaimIncomplete) as exc:
        claim_submit(claim=draft, user=order_seller)
    assert "documents" in exc.value.message_dict
    draft.refresh_from_db()
    assert draft.status == Claim.Status.DRAFT and draft.reference.startswith("DR-")
    assert not OutboxMessage.objects.exists()


def test_scope_document_required_only_when_order_has_no_scope(order, order_seller):
    order.scope = ""
    order.save()
    draft = claim_draft_create(order=order, user=order_seller, **VALID_FIELDS)
    claim_document_add(claim=draft, user=order_seller, file=pdf(), kind="payment_receipt")
    with pytest.raises(ClaimIncomplete) as exc:
        claim_submit(claim=draft, user=order_seller)
    assert any("scope" in m for m in exc.value.message_dict["documents"])
    claim_document_add(claim=draft, user=order_seller, file=pdf("scope.pdf"), kind="scope")
    assert claim_submit(claim=draft, user=order_seller).status == Claim.Status.SUBMITTED


def test_submit_requires_each_field(order, order_seller):
    draft = claim_draft_start(order=order, user=order_seller)
    claim_document_add(claim=draft, user=order_seller, file=pdf(), kind="invoice")
    with pytest.raises(ClaimIncomplete) as exc:
        claim_submit(claim=draft, user=order_seller)
    assert {"reason", "description", "resolution_attempt", "resolution_confirmed", "remedy"} <= set(
        exc.value.message_dict
    )


def test_submit_after_the_deadline_is_refused_with_reason(db):
    order = f.completed_order(completed_at=ist("2026-11-01T15:00:00"))
    seller = order.seller.owner
    with time_machine.travel(ist("2026-11-20T10:00:00")):
        draft = claim_draft_create(order=order, user=seller, **VALID_FIELDS)
        claim_document_add(claim=draft, user=seller, file=pdf(), kind="invoice")
    with time_machine.travel(ist("2026-12-02T00:00:00")), pytest.raises(ClaimNotEligible) as exc:
        claim_submit(claim=draft, user=seller)
    assert exc.value.reasons == ["window_closed"]
    assert not Claim.objects.exclude(status="draft").exists()


def test_uncovered_and_non_in_orders_cannot_even_start(db):
    for order in (
        f.completed_order(covered=False),
        f.completed_order(seller=f.SellerAccountFactory(marketplace="US")),
    ):
        with pytest.raises(ClaimNotEligible):
            claim_draft_start(order=order, user=order.seller.owner)
    assert not Claim.objects.exists()


def test_a_second_claim_on_one_order_is_refused(ready_draft, order, order_seller):
    claim_submit(claim=ready_draft, user=order_seller)
    with pytest.raises(ClaimNotEligible) as exc:
        claim_draft_start(order=order, user=order_seller)
    assert exc.value.reasons == ["claim_exists"]
    assert Claim.objects.count() == 1


def test_double_submit_returns_the_same_claim(ready_draft, order_seller):
    first = claim_submit(claim=ready_draft, user=order_seller)
    second = claim_submit(claim=ready_draft, user=order_seller)
    assert first.reference == second.reference
    assert Claim.objects.exclude(status="draft").count() == 1
    assert ClaimEvent.objects.filter(kind="submitted").count() == 1


def test_partial_refund_above_price_is_refused(order, order_seller):
    draft = claim_draft_start(order=order, user=order_seller)
    with pytest.raises(ValidationError) as exc:
        claim_draft_update(claim=draft, user=order_seller, remedy="partial_refund", amount="10000.01")
    assert "agreed price" in exc.value.message_dict["amount"][0]


def test_rate_limit_per_seller_account(settings, order_seller, ready_draft):
    settings.CLAIMS_PER_SELLER_30_DAYS = 2
    account = ready_draft.seller
    for _ in range(2):
        f.ClaimFactory(order=f.completed_order(seller=account))
    with pytest.raises(ClaimRateLimited) as exc:
        claim_submit(claim=ready_draft, user=order_seller)
    assert "2 claims" in str(exc.value)
    ready_draft.refresh_from_db()
    assert ready_draft.status == Claim.Status.DRAFT


def test_stale_version_is_a_conflict(ready_draft, order_seller):
    with pytest.raises(ClaimConflict):
        claim_submit(claim=ready_draft, user=order_seller, expected_version=ready_draft.version - 1)


# --- after submission ----------------------------------------------------------------


def test_withdraw_before_decision_and_not_after(db):
    claim = f.ClaimFactory()
    seller = claim.order.seller.owner
    withdrawn = claim_withdraw(claim=claim, user=seller)
    assert withdrawn.status == Claim.Status.WITHDRAWN and withdrawn.withdrawn_at
    decided = f.ClaimFactory(status="decided", outcome="rejected", decided_at=timezone.now())
    with pytest.raises(ValidationError):
        claim_withdraw(claim=decided, user=decided.order.seller.owner)
    decided.refresh_from_db()
    assert decided.status == "decided"


def test_another_seller_cannot_withdraw(db, seller_b):
    claim = f.ClaimFactory()
    with pytest.raises(ValidationError):
        claim_withdraw(claim=claim, user=seller_b)
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_messages_are_visible_only_to_their_side(db):
    claim = f.ClaimFactory()
    partner_user = f.PartnerMemberFactory(partner=claim.partner).user
    from_seller = claim_message_add(claim=claim, user=claim.order.seller.owner, text="Any news?")
    from_partner = claim_message_add(claim=claim, user=partner_user, text="We are on it.")
    assert from_seller.visibility == ClaimEvent.Visibility.SELLER
    assert from_partner.visibility == ClaimEvent.Visibility.PARTNER
    with pytest.raises(ValidationError):
        claim_message_add(claim=claim, user=f.UserFactory(), text="hello")


def _lead(**kwargs):
    user = f.UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get_or_create(name=LEADS_GROUP)[0])
    return user


def test_appeal_goes_to_a_different_lead_with_fewest_open_claims(db):
    decider, busy, free = _lead(), _lead(), _lead()
    f.ClaimFactory(assigned_to=busy, status="under_review")
    claim = f.ClaimFactory(
        status="decided",
        outcome="rejected",
        decided_at=timezone.now(),
        decided_by=decider,
        appeal_deadline=timezone.now() + timedelta(days=14),
    )
    seller = claim.order.seller.owner
    appealed = claim_appeal(claim=claim, user=seller, statement="The listings are still missing.")
    assert appealed.status == Claim.Status.APPEALED
    assert appealed.assigned_to == free
    assert appealed.original_outcome == "rejected" and appealed.original_decided_by == decider
    with pytest.raises(ValidationError):
        claim_appeal(claim=appealed, user=seller, statement="again")


def test_appeal_after_14_days_is_refused(db):
    decided_at = timezone.now() - timedelta(days=15)
    claim = f.ClaimFactory(
        status="decided",
        outcome="rejected",
        decided_at=decided_at,
        appeal_deadline=decided_at + timedelta(days=14),
    )
    with pytest.raises(ValidationError) as exc:
        claim_appeal(claim=claim, user=claim.order.seller.owner, statement="Please look again")
    assert "window closed" in str(exc.value)
    claim.refresh_from_db()
    assert claim.status == "decided" and claim.appealed_at is None


# --- support on behalf -----------------------------------------------------------------


def test_support_files_on_behalf_with_channel_and_note(order, reviewer):
    claim = claim_file_on_behalf(
        order=order,
        user=reviewer,
        support_note="Seller phoned: the e-mail never arrived.",
        files=[("invoice", pdf())],
        **{k: v for k, v in VALID_FIELDS.items() if k != "resolution_confirmed"},
    )
    assert claim.status == "submitted" and claim.channel == "support"
    assert claim.claimant == order.seller.owner and claim.filed_by == reviewer
    assert claim.amount == Decimal("4000.00")
    assert claim.events.filter(kind="filed_on_behalf").exists()
    note = claim.events.get(kind="note")
    assert note.visibility == ClaimEvent.Visibility.INTERNAL


def test_support_on_behalf_uses_the_same_eligibility(db, reviewer):
    order = f.completed_order(completed_at=timezone.now() - timedelta(days=45))
    with pytest.raises(ClaimNotEligible) as exc:
        claim_file_on_behalf(
            order=order,
            user=reviewer,
            support_note="phone",
            files=[("invoice", pdf())],
            **{k: v for k, v in VALID_FIELDS.items() if k != "resolution_confirmed"},
        )
    assert exc.value.reasons == ["window_closed"]
    assert not Claim.objects.exists()
    assert not ClaimDocument.objects.exists()


def test_submit_emails_are_multipart_and_name_the_deadline(ready_draft, order_seller, order_partner_user):
    claim = claim_submit(claim=ready_draft, user=order_seller)
    to_partner = OutboxMessage.objects.get(purpose="claim_partner_notified")
    assert to_partner.recipient == order_partner_user.email
    assert claim.reference in to_partner.subject
    assert "IST" in to_partner.body_text and "/console/claims/" in to_partner.body_text
    assert to_partner.body_html.startswith("<!doctype html>")
    to_seller = OutboxMessage.objects.get(purpose="claim_submitted_seller")
    assert claim.get_absolute_url() in to_seller.body_text and to_seller.body_html
