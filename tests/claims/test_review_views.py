"""Reviewer pages: access, queue, investigation page, actions and their refusals, preview, metrics."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ClaimDocument, ClaimEvent
from partnernet.models import OutboxMessage
from tests import factories as f
from tests.claims.review_support import RATIONALE, decide_kwargs, decision_template, lead_user, reason_code

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _detail(claim):
    return reverse("claims:review_detail", kwargs={"reference": claim.reference})


def _action(claim, name):
    return reverse(f"claims:review_{name}", kwargs={"reference": claim.reference})


@pytest.mark.parametrize("who", ["seller", "partner_member", "anonymous_staff"])
def test_workspace_is_a_404_for_anyone_but_support(who, client_for, seller, partner_member):
    claim = f.ClaimFactory()
    user = {
        "seller": seller,
        "partner_member": partner_member,
        "anonymous_staff": f.UserFactory(is_staff=True),
    }[who]
    c = client_for(user)
    for url in (
        reverse("claims:review_queue"),
        _detail(claim),
        reverse("claims:review_metrics"),
    ):
        assert c.get(url).status_code == 404
    assert c.post(reverse("claims:review_take_next")).status_code == 404
    assert c.post(_action(claim, "decide"), {"version": 1, **decide_kwargs()}).status_code == 404
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED and claim.assigned_to is None


def test_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("claims:review_queue"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_queue_shows_counts_and_most_urgent_first(client_for, reviewer, django_assert_max_num_queries):
    late = f.ClaimFactory(first_action_due=timezone.now() - timedelta(hours=2), is_overdue=True)
    soon = f.ClaimFactory(first_action_due=timezone.now() + timedelta(hours=5))
    f.ClaimFactory.create_batch(3, first_action_due=timezone.now() + timedelta(days=2))
    c = client_for(reviewer)
    with django_assert_max_num_queries(15):
        response = c.get(reverse("claims:review_queue"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index(late.reference) < body.index(soon.reference)
    assert "Take next" in body
    assert "Overdue" in body


def test_queue_filters_mine_and_partner(client_for, reviewer):
    mine = f.ClaimFactory(assigned_to=reviewer, status=Claim.Status.UNDER_REVIEW)
    other = f.ClaimFactory()
    body = client_for(reviewer).get(reverse("claims:review_queue"), {"assigned": "mine"}).content.decode()
    assert mine.reference in body and other.reference not in body
    body = (
        client_for(reviewer)
        .get(reverse("claims:review_queue"), {"partner": other.partner.slug, "status": "all"})
        .content.decode()
    )
    assert other.reference in body and mine.reference not in body


def test_bad_filter_values_are_ignored_not_a_500(client_for, reviewer):
    response = client_for(reviewer).get(
        reverse("claims:review_queue"), {"status": "nope", "age": "x", "page": "z"}
    )
    assert response.status_code == 200


def test_take_next_button_assigns_and_opens_the_claim(client_for, reviewer):
    claim = f.ClaimFactory()
    response = client_for(reviewer).post(reverse("claims:review_take_next"))
    assert response.status_code == 302 and response["Location"] == _detail(claim)
    claim.refresh_from_db()
    assert claim.assigned_to == reviewer


def test_investigation_page_shows_everything_including_internal_notes(client_for, reviewer):
    claim = f.ClaimFactory(eligibility_at_filing={"eligible": True, "reasons": [], "deadline": None})
    ClaimEvent.record(claim, kind="note", actor=reviewer, message="Secret internal remark")
    ClaimDocument.objects.create(
        claim=claim,
        kind="invoice",
        file=ContentFile(PNG, name="x"),
        original_name="invoice.png",
        content_type="image/png",
        size=len(PNG),
        sha256="0" * 64,
        uploaded_by=claim.claimant,
    )
    decision_template()
    response = client_for(reviewer).get(_detail(claim))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        claim.description,
        "Secret internal remark",
        "Response time",
        claim.order.scope,
        "invoice.png",
        "Partner's record",
        "Seller's record",
        "Partial delivery",
    ):
        assert text in body, text
    document = claim.documents.get()
    preview = client_for(reviewer).get(
        reverse(
            "claims:review_document_preview",
            kwargs={"reference": claim.reference, "document_id": document.pk},
        )
    )
    assert preview.status_code == 200
    assert preview["Content-Disposition"] == "inline"
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]


def test_document_preview_is_a_404_for_the_seller_and_for_another_claims_document(client_for, reviewer):
    claim = f.ClaimFactory()
    other = f.ClaimFactory()
    document = ClaimDocument.objects.create(
        claim=other,
        kind="invoice",
        file=ContentFile(PNG, name="x"),
        original_name="i.png",
        content_type="image/png",
        size=len(PNG),
        sha256="0" * 64,
        uploaded_by=other.claimant,
    )
    url = reverse(
        "claims:review_document_preview", kwargs={"reference": claim.reference, "document_id": document.pk}
    )
    assert client_for(reviewer).get(url).status_code == 404
    own = reverse(
        "claims:review_document_preview", kwargs={"reference": other.reference, "document_id": document.pk}
    )
    assert client_for(other.claimant).get(own).status_code == 404


def test_drafts_are_invisible_to_support(client_for, reviewer):
    draft = f.ClaimFactory(status=Claim.Status.DRAFT, submitted_at=None, reference="DR-TEST-1")
    assert client_for(reviewer).get(_detail(draft)).status_code == 404


def test_decide_from_the_page(client_for, reviewer):
    claim = f.ClaimFactory()
    response = client_for(reviewer).post(
        _action(claim, "decide"), {"version": claim.version, **decide_kwargs()}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DECIDED and claim.rationale == RATIONALE


def test_stale_decision_on_the_page_says_so_keeps_the_text_and_overwrites_nothing(
    client_for, reviewer, reviewer2
):
    claim = f.ClaimFactory()
    stale = claim.version
    client_for(reviewer).post(_action(claim, "note"), {"version": stale, "text": "Looking into it"})
    response = client_for(reviewer2).post(
        _action(claim, "decide"), {"version": stale, **decide_kwargs(rationale=RATIONALE + " Mine.")}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed this claim" in body
    assert RATIONALE + " Mine." in body  # the typed rationale is kept
    claim.refresh_from_db()
    assert claim.status == Claim.Status.UNDER_REVIEW and not claim.outcome
    assert not OutboxMessage.objects.filter(purpose="claim_decided").exists()


def test_invalid_decision_shows_errors_next_to_fields(client_for, reviewer):
    claim = f.ClaimFactory()
    response = client_for(reviewer).post(
        _action(claim, "decide"), {"version": claim.version, **decide_kwargs(amount="99999")}
    )
    assert response.status_code == 400
    assert "cannot be more than the agreed price" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED


def test_request_info_and_note_and_finding_and_assign_from_the_page(client_for, reviewer, reviewer2):
    claim = f.ClaimFactory()
    c = client_for(reviewer)
    assert c.post(_action(claim, "note"), {"version": 1, "text": "n"}).status_code == 302
    claim.refresh_from_db()
    parameter = claim.order.guarantee_terms.parameters.first()
    r = c.post(
        _action(claim, "finding"), {"version": claim.version, "parameter": parameter.pk, "finding": "met"}
    )
    assert r.status_code == 302
    claim.refresh_from_db()
    r = c.post(_action(claim, "assign"), {"version": claim.version, "assignee": reviewer2.pk})
    assert r.status_code == 302
    claim.refresh_from_db()
    r = c.post(
        _action(claim, "request_info"), {"version": claim.version, "party": "seller", "question": "Invoice?"}
    )
    assert r.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.AWAITING_SELLER and claim.assigned_to == reviewer2


def test_metrics_page_is_for_leads_only(client_for, reviewer):
    reason_code()
    decided = f.ClaimFactory(
        status=Claim.Status.DECIDED,
        outcome="upheld",
        decided_at=timezone.now(),
        first_action_at=timezone.now() - timedelta(hours=1),
        submitted_at=timezone.now() - timedelta(hours=30),
    )
    assert client_for(reviewer).get(reverse("claims:review_metrics")).status_code == 404
    response = client_for(lead_user()).get(reverse("claims:review_metrics"), {"days": "abc"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="chart-bar' in body and "data-pct=" in body
    assert decided.partner.name in body
    assert 'style="' not in body


def test_the_first_decider_sees_no_decision_form_on_the_appeal(client_for):
    decider = lead_user()
    claim = f.ClaimFactory(
        status=Claim.Status.APPEALED,
        appealed_at=timezone.now(),
        decided_by=decider,
        original_decided_by=decider,
        outcome="rejected",
    )
    body = client_for(decider).get(_detail(claim)).content.decode()
    assert "not yours to make" in body and "Record the decision" not in body
    other = client_for(lead_user()).get(_detail(claim)).content.decode()
    assert "Decide the appeal (final)" in other and "Record the decision" in other
    response = client_for(decider).post(
        _action(claim, "decide"), {"version": claim.version, **decide_kwargs()}
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPEALED


def test_investigation_page_query_budget_does_not_grow_with_the_record(
    client_for, reviewer, django_assert_max_num_queries
):
    claim = f.ClaimFactory()
    for i in range(8):
        ClaimEvent.record(claim, kind="note", actor=reviewer, message=f"note {i}")
    for _ in range(4):
        f.ClaimFactory(
            order=f.completed_order(partner=claim.partner, seller=claim.seller), outcome="rejected"
        )
    decision_template()
    c = client_for(reviewer)
    with django_assert_max_num_queries(35):
        assert c.get(_detail(claim)).status_code == 200
