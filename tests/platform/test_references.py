"""Public references: sequential per prefix and year, never reused, safe under concurrency."""

import threading
from datetime import datetime

import pytest
from django.db import connection, connections, transaction

from partnernet.business_days import IST
from partnernet.models import ReferenceCounter
from partnernet.references import reference_next


@pytest.mark.django_db
def test_references_are_sequential_per_prefix_and_year():
    in_2026 = datetime(2026, 6, 1, 12, tzinfo=IST)
    in_2027 = datetime(2027, 1, 2, 12, tzinfo=IST)
    assert reference_next(prefix="SO", moment=in_2026) == "SO-2026-000001"
    assert reference_next(prefix="SO", moment=in_2026) == "SO-2026-000002"
    assert reference_next(prefix="CL", moment=in_2026) == "CL-2026-000001"
    assert reference_next(prefix="SO", moment=in_2027) == "SO-2027-000001"
    assert reference_next(prefix="SO", moment=in_2026) == "SO-2026-000003"
    assert ReferenceCounter.objects.count() == 3


@pytest.mark.django_db
def test_the_year_is_the_indian_year_at_new_year():
    # 31 Dec 2026 19:00 UTC is already 1 Jan 2027 in IST.
    from datetime import UTC

    assert reference_next(prefix="CL", moment=datetime(2026, 12, 31, 19, 0, tzinfo=UTC)).startswith(
        "CL-2027-"
    )


@pytest.mark.django_db
def test_a_rolled_back_reference_is_handed_out_again_so_there_are_no_gaps():
    moment = datetime(2026, 3, 1, tzinfo=IST)
    reference_next(prefix="SO", moment=moment)
    with pytest.raises(RuntimeError), transaction.atomic():
        reference_next(prefix="SO", moment=moment)
        raise RuntimeError("the order insert failed")
    assert reference_next(prefix="SO", moment=moment) == "SO-2026-000002"


@pytest.mark.django_db(transaction=True)
def test_concurrent_references_are_unique_and_without_gaps():
    if connection.vendor != "postgresql":
        pytest.skip("row locks across threads need PostgreSQL (SQLite serialises writers anyway)")
    moment = datetime(2026, 8, 15, tzinfo=IST)
    results, errors = [], []
    barrier = threading.Barrier(8)

    def worker():
        try:
            barrier.wait()
            for _ in range(10):
                results.append(reference_next(prefix="CL", moment=moment))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not [t for t in threads if t.is_alive()], "a thread did not finish within 60 s"
    assert not errors
    assert len(results) == 80
    assert sorted(results) == [f"CL-2026-{n:06d}" for n in range(1, 81)]
