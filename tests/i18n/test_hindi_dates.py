"""Dates on Hindi pages are all in Hindi ("9 दिसंबर 2026"), never a stray English "09 Dec 2026":
dates written in Python (next steps, eligibility reasons) go through partnernet.dates, not strftime."""

import re
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.utils import translation

from claims.eligibility import claim_eligibility
from partnernet.dates import IST, format_ist
from tests import factories as f

ENGLISH_MONTH = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July"
    r"|August|September|October|November|December)\b"
)
HINDI_MONTHS = (
    "जनवरी",
    "फ़रवरी",
    "मार्च",
    "अप्रैल",
    "मई",
    "जून",
    "जुलाई",
    "अगस्त",
    "सितंबर",
    "अक्टूबर",
    "नवंबर",
    "दिसंबर",
)


def _text(html: str) -> str:
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"(?s)<[^>]+>", " ", html)


def test_format_ist_writes_month_names_in_the_active_language():
    moment = datetime(2026, 12, 9, 15, 30, tzinfo=IST)
    with translation.override("hi"):
        assert format_ist(moment, "j M Y") == "9 दिसंबर 2026"
        assert format_ist(moment) == "9 दिसंबर 2026, 15:30"
    with translation.override("en"):
        assert format_ist(moment, "j M Y") == "9 Dec 2026"
    assert format_ist(None) == ""


@pytest.mark.django_db
def test_closed_window_reason_gives_the_date_in_hindi():
    order = f.completed_order(completed_at=datetime(2026, 11, 1, 15, 0, tzinfo=IST))
    with translation.override("hi"):
        result = claim_eligibility(
            order=order, claimant=order.seller.owner, moment=datetime(2026, 12, 9, tzinfo=IST)
        )
        messages = " ".join(str(r["message"]) for r in result.reasons if r["code"] == "window_closed")
    assert "1 दिसंबर 2026" in messages
    assert not ENGLISH_MONTH.search(messages)


@pytest.mark.django_db
def test_claim_and_order_pages_in_hindi_have_no_english_month_names(client_for):
    claim = f.ClaimFactory()
    seller = claim.seller.owner
    client = client_for(seller)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    for url in (f"/claims/{claim.reference}/", f"/orders/{claim.order.reference}/", "/claims/", "/orders/"):
        text = _text(client.get(url).content.decode())
        assert not ENGLISH_MONTH.search(text), (url, ENGLISH_MONTH.search(text).group(0))
    text = _text(client.get(f"/claims/{claim.reference}/").content.decode())
    assert any(month in text for month in HINDI_MONTHS)


@pytest.mark.django_db
def test_profile_in_hindi_dates_its_reviews_in_hindi(client):
    from partners.models import Review, ServiceOrder

    order = f.completed_order(completed_at=datetime(2026, 11, 1, 15, 0, tzinfo=IST) - timedelta(days=1))
    assert order.status == ServiceOrder.Status.COMPLETED
    Review.objects.create(
        order=order, partner=order.partner, author=order.seller.owner, rating=5, text="Good"
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    text = _text(client.get(order.partner.get_absolute_url()).content.decode())
    assert not ENGLISH_MONTH.search(text)
