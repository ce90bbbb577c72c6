"""The periodic sweep: overdue remedies, the advance notice, the automatic confirmation.

Set-based: each step selects its rows with one locked query, changes them with
one UPDATE (conditional on the status it read, so a remedy fulfilled at that
moment is left alone), writes their events with one INSERT, then queues the
e-mails, which the outbox keeps once per remedy. A second run finds nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partnernet.business_days import ist_date
from remedies.models import Remedy, RemedyEvent
from remedies.services.notices import tell_both, tell_seller

Status = Remedy.Status
BATCH = 2000


def _take(qs: QuerySet[Remedy], limit: int) -> list[int]:
    return list(qs.select_for_update(skip_locked=True).order_by("pk").values_list("pk", flat=True)[:limit])


def _events(ids: list[int], kind: str, status: str, now: datetime, message: str = "") -> None:
    RemedyEvent.objects.bulk_create(
        [RemedyEvent(remedy_id=pk, kind=kind, status=status, message=message, created_at=now) for pk in ids]
    )


def _remedies(ids: list[int]) -> QuerySet[Remedy]:
    return Remedy.objects.filter(pk__in=ids).select_related(
        "order", "order__requested_by", "partner", "seller", "claim", "claim__claimant"
    )


@transaction.atomic
def remedies_mark_overdue(*, now: datetime | None = None, limit: int = BATCH) -> int:
    """Due remedies whose `due_on` (IST) has passed become overdue; both sides are told once."""
    now = now or timezone.now()
    ids = _take(Remedy.objects.filter(status=Status.DUE, due_on__lt=ist_date(now)), limit)
    if not ids:
        return 0
    Remedy.objects.filter(pk__in=ids, status=Status.DUE).update(status=Status.OVERDUE, overdue_at=now)
    _events(ids, RemedyEvent.Kind.OVERDUE, Status.OVERDUE, now, _("The due date passed without fulfilment."))
    for remedy in _remedies(ids):
        tell_both(remedy, "remedy_overdue")
    return len(ids)


@transaction.atomic
def remedies_auto_confirm_notice(*, now: datetime | None = None, limit: int = BATCH) -> int:
    """Tell the seller, REMEDY_AUTO_CONFIRM_NOTICE_DAYS ahead, that silence will confirm."""
    now = now or timezone.now()
    lead = settings.REMEDY_AUTO_CONFIRM_DAYS - settings.REMEDY_AUTO_CONFIRM_NOTICE_DAYS
    ids = _take(
        Remedy.objects.filter(
            status=Status.FULFILLED,
            auto_confirm_notice_at__isnull=True,
            fulfilled_at__lte=now - timedelta(days=max(lead, 0)),
        ),
        limit,
    )
    if not ids:
        return 0
    Remedy.objects.filter(pk__in=ids, status=Status.FULFILLED).update(auto_confirm_notice_at=now)
    _events(ids, RemedyEvent.Kind.AUTO_CONFIRM_NOTICE, Status.FULFILLED, now)
    for remedy in _remedies(ids):
        if remedy.fulfilled_at is None:  # never: the database refuses a fulfilled remedy without it
            continue
        tell_seller(
            remedy,
            "remedy_auto_confirm_notice",
            repeat=remedy.version,
            confirm_on=remedy.fulfilled_at + timedelta(days=settings.REMEDY_AUTO_CONFIRM_DAYS),
        )
    return len(ids)


@transaction.atomic
def remedies_auto_confirm(*, now: datetime | None = None, limit: int = BATCH) -> int:
    """Fulfilment recorded REMEDY_AUTO_CONFIRM_DAYS ago and neither confirmed nor disputed:
    confirmed automatically (the seller was told in advance), and the claim may close."""
    now = now or timezone.now()
    ids = _take(
        Remedy.objects.filter(
            status=Status.FULFILLED,
            # The seller always gets the full notice period, even if the notice went late.
            auto_confirm_notice_at__lte=now - timedelta(days=settings.REMEDY_AUTO_CONFIRM_NOTICE_DAYS),
            fulfilled_at__lte=now - timedelta(days=settings.REMEDY_AUTO_CONFIRM_DAYS),
        ),
        limit,
    )
    if not ids:
        return 0
    Remedy.objects.filter(pk__in=ids, status=Status.FULFILLED).update(
        status=Status.CONFIRMED,
        confirmed_at=now,
        confirmation=Remedy.Confirmation.AUTOMATIC,
        version=F("version") + 1,
    )
    _events(
        ids,
        RemedyEvent.Kind.AUTO_CONFIRMED,
        Status.CONFIRMED,
        now,
        _("The seller did not answer within %(days)s days of the fulfilment.")
        % {"days": settings.REMEDY_AUTO_CONFIRM_DAYS},
    )
    from remedies.services.obligations import _after_settled

    for remedy in _remedies(ids):
        tell_both(remedy, "remedy_auto_confirmed")
        _after_settled(remedy)
    return len(ids)


def remedies_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """What the hourly task runs. Idempotent: a second run writes and sends nothing."""
    now = now or timezone.now()
    return {
        "overdue": remedies_mark_overdue(now=now),
        "notices": remedies_auto_confirm_notice(now=now),
        "auto_confirmed": remedies_auto_confirm(now=now),
    }
