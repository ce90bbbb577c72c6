"""The journey's key forms work with the keyboard alone (issue 8 §2): sign-in, request a service,
the claim details step and the reviewer's decision form. No mouse: focus moves with Tab and
Shift+Tab; radios and check boxes take Space (arrow keys move within a radio group, as in every
browser); selects are chosen by typing the option's first letters; forms submit with Enter.
Each test asserts that focus reaches every field in order and that the submission took effect."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from partners.models import ServiceOrder
from tests import factories as f
from tests.browser.conftest import sign_in
from tests.claims.review_support import reason_code, reviewer_user

MAX_TABS = 200


def focused(page, selector):
    return page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector)


def focus_ring_shown(page):
    """The focused element shows where the focus is (an outline or Bootstrap's focus shadow)."""
    return page.evaluate(
        """() => {
            const st = getComputedStyle(document.activeElement);
            const outline = st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0;
            return outline || (st.boxShadow && st.boxShadow !== 'none');
        }"""
    )


def tab_to(page, selector, *, key="Tab"):
    """Press Tab (or Shift+Tab) until the element matching `selector` has the focus."""
    trail = []
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if focused(page, selector):
            assert focus_ring_shown(page), f"no visible focus on {selector}"
            return
        trail.append(
            page.evaluate("() => document.activeElement && document.activeElement.outerHTML.slice(0, 80)")
        )
    raise AssertionError(f"{key} never reached {selector}; last stops: {trail[-5:]}")


def tab_next_is(page, selector):
    """The very next Tab stop is `selector` (no hidden or skipped stop in between)."""
    page.keyboard.press("Tab")
    assert focused(page, selector), page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
    assert focus_ring_shown(page), f"no visible focus on {selector}"


def start_at_top(page):
    """Focus the document start, as after a fresh page load (nothing focused yet)."""
    page.evaluate("() => { if (document.activeElement) document.activeElement.blur(); }")
    page.keyboard.press("Escape")


@pytest.mark.django_db(transaction=True)
def test_sign_in_with_the_keyboard_alone(page):
    user = f.SellerAccountFactory().owner
    page.goto("/accounts/login/")
    start_at_top(page)
    tab_to(page, "#id_login")
    page.keyboard.type(user.email)
    tab_next_is(page, "#id_password")
    page.keyboard.type(f.PASSWORD)
    # Shift+Tab goes back to the e-mail with the text kept.
    page.keyboard.press("Shift+Tab")
    assert focused(page, "#id_login")
    assert page.locator("#id_login").input_value() == user.email
    tab_next_is(page, "#id_password")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    # Sign out is in the account menu (a <details>): it opens from the keyboard.
    page.locator(".account-menu > summary").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_request_a_service_with_the_keyboard_alone(page):
    partner = f.guaranteed_partner(name="Keyboard Catalogue Co")
    f.OfferingFactory(partner=partner, title="Amazon listing setup")
    offering = f.OfferingFactory(partner=partner, title="Brand store design")
    account = f.SellerAccountFactory()
    sign_in(page, account.owner.email, f.PASSWORD)
    page.goto(f"/partners/{partner.slug}/")

    # From the profile: Tab to "Request service" and follow it with Enter.
    start_at_top(page)
    tab_to(page, f"a[href='/partners/{partner.slug}/request/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/request/$"))

    start_at_top(page)
    tab_to(page, "#id_offering")
    page.keyboard.type("Brand")
    assert page.locator("#id_offering").input_value() == str(offering.pk)
    tab_next_is(page, "#id_scope")
    page.keyboard.type("Design a brand store with 5 pages.")
    tab_next_is(page, "#id_budget")
    page.keyboard.type("12000")
    page.keyboard.press("Shift+Tab")
    assert focused(page, "#id_scope")
    tab_next_is(page, "#id_budget")
    tab_next_is(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/orders/SO-[\w-]+/$"))

    order = ServiceOrder.objects.get(seller=account)
    assert order.offering == offering and order.budget == Decimal("12000.00")
    assert order.scope == "Design a brand store with 5 pages." and order.status == "requested"


@pytest.mark.django_db(transaction=True)
def test_claim_details_step_with_the_keyboard_alone(page):
    order = f.completed_order()
    seller = order.seller.owner
    sign_in(page, seller.email, f.PASSWORD)
    page.goto(f"/claims/new/?order={order.reference}")
    start_at_top(page)
    tab_to(page, "form[action^='/claims/new/'] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/edit/details/$"))

    start_at_top(page)
    # The reason group: Tab lands on its first radio; Space chooses it.
    tab_to(page, "input[name=reason]")
    page.keyboard.press("Space")
    reason = page.evaluate("() => document.activeElement.value")
    assert page.locator(f"input[name=reason][value={reason}]").is_checked()
    tab_next_is(page, "#id_description")
    page.keyboard.type("Only 20 of the 50 listings were created.")
    tab_next_is(page, "#id_resolution_attempt")
    page.keyboard.type("E-mailed the partner twice; no fix offered.")
    tab_next_is(page, "#id_resolution_confirmed")
    page.keyboard.press("Space")
    assert page.locator("#id_resolution_confirmed").is_checked()
    # The remedy group: arrow keys move to "Partial refund"; the amount field then appears.
    tab_next_is(page, "input[name=remedy]")
    for _ in range(5):
        if page.evaluate("() => document.activeElement.value") == "partial_refund":
            break
        page.keyboard.press("ArrowDown")
    assert page.locator("input[name=remedy][value=partial_refund]").is_checked()
    tab_next_is(page, "#id_amount")
    page.keyboard.type("4000")
    page.keyboard.press("Shift+Tab")
    assert focused(page, "input[name=remedy]")
    tab_next_is(page, "#id_amount")
    tab_next_is(page, "button[type=submit][value=next]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/edit/documents/$"))

    claim = Claim.objects.get(order=order)
    assert claim.status == Claim.Status.DRAFT and claim.reason == reason
    assert claim.resolution_confirmed and claim.remedy == "partial_refund"
    assert claim.amount == Decimal("4000.00")
    assert claim.description == "Only 20 of the 50 listings were created."


