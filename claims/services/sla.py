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
AWAITING = (Status.AWAITING_SELLER, Status.AWAITING_PARTNER)


def claim_due_dates(*, submitted_at: datetime, partner_notified_at: datetime | None = None) -> dict:
    """The service-level due dates of a claim submitted (and the partner notified) at these moments."""
    notified = partner_notified_at or submitted_at
    return {
        "partner_response_due": add_business_days(notified, settings.PARTNER_RESPONSE_BUSINESS_DAYS),
        "first_action_due": add_business_days(submitted_at, settings.FIRST_ACTION_BUSINESS_DAYS),
        "decision_due": add_business_days(submitted_at, settings.DECISION_TARGET_BUSINESS_DAYS),
    }


def overdue_q(now: datetime) -> Q:
    """Open claims past one of their service levels at `now`."""
    partner_late = Q(partner_responded_at__isnull=True, partner_response_due__lt=now)
    first_action_late = Q(first_action_at__isnull=True, first_action_due__lt=now)
    # Open means undecided (an appeal reopens a decided claim with a new target), so the due date is enough.
    decision_late = Q(decision_due__lt=now)
    answer_late = Q(status__in=AWAITING, awaiting_due__lt=now)
    return Q(status__in=Claim.OPEN_STATUSES) & (
        partner_late | first_action_late | decision_late | answer_late
    )


def claim_overdue_reasons(claim: Claim, now: datetime | None = None) -> list[str]:
    """What is late on one claim, in words (the queue and the investigation page show it)."""
    now = now or timezone.now()
    if claim.status not in Claim.OPEN_STATUSES:
        return []
    reasons = []
    if claim.partner_responded_at is None and claim.partner_response_due and claim.partner_response_due < now:
        reasons.append(_("partner answer"))
    if claim.first_action_at is None and claim.first_action_due and claim.first_action_due < now:
        reasons.append(_("first action"))
    if claim.decision_due and claim.decision_due < now:
        reasons.append(_("decision"))
    if claim.status in AWAITING and claim.awaiting_due and claim.awaiting_due < now:
        reasons.append(_("seller answer") if claim.status == Status.AWAITING_SELLER else _("partner answer"))
    return list(dict.fromkeys(reasons))


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
