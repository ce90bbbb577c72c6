"""Two people acting on one order at once: the row lock lets exactly one win (PostgreSQL)."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from partnernet.models import OutboxMessage
from partners.services.orders import OrderStateError, order_cancel, order_complete
from tests import factories as f
from tests.orders.factories import accepted_order

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(*actions):
    results, barrier = [], threading.Barrier(len(actions))

    def run(action):
        try:
            barrier.wait()
            action()
            results.append("ok")
        except OrderStateError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    # Every action must have ended (won or refused): one still blocked on the row lock would
    # otherwise go unnoticed.
    assert not [t for t in threads if t.is_alive()], "an action did not finish within 30 s"
    assert len(results) == len(actions)
    return sorted(results)


def test_complete_and_cancel_at_once_one_wins_and_state_is_consistent():
    if not settings.IS_POSTGRES:
        pytest.skip("needs PostgreSQL")
    partner = f.guaranteed_partner()
    member = f.PartnerMemberFactory(partner=partner).user
    member2 = f.PartnerMemberFactory(partner=partner).user
    seller = f.SellerAccountFactory().owner
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    results = _race(
        lambda: order_complete(order=order, user=member),
        lambda: order_complete(order=order, user=member2),
        lambda: order_cancel(order=order, user=seller, reason="No longer needed"),
    )
    assert results == ["ok", "refused", "refused"]
    order.refresh_from_db()
    feedback_rows = OutboxMessage.objects.filter(purpose="order_feedback").count()
    if order.status == "completed":
        assert feedback_rows == 1 and order.completed_at and order.cancelled_at is None
    else:
        assert order.status == "cancelled" and feedback_rows == 0 and order.completed_at is None
