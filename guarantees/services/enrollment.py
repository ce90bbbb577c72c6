"""Enrolment in the programme: apply, decide, withdraw, suspend, reinstate.

Each change happens with the partner row locked, writes an EnrollmentEvent and
queues an e-mail through the outbox in the same transaction; the badge interval
and `ServicePartner.badge_active` move with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guarantees.errors import ChecklistItem, EnrollmentError
from guarantees.models import BadgeInterval, Enrollment, EnrollmentEvent, GuaranteeTerms
from guarantees.services.badges import badge_close, badge_open
from guarantees.services.terms import terms_problems
from partnernet.mail import outbox_enqueue
from partners import people
from partners.errors import NotParty
from partners.models import ServicePartner
from partners.people import partner_recipients

if TYPE_CHECKING:
    from partnernet.users.models import User

S = Enrollment.Status
K = EnrollmentEvent.Kind


def enrollment_checklist(*, partner: ServicePartner) -> list[ChecklistItem]:
    """What the programme asks of a partner before it may apply: code, label, ok, detail."""
    missing_profile: list[str] = []
    if not partner.tagline.strip():
        missing_profile.append(_("a tagline"))
    if len(partner.description.strip()) < 20:
        missing_profile.append(_("a description of at least 20 characters"))
    if not (partner.email or partner.phone):
        missing_profile.append(_("a contact e-mail or phone"))
    if not partner.categories.exists():
        missing_profile.append(_("at least one service category"))
    has_offering = partner.offerings.filter(is_active=True).exists()
    terms = (
        GuaranteeTerms.objects.filter(
            partner=partner, is_current=True, status=GuaranteeTerms.Status.PUBLISHED
        )
        .prefetch_related("parameters")
        .first()
    )
    problems = terms_problems(terms=terms) if terms is not None else {}
    terms_detail = ""
    if terms is None:
        terms_detail = _("Publish your guarantee terms.")
    elif problems:
        terms_detail = " ".join(m for msgs in problems.values() for m in msgs)
    return [
        {
            "code": "profile_complete",
            "label": _("A complete profile"),
            "ok": not missing_profile,
            "detail": (_("Add %(items)s.") % {"items": ", ".join(missing_profile)})
            if missing_profile
            else "",
        },
        {
            "code": "active_offering",
            "label": _("At least one active offering"),
            "ok": has_offering,
            "detail": "" if has_offering else _("Add an offering and mark it active."),
        },
        {
            "code": "terms_published",
            "label": _("Published guarantee terms that meet the programme requirements"),
            "ok": terms is not None and not problems,
            "detail": terms_detail,
        },
    ]


def _record(
    enrollment: Enrollment,
    *,
    kind: str,
    actor: User | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    template: str | None = None,
    context: dict[str, Any] | None = None,
) -> EnrollmentEvent:
    event = EnrollmentEvent.objects.create(
        enrollment=enrollment, kind=kind, actor=actor, reason=reason, data=data or {}
    )
    if template:
        outbox_enqueue(
            purpose=f"enrollment_{kind}",
            obj=event,
            to=partner_recipients(enrollment.partner),
            template=f"guarantees/{template}",
            context={
                "partner": enrollment.partner,
                "enrollment": enrollment,
                "event": event,
                **(context or {}),
            },
        )
    return event


def _lock(partner: ServicePartner) -> tuple[ServicePartner, Enrollment | None]:
    locked = ServicePartner.objects.select_for_update().get(pk=partner.pk)
    enrollment = Enrollment.objects.select_for_update().filter(partner=locked).first()
    return locked, enrollment


def _lock_existing(enrollment: Enrollment) -> tuple[ServicePartner, Enrollment]:
    """`_lock` for an enrolment the caller holds: it is still there (else: not enrolled)."""
    partner, locked = _lock(enrollment.partner)
    if locked is None:
        raise _not_enrolled()
    return partner, locked


def _not_enrolled() -> EnrollmentError:
    return EnrollmentError(
        _("This cannot be done while the enrolment is %(state)s.") % {"state": _("not enrolled")}
    )


def _require_lead(user: User | None) -> None:
    if not people.is_lead(user):
        raise NotParty(_("Only a support lead can do this."))


@transaction.atomic
def enrollment_apply(*, partner: ServicePartner, user: User) -> Enrollment:
    partner, enrollment = _lock(partner)
    if enrollment is not None:
        enrollment.transition_to(S.APPLIED)
    checklist = enrollment_checklist(partner=partner)
    missing = [item for item in checklist if not item["ok"]]
    if missing:
        raise EnrollmentError(_("Your application is not complete yet."), missing=missing)
    now = timezone.now()
    if enrollment is None:
        enrollment = Enrollment.objects.create(partner=partner, status=S.APPLIED, applied_at=now)
    else:
        enrollment.applied_at = now
        enrollment.decided_at = None
        enrollment.decided_by = None
        enrollment.reason = ""
        enrollment.save()
    _record(enrollment, kind=K.APPLIED, actor=user, template="enrollment_applied")
    return enrollment


@transaction.atomic
def enrollment_approve(*, enrollment: Enrollment, lead: User, reason: str = "") -> Enrollment:
    _require_lead(lead)
    partner, enrollment = _lock_existing(enrollment)
    enrollment.transition_to(S.APPROVED, only_from={S.APPLIED})
    missing = [item for item in enrollment_checklist(partner=partner) if not item["ok"]]
    if missing:
        raise EnrollmentError(
            _("The partner no longer meets the programme: %(items)s.")
            % {"items": "; ".join(str(m["label"]) for m in missing)},
            missing=missing,
        )
    now = timezone.now()
    enrollment.decided_at = now
    enrollment.decided_by = lead
    enrollment.reason = reason
    enrollment.save()
    badge_open(partner=partner, by=lead, at=now)
    _record(enrollment, kind=K.APPROVED, actor=lead, reason=reason, template="enrollment_approved")
    return enrollment


@transaction.atomic
def enrollment_reject(*, enrollment: Enrollment, lead: User, reason: str) -> Enrollment:
    _require_lead(lead)
    if not (reason or "").strip():
        raise EnrollmentError(
            _("Give the reason for the rejection; the partner will read it."), field="reason", status=400
        )
    partner, enrollment = _lock_existing(enrollment)
    enrollment.transition_to(S.REJECTED)
    enrollment.decided_at = timezone.now()
    enrollment.decided_by = lead
    enrollment.reason = reason.strip()
    enrollment.save()
    _record(enrollment, kind=K.REJECTED, actor=lead, reason=reason.strip(), template="enrollment_rejected")
    return enrollment


@transaction.atomic
def enrollment_withdraw(*, partner: ServicePartner, user: User, reason: str = "") -> Enrollment:
    partner, enrollment = _lock(partner)
    if enrollment is None:
        raise _not_enrolled()
    enrollment.transition_to(S.WITHDRAWN)
    now = timezone.now()
    enrollment.reason = (reason or "").strip()
    enrollment.save()
    badge_close(partner=partner, reason=BadgeInterval.EndReason.WITHDRAWN, by=user, at=now)
    _record(
        enrollment, kind=K.WITHDRAWN, actor=user, reason=enrollment.reason, template="enrollment_withdrawn"
    )
    return enrollment


@transaction.atomic
def enrollment_suspend(
    *,
    enrollment: Enrollment,
    lead: User | None = None,
    reason: str,
    automatic: bool = False,
    figures: dict[str, Any] | None = None,
) -> Enrollment:
    """Suspend the badge. A lead suspends by hand; the compliance run passes `automatic=True`."""
    if not automatic:
        _require_lead(lead)
    if not (reason or "").strip():
        raise EnrollmentError(
            _("Give the reason for the suspension; the partner will read it."), field="reason", status=400
        )
    partner, enrollment = _lock_existing(enrollment)
    enrollment.transition_to(S.SUSPENDED)
    now = timezone.now()
    enrollment.reason = reason.strip()
    enrollment.save()
    end_reason = BadgeInterval.EndReason.AUTO_SUSPENDED if automatic else BadgeInterval.EndReason.SUSPENDED
    badge_close(partner=partner, reason=end_reason, by=lead, at=now)
    _record(
        enrollment,
        kind=K.AUTO_SUSPENDED if automatic else K.SUSPENDED,
        actor=lead,
        reason=reason.strip(),
        data={"figures": figures or {}},
        template="badge_auto_suspended" if automatic else "badge_suspended",
        context={"figures": figures or {}},
    )
    return enrollment


@transaction.atomic
def enrollment_reinstate(*, enrollment: Enrollment, lead: User, reason: str = "") -> Enrollment:
    _require_lead(lead)
    partner, enrollment = _lock_existing(enrollment)
    enrollment.transition_to(S.APPROVED, only_from={S.SUSPENDED})
    now = timezone.now()
    enrollment.reason = (reason or "").strip()
    enrollment.save()
    badge_open(partner=partner, by=lead, at=now)
    _record(enrollment, kind=K.REINSTATED, actor=lead, reason=enrollment.reason, template="badge_reinstated")
    return enrollment
