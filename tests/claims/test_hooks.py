"""The call sites of claims/hooks.py: what the apps above claims (remedies, resolution) hook into.

Each test registers a handler as such an app would in its ready(), and removes it after.
"""

import copy
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.hooks import claim_close_blockers, claim_evidence_panels, claim_party_panels, claim_settled
from claims.models import Claim
from tests import factories as f
from tests.claims.review_support import decide_kwargs, lead_user

pytestmark = pytest.mark.django_db

PANEL = '<section class="test-claim-panel" data-role="{{ role }}">Panel for {{ ref }}</section>\n'


@pytest.fixture
def register():
    """register(hook, handler): registered for this test only."""
    added = []

    def add(hook, handler):
        hook.register(handler)
        added.append((hook, handler))
        return handler

    yield add
    for hook, handler in added:
        hook._handlers.remove(handler)


@pytest.fixture
def settled(register):
    seen = []

    def on_settled(claim):
        # Called in the service's transaction, with the claim saved as decided.
        stored = Claim.objects.get(pk=claim.pk)
        seen.append((claim.reference, stored.status, stored.outcome))

    register(claim_settled, on_settled)
    return seen


@pytest.fixture
def panel_template(settings, tmp_path):
    (tmp_path / "test_claim_panel.html").write_text(PANEL)
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates
    return "test_claim_panel.html"


def _decide(claim, reviewer, **overrides):
    claim.refresh_from_db()
    return services.claim_decide(
        claim=claim, reviewer=reviewer, expected_version=claim.version, **decide_kwargs(**overrides)
    )


# --- claim_settled -------------------------------------------------------------------


def test_an_upheld_decision_is_announced_once_a_rejection_is_not(settled, reviewer):
    upheld, rejected = f.ClaimFactory(), f.ClaimFactory()
    _decide(upheld, reviewer)
    _decide(rejected, reviewer, outcome="rejected", remedy="", amount=None)
    assert settled == [(upheld.reference, Claim.Status.DECIDED, Claim.Outcome.PARTIALLY_UPHELD)]


def test_a_refused_decision_announces_nothing(settled, reviewer):
    claim = f.ClaimFactory()
    with pytest.raises(ValidationError):
        _decide(claim, reviewer, amount="99999")
    assert settled == []


def test_an_accepted_partner_offer_is_announced(settled, ready_draft, order_seller, order_partner_user):
    claim = services.claim_submit(claim=ready_draft, user=order_seller)
    claim = services.claim_partner_respond(
        claim=claim, user=order_partner_user, statement="We redo it.", offer_remedy="redo"
    )
    assert settled == []  # an offer alone settles nothing
    services.claim_offer_accept(claim=claim, user=order_seller, expected_version=claim.version)
    assert settled == [(claim.reference, Claim.Status.DECIDED, Claim.Outcome.RESOLVED_WITH_PARTNER)]


# --- claim_close_blockers ------------------------------------------------------------


def _decided_past_window():
    return f.ClaimFactory(
        status=Claim.Status.DECIDED,
        outcome="upheld",
        decided_at=timezone.now() - timedelta(days=20),
        appeal_deadline=timezone.now() - timedelta(days=1),
    )


def test_a_blocker_keeps_a_decided_claim_open_until_it_lifts(register):
    claim, other = _decided_past_window(), _decided_past_window()
    open_remedies = {claim.pk}
    register(claim_close_blockers, lambda c: "remedy not confirmed" if c.pk in open_remedies else None)

    assert services.claims_close_after_appeal() == 1
    claim.refresh_from_db(), other.refresh_from_db()
    assert claim.status == Claim.Status.DECIDED and claim.closed_at is None
    assert not claim.events.filter(kind="closed").exists()
    assert other.status == Claim.Status.CLOSED

    open_remedies.clear()  # the remedy is confirmed: the next sweep closes it
    assert services.claims_close_after_appeal() == 1
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CLOSED


def test_a_blocker_keeps_a_final_appeal_decision_open(register):
    register(claim_close_blockers, lambda c: "remedy not confirmed")
    decider = lead_user()
    claim = f.ClaimFactory(
        status=Claim.Status.APPEALED,
        appealed_at=timezone.now(),
        decided_by=decider,
        original_decided_by=decider,
        outcome="rejected",
    )
    decided = _decide(claim, lead_user())
    assert decided.is_final and decided.status == Claim.Status.DECIDED
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DECIDED and not claim.events.filter(kind="closed").exists()


def test_without_a_blocker_a_final_appeal_decision_closes_at_once():
    decider = lead_user()
    claim = f.ClaimFactory(
        status=Claim.Status.APPEALED,
        appealed_at=timezone.now(),
        decided_by=decider,
        original_decided_by=decider,
        outcome="rejected",
    )
    _decide(claim, lead_user())
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CLOSED


# --- panels ------------------------------------------------------------------------------


def test_party_panels_on_the_seller_and_partner_claim_pages(
    register, panel_template, client_for, ready_draft, order_seller, order_partner_user
):
    claim = services.claim_submit(claim=ready_draft, user=order_seller)
    asked = []

    def panel(request, c, role):
        asked.append(role)
        if role != "seller":
            return None  # nothing for this side
        return panel_template, {"ref": c.reference, "role": role}

    register(claim_party_panels, panel)
    seller_page = client_for(order_seller).get(reverse("claims:detail", args=[claim.reference]))
    expected = f'<section class="test-claim-panel" data-role="seller">Panel for {claim.reference}</section>'
    assert expected in seller_page.content.decode()
    partner_page = client_for(order_partner_user).get(
        reverse("claims:console_detail", args=[claim.reference])
    )
    assert partner_page.status_code == 200
    assert "test-claim-panel" not in partner_page.content.decode()
    assert 'class="claim-panels' not in partner_page.content.decode()
    assert asked == ["seller", "partner"]


def test_evidence_panels_on_the_reviewer_page(register, panel_template, client_for, reviewer):
    claim = f.ClaimFactory()
    register(
        claim_evidence_panels, lambda request, c: (panel_template, {"ref": c.reference, "role": "staff"})
    )
    page = client_for(reviewer).get(reverse("claims:review_detail", args=[claim.reference])).content.decode()
    assert (
        f'<section class="test-claim-panel" data-role="staff">Panel for {claim.reference}</section>' in page
    )


def test_no_handler_no_panels(client_for, reviewer, monkeypatch):
    claim = f.ClaimFactory()
    # Whatever the apps above registered, with no handler at all the pages show no panel box.
    monkeypatch.setattr(claim_party_panels, "_handlers", [])
    monkeypatch.setattr(claim_evidence_panels, "_handlers", [])
    seller_page = client_for(claim.claimant).get(reverse("claims:detail", args=[claim.reference]))
    review_page = client_for(reviewer).get(reverse("claims:review_detail", args=[claim.reference]))
    assert seller_page.status_code == review_page.status_code == 200
    assert 'class="claim-panels' not in seller_page.content.decode()
    assert 'class="claim-panels' not in review_page.content.decode()
