"""Reads for the Service Guarantee programme (profile block, API, console)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Literal, TypedDict

from django.conf import settings
from django.db import connection
from django.db.models import Prefetch, QuerySet

from guarantees.models import (
    ComplianceSnapshot,
    Enrollment,
    EnrollmentEvent,
    GuaranteeParameter,
    GuaranteeTerms,
    ProgrammeRequirement,
)
from partnernet.rows import execute_prepared, row_datetime, row_decimal, sql_table

if TYPE_CHECKING:
    from partners.models import ServicePartner

_PARAMS = Prefetch("parameters", queryset=GuaranteeParameter.objects.order_by("position", "pk"))


def terms_current(*, partner: ServicePartner) -> GuaranteeTerms | None:
    return (
        GuaranteeTerms.objects.filter(
            partner=partner, is_current=True, status=GuaranteeTerms.Status.PUBLISHED
        )
        .select_related("published_by")
        .prefetch_related(_PARAMS)
        .first()
    )


def terms_draft(*, partner: ServicePartner) -> GuaranteeTerms | None:
    return (
        GuaranteeTerms.objects.filter(partner=partner, status=GuaranteeTerms.Status.DRAFT)
        .prefetch_related(_PARAMS)
        .first()
    )


def terms_versions(*, partner: ServicePartner) -> QuerySet[GuaranteeTerms]:
    """Every published version of one partner, newest first (scoped: never another partner's)."""
    return (
        GuaranteeTerms.objects.filter(partner=partner, status=GuaranteeTerms.Status.PUBLISHED)
        .select_related("published_by")
        .prefetch_related(_PARAMS)
        .order_by("-version")
    )


def terms_version_get(*, partner: ServicePartner, version: int) -> GuaranteeTerms | None:
    return terms_versions(partner=partner).filter(version=version).first()


def requirements_active() -> QuerySet[ProgrammeRequirement]:
    return ProgrammeRequirement.objects.filter(is_active=True).order_by("position", "label")


class DiffRow(TypedDict):
    """One row of the side-by-side comparison of two published versions."""

    key: str
    label: str
    left: str | None  # "value unit" in the left column's version (None: not in it)
    right: str | None
    change: Literal["added", "removed", "changed", "same"]


def terms_diff(*, left: GuaranteeTerms, right: GuaranteeTerms) -> list[DiffRow]:
    """Rows for a side-by-side comparison: one per parameter key in either version.

    The columns keep the order the viewer chose; whether a parameter was added or
    removed is read from the version numbers (older → newer), never from the columns.
    """
    if left.version is None or right.version is None:
        raise TypeError("terms_diff compares published versions (a draft has no version number).")
    lp = {p.key: p for p in left.parameters.all()}
    rp = {p.key: p for p in right.parameters.all()}
    older, newer = (lp, rp) if left.version <= right.version else (rp, lp)
    keys = list(lp) + [k for k in rp if k not in lp]
    rows: list[DiffRow] = []
    for key in keys:
        a, b = lp.get(key), rp.get(key)
        a_text = f"{a.value} {a.unit}".strip() if a else None
        b_text = f"{b.value} {b.unit}".strip() if b else None
        change: Literal["added", "removed", "changed", "same"]
        if a is None or b is None:  # in one version only: which one is the older?
            change = "added" if key not in older else "removed"
        elif a_text != b_text or a.label != b.label:
            change = "changed"
        else:
            change = "same"
        label = (newer.get(key) or older[key]).label
        rows.append({"key": key, "label": label, "left": a_text, "right": b_text, "change": change})
    if (left.summary or "") != (right.summary or ""):
        rows.append(
            {
                "key": "summary",
                "label": "Summary",
                "left": left.summary,
                "right": right.summary,
                "change": "changed",
            }
        )
    return rows


class PublicFigures(TypedDict):
    """A partner's public compliance record (None where there is not enough data to show)."""

    enough_data: bool
    min_orders: int
    window_days: int
    computed_at: datetime | None
    completed_covered_orders: int | None
    claims_filed: int | None
    claims_upheld: int | None
    upheld_percent: float | None
    on_time_percent: float | None
    median_first_response_hours: float | None
    remedies_due: int | None
    remedies_on_time_percent: float | None


def public_figures(snapshot: ComplianceSnapshot | None) -> PublicFigures:
    """The figures a visitor sees; below COMPLIANCE_PUBLIC_MIN_ORDERS only that there is not enough data."""
    minimum: int = settings.COMPLIANCE_PUBLIC_MIN_ORDERS
    orders = snapshot.completed_covered_orders if snapshot else 0
    shown = snapshot if snapshot is not None and orders >= minimum else None
    enough = shown is not None

    def pct(value: Decimal | None) -> float | None:
        return None if value is None else float((value * 100).quantize(Decimal("0.1")))

    return {
        "enough_data": enough,
        "min_orders": minimum,
        "window_days": snapshot.window_days if snapshot else settings.COMPLIANCE_WINDOW_DAYS,
        "computed_at": snapshot.computed_at if snapshot else None,
        "completed_covered_orders": orders if enough else None,
        "claims_filed": shown.claims_filed if shown is not None else None,
        "claims_upheld": shown.claims_upheld if shown is not None else None,
        "upheld_percent": pct(shown.upheld_rate) if shown is not None else None,
        "on_time_percent": pct(shown.on_time_rate) if shown is not None else None,
        "median_first_response_hours": (
            float(shown.median_first_response_hours)
            if shown is not None and shown.median_first_response_hours is not None
            else None
        ),
        "remedies_due": shown.remedies_due if shown is not None else None,
        "remedies_on_time_percent": pct(shown.remedies_on_time_rate) if shown is not None else None,
    }


class GuaranteePublic(TypedDict):
    badge: bool
    in_programme: bool
    suspended: bool
    terms: GuaranteeTerms | None
    figures: PublicFigures


def partner_guarantee_public(*, partner: ServicePartner) -> GuaranteePublic:
    """What a visitor may see: the badge, the current terms and the public figures.

    Terms are shown only while the badge is active: published terms of a partner
    outside the programme (or suspended) would suggest a cover that new orders
    do not get. The figures are the partner's public record and stay visible.
    """
    snapshot = ComplianceSnapshot.objects.filter(partner=partner, is_latest=True).first()
    status = (
        Enrollment.Status.APPROVED
        if partner.badge_active
        else Enrollment.objects.filter(partner=partner).values_list("status", flat=True).first()
    )
    return {
        "badge": bool(partner.badge_active),
        # Outside the programme (never enrolled, applied, rejected): there is no record to wait for.
        "in_programme": status in (Enrollment.Status.APPROVED, Enrollment.Status.SUSPENDED),
        "suspended": status == Enrollment.Status.SUSPENDED,
        "terms": terms_current(partner=partner) if partner.badge_active else None,
        "figures": public_figures(snapshot),
    }


class ParameterShown(TypedDict):
    label: str
    value: str
    unit: str


class TermsShown(TypedDict):
    """The current terms as the profile shows them (plain values, no model instances)."""

    version: int
    published_at: datetime
    summary: str
    parameters: list[ParameterShown]


class GuaranteeSection(TypedDict):
    badge: bool
    in_programme: bool
    suspended: bool
    terms: TermsShown | None
    figures: PublicFigures


_SNAPSHOT_COLUMNS = (
    "computed_at",
    "window_days",
    "completed_covered_orders",
    "claims_filed",
    "claims_upheld",
    "upheld_rate",
    "on_time_rate",
    "median_first_response_hours",
    "remedies_due",
    "remedies_on_time_rate",
)


@cache
def _section_sql() -> str:
    # One row per parameter of the current terms (or one row): the latest snapshot, the
    # enrolment and the current terms are each unique per partner (see their constraints).
    snapshot = ", ".join(f"s.{name}" for name in _SNAPSHOT_COLUMNS)
    return (
        f"SELECT s.id, {snapshot}, e.status, t.id, t.version, t.published_at, t.summary, "  # noqa: S608
        f"g.label, g.value, g.unit FROM (SELECT 1 AS one) x "
        f"LEFT JOIN {sql_table(ComplianceSnapshot)} s ON s.partner_id = %s AND s.is_latest = %s "
        f"LEFT JOIN {sql_table(Enrollment)} e ON e.partner_id = %s "
        f"LEFT JOIN {sql_table(GuaranteeTerms)} t ON t.partner_id = %s AND t.is_current = %s "
        f"AND t.status = %s AND %s "
        f"LEFT JOIN {sql_table(GuaranteeParameter)} g ON g.terms_id = t.id "
        f"ORDER BY g.position, g.id"
    )


def partner_guarantee_section(*, partner: ServicePartner) -> GuaranteeSection:
    """partner_guarantee_public for the profile page, in one query and as plain values: the
    same rules (terms only while the badge is active, the figures always)."""
    badge = bool(partner.badge_active)
    args: list[int | bool | str] = [partner.pk, True, partner.pk, partner.pk, True, "published", badge]
    with connection.cursor() as cursor:
        execute_prepared(cursor, "pn_guarantee_section", _section_sql(), args)
        rows = cursor.fetchall()
    first = rows[0]
    snapshot = None
    if first[0] is not None:
        values = dict(zip(_SNAPSHOT_COLUMNS, first[1:11], strict=True))
        values["computed_at"] = row_datetime(values["computed_at"])
        for name in ("upheld_rate", "on_time_rate", "remedies_on_time_rate", "median_first_response_hours"):
            if values[name] is not None:
                values[name] = row_decimal(values[name], 1 if name == "median_first_response_hours" else 4)
        snapshot = ComplianceSnapshot(partner_id=partner.pk, **values)
    status = Enrollment.Status.APPROVED if badge else first[11]
    terms: TermsShown | None = None
    if first[12] is not None:
        terms = {
            "version": first[13],
            "published_at": row_datetime(first[14]),
            "summary": first[15],
            "parameters": [
                {"label": label, "value": value, "unit": unit}
                for *_, label, value, unit in rows
                if label is not None
            ],
        }
    return {
        "badge": badge,
        "in_programme": status in (Enrollment.Status.APPROVED, Enrollment.Status.SUSPENDED),
        "suspended": status == Enrollment.Status.SUSPENDED,
        "terms": terms,
        "figures": public_figures(snapshot),
    }


def enrollment_for(*, partner: ServicePartner) -> Enrollment | None:
    return (
        Enrollment.objects.filter(partner=partner)
        .prefetch_related(Prefetch("events", queryset=EnrollmentEvent.objects.select_related("actor")))
        .first()
    )
