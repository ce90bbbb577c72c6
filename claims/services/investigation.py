"""A reviewer working a claim: assignment, "take next", internal notes, findings.

The first reviewer action on a submitted claim makes it `under_review` and marks
the first-action service level; each action bumps the version (`touch`), so a
form loaded before it is stale.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.exceptions import ClaimConflict
from claims.models import Claim, ClaimEvent, ParameterFinding
from claims.selectors.sla import queue_urgency
from claims.services.appeals import first_decider_id, is_appeal
from claims.services.common import lock_for_review, require_reviewer, review_url, start_review, touch
from guarantees.models import GuaranteeParameter
from partnernet.mail import outbox_enqueue
from partnernet.users.models import User
from partners.people import is_support

Visibility = ClaimEvent.Visibility
Kind = ClaimEvent.Kind
Status = Claim.Status

# Statuses a reviewer can pick up from the queue (nobody is working on them yet).
TAKEABLE = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.APPEALED)


# --- assignment ------------------------------------------------------------------


@transaction.atomic
def claim_assign(
    *, claim: Claim, reviewer: User, assignee: User | None, expected_version: int | None
) -> Claim:
    """Assign (or reassign) a claim; `assignee=None` puts it back in the queue."""
    require_reviewer(reviewer)
    if assignee is not None and not is_support(assignee):
        raise ValidationError({"assignee": _("Claims can only be assigned to support reviewers.")})
    locked = lock_for_review(claim, expected_version)
    if not locked.is_open:
        raise ClaimConflict(
            _("A %(status)s claim cannot be reassigned.") % {"status": locked.get_status_display().lower()}
        )
    appeal = is_appeal(locked) and not locked.is_final
    if appeal and assignee is not None and (not assignee.is_lead or assignee.pk == first_decider_id(locked)):
        raise ValidationError(
            {"assignee": _("An appeal goes to a support lead who did not decide the claim.")}
        )
    now = timezone.now()
    previous = locked.assigned_to
    if previous == assignee:
        return locked
    locked.assigned_to = assignee
    fields = touch(locked, now) + ["assigned_to"]
    if assignee is not None and start_review(locked, reviewer, now):
        fields.append("status")
    locked.save(update_fields=fields)
    event = ClaimEvent.record(
        locked,
        kind=Kind.ASSIGNED,
        actor=reviewer,
        visibility=Visibility.INTERNAL,
        message=(
            _("Assigned to %(name)s.") % {"name": assignee.get_full_name()}
            if assignee
            else _("Returned to the queue.")
        ),
        data={"from": previous.pk if previous else None, "to": assignee.pk if assignee else None},
    )
    if assignee is not None and assignee != reviewer:
        outbox_enqueue(
            purpose="review_assigned",
            obj=event,
            to=[assignee.email],
            template="review/assigned",
            context={"claim": locked, "assignee": assignee, "by": reviewer, "url": review_url(locked)},
        )
    return locked


def claim_take_next(*, reviewer: User) -> Claim | None:
    """Assign the most urgent unassigned claim to `reviewer`; None when the queue is empty.

    `skip_locked` lets reviewers pressing "Take next" at the same moment each lock a
    different row instead of queueing on (and then all getting) the same one.
    """
    require_reviewer(reviewer)
    candidates = Claim.objects.filter(status__in=TAKEABLE, assigned_to__isnull=True)
    if reviewer.is_lead:
        # A lead never gets an appeal against their own decision.
        in_appeal = Q(status=Status.APPEALED) | Q(appealed_at__isnull=False, is_final=False)
        candidates = candidates.exclude(
            in_appeal
            & (Q(original_decided_by=reviewer) | Q(original_decided_by__isnull=True, decided_by=reviewer))
        )
    else:
        candidates = candidates.exclude(status=Status.APPEALED).exclude(
            appealed_at__isnull=False, is_final=False
        )
    with transaction.atomic():
        locked = (
            candidates.annotate(urgency=queue_urgency())
            .order_by("-is_overdue", F("urgency").asc(nulls_last=True), "submitted_at", "pk")
            .select_for_update(skip_locked=True, of=("self",))
            .first()
        )
        if locked is None:
            return None
        now = timezone.now()
        locked.assigned_to = reviewer
        fields = touch(locked, now) + ["assigned_to"]
        if start_review(locked, reviewer, now):
            fields.append("status")
        locked.save(update_fields=fields)
        ClaimEvent.record(
            locked,
            kind=Kind.ASSIGNED,
            actor=reviewer,
            visibility=Visibility.INTERNAL,
            message=_("Taken from the queue by %(name)s.") % {"name": reviewer.get_full_name()},
            data={"from": None, "to": reviewer.pk, "take_next": True},
        )
    return locked


# --- notes and findings --------------------------------------------------------------


@transaction.atomic
def claim_note_add(
    *, claim: Claim, reviewer: User, text: str, expected_version: int | None = None
) -> ClaimEvent:
    """An internal note: support only, never shown or sent to the seller or the partner."""
    require_reviewer(reviewer)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the note.")})
    if len(text) > 5000:
        raise ValidationError({"text": _("A note can be at most 5,000 characters.")})
    locked = lock_for_review(claim, expected_version)
    now = timezone.now()
    fields = touch(locked, now)
    if start_review(locked, reviewer, now):
        fields.append("status")
    locked.save(update_fields=fields)
    return ClaimEvent.record(
        locked, kind=Kind.NOTE, actor=reviewer, visibility=Visibility.INTERNAL, message=text
    )


@transaction.atomic
def claim_finding_set(
    *,
    claim: Claim,
    reviewer: User,
    parameter_id: int,
    finding: str,
    note: str = "",
    expected_version: int | None,
) -> ParameterFinding:
    """Record the reviewer's finding on one parameter of the order's terms snapshot."""
    require_reviewer(reviewer)
    if finding not in ParameterFinding.Finding.values:
        raise ValidationError({"finding": _("Choose met, not met or unclear.")})
    locked = lock_for_review(claim, expected_version)
    if not locked.is_open:
        raise ClaimConflict(_("Findings can only be recorded while the claim is open."))
    terms_id = locked.order.guarantee_terms_id
    parameter = GuaranteeParameter.objects.filter(pk=parameter_id, terms_id=terms_id).first()
    if parameter is None:
        raise ValidationError(
            {"parameter": _("That parameter is not part of the terms this order was covered by.")}
        )
    now = timezone.now()
    record, created = ParameterFinding.objects.update_or_create(
        claim=locked,
        parameter=parameter,
        defaults={"finding": finding, "note": (note or "").strip(), "reviewer": reviewer, "updated_at": now},
    )
    fields = touch(locked, now)
    if start_review(locked, reviewer, now):
        fields.append("status")
    locked.save(update_fields=fields)
    # The event keeps every finding ever recorded, so a changed finding stays in the record.
    ClaimEvent.record(
        locked,
        kind=Kind.FINDING,
        actor=reviewer,
        visibility=Visibility.INTERNAL,
        message=f"{parameter.label}: {record.get_finding_display()}"
        + (f" — {record.note}" if record.note else ""),
        data={"parameter": parameter.key, "finding": finding, "note": record.note, "changed": not created},
    )
    return record
