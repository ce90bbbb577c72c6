"""A remedy's life through its services: owed, fulfilled, confirmed or disputed."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Claim
from partnernet.errors import InvalidInput, NotAllowed, StateError
from partnernet.models import Holiday, OutboxMessage
from remedies.models import Remedy, RemedyEvent, RemedyEventImmutable
from remedies.services import remedy_confirm, remedy_dispute, remedy_due_on, remedy_fulfil
from remedies.services.obligations import remedy_support_settle
from tests import factories as f
from tests.remedies.conftest import REFUND, decide, ist

pytestmark = pytest.mark.django_db

PDF = (  # a whole PDF: uploads check its xref, trailer and startxref
    b"%PDF-1.4\n1 0 obj<<>>endobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
    b"trailer<</Size 2>>\nstartxref\n27\n%%EOF\n"
)


# --- due dates -----------------------------------------------------------------------


def test_due_date_is_seven_business_days_skipping_the_weekend():
    # Decided Friday 4 Dec 2026 → Mon 7 … Fri 11 (5), Mon 14 (6), Tue 15 (7).
    assert remedy_due_on(ist("2026-12-04 16:00")) == date(2026, 12, 15)


def test_due_date_skips_support_holidays_too():
    Holiday.objects.create(date=date(2026, 12, 8), name="A holiday")
    Holiday.objects.create(date=date(2026, 12, 14), name="Another")
    assert remedy_due_on(ist("2026-12-04 16:00")) == date(2026, 12, 17)


def test_due_date_is_counted_in_ist_not_utc():
    # 23:30 IST on Friday is still Friday in IST (18:00 UTC), so Friday is day 0.
    assert remedy_due_on(ist("2026-12-04 23:30")) == date(2026, 12, 15)
    # 00:30 IST on Saturday: day 0 is Saturday, the first business day is Monday.
    assert remedy_due_on(ist("2026-12-05 00:30")) == date(2026, 12, 15)


def test_due_days_are_a_setting(settings):
    settings.REMEDY_DUE_BUSINESS_DAYS = 2
    assert remedy_due_on(ist("2026-12-04 10:00")) == date(2026, 12, 8)


# --- creation ------------------------------------------------------------------------


def test_partially_upheld_decision_owes_its_amount_with_the_due_date(world):
    remedy = world["remedy"]
    assert (remedy.status, remedy.kind, remedy.amount) == ("due", "partial_refund", Decimal("4000.00"))
    assert remedy.due_on == remedy_due_on(world["claim"].decided_at)
    assert list(remedy.events.values_list("kind", flat=True)) == ["created"]
    partner_mail = OutboxMessage.objects.filter(purpose="remedy_due").values_list("recipient", flat=True)
    assert world["partner"].email in partner_mail


def test_a_second_settled_call_makes_no_second_remedy(world):
    from claims.hooks import claim_settled

    claim_settled.call(world["claim"])
    assert Remedy.objects.filter(claim=world["claim"]).count() == 1


def test_full_refund_owes_the_agreed_price_and_redo_owes_no_amount(seller, partner_member, reviewer):
    order = f.completed_order(seller=seller.seller_account, partner=partner_member.partner, price="7500.00")
    full = decide(f.ClaimFactory(order=order), reviewer, outcome="upheld", remedy="full_refund", amount="")
    assert Remedy.objects.get(claim=full).amount == Decimal("7500.00")
    redo = decide(f.ClaimFactory(), reviewer, outcome="upheld", remedy="redo", amount="")
    assert (Remedy.objects.get(claim=redo).kind, Remedy.objects.get(claim=redo).amount) == ("redo", None)


def test_rejected_claim_owes_nothing(reviewer):
    claim = decide(f.ClaimFactory(), reviewer, outcome="rejected", remedy="", amount="")
    assert not Remedy.objects.filter(claim=claim).exists()


def test_accepted_partner_offer_owes_the_offer(seller, partner_member):
    from claims.hooks import claim_settled
    from tests.remedies.conftest import claim_offer_accept, claim_partner_respond

    order = f.completed_order(seller=seller.seller_account, partner=partner_member.partner)
    claim = f.ClaimFactory(order=order)
    claim_partner_respond(
        claim=claim,
        user=partner_member,
        statement="We will refund part of the fee for the missing listings.",
        offer_remedy="partial_refund",
        offer_amount="2500.00",
    )
    accepted = claim_offer_accept(claim=Claim.objects.get(pk=claim.pk), user=seller)
    claim_settled.call(accepted)
    remedy = Remedy.objects.get(claim=claim)
    assert (remedy.kind, remedy.amount, accepted.outcome) == (
        "partial_refund",
        Decimal("2500.00"),
        "resolved_with_partner",
    )


# --- fulfilment ------------------------------------------------------------------------


def test_refund_without_payment_reference_is_refused_naming_the_field(world):
    with pytest.raises(InvalidInput) as exc:
        remedy_fulfil(remedy=world["remedy"], user=world["partner"], **{**REFUND, "payment_reference": ""})
    assert exc.value.field == "payment_reference"
    assert "payment_reference" in exc.value.as_dict()
    world["remedy"].refresh_from_db()
    assert world["remedy"].status == "due" and world["remedy"].fulfilled_at is None
    assert not RemedyEvent.objects.filter(kind="fulfilled").exists()


@pytest.mark.parametrize("amount", ["3999.99", "4000.01", "400"])
def test_refund_amount_other_than_owed_is_refused(world, amount):
    with pytest.raises(InvalidInput) as exc:
        remedy_fulfil(remedy=world["remedy"], user=world["partner"], **{**REFUND, "amount": amount})
    assert exc.value.field == "amount"
    assert "₹4,000.00" in exc.value.message
    world["remedy"].refresh_from_db()
    assert world["remedy"].status == "due"


def test_refund_payment_date_cannot_be_in_the_future(world):
    with time_machine.travel(ist("2026-12-01 12:00")), pytest.raises(InvalidInput) as exc:
        remedy_fulfil(remedy=world["remedy"], user=world["partner"], **{**REFUND, "paid_on": "2026-12-02"})
    assert exc.value.field == "paid_on"


def test_only_the_partner_records_fulfilment(world, seller_b, partner_member_y):
    for user in (world["seller"], seller_b, partner_member_y, world["reviewer"]):
        with pytest.raises(NotAllowed):
            remedy_fulfil(remedy=world["remedy"], user=user, **REFUND)
    assert Remedy.objects.get(pk=world["remedy"].pk).status == "due"


def test_recorded_refund_tells_the_seller_and_keeps_the_reference(world):
    remedy = remedy_fulfil(remedy=world["remedy"], user=world["partner"], **REFUND)
    assert remedy.status == "fulfilled" and remedy.payment_reference == "UTR 4021 8876 1123"
    assert remedy.paid_amount == Decimal("4000.00") and remedy.paid_on == date(2026, 12, 1)
    assert (
        OutboxMessage.objects.filter(
            purpose__startswith="remedy_fulfilled", recipient=world["seller"].email
        ).count()
        == 1
    )


def test_redo_needs_a_note_and_checks_its_document(seller, partner_member, reviewer):
    order = f.completed_order(seller=seller.seller_account, partner=partner_member.partner)
    claim = decide(f.ClaimFactory(order=order), reviewer, outcome="upheld", remedy="redo", amount="")
    remedy = Remedy.objects.get(claim=claim)
    with pytest.raises(InvalidInput) as exc:
        remedy_fulfil(remedy=remedy, user=partner_member, note="")
    assert exc.value.field == "note"
    fake = SimpleUploadedFile("listing.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    with pytest.raises(InvalidInput) as exc:
        remedy_fulfil(remedy=remedy, user=partner_member, note="All 50 listings redone.", document=fake)
    assert exc.value.field == "document"
    pdf = SimpleUploadedFile("proof.pdf", PDF, content_type="application/pdf")
    done = remedy_fulfil(remedy=remedy, user=partner_member, note="All 50 listings redone.", document=pdf)
    assert done.status == "fulfilled" and done.document_type == "application/pdf"
    assert "proof" not in done.document.name  # server-made name


# --- the seller's answer -----------------------------------------------------------------


def test_confirm_and_dispute_only_by_the_claims_seller(world, seller_b, partner_member_y):
    remedy = remedy_fulfil(remedy=world["remedy"], user=world["partner"], **REFUND)
    for user in (world["partner"], seller_b, partner_member_y, world["reviewer"]):
        with pytest.raises(NotAllowed):
            remedy_confirm(remedy=remedy, user=user)
        with pytest.raises(NotAllowed):
            remedy_dispute(remedy=remedy, user=user, reason="Not received.")
    remedy.refresh_from_db()
    assert remedy.status == "fulfilled" and remedy.confirmed_at is None
    confirmed = remedy_confirm(remedy=remedy, user=world["seller"])
    assert (confirmed.status, confirmed.confirmation) == ("confirmed", "seller")
    assert OutboxMessage.objects.filter(purpose="remedy_confirmed", recipient=world["partner"].email).exists()


def test_nothing_to_confirm_before_fulfilment(world):
    with pytest.raises(StateError):
        remedy_confirm(remedy=world["remedy"], user=world["seller"])


def test_dispute_needs_a_reason_and_goes_back_to_support(world):
    remedy = remedy_fulfil(remedy=world["remedy"], user=world["partner"], **REFUND)
    with pytest.raises(InvalidInput) as exc:
        remedy_dispute(remedy=remedy, user=world["seller"], reason="  ")
    assert exc.value.field == "reason"
    disputed = remedy_dispute(remedy=remedy, user=world["seller"], reason="No money arrived in our account.")
    assert disputed.status == "disputed"
    from remedies.selectors import remedy_queue

    assert list(remedy_queue(status="disputed")) == [disputed]
    # The partner may record it again (a corrected UTR).
    again = remedy_fulfil(
        remedy=disputed, user=world["partner"], **{**REFUND, "payment_reference": "UTR9988776655"}
    )
    assert again.status == "fulfilled"
    assert OutboxMessage.objects.filter(purpose__startswith="remedy_fulfilled").count() == 2


def test_stale_version_is_a_conflict(world):
    from partnernet.errors import Conflict

    with pytest.raises(Conflict):
        remedy_fulfil(remedy=world["remedy"], user=world["partner"], expected_version=99, **REFUND)


def test_support_settles_with_a_note(world, seller_b):
    with pytest.raises(NotAllowed):
        remedy_support_settle(remedy=world["remedy"], user=seller_b, note="Paid outside the portal.")
    settled = remedy_support_settle(
        remedy=world["remedy"], user=world["reviewer"], note="Paid outside the portal; receipt seen."
    )
    assert (settled.status, settled.confirmation) == ("confirmed", "support")


# --- the claim stays open until the remedy is confirmed -----------------------------------


def test_claim_close_blocker_until_confirmed(world):
    from django.utils import translation

    from claims.hooks import claim_close_blockers

    with translation.override("en"):
        reasons = [r for r in claim_close_blockers.call(world["claim"]) if r]
    assert reasons and "confirmed" in reasons[0]
    remedy = remedy_fulfil(remedy=world["remedy"], user=world["partner"], **REFUND)
    remedy_confirm(remedy=remedy, user=world["seller"])
    assert not [r for r in claim_close_blockers.call(world["claim"]) if r]


def test_confirmation_after_the_appeal_window_closes_the_claim(world):
    from datetime import timedelta

    Claim.objects.filter(pk=world["claim"].pk).update(
        appeal_deadline=world["claim"].decided_at - timedelta(seconds=1)
    )
    remedy = remedy_fulfil(remedy=world["remedy"], user=world["partner"], **REFUND)
    remedy_confirm(remedy=remedy, user=world["seller"])
    assert Claim.objects.get(pk=world["claim"].pk).status == "closed"


def test_events_are_append_only(world):
    event = world["remedy"].events.first()
    with pytest.raises(RemedyEventImmutable):
        event.save()
    with pytest.raises(RemedyEventImmutable):
        RemedyEvent.objects.filter(pk=event.pk).update(message="changed")
    with pytest.raises(RemedyEventImmutable):
        event.delete()
