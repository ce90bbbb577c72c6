"""One benchmark load, in the order the rows are generated (partners are written last, final)."""

import random

from django.utils import timezone

from devdata.bench.catalogue import insert_partners, plan_partners
from devdata.bench.claims import insert_claims
from devdata.bench.orders import insert_orders, insert_reviews
from devdata.bench.people import insert_sellers
from devdata.bench.programme import insert_programme


def bench_seed(*, rng: random.Random, first: int, count: int) -> dict[str, int]:
    """Load `count` more bench partners (numbered from `first`) and their data; returns the counts."""
    now = timezone.now()
    sellers = insert_sellers(first=first, count=count, now=now)
    plan = plan_partners(rng=rng, now=now, first=first, count=count)
    terms_of, since = insert_programme(guaranteed=plan.guaranteed, now=now)
    n_orders, completed = insert_orders(
        rng=rng, now=now, plan=plan, sellers=sellers, terms_of=terms_of, since=since
    )
    n_reviews, ratings = insert_reviews(rng=rng, completed=completed, partners=count)
    n_claims = insert_claims(rng=rng, now=now, completed=completed, partners=count)
    insert_partners(plan, ratings=ratings)
    return {
        "partners": count,
        "offerings": len(plan.offerings),
        "orders": n_orders,
        "reviews": n_reviews,
        "claims": n_claims,
        "sellers": len(sellers),
    }
