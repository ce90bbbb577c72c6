"""The admin split: leads run the programme settings; reviewers (staff) cannot reach those pages."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from claims.models import ClaimEvent, ReasonCode
from partnernet.users.models import LEADS_GROUP, REVIEWERS_GROUP
from tests import factories as f
from tests.claims.review_support import reason_code

pytestmark = pytest.mark.django_db

LEAD_ONLY = [
    "admin:claims_reasoncode_changelist",
    "admin:claims_reasoncode_add",
    "admin:claims_decisiontemplate_changelist",
    "admin:claims_decisiontemplate_add",
    "admin:claims_claim_changelist",
    "admin:partnernet_holiday_add",
    "admin:guarantees_programmerequirement_add",
    "admin:django_celery_beat_periodictask_add",
]


def test_groups_exist_with_the_split_permissions():
    leads = Group.objects.get(name=LEADS_GROUP)
    reviewers = Group.objects.get(name=REVIEWERS_GROUP)
    lead_perms = set(leads.permissions.values_list("codename", flat=True))
    reviewer_perms = set(reviewers.permissions.values_list("codename", flat=True))
    assert {"add_reasoncode", "change_decisiontemplate", "change_holiday", "add_periodictask"} <= lead_perms
    assert "change_claimevent" not in lead_perms and "delete_claimevent" not in lead_perms
    assert reviewer_perms and all(p.startswith("view_") for p in reviewer_perms)
    assert "view_holiday" not in reviewer_perms and "view_periodictask" not in reviewer_perms


@pytest.mark.parametrize("name", LEAD_ONLY)
def test_reviewer_cannot_reach_lead_only_admin_pages(name, client_for, reviewer):
    response = client_for(reviewer).get(reverse(name))
    assert response.status_code in (403, 302), response.status_code
    if response.status_code == 302:  # the admin sends non-staff to its login
        assert "/admin/login/" in response["Location"]


def test_reviewer_cannot_create_a_reason_code_by_post(client_for, reviewer):
    response = client_for(reviewer).post(
        reverse("admin:claims_reasoncode_add"), {"code": "sneaky", "label": "Sneaky", "is_active": "on"}
    )
    assert response.status_code == 403
    assert not ReasonCode.objects.filter(code="sneaky").exists()


@pytest.mark.parametrize("name", LEAD_ONLY)
def test_lead_reaches_the_programme_admin(name, client_for, lead):
    assert client_for(lead).get(reverse(name)).status_code == 200


def test_lead_adds_a_reason_code(client_for, lead):
    response = client_for(lead).post(
        reverse("admin:claims_reasoncode_add"), {"code": "late", "label": "Late delivery", "is_active": "on"}
    )
    assert response.status_code == 302
    assert ReasonCode.objects.filter(code="late").exists()


def test_claim_events_are_read_only_even_for_leads(client_for, lead):
    claim = f.ClaimFactory()
    event = ClaimEvent.record(claim, kind="note", message="n")
    c = client_for(lead)
    assert c.get(reverse("admin:claims_claimevent_add")).status_code == 403
    assert c.get(reverse("admin:claims_claimevent_delete", args=[event.pk])).status_code == 403
    page = c.get(reverse("admin:claims_claimevent_change", args=[event.pk]))
    assert page.status_code == 200 and b'name="message"' not in page.content
    claim_page = c.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert claim_page.status_code == 200 and claim.reference.encode() in claim_page.content


def test_claim_admin_search_by_reference_and_partner(client_for, lead):
    claim = f.ClaimFactory()
    reason_code()
    c = client_for(lead)
    for q in (claim.reference, claim.partner.name, claim.seller.name):
        assert claim.reference.encode() in c.get(reverse("admin:claims_claim_changelist"), {"q": q}).content
