"""Small things that erode trust (issue J, item 9): the account menu, order list columns,
plurals, the budget hint said once, service options with their prices."""

import re
from decimal import Decimal

import pytest
from django.urls import Resolver404, resolve

from partnernet.templatetags.portal import quantity
from tests import factories as f

pytestmark = pytest.mark.django_db


def _menu(html: str) -> str:
    return re.search(r'(?s)<details class="account-menu">.*?</details>', html).group(0)


def _notifications_served() -> bool:
    try:
        resolve("/notifications/")
    except Resolver404:
        return False
    return True


def test_the_name_in_the_header_opens_an_account_menu_for_a_seller(client_for, seller):
    html = client_for(seller).get("/partners/").content.decode()
    menu = _menu(html)
    assert f">{seller.get_short_name()}</summary>" in menu
    for href in ("/orders/", "/claims/", "/accounts/password/change/", "/accounts/email/"):
        assert f'href="{href}"' in menu, href
    assert 'action="/accounts/logout/"' in menu and "Sign out" in menu
    assert ('href="/notifications/"' in menu) == _notifications_served()
    assert "/console/" not in menu
    # The name no longer leads straight to the password page.
    assert not re.search(
        r'<a [^>]*href="/accounts/password/change/"[^>]*>\s*' + seller.get_short_name(), html
    )


def test_a_partner_member_gets_the_console_and_orders_in_the_menu(client_for, partner_member):
    menu = _menu(client_for(partner_member).get("/").content.decode())
    assert 'href="/console/"' in menu and 'href="/orders/"' in menu
    assert 'href="/claims/"' not in menu


def test_a_visitor_has_no_account_menu(client):
    html = client.get("/").content.decode()
    assert "account-menu" not in html
    assert "Sign in" in html


def test_order_lists_leave_out_the_viewers_own_column(client_for, seller, partner_member):
    order = f.OrderFactory(partner=partner_member.partners.first(), seller=seller.seller_accounts.first())
    seller_html = client_for(seller).get("/orders/").content.decode()
    partner_html = client_for(partner_member).get("/orders/").content.decode()
    assert order.reference in seller_html and order.reference in partner_html
    assert '<th scope="col">Partner</th>' in seller_html
    assert '<th scope="col">Seller</th>' not in seller_html
    assert '<th scope="col">Seller</th>' in partner_html
    assert '<th scope="col">Partner</th>' not in partner_html


def test_counts_use_proper_plurals():
    assert quantity("1", "rounds") == "1 round"
    assert quantity("2", "rounds") == "2 rounds"
    assert quantity("1", "hours") == "1 hour"
    assert quantity("1", "business days") == "1 business day"
    assert quantity("7", "days") == "7 days"
    assert quantity("3", "per month") == "3 per month"
    assert quantity("", "rounds") == ""


def test_guarantee_parameters_say_one_round():
    from django.template.loader import render_to_string

    parameters = [
        {"label": "Revisions included", "value": "1", "unit": "rounds"},
        {"label": "Response time", "value": "24", "unit": "hours"},
    ]
    html = render_to_string("guarantees/_parameters.html", {"parameters": parameters})
    assert "1 round<" in html and "1 rounds" not in html and "24 hours" in html


def test_request_form_says_optional_once_and_options_show_title_and_price(client_for, seller):
    partner = f.PartnerFactory(name="Kaveri Commerce Solutions")
    f.OfferingFactory(
        partner=partner, title="Listing creation", price_from=Decimal("3999"), price_unit="per 50"
    )
    f.OfferingFactory(partner=partner, title="Account audit", price_from=Decimal("4999"), price_unit="")
    html = client_for(seller).get(f"/partners/{partner.slug}/request/").content.decode()
    budget = re.search(r'(?s)<div class="mb-3 pn-field" data-field="budget">.*?</div>\s*</div>', html).group(
        0
    )
    assert budget.lower().count("optional") == 1
    options = re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", html)
    assert "Listing creation — from ₹3,999.00 per 50" in options
    assert "Account audit — from ₹4,999.00" in options
    assert not [o for o in options if "Kaveri" in o]
