"""Fixtures of the Resolution Centre tests: a covered completed order between seller A and partner X."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from partnernet.models import OutboxMessage
from tests import factories as f
from tests.claims.conftest import PDF  # noqa: F401  (a whole PDF, as uploads require)


def png_bytes() -> bytes:
    """A real PNG (uploads decode images)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#12355b").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def order(db, seller, partner_member):
    return f.completed_order(seller=seller.seller_account, partner=partner_member.partner, price="10000.00")


@pytest.fixture
def accepted_order(db, seller, partner_member):
    partner = partner_member.partner
    return f.OrderFactory(
        seller=seller.seller_account,
        partner=partner,
        status="accepted",
        agreed_price=Decimal("8000.00"),
        accepted_at=timezone.now() - timedelta(days=1),
    )


@pytest.fixture
def report(seller):
    """report(order, **overrides) → an open issue reported by seller A."""
    from resolution.services.issues import issue_report

    def make(order, **kw):
        values = {
            "reason": "not_completed_as_agreed",
            "remedy": "partial_refund",
            "amount": "4000.00",
            "description": "Only 20 of the 50 listings were made.",
        }
        values.update(kw)
        user = values.pop("user", seller)
        return issue_report(order=order, user=user, **values)

    return make


def outbox(purpose_prefix: str = "") -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(purpose__startswith=purpose_prefix).order_by("pk"))