@pytest.mark.django_db(transaction=True)
def test_reviewer_decides_with_the_keyboard_alone(page):
    claim = f.ClaimFactory()
    reviewer = reviewer_user(full_name="Kavya Keyboard")
    reason_code("partial_delivery", "Partial delivery")
    sign_in(page, reviewer.email, f.PASSWORD)
    page.goto("/review/")

    # Take the next claim with the keyboard.
    start_at_top(page)
    tab_to(page, "form[action='/review/take-next/'] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/review/claims/{claim.reference}/$"))

    start_at_top(page)
    tab_to(page, "#decide_outcome")
    page.keyboard.type("Partially")
    assert page.locator("#decide_outcome").input_value() == "partially_upheld"
    tab_next_is(page, "#decide_remedy")
    page.keyboard.type("Partial")
    assert page.locator("#decide_remedy").input_value() == "partial_refund"
    tab_next_is(page, "#decide_amount")
    page.keyboard.type("6000")
    tab_next_is(page, "#decide_reason_code")
    page.keyboard.type("Partial")
    assert page.locator("#decide_reason_code").input_value() == "partial_delivery"
    tab_next_is(page, "#decide_rationale")
    page.keyboard.type("Twenty of the fifty agreed listings were delivered; the rest is refunded.")
    page.keyboard.press("Shift+Tab")
    assert focused(page, "#decide_reason_code")
    tab_next_is(page, "#decide_rationale")
    tab_to(page, "#decide button[type=submit]")
    page.keyboard.press("Enter")
    # The confirmation step says what will happen; it is answered with the keyboard too.
    page.locator(".confirm-consequences").wait_for()
    if page.locator("#confirm-ack").count():
        tab_to(page, "#confirm-ack")
        page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#claim-status")).to_have_text("Decided")

    claim.refresh_from_db()
    assert claim.status == Claim.Status.DECIDED and claim.outcome == "partially_upheld"
    assert claim.decision_amount == Decimal("6000.00") and claim.decided_by == reviewer
    assert claim.rationale.startswith("Twenty of the fifty")
