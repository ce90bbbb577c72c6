"""Guarantee terms: the editable draft, validation against the programme, publishing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from guarantees.errors import TermsError, TermsValidationError
from guarantees.models import GuaranteeParameter, GuaranteeTerms, ProgrammeRequirement
from partners.models import ServicePartner
from partners.selectors import directory_cache_bump

if TYPE_CHECKING:
    from partnernet.users.models import User

DEFAULT_REQUIREMENTS: list[dict[str, Any]] = [
    {
        "key": "response_time",
        "label": "Response time",
        "help_text": "How quickly you answer a seller's message, at the slowest.",
        "value_type": "integer",
        "unit": "hours",
        "floor": Decimal("72"),
        "floor_direction": "max",
    },
    {
        "key": "delivery_timeline",
        "label": "Delivery timeline",
        "help_text": "How long the agreed work takes, at the longest.",
        "value_type": "integer",
        "unit": "days",
        "floor": Decimal("60"),
        "floor_direction": "max",
    },
    {
        "key": "revisions_included",
        "label": "Revisions included",
        "help_text": "Rounds of changes included in the price.",
        "value_type": "integer",
        "unit": "revisions",
        "floor": Decimal("1"),
        "floor_direction": "min",
    },
    {
        "key": "remedy_offered",
        "label": "Remedy offered",
        "help_text": "What you do when the work falls short of these terms.",
        "value_type": "choice",
        "choices": "Redo the work, Partial refund, Full refund, Redo or full refund",
    },
    {
        "key": "communication_channel",
        "label": "Communication channel",
        "help_text": "Where sellers reach you, e.g. e-mail and phone, WhatsApp.",
        "value_type": "text",
    },
]


def requirements_ensure_defaults() -> int:
    """Create the programme's default requirements if missing (seeding; leads edit them later)."""
    created = 0
    for position, spec in enumerate(DEFAULT_REQUIREMENTS):
        _req, was_created = ProgrammeRequirement.objects.get_or_create(
            key=spec["key"], defaults={**spec, "position": position}
        )
        created += int(was_created)
    return created


def _fmt_number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


FLOOR = "floor"
MISSING = "missing"
INVALID = "invalid"


def requirement_check(requirement: ProgrammeRequirement, raw: str) -> tuple[str, list[str], str | None]:
    """Normalise one value for a requirement.

    Returns (value, messages naming the parameter, problem code: missing, invalid, floor or None).
    """
    value = (raw or "").strip()
    label = requirement.label
    if not value:
        return value, [_("%(label)s: a value is required.") % {"label": label}], MISSING
    kind = requirement.value_type
    number = None
    if kind in (ProgrammeRequirement.ValueType.INTEGER, ProgrammeRequirement.ValueType.DECIMAL):
        try:
            number = Decimal(value.replace(",", ""))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            return value, [_("%(label)s: enter a number.") % {"label": label}], INVALID
        if kind == ProgrammeRequirement.ValueType.INTEGER and number != number.to_integral():
            return value, [_("%(label)s: enter a whole number.") % {"label": label}], INVALID
        if number < 0:
            return value, [_("%(label)s: cannot be negative.") % {"label": label}], INVALID
        if number > Decimal("1000000"):
            return value, [_("%(label)s: that number is too large.") % {"label": label}], INVALID
        value = _fmt_number(number)
    elif kind == ProgrammeRequirement.ValueType.CHOICE:
        choices = requirement.choice_list
        match = next((c for c in choices if c.lower() == value.lower()), None)
        if match is None:
            return (
                value,
                [
                    _("%(label)s: choose one of %(choices)s.")
                    % {"label": label, "choices": ", ".join(choices)}
                ],
                INVALID,
            )
        value = match
    elif len(value) > 250:
        return value[:250], [_("%(label)s: at most 250 characters.") % {"label": label}], INVALID
    if number is not None and requirement.floor is not None:
        unit = f" {requirement.unit}" if requirement.unit else ""
        floor = _fmt_number(requirement.floor)
        if (
            requirement.floor_direction == ProgrammeRequirement.FloorDirection.MAX
            and number > requirement.floor
        ):
            return (
                value,
                [
                    _("%(label)s: the programme requires at most %(floor)s%(unit)s; you entered %(value)s.")
                    % {"label": label, "floor": floor, "unit": unit, "value": value}
                ],
                FLOOR,
            )
        if (
            requirement.floor_direction == ProgrammeRequirement.FloorDirection.MIN
            and number < requirement.floor
        ):
            return (
                value,
                [
                    _("%(label)s: the programme requires at least %(floor)s%(unit)s; you entered %(value)s.")
                    % {"label": label, "floor": floor, "unit": unit, "value": value}
                ],
                FLOOR,
            )
    return value, [], None


def _requirements() -> list[ProgrammeRequirement]:
    return list(ProgrammeRequirement.objects.filter(is_active=True).order_by("position", "label"))


def terms_problems(
    *, terms: GuaranteeTerms | None, requirements: list[ProgrammeRequirement] | None = None
) -> dict[str, list[str]]:
    """What stops these terms from meeting the programme today, keyed by parameter key.

    Used before publishing and by the enrolment checklist (requirements may have
    changed since a version was published; the version itself never changes).
    """
    requirements = _requirements() if requirements is None else requirements
    if terms is None:
        return {"__all__": [_("No guarantee terms yet.")]}
    values = {p.key: p.value for p in terms.parameters.all()}
    problems: dict[str, list[str]] = {}
    for req in requirements:
        _value, messages, _code = requirement_check(req, values.get(req.key, ""))
        if messages:
            problems[req.key] = messages
    return problems


