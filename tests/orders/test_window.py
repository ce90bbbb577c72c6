"""The 30-day window at its edges, in Asia/Kolkata (DESIGN §3)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from claims.services.windows import claim_windows_close
from partners.models import ServiceOrder
from partners.services.orders import order_complete
from tests.orders.factories import accepted_order

pytestmark = pytest.mark.django_db
IST = ZoneInfo("Asia/Kolkata")
UTC = ZoneInfo("UTC")


def ist(*args):
    return datetime(*args, tzinfo=IST)


def complete_at(moment, seller, partner, member):
    order = accepted_order(seller_user=seller, partner=partner, member=member)
    with time_machine.travel(moment, tick=False):
        return order_complete(order=order, user=member)


def test_completed_at_2359_ist_counts_that_ist_day(seller, guaranteed):
    partner, member = guaranteed
    # 23:59 IST on 1 Nov is 18:29 UTC on 1 Nov
    order = complete_at(ist(2026, 11, 1, 23, 59), seller, partner, member)
    deadline = order.claim_deadline.astimezone(IST)
    assert (deadline.date(), deadline.time().isoformat()) == (
        datetime(2026, 12, 1).date(),
        "23:59:59.999999",
    )


def test_completed_at_0001_ist_counts_the_next_day_though_utc_is_still_the_day_before(seller, guaranteed):
    partner, member = guaranteed
    moment = ist(2026, 11, 2, 0, 1)
    assert moment.astimezone(UTC).date().day == 1  # 18:31 UTC on 1 Nov
    order = complete_at(moment, seller, partner, member)
    assert order.claim_deadline == ist(2026, 12, 2, 23, 59, 59, 999999)


def test_design_example_completed_1500_ist(seller, guaranteed):
    partner, member = guaranteed
    order = complete_at(ist(2026, 11, 1, 15, 0), seller, partner, member)
    assert order.claim_deadline == ist(2026, 12, 1, 23, 59, 59, 999999)


def test_sweep_keeps_window_open_through_the_last_microsecond_of_day_30(seller, guaranteed):
    partner, member = guaranteed
    order = complete_at(ist(2026, 11, 1, 15, 0), seller, partner, member)
    last = ist(2026, 12, 1, 23, 59, 59, 999999)
    assert claim_windows_close(now=last) == 0
    order.refresh_from_db()
    assert order.claim_window_open is True
    assert claim_windows_close(now=last + timedelta(microseconds=1)) == 1
    order.refresh_from_db()
    assert order.claim_window_open is False


def test_sweep_is_one_update_for_many_orders(seller, guaranteed, django_assert_num_queries):
    partner, member = guaranteed
    for _ in range(3):
        complete_at(ist(2026, 11, 1, 15, 0), seller, partner, member)
    with django_assert_num_queries(1):
        closed = claim_windows_close(now=ist(2026, 12, 2, 0, 0))
    assert closed == 3
    assert not ServiceOrder.objects.filter(claim_window_open=True).exists()


def test_uncovered_order_has_deadline_but_no_open_window(seller, unguaranteed):
    partner, member = unguaranteed
    order = complete_at(ist(2026, 11, 1, 15, 0), seller, partner, member)
    assert order.claim_deadline == ist(2026, 12, 1, 23, 59, 59, 999999)
    assert order.claim_window_open is False
