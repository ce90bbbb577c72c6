"""Benchmark data: the guarantee programme of the guaranteed partners (terms, parameters,
enrolment, badge), all in force for the last 400 days."""

from datetime import datetime, timedelta

from devdata.bench.bulk import insert, reserve_ids
from devdata.bench.data import PARAMETERS
from guarantees.models import BadgeInterval, Enrollment, GuaranteeParameter, GuaranteeTerms

TERMS_COLUMNS = [
    "id",
    "partner_id",
    "status",
    "version",
    "summary",
    "is_current",
    "created_at",
    "updated_at",
    "published_at",
]


def insert_programme(*, guaranteed: set[int], now: datetime) -> tuple[dict[int, int], datetime]:
    """Terms for every guaranteed partner; returns (partner id -> terms id, the badge's start)."""
    g_list = sorted(guaranteed)
    terms0 = reserve_ids(GuaranteeTerms, len(g_list))
    since = now - timedelta(days=400)
    insert(
        GuaranteeTerms,
        TERMS_COLUMNS,
        (
            (terms0 + k, pid, "published", 1, "We meet these service levels.", True, since, since, since)
            for k, pid in enumerate(g_list)
        ),
    )
    terms_of = {pid: terms0 + k for k, pid in enumerate(g_list)}
    param0 = reserve_ids(GuaranteeParameter, len(g_list) * len(PARAMETERS))
    insert(
        GuaranteeParameter,
        ["id", "terms_id", "key", "label", "value", "unit", "position"],
        (
            (param0 + k * len(PARAMETERS) + j, terms0 + k, key, label, value, unit, j)
            for k in range(len(g_list))
            for j, (key, label, value, unit) in enumerate(PARAMETERS)
        ),
    )
    enrollment0 = reserve_ids(Enrollment, len(g_list))
    insert(
        Enrollment,
        ["id", "partner_id", "status", "applied_at", "decided_at", "updated_at"],
        ((enrollment0 + k, pid, "approved", since, since, since) for k, pid in enumerate(g_list)),
    )
    badge0 = reserve_ids(BadgeInterval, len(g_list))
    insert(
        BadgeInterval,
        ["id", "partner_id", "started_at"],
        ((badge0 + k, pid, since) for k, pid in enumerate(g_list)),
    )
    return terms_of, since
