"""Every page in the navigation renders for every role (placeholders included)."""

import re

import pytest
from django.test import Client

from tests import factories as f

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav[^>]*aria-label="Main".*?</nav>', re.S)
HREF = re.compile(r'href="(/[^"#?]*)')


def nav_links(html: str) -> set[str]:
    nav = NAV.search(html)
    assert nav, "the main navigation is missing"
    return set(HREF.findall(nav.group(0)))


@pytest.fixture
def roles(seller, partner_member, reviewer, lead):
    return {
        "anonymous": None,
        "seller": seller,
        "partner member": partner_member,
        "reviewer": reviewer,
        "lead": lead,
    }


EXPECTED = {
    "anonymous": {"/partners/", "/accounts/login/", "/accounts/signup/"},
    "seller": {"/partners/", "/orders/", "/claims/"},
    "partner member": {"/partners/", "/console/", "/orders/"},
    "reviewer": {"/partners/", "/review/"},
    "lead": {"/partners/", "/review/", "/admin/"},
}


def test_every_navigation_link_renders_for_every_role(roles, settings):
    settings.STAFF_REQUIRE_2FA = False
    f.guaranteed_partner(slug="kaveri-commerce-solutions", name="Kaveri Commerce Solutions")
    for role, user in roles.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        home = client.get("/")
        assert home.status_code == 200, role
        links = nav_links(home.content.decode())
        assert EXPECTED[role] <= links, (role, links)
        for url in sorted(links | {"/", "/partners/kaveri-commerce-solutions/", "/api/docs/"}):
            response = client.get(url)
            assert response.status_code == 200, (role, url, response.status_code)


def test_roles_do_not_see_each_others_navigation(roles):
    for role, user in roles.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        links = nav_links(client.get("/").content.decode())
        if role != "lead":
            assert "/admin/" not in links, role
        if role not in ("reviewer", "lead"):
            assert "/review/" not in links, role
        if role != "partner member":
            assert "/console/" not in links, role


def test_home_shows_search_categories_and_featured_partners(client):
    partner = f.guaranteed_partner(name="Kaveri Commerce Solutions")
    partner.categories.add(f.CategoryFactory(slug="cataloguing", name="Cataloguing"))
    html = client.get("/").content.decode()
    assert 'name="q"' in html and 'action="/partners/"' in html
    assert "Cataloguing" in html
    assert "Kaveri Commerce Solutions" in html


def test_error_pages_render_without_debug(client, settings):
    settings.DEBUG = False
    response = client.get("/definitely/not/here/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content
    for template in ("400.html", "403.html", "500.html"):
        from django.template.loader import get_template

        assert get_template(template).render({}) is not None
