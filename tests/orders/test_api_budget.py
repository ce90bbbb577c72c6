"""The order list API costs the same few queries however many orders a page holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.orders.factories import accepted_order, completed_order_via_services, requested_order

pytestmark = pytest.mark.django_db
LAST: list = []


def _count(client) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as ctx:
        res = client.get("/api/v1/orders/")
    assert res.status_code == 200
    LAST[:] = ctx.captured_queries
    return len(ctx.captured_queries), res.json()["results"]


def test_order_list_api_queries_do_not_grow_with_the_rows(seller, guaranteed, api_for):
    partner, member = guaranteed
    completed_order_via_services(seller_user=seller, partner=partner, member=member)
    client = api_for(seller)
    few, rows = _count(client)
    assert len(rows) == 1
    for _ in range(4):
        completed_order_via_services(seller_user=seller, partner=partner, member=member)
        accepted_order(seller_user=seller, partner=partner, member=member)
        requested_order(seller_user=seller, partner=partner)
    many, rows = _count(client)
    assert len(rows) == 13
    sql = "\n".join(q["sql"][:200] for q in LAST)
    assert many <= few + 1, f"{few} queries for one order, {many} for 13:\n{sql}"
    covered = [r for r in rows if r["status"] == "completed"]
    assert covered and all(r["terms"] is not None and r["covered"] for r in covered)


def test_each_rows_claim_answer_in_the_list_is_the_detail_answer(seller, guaranteed, api_for):
    """The page-wide preload gives every row the answer the one-order lookup gives."""
    from claims.services import claim_draft_create
    from tests.claims.conftest import VALID_FIELDS
    from tests.orders.factories import add_seller_member

    partner, member = guaranteed
    mine = completed_order_via_services(seller_user=seller, partner=partner, member=member)
    theirs = completed_order_via_services(seller_user=seller, partner=partner, member=member)
    free = completed_order_via_services(seller_user=seller, partner=partner, member=member)
    colleague = add_seller_member(mine.seller)
    claim_draft_create(order=mine, user=seller, **VALID_FIELDS)  # my own draft: resumable
    claim_draft_create(order=theirs, user=colleague, **VALID_FIELDS)  # someone else's: blocks
    for viewer in (seller, colleague):
        client = api_for(viewer)
        rows = {r["reference"]: r for r in client.get("/api/v1/orders/").json()["results"]}
        for order in (mine, theirs, free):
            detail = client.get(f"/api/v1/orders/{order.reference}/").json()
            assert rows[order.reference] == detail
        possible = {ref for ref, r in rows.items() if r["claim_possible"]}
        if viewer == seller:
            assert possible == {mine.reference, free.reference}
        else:
            assert possible == {theirs.reference, free.reference}
