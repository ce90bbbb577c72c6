"""The periodic sweep (beat): overdue partner answers and overdue accepted remedies.

Set-based: each pass takes a batch of issue rows with one `SELECT … FOR UPDATE
SKIP LOCKED`, stamps them with one UPDATE, writes their events with one INSERT
and enqueues the notices. The stamp (`*_notified_at`) and the outbox's
uniqueness make a second run — or two beat ticks at once — tell nobody twice.
The issue becomes escalable by the clock itself (`issue_escalability`); the
sweep only records it and tells both sides.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from resolution.models import Issue, IssueEvent, Party
from resolution.services.notify import issue_notify

BATCH = 500


def _sweep_one(*, condition: Q, stamp: str, kind: str, now: datetime) -> int:
    done = 0
    while True:
        with transaction.atomic():
            ids = list(
                Issue.objects.select_for_update(skip_locked=True)
                .filter(condition, **{f"{stamp}__isnull": True})
                .order_by("pk")
                .values_list("pk", flat=True)[:BATCH]
            )
            if not ids:
                return done
            Issue.objects.filter(pk__in=ids).update(**{stamp: now})
            issues = list(
                Issue.objects.filter(pk__in=ids).select_related("order", "order__partner", "order__seller")
            )
            IssueEvent.objects.bulk_create(
                [IssueEvent(issue=issue, kind=kind, status=issue.status, created_at=now) for issue in issues]
            )
            for issue in issues:
                issue_notify(issue, kind=kind, to=(Party.SELLER, Party.PARTNER))
        done += len(ids)


def issues_sweep(*, moment: datetime | None = None) -> dict[str, int]:
    """Tell both sides, once, of every answer and every accepted remedy now overdue."""
    now = moment or timezone.now()
    return {
        "answer_overdue": _sweep_one(
            condition=Q(status=Issue.Status.OPEN, respond_by__lt=now),
            stamp="answer_overdue_notified_at",
            kind=IssueEvent.Kind.ANSWER_OVERDUE,
            now=now,
        ),
        "fulfil_overdue": _sweep_one(
            condition=Q(status=Issue.Status.PARTNER_ACCEPTED, fulfil_by__lt=now),
            stamp="fulfil_overdue_notified_at",
            kind=IssueEvent.Kind.FULFIL_OVERDUE,
            now=now,
        ),
    }
