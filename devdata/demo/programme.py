"""Demo data: the Service Guarantee programme (terms versions, enrolment, badge history)."""

from datetime import timedelta

from guarantees.models import (
    BadgeInterval,
    Enrollment,
    EnrollmentEvent,
    GuaranteeParameter,
    GuaranteeTerms,
)

BADGE_STATES = {"badge", "badge2"}


class ProgrammeMixin:
    # --- programme -------------------------------------------------------------------
    def _parameters(self, slug):
        rng = self.rng
        delivery = max(o.turnaround_days for o in self.offerings[slug])
        return [
            ("response_time", str(rng.choice([8, 12, 24, 24, 48]))),
            ("delivery_timeline", str(delivery)),
            ("revisions_included", str(rng.choice([1, 2, 2, 3]))),
            ("remedy_offered", rng.choice(["Redo the work", "Partial refund", "Full refund"])),
            ("communication_channel", rng.choice(["E-mail", "Phone", "WhatsApp", "Video call"])),
        ]

    def _publish(self, partner, version, values, published_at, *, current):
        terms = GuaranteeTerms.objects.create(
            partner=partner,
            status=GuaranteeTerms.Status.PUBLISHED,
            version=version,
            is_current=current,
            created_at=published_at - timedelta(days=2),
            published_at=published_at,
            summary=(
                f"{partner.name} answers within the stated response time, delivers within the stated "
                "timeline and includes the stated revisions. If we fall short we make it right first."
            ),
        )
        self._add_parameters(terms, values)
        return terms

    def _add_parameters(self, terms, values):
        GuaranteeParameter.objects.bulk_create(
            [
                GuaranteeParameter(
                    terms=terms,
                    requirement=self.requirements_by_key[key],
                    key=key,
                    label=self.requirements_by_key[key].label,
                    value=value,
                    unit=self.requirements_by_key[key].unit,
                    position=position,
                )
                for position, (key, value) in enumerate(values)
            ]
        )

    def programme(self):
        self.terms_versions = {}  # slug -> [(published_at, terms)]
        self.badge_since = {}  # slug -> (start, end or None)
        for slug, partner in self.partner_by_slug.items():
            state = self.partner_state[slug]
            values = self._parameters(slug)
            values_v2 = [(k, "12" if k == "response_time" else v) for k, v in values]
            if state == "none":
                if (
                    slug == "deccan-listing-studio"
                    and not GuaranteeTerms.objects.filter(partner=partner).exists()
                ):
                    draft = GuaranteeTerms.objects.create(partner=partner, summary="Work in progress.")
                    self._add_parameters(draft, values[:3])
                continue
            if state == "rejected":
                if not GuaranteeTerms.objects.filter(partner=partner).exists():
                    draft = GuaranteeTerms.objects.create(partner=partner, summary="Our promise.")
                    self._add_parameters(draft, values)
            elif not GuaranteeTerms.objects.filter(partner=partner).exists():
                if state == "badge2":
                    self._publish(partner, 1, values, self.days_ago(430), current=False)
                    self._publish(partner, 2, values_v2, self.days_ago(60), current=True)
                else:
                    self._publish(partner, 1, values, self.days_ago(430), current=True)
            self.terms_versions[slug] = [
                (t.published_at, t)
                for t in GuaranteeTerms.objects.filter(partner=partner, status="published").order_by(
                    "version"
                )
            ]
            self._enrollment(partner, state)

    def _enrollment(self, partner, state):
        status = {
            "badge": "approved",
            "badge2": "approved",
            "suspended": "suspended",
            "applied": "applied",
            "rejected": "rejected",
            "withdrawn": "withdrawn",
        }[state]
        applied_at = self.days_ago(425) if state not in {"applied", "rejected"} else self.days_ago(6)
        enrollment, created = Enrollment.objects.get_or_create(
            partner=partner,
            defaults={
                "status": status,
                "applied_at": applied_at,
                "decided_at": None if status == "applied" else applied_at + timedelta(days=4),
                "decided_by": None if status == "applied" else self.lead,
                "reason": {
                    "rejected": "Terms are still a draft: publish them and apply again.",
                    "suspended": "3 claims upheld within 90 days.",
                    "withdrawn": "The partner withdrew from the programme.",
                }.get(state, ""),
            },
        )
        if created:
            events = [
                EnrollmentEvent(enrollment=enrollment, kind="applied", actor=None, created_at=applied_at)
            ]
            if status != "applied":
                events.append(
                    EnrollmentEvent(
                        enrollment=enrollment,
                        kind="rejected" if status == "rejected" else "approved",
                        actor=self.lead,
                        reason=enrollment.reason if status == "rejected" else "",
                        created_at=applied_at + timedelta(days=4),
                    )
                )
            if status == "suspended":
                events.append(
                    EnrollmentEvent(
                        enrollment=enrollment,
                        kind="auto_suspended",
                        reason=enrollment.reason,
                        data={"claims_upheld_90d": 3},
                        created_at=self.days_ago(20),
                    )
                )
            if status == "withdrawn":
                events.append(
                    EnrollmentEvent(enrollment=enrollment, kind="withdrawn", created_at=self.days_ago(45))
                )
            EnrollmentEvent.objects.bulk_create(events)
        start = applied_at + timedelta(days=4)
        if state in BADGE_STATES:
            span = (start, None)
        elif state == "suspended":
            span = (start, self.days_ago(20), "auto_suspended")
        elif state == "withdrawn":
            span = (start, self.days_ago(45), "withdrawn")
        else:
            return
        self.badge_since[partner.slug] = span[:2]
        if not BadgeInterval.objects.filter(partner=partner).exists():
            BadgeInterval.objects.create(
                partner=partner,
                started_at=span[0],
                started_by=self.lead,
                ended_at=span[1],
                end_reason=span[2] if len(span) > 2 else "",
            )
        active = state in BADGE_STATES
        if partner.badge_active != active:
            partner.badge_active = active
            partner.save(update_fields=["badge_active"])
