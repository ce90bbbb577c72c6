"""The leads' metrics page draws its bars in the page (no CDN, no inline style) and passes axe (Chromium)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from claims.models import Claim
from tests import factories as f
from tests.browser.conftest import screenshot, sign_in
from tests.browser.test_review_flow import main_violations
from tests.claims.review_support import lead_user


@pytest.mark.django_db(transaction=True)
def test_lead_sees_metrics_with_bars_drawn(page):
    now = timezone.now()
    for outcome in ("upheld", "rejected", "rejected"):
        f.ClaimFactory(
            status=Claim.Status.DECIDED,
            outcome=outcome,
            submitted_at=now - timedelta(days=3),
            first_action_at=now - timedelta(days=2),
            decided_at=now - timedelta(days=1),
        )
    f.ClaimFactory(first_action_due=now - timedelta(hours=1), is_overdue=True)
    lead = lead_user()
    sign_in(page, lead.email, f.PASSWORD)
    page.goto("/review/metrics/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Claims metrics")
    expect(page.locator("#metric-total")).to_have_text("4")
    widths = page.locator(".chart-bar").evaluate_all("bars => bars.map(b => b.style.width)")
    assert widths and any(w not in ("", "0%") for w in widths)
    assert main_violations(page) == []
    assert page.console_errors == []
    screenshot(page, "review-metrics")
    page.goto("/review/")
    assert main_violations(page) == []
    screenshot(page, "review-queue")
