"""The order page's `order_page_panels` call site: what the apps above partners add."""

import copy

import pytest

from partners.hooks import order_page_panels
from tests.orders.factories import accepted_order

pytestmark = pytest.mark.django_db

PANEL = '<section class="test-panel" data-role="{{ role }}">Panel for {{ ref }}</section>\n'


@pytest.fixture
def order_panel(settings, tmp_path, monkeypatch):
    """A handler as resolution/remedies would register one, with its own template (alone:
    the handlers the apps above registered are set aside for this test)."""
    monkeypatch.setattr(order_page_panels, "_handlers", [])
    (tmp_path / "test_order_panel.html").write_text(PANEL)
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates
    seen = []

    def panel(request, order, role):
        seen.append((order.reference, role))
        if role != "seller":
            return None  # nothing for this viewer
        return "test_order_panel.html", {"ref": order.reference, "role": role}

    order_page_panels.register(panel)
    yield seen
    order_page_panels._handlers.remove(panel)


def test_a_registered_panel_is_shown_on_the_order_page_for_whom_it_answers(
    seller, guaranteed, client_for, order_panel
):
    partner, member = guaranteed
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    page = client_for(seller).get(f"/orders/{order.reference}/").content.decode()
    assert f'<section class="test-panel" data-role="seller">Panel for {order.reference}</section>' in page
    assert 'class="order-panels' in page
    # The partner's view: the handler is asked (with the partner role) and answers None.
    page = client_for(member).get(f"/orders/{order.reference}/").content.decode()
    assert "test-panel" not in page and 'class="order-panels' not in page
    assert order_panel == [(order.reference, "seller"), (order.reference, "partner")]


def test_no_handler_no_panels(seller, guaranteed, client_for, monkeypatch):
    partner, member = guaranteed
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    # Whatever the apps above registered, this page with no handler at all shows no panel box.
    monkeypatch.setattr(order_page_panels, "_handlers", [])
    page = client_for(seller).get(f"/orders/{order.reference}/").content.decode()
    assert 'class="order-panels' not in page
