"""Benchmark data: seller accounts, one per 10 partners (at least 5), each with an owner user."""

from datetime import datetime

from django.contrib.auth.hashers import make_password

from devdata.bench.bulk import insert, reserve_ids
from devdata.bench.data import PASSWORD
from partnernet.users.models import SellerAccount, SellerMembership, User

# (seller account id, owner user id, marketplace)
Seller = tuple[int, int, str]


def insert_sellers(*, first: int, count: int, now: datetime) -> list[Seller]:
    n_sellers = max(5, count // 10)
    password = make_password(PASSWORD)
    user0 = reserve_ids(User, n_sellers)
    insert(
        User,
        ["id", "email", "password", "full_name", "is_active", "is_staff", "is_superuser", "date_joined"],
        (
            (
                user0 + i,
                f"bench-seller-{first + i}-{user0 + i}@example.com",
                password,
                f"Bench Seller {i}",
                True,
                False,
                False,
                now,
            )
            for i in range(n_sellers)
        ),
    )
    account0 = reserve_ids(SellerAccount, n_sellers)
    insert(
        SellerAccount,
        ["id", "name", "marketplace", "owner_id", "created_at"],
        (
            (account0 + i, f"Bench Store {user0 + i}", "IN" if i % 5 else "US", user0 + i, now)
            for i in range(n_sellers)
        ),
    )
    membership0 = reserve_ids(SellerMembership, n_sellers)
    insert(
        SellerMembership,
        ["id", "account_id", "user_id", "role", "created_at"],
        ((membership0 + i, account0 + i, user0 + i, "owner", now) for i in range(n_sellers)),
    )
    return [(account0 + i, user0 + i, "IN" if i % 5 else "US") for i in range(n_sellers)]
