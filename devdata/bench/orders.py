"""Benchmark data: orders (20 per partner on average, 60 % completed) and reviews (10 per partner)."""

import random
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from devdata.bench.bulk import insert, reserve_ids, reserve_references
from devdata.bench.catalogue import PartnerPlan
from devdata.bench.people import Seller
from partnernet.references import ORDER_PREFIX
from partners.claim_window import claim_deadline_for
from partners.models import Review, ServiceOrder

# (order id, partner id, seller account id, user id, marketplace, covered, price, completed_at)
Completed = tuple[int, int, int, int, str, bool, Decimal, datetime]

ORDER_COLUMNS = [
    "id",
    "reference",
    "seller_id",
    "requested_by_id",
    "partner_id",
    "offering_id",
    "status",
    "scope",
    "budget",
    "agreed_price",
    "covered",
    "guarantee_terms_id",
    "requested_at",
    "accepted_at",
    "completed_at",
    "cancelled_at",
    "declined_at",
    "claim_deadline",
    "claim_window_open",
]
REVIEW_COLUMNS = [
    "id",
    "order_id",
    "partner_id",
    "author_id",
    "rating",
    "title",
    "text",
    "created_at",
    "reply",
    "replied_at",
    "is_hidden",
]


def _status(roll: float) -> str:
    if roll < 0.6:
        return "completed"
    if roll < 0.7:
        return "accepted"
    if roll < 0.8:
        return "requested"
    return "cancelled" if roll < 0.9 else "declined"


def insert_orders(
    *,
    rng: random.Random,
    now: datetime,
    plan: PartnerPlan,
    sellers: list[Seller],
    terms_of: dict[int, int],
    since: datetime,
) -> tuple[int, list[Completed]]:
    """Every partner gets 10 orders, the other half go to random partners; returns (count, completed)."""
    pids = plan.pids
    count = len(pids)
    n_orders = count * 20
    order0 = reserve_ids(ServiceOrder, n_orders)
    references = reserve_references(ORDER_PREFIX, n_orders)
    orders, completed = [], []
    for k in range(n_orders):
        oid = order0 + k
        pid = pids[k % count] if k < count * 10 else rng.choice(pids)
        account, user, marketplace = rng.choice(sellers)
        offering_id, price = rng.choice(plan.partner_offerings[pid])
        requested = now - timedelta(days=rng.uniform(1, 360))
        status = _status(rng.random())
        accepted = requested + timedelta(days=1) if status in ("completed", "accepted", "cancelled") else None
        done: datetime | None = None
        if status == "completed" and accepted is not None:
            done = min(now - timedelta(minutes=5), accepted + timedelta(days=rng.randint(2, 20)))
        covered = pid in plan.guaranteed and accepted is not None and accepted > since
        terms = terms_of[pid] if covered else None
        deadline = claim_deadline_for(done) if (covered and done) else None
        orders.append(
            (
                oid,
                references[k],
                account,
                user,
                pid,
                offering_id,
                status,
                "Scope as agreed in the proposal.",
                price,
                price if accepted else None,
                covered,
                terms,
                requested,
                accepted,
                done,
                requested + timedelta(days=2) if status == "cancelled" else None,
                requested + timedelta(days=1) if status == "declined" else None,
                deadline,
                bool(deadline and deadline > now),
            )
        )
        if done:
            completed.append((oid, pid, account, user, marketplace, covered, price, done))
    insert(ServiceOrder, ORDER_COLUMNS, orders)
    return n_orders, completed


def insert_reviews(
    *, rng: random.Random, completed: list[Completed], partners: int
) -> tuple[int, dict[int, list[int]]]:
    """One review on as many completed orders as 10 per partner; returns (count, partner -> ratings)."""
    n_reviews = min(partners * 10, len(completed))
    reviewed = rng.sample(completed, n_reviews)
    review0 = reserve_ids(Review, n_reviews)
    ratings: dict[int, list[int]] = defaultdict(list)
    rows = []
    for k, (oid, pid, _account, user, _m, _covered, _price, done) in enumerate(reviewed):
        rating = rng.choices((1, 2, 3, 4, 5), weights=(1, 1, 3, 8, 10))[0]
        ratings[pid].append(rating)
        reply = "Thank you for the feedback." if k % 4 == 0 else ""
        rows.append(
            (
                review0 + k,
                oid,
                pid,
                user,
                rating,
                "",
                f"Rated {rating} of 5: work as described.",
                done + timedelta(days=1),
                reply,
                done + timedelta(days=2) if reply else None,
                False,
            )
        )
    insert(Review, REVIEW_COLUMNS, rows)
    return n_reviews, ratings