@dataclass
class ExtraParameter:
    label: str
    value: str
    unit: str = ""


def _lock_partner(partner: ServicePartner) -> ServicePartner:
    # Every write to a partner's terms takes the partner row lock first, so two
    # publishes (or a publish and a draft save) run one after the other and the
    # next version number is read under the lock.
    return ServicePartner.objects.select_for_update().get(pk=partner.pk)


@transaction.atomic
def terms_save_draft(
    *,
    partner: ServicePartner,
    user: User,
    summary: str,
    values: dict[str, str],
    extras: list[ExtraParameter] | list[dict[str, Any]] | None = None,
) -> GuaranteeTerms:
    """Create or replace the partner's draft. Type errors refuse the save; floors are
    checked at publish (a draft may be saved below a floor, with the problem shown)."""
    _lock_partner(partner)
    requirements = _requirements()
    errors: dict[str, list[str]] = {}
    rows: list[GuaranteeParameter] = []
    for position, req in enumerate(requirements):
        raw = (values.get(req.key) or "").strip()
        value, messages, code = requirement_check(req, raw)
        # Only the shape of a value is enforced here; missing values and floors wait for publish.
        if code == INVALID:
            errors[req.key] = messages
        if raw:
            rows.append(
                GuaranteeParameter(
                    requirement=req,
                    key=req.key,
                    label=req.label,
                    value=value,
                    unit=req.unit,
                    position=position,
                )
            )
    unknown = set(values) - {r.key for r in requirements}
    for key in sorted(unknown):
        if (values.get(key) or "").strip():
            errors[key] = [
                _("%(key)s is not a programme parameter; add it as your own parameter.") % {"key": key}
            ]
    seen = {r.key for r in requirements}
    given: list[ExtraParameter | dict[str, Any]] = list(extras or [])
    for offset, extra in enumerate(given):
        if isinstance(extra, dict):
            extra = ExtraParameter(
                label=str(extra.get("label", "")),
                value=str(extra.get("value", "")),
                unit=str(extra.get("unit", "")),
            )
        label, value, unit = extra.label.strip(), extra.value.strip(), extra.unit.strip()
        if not label and not value:
            continue
        key = slugify(label)[:60] or f"extra-{offset + 1}"
        field_key = f"extra-{offset}"
        if not label:
            errors[field_key] = [_("Your parameter %(n)s: give it a name.") % {"n": offset + 1}]
            continue
        if not value:
            errors[field_key] = [_("%(label)s: a value is required.") % {"label": label}]
            continue
        if key in seen:
            errors[field_key] = [
                _("%(label)s: you already have a parameter with this name.") % {"label": label}
            ]
            continue
        if len(label) > 120 or len(value) > 250 or len(unit) > 30:
            errors[field_key] = [_("%(label)s: the name, value or unit is too long.") % {"label": label[:40]}]
            continue
        seen.add(key)
        rows.append(
            GuaranteeParameter(
                key=key, label=label, value=value, unit=unit, position=len(requirements) + offset
            )
        )
    if len(summary or "") > 5000:
        errors["summary"] = [_("Summary: at most 5,000 characters.")]
    if errors:
        raise TermsValidationError(errors)

    draft = GuaranteeTerms.objects.select_for_update().filter(partner=partner, status="draft").first()
    if draft is None:
        draft = GuaranteeTerms.objects.create(partner=partner, summary=summary or "")
    else:
        draft.summary = summary or ""
        draft.save(update_fields=["summary", "updated_at"])
        draft.parameters.all().delete()
    for row in rows:
        row.terms = draft
    GuaranteeParameter.objects.bulk_create(rows)
    return draft


@transaction.atomic
def terms_discard_draft(*, partner: ServicePartner, user: User) -> bool:
    _lock_partner(partner)
    draft = GuaranteeTerms.objects.filter(partner=partner, status="draft").first()
    if draft is None:
        return False
    draft.delete()
    return True


@transaction.atomic
def terms_publish(
    *, partner: ServicePartner, user: User, expected_draft_id: int | None = None
) -> GuaranteeTerms:
    """Turn the draft into immutable version N+1 and make it current, atomically.

    The partner row is locked first, so concurrent publishes queue up: the
    second one reads the new maximum version (or finds no draft left) and a
    version number is never handed out twice (the unique constraint on
    (partner, version) is the backstop).
    """
    _lock_partner(partner)
    draft = (
        GuaranteeTerms.objects.select_for_update()
        .filter(partner=partner, status=GuaranteeTerms.Status.DRAFT)
        .prefetch_related("parameters")
        .first()
    )
    if draft is None or (expected_draft_id is not None and draft.pk != expected_draft_id):
        raise TermsError(
            _("There is no draft to publish; it may have been published already. Reload the page.")
        )
    problems = terms_problems(terms=draft)
    if problems:
        raise TermsValidationError(problems)
    last = GuaranteeTerms.objects.filter(partner=partner).aggregate(m=Max("version"))["m"] or 0
    GuaranteeTerms.objects.filter(partner=partner, is_current=True).update(is_current=False)
    draft.status = GuaranteeTerms.Status.PUBLISHED
    draft.version = last + 1
    draft.is_current = True
    draft.published_at = timezone.now()
    draft.published_by = user
    draft.save()
    # The profile's "Show details" is cached: the new version shows at once.
    transaction.on_commit(directory_cache_bump)
    return draft
