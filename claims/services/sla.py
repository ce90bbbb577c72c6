"""Service levels (DESIGN §3): due dates, overdue flags, the leads' daily digest.

Business days are Monday to Friday in IST minus the holidays support keeps in the
admin (`partnernet.business_days`). The flags are computed set-based from the due
dates stored on each claim, so the sweep costs a few queries however long the
queue is. Nothing is decided against a party automatically: a flag only puts the
claim in front of a reviewer.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Claim, ClaimEvent
from claims.selectors.sla import claim_overdue_reasons, overdue_q
from partnernet.business_days import add_business_days, ist_date
from partnernet.mail import outbox_enqueue

__all__ = [
    "claim_due_dates",
    "claim_overdue_reasons",
    "claims_flag_overdue",
    "overdue_q",
    "review_digest_send",
]

Status = Claim.Status


def claim_due_dates(*, submitted_at: datetime, partner_notified_at: datetime | None = None) -> dict:
    """The service-level due dates of a claim submitted (and the partner notified) at these moments."""
    notified = partner_notified_at or submitted_at
    return {
        "partner_response_due": add_business_days(notified, settings.PARTNER_RESPONSE_BUSINESS_DAYS),
        "first_action_due": add_business_days(submitted_at, settings.FIRST_ACTION_BUSINESS_DAYS),
        "decision_due": add_business_days(submitted_at, settings.DECISION_TARGET_BUSINESS_DAYS),
    }


@transaction.atomic
def claims_flag_overdue(*, now: datetime | None = None) -> dict:
    """Set `is_overdue` on late open claims and clear it on the rest. Idempotent.

    Newly late claims get one internal OVERDUE event each, so the timeline shows
    when a claim slipped. The version is not bumped: a flag is not anyone's
    action, and it must not make a reviewer's open form stale.
    """
    now = now or timezone.now()
    late = overdue_q(now)
    newly = list(Claim.objects.filter(late, is_overdue=False).values_list("pk", flat=True))
    flagged = Claim.objects.filter(pk__in=newly).update(is_overdue=True)
    cleared = Claim.objects.filter(is_overdue=True).exclude(late).update(is_overdue=False)
    ClaimEvent.objects.bulk_create(
        [
            ClaimEvent(
                claim_id=pk,
                kind=ClaimEvent.Kind.OVERDUE,
                visibility=ClaimEvent.Visibility.INTERNAL,
                message=_("A service level was missed."),
                created_at=now,
            )
            for pk in newly
        ]
    )
    return {"flagged": flagged, "cleared": cleared}


class _DigestKey:
    """The outbox keys a row by model label and pk; the digest is keyed by its IST date instead."""

    class _meta:  # noqa: N801 (mimics Model._meta for partnernet.mail.object_key)
        label_lower = "claims.review_digest"

    def __init__(self, day):
        self.pk = day.isoformat()


def lead_recipients() -> list[str]:
    from partnernet.users.models import LEADS_GROUP, User

    return list(
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=LEADS_GROUP) | Q(is_superuser=True))
        .values_list("email", flat=True)
        .distinct()
    )


def review_digest_send(*, now: datetime | None = None) -> int:
    """E-mail the leads where the queue stands today; once per IST day."""
    now = now or timezone.now()
    day = ist_date(now)
    recipients = lead_recipients()
    if not recipients:
        return 0
    counts = dict(
        Claim.objects.filter(status__in=Claim.OPEN_STATUSES)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    by_status = [
        (label, counts.get(value, 0)) for value, label in Status.choices if value in Claim.OPEN_STATUSES
    ]
    overdue = list(
        Claim.objects.filter(overdue_q(now))
        .select_related("partner", "assigned_to")
        .order_by("decision_due", "pk")[:25]
    )
    overdue_total = Claim.objects.filter(overdue_q(now)).count()
    unassigned = Claim.objects.filter(status__in=Claim.OPEN_STATUSES, assigned_to__isnull=True).count()
    from django.urls import reverse

    with transaction.atomic():
        created = outbox_enqueue(
            purpose="review_digest",
            obj=_DigestKey(day),
            to=recipients,
            template="review/digest",
            context={
                "day": day,
                "by_status": by_status,
                "open_total": sum(n for _label, n in by_status),
                "overdue": [(c, claim_overdue_reasons(c, now)) for c in overdue],
                "overdue_total": overdue_total,
                "unassigned": unassigned,
                "queue_url": settings.SITE_URL + reverse("claims:review_queue"),
            },
        )
    return len(created)
