"""The remedy panel, the notifications page and a remedy e-mail in Hindi."""

import pytest
from django.conf import settings

from partnernet.models import OutboxMessage
from remedies.services import remedy_fulfil
from tests.remedies.conftest import REFUND

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A Hindi request leaves Hindi active in this thread; the next test starts in English."""
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


def _hindi(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    return client


def test_notifications_page_and_nav_in_hindi(world, client_for):
    html = _hindi(client_for(world["seller"])).get("/notifications/").content.decode()
    assert "सूचनाएँ" in html and "सभी को पढ़ा हुआ मानें" in html and "ई-मेल पसंद" in html
    assert "Mark all read" not in html


def test_remedy_panel_in_hindi_on_the_order_page(world, client_for):
    remedy_fulfil(remedy=world["remedy"], user=world["partner"], **REFUND)
    html = (
        _hindi(client_for(world["seller"])).get(f"/orders/{world['claim'].order.reference}/").content.decode()
    )
    assert "मुझे रिफ़ंड मिल गया" in html and "विवाद करें" in html and "₹4,000.00" in html
    assert "I received the refund" not in html


def test_remedy_email_to_a_hindi_seller_is_in_hindi(world):
    world["seller"].preferred_language = "hi"
    world["seller"].save(update_fields=["preferred_language"])
    remedy_fulfil(remedy=world["remedy"], user=world["partner"], **REFUND)
    mail = OutboxMessage.objects.get(purpose__startswith="remedy_fulfilled", recipient=world["seller"].email)
    assert "पार्टनर ने" in mail.subject and "UTR 4021 8876 1123" in mail.body_text
