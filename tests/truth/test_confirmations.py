"""Issue J §7: irreversible actions ask first, on a page of their own that works without script.

Each button on the page is a link to the confirmation step (a GET that changes nothing);
the step says what will happen and makes the POST.
"""

import re

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimEvent
from claims.services import claim_finding_set
from claims.services.documents import claim_document_add
from claims.services.drafts import claim_draft_create
from guarantees.models import GuaranteeTerms
from guarantees.services import requirements_ensure_defaults, terms_save_draft
from partners.models import ServiceOrder
from tests import factories as f
from tests.claims.conftest import VALID_FIELDS, pdf
from tests.claims.review_support import reason_code
from tests.guarantees.conftest import GOOD_VALUES

pytestmark = pytest.mark.django_db


def _form_posts_to(html: str, url: str) -> bool:
    return re.search(rf'<form method="post" action="{re.escape(url)}"', html) is not None


def _no_script(html: str) -> None:
    assert "<script>" not in html  # the step is a plain form (CSP: no inline script)


def test_completing_an_order_asks_first_and_says_the_claim_window_starts(client_for):
    partner = f.guaranteed_partner()
    order = f.OrderFactory(
        partner=partner,
        status="accepted",
        covered=True,
        guarantee_terms=partner.guarantee_terms.get(is_current=True),
        agreed_price="10000.00",
    )
    member = f.PartnerMemberFactory(partner=partner).user
    client = client_for(member)
    url = reverse("partners:order_complete", args=[order.reference])
    assert f'href="{url}"' in client.get(order.get_absolute_url()).content.decode()
    step = client.get(url)
    html = step.content.decode()
    assert step.status_code == 200 and _form_posts_to(html, url)
    assert "cannot be undone" in html and "30-day claim window starts now" in html
    _no_script(html)
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.ACCEPTED  # the GET changed nothing
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.COMPLETED


def test_discarding_a_draft_asks_first(client_for):
    order = f.completed_order()
    seller = order.seller.owner
    draft = claim_draft_create(order=order, user=seller, **VALID_FIELDS)
    client = client_for(seller)
    url = reverse("claims:withdraw", args=[draft.reference])
    assert (
        f'href="{url}"' in client.get(reverse("claims:step_review", args=[draft.reference])).content.decode()
    )
    html = client.get(url).content.decode()
    assert "Discard this draft claim?" in html and _form_posts_to(html, url)
    assert Claim.objects.get(pk=draft.pk).status == Claim.Status.DRAFT
    client.post(url, {"version": draft.version, "confirmed": "1"})
    assert Claim.objects.get(pk=draft.pk).status == Claim.Status.WITHDRAWN


def test_withdrawing_a_claim_asks_first_with_the_reason_on_the_step(client_for):
    from claims.services import claim_submit

    order = f.completed_order()
    seller = order.seller.owner
    draft = claim_draft_create(order=order, user=seller, **VALID_FIELDS)
    claim_document_add(claim=draft, user=seller, file=pdf(), kind="invoice")
    claim = claim_submit(claim=draft, user=seller)
    client = client_for(seller)
    url = reverse("claims:withdraw", args=[claim.reference])
    assert f'href="{url}"' in client.get(claim.get_absolute_url()).content.decode()
    html = client.get(url).content.decode()
    assert "Withdraw claim" in html and "no decision is made" in html and 'name="reason"' in html
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.SUBMITTED
    client.post(url, {"version": claim.version, "reason": "Settled.", "confirmed": "1"})
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.WITHDRAWN


def test_publishing_terms_asks_first_and_publishes_only_on_yes(client_for):
    requirements_ensure_defaults()
    partner = f.PartnerFactory()
    member = f.PartnerMemberFactory(partner=partner).user
    terms_save_draft(partner=partner, user=member, summary="Promise", values=GOOD_VALUES)
    client = client_for(member)
    url = reverse("guarantees:terms_publish")
    assert f'href="{url}"' in client.get(reverse("guarantees:terms")).content.decode()
    html = client.get(url).content.decode()
    assert "Publish version 1" in html and "A published version never changes." in html
    assert _form_posts_to(html, url)
    assert not GuaranteeTerms.objects.filter(partner=partner, status="published").exists()
    draft = GuaranteeTerms.objects.get(partner=partner, status="draft")
    client.post(url, {"draft": draft.pk, "confirmed": "1"})
    assert GuaranteeTerms.objects.filter(partner=partner, status="published", version=1).exists()


def _decidable(reviewer):
    reason_code("scope_not_delivered")
    claim = f.ClaimFactory(status="under_review", assigned_to=reviewer)
    post = {
        "version": claim.version,
        "outcome": "rejected",
        "remedy": "",
        "amount": "",
        "reason_code": "scope_not_delivered",
        "rationale": "The work was delivered as the agreed scope says.",
    }
    return claim, post


def test_recording_a_decision_asks_first_and_asks_for_the_missing_findings(client_for, reviewer):
    claim, post = _decidable(reviewer)
    client = client_for(reviewer)
    page = client.get(reverse("claims:review_detail", args=[claim.reference])).content.decode()
    confirm_url = reverse("claims:review_decide_confirm", args=[claim.reference])
    assert _form_posts_to(page, confirm_url)
    step = client.post(confirm_url, post)
    html = step.content.decode()
    decide_url = reverse("claims:review_decide", args=[claim.reference])
    assert step.status_code == 200 and _form_posts_to(html, decide_url)
    assert "No finding is recorded for: Response time, Delivery timeline" in html
    assert 'name="acknowledged"' in html
    _no_script(html)
    assert Claim.objects.get(pk=claim.pk).status == "under_review"
    # Confirmed without the findings and without ticking the box: asked again, nothing decided.
    again = client.post(decide_url, {**post, "confirmed": "1"})
    assert again.status_code == 400 and "Record the missing findings" in again.content.decode()
    assert not ClaimEvent.objects.filter(claim=claim, kind="decided").exists()
    client.post(decide_url, {**post, "confirmed": "1", "acknowledged": "1"})
    assert Claim.objects.get(pk=claim.pk).status == "decided"


def test_a_decision_with_every_finding_needs_no_box(client_for, reviewer):
    claim, post = _decidable(reviewer)
    for parameter in claim.order.guarantee_terms.parameters.all():
        claim = Claim.objects.get(pk=claim.pk)
        claim_finding_set(
            claim=claim,
            reviewer=reviewer,
            parameter_id=parameter.pk,
            finding="met",
            expected_version=claim.version,
        )
    claim = Claim.objects.get(pk=claim.pk)
    post["version"] = claim.version
    client = client_for(reviewer)
    html = client.post(reverse("claims:review_decide_confirm", args=[claim.reference]), post).content.decode()
    assert "No finding is recorded" not in html and 'name="acknowledged"' not in html
    assert "The seller may appeal once within 14 days." in html
    client.post(reverse("claims:review_decide", args=[claim.reference]), {**post, "confirmed": "1"})
    assert Claim.objects.get(pk=claim.pk).status == "decided"
