"""Issue J §4 (comparison direction) and §2 (the public record is real)."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from guarantees.models import ComplianceSnapshot, Enrollment, GuaranteeTerms
from guarantees.selectors import terms_diff
from partners.models import ServicePartner
from tests import factories as f

pytestmark = pytest.mark.django_db


def _versions():
    partner = f.PartnerFactory()
    v1 = f.published_terms(
        partner,
        version=1,
        params=[("response_time", "Response time", "24", "hours"), ("revisions", "Revisions", "2", "")],
        current=False,
    )
    v3 = f.published_terms(
        partner,
        version=3,
        params=[
            ("response_time", "Response time", "12", "hours"),
            ("delivery_days", "Delivery", "7", "days"),
        ],
    )
    return partner, v1, v3


@pytest.mark.parametrize("newer_left", [True, False])
def test_comparison_labels_follow_the_version_numbers_in_both_column_orders(client_for, newer_left):
    partner, v1, v3 = _versions()
    left, right = (v3, v1) if newer_left else (v1, v3)
    rows = {r["key"]: r["change"] for r in terms_diff(left=left, right=right)}
    assert rows["delivery_days"] == "added"  # only in v3, the newer
    assert rows["revisions"] == "removed"  # only in v1, the older
    assert rows["response_time"] == "changed"
    member = f.PartnerMemberFactory(partner=partner).user
    page = client_for(member).get(f"/console/guarantee/compare/?a={left.version}&b={right.version}")
    html = page.content.decode()
    added_row = html[html.index('class="diff-added"') :].split("</tr>")[0]
    assert "Delivery" in added_row and ">added<" in added_row and "removed" not in added_row
    removed_row = html[html.index('class="diff-removed"') :].split("</tr>")[0]
    assert "Revisions" in removed_row and ">removed<" in removed_row


def _seed():
    call_command("seed_demo", stdout=StringIO())


def test_demo_guaranteed_partners_publish_a_real_record_and_one_is_just_below(client):
    _seed()
    minimum = settings.COMPLIANCE_PUBLIC_MIN_ORDERS
    latest = ComplianceSnapshot.objects.filter(is_latest=True).select_related("partner")
    published = [s for s in latest if s.partner.badge_active and s.completed_covered_orders >= minimum]
    assert len(published) >= 3
    assert any(s.completed_covered_orders == minimum - 1 for s in latest if s.partner.badge_active)
    suspended = Enrollment.objects.get(status="suspended", partner__slug="charminar-catalogue-co")
    record = latest.get(partner=suspended.partner)
    assert record.claims_upheld_90d >= settings.COMPLIANCE_UPHELD_IN_90_DAYS
    html = client.get(published[0].partner.get_absolute_url()).content.decode()
    assert "guarantee-figures" in html and "Not enough data yet" not in html
    assert f"on {published[0].completed_covered_orders} completed orders" in html


def test_partner_without_the_badge_says_it_is_not_in_the_programme(client):
    partner = f.PartnerFactory()
    html = client.get(partner.get_absolute_url()).content.decode()
    assert "Not in the Service Guarantee programme" in html
    assert "Not enough data yet" not in html
    guaranteed = f.guaranteed_partner()
    assert "Not enough data yet" in client.get(guaranteed.get_absolute_url()).content.decode()
    assert not GuaranteeTerms.objects.filter(partner=partner).exists()
    assert ServicePartner.objects.filter(pk=partner.pk, badge_active=False).exists()
