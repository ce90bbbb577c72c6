"""Benchmark data: claims, 2 per partner on average, on covered completed orders of IN sellers."""

import random
from datetime import datetime, timedelta
from decimal import Decimal

from claims.models import Claim
from devdata.bench.bulk import insert, reserve_ids, reserve_references
from devdata.bench.orders import Completed
from partnernet.references import CLAIM_PREFIX

CLAIM_COLUMNS = [
    "id",
    "reference",
    "order_id",
    "seller_id",
    "partner_id",
    "claimant_id",
    "filed_by_id",
    "status",
    "outcome",
    "reason",
    "description",
    "resolution_attempt",
    "resolution_confirmed",
    "remedy",
    "amount",
    "agreed_price",
    "created_at",
    "updated_at",
    "submitted_at",
    "decided_at",
    "closed_at",
    "is_final",
]


def insert_claims(*, rng: random.Random, now: datetime, completed: list[Completed], partners: int) -> int:
    eligible = [c for c in completed if c[5] and c[4] == "IN"]
    n_claims = min(partners * 2, len(eligible))
    rows = []
    claim0 = reserve_ids(Claim, n_claims)
    references = reserve_references(CLAIM_PREFIX, n_claims)
    reasons = [r for r, _l in Claim.Reason.choices]
    for k, (oid, pid, account, user, _m, _covered, price, done) in enumerate(rng.sample(eligible, n_claims)):
        filed = done + timedelta(days=rng.randint(1, 25))
        filed = min(filed, now - timedelta(minutes=1))
        closed = rng.random() < 0.6
        rows.append(
            (
                claim0 + k,
                references[k],
                oid,
                account,
                pid,
                user,
                user,
                "closed" if closed else rng.choice(("submitted", "under_review")),
                rng.choice(("rejected", "upheld", "partially_upheld")) if closed else "",
                rng.choice(reasons),
                "The work was not done as agreed.",
                "Raised it with the partner twice.",
                True,
                "partial_refund",
                (price / 2).quantize(Decimal("0.01")),
                price,
                filed,
                filed,
                filed,
                filed + timedelta(days=10) if closed else None,
                filed + timedelta(days=30) if closed else None,
                closed,
            )
        )
    insert(Claim, CLAIM_COLUMNS, rows)
    return n_claims
