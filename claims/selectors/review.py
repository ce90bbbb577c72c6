"""Reads for the reviewer workspace: the queue, one claim's investigation, records, metrics.

Every selector here is for support staff only: the callers (views, APIs) check
`user.is_reviewer` first, and the selectors never return drafts, which are the
seller's private work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from claims.hooks import review_queue_filters
from claims.models import (
    Claim,
    ClaimDocument,
    ClaimEvent,
    DecisionTemplate,
    InformationRequest,
    ParameterFinding,
    ReasonCode,
)
from claims.selectors.sla import claim_overdue_reasons, overdue_q, queue_urgency

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

    from claims.eligibility import Reason
    from guarantees.models import ComplianceSnapshot
    from partnernet.users.models import User

Status = Claim.Status

AGE_BUCKETS = {
    "0-2": (0, 2),
    "3-7": (3, 7),
    "8-14": (8, 14),
    "15+": (15, None),
}


def review_claims() -> QuerySet[Claim]:
    """Every claim support may see: all but drafts."""
    # A discarded draft is "withdrawn" but was never submitted: still the seller's private work.
    return Claim.objects.exclude(status=Status.DRAFT).filter(submitted_at__isnull=False)


def review_queue(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Claim]:
    """The queue, filtered, most urgent first (overdue, then the next due moment).

    filters: status ("open" by default, "all", or one status), assigned ("mine",
    "unassigned"), overdue ("1"), partner (slug), reason, age (a key of AGE_BUCKETS),
    q (a reference).
    """
    filters = filters or {}
    now = timezone.now()
    qs = review_claims().select_related("partner", "seller", "order", "assigned_to", "decision_reason")
    extra = [q for q in review_queue_filters.call(filters) if q is not None]
    qs = qs.filter(*extra)
    status = filters.get("status") or ("all" if extra else "open")
    if status == "open":
        qs = qs.filter(status__in=Claim.OPEN_STATUSES)
    elif status in Status.values:
        qs = qs.filter(status=status)
    assigned = filters.get("assigned")
    if assigned == "mine":
        qs = qs.filter(assigned_to=user)
    elif assigned == "unassigned":
        qs = qs.filter(assigned_to__isnull=True)
    if filters.get("overdue") in ("1", "true", "on", True):
        qs = qs.filter(overdue_q(now))
    if filters.get("partner"):
        qs = qs.filter(partner__slug=filters["partner"])
    if filters.get("reason") in Claim.Reason.values:
        qs = qs.filter(reason=filters["reason"])
    bucket = AGE_BUCKETS.get(filters.get("age") or "")
    if bucket:
        low, high = bucket
        qs = qs.filter(submitted_at__lte=now - timedelta(days=low))
        if high is not None:
            qs = qs.filter(submitted_at__gt=now - timedelta(days=high + 1))
    if filters.get("q"):
        qs = qs.filter(reference__icontains=filters["q"].strip())
    return qs.annotate(urgency=queue_urgency()).order_by("-is_overdue", "urgency", "submitted_at", "pk")


def review_status_counts() -> dict[str, int]:
    counts = dict(review_claims().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {value: counts.get(value, 0) for value in Status.values if value != Status.DRAFT}


class QueueSummary(TypedDict):
    open: int
    overdue: int
    unassigned: int
    mine: int


def review_queue_summary(*, user: User) -> QueueSummary:
    now = timezone.now()
    open_claims = review_claims().filter(status__in=Claim.OPEN_STATUSES)
    counts = open_claims.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=overdue_q(now)),
        unassigned=Count("pk", filter=Q(assigned_to__isnull=True)),
        mine=Count("pk", filter=Q(assigned_to=user)),
    )
    return QueueSummary(
        open=counts["open"], overdue=counts["overdue"], unassigned=counts["unassigned"], mine=counts["mine"]
    )


def review_claim_get(*, reference: str) -> Claim:
    """One claim with everything the investigation page shows; 404 for drafts and unknowns."""
    claim = (
        review_claims()
        .select_related(
            "order",
            "order__offering",
            "order__guarantee_terms",
            "partner",
            "seller",
            "claimant",
            "filed_by",
            "assigned_to",
            "decided_by",
            "original_decided_by",
            "decision_reason",
        )
        .prefetch_related(
            Prefetch(
                "events", queryset=ClaimEvent.objects.select_related("actor").order_by("created_at", "pk")
            ),
            Prefetch("documents", queryset=ClaimDocument.objects.select_related("uploaded_by")),
            Prefetch(
                "information_requests",
                queryset=InformationRequest.objects.select_related("requested_by").order_by("-created_at"),
            ),
            Prefetch("findings", queryset=ParameterFinding.objects.select_related("reviewer", "parameter")),
        )
        .filter(reference=reference)
        .first()
    )
    if claim is None:
        raise Http404
    return claim


def review_document_get(*, claim: Claim, document_id: int) -> ClaimDocument:
    document = ClaimDocument.objects.filter(claim=claim, pk=document_id).first()
    if document is None:
        raise Http404
    return document


@dataclass
class ParameterRow:
    parameter: object
    finding: ParameterFinding | None


def review_terms_rows(claim: Claim) -> list[ParameterRow]:
    """The order's terms snapshot, parameter by parameter, with the finding recorded on each."""
    terms = claim.order.guarantee_terms
    if terms is None:
        return []
    findings = {f.parameter_id: f for f in claim.findings.all()}
    return [ParameterRow(p, findings.get(p.pk)) for p in terms.parameters.all()]


class PartnerRecord(TypedDict):
    recent: list[Claim]
    total: int
    open: int
    outcomes: list[tuple[_StrOrPromise, int]]  # (label, claims) for every outcome
    compliance: ComplianceSnapshot | None


class SellerRecord(TypedDict):
    recent: list[Claim]
    total: int
    withdrawn: int
    outcomes: list[tuple[_StrOrPromise, int]]


def review_partner_record(claim: Claim) -> PartnerRecord:
    """The partner's other claims and outcomes, and its latest compliance figures."""
    from guarantees.models import ComplianceSnapshot

    others = review_claims().filter(partner_id=claim.partner_id).exclude(pk=claim.pk)
    outcomes = dict(
        others.exclude(outcome="").values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n")
    )
    return {
        "recent": list(others.select_related("seller").order_by("-submitted_at")[:10]),
        "total": others.count(),
        "open": others.filter(status__in=Claim.OPEN_STATUSES).count(),
        "outcomes": [(label, outcomes.get(value, 0)) for value, label in Claim.Outcome.choices],
        "compliance": ComplianceSnapshot.objects.filter(partner_id=claim.partner_id, is_latest=True).first(),
    }


def review_seller_record(claim: Claim) -> SellerRecord:
    """The seller's other claims (against any partner) and their outcomes."""
    others = review_claims().filter(seller_id=claim.seller_id).exclude(pk=claim.pk)
    outcomes = dict(
        others.exclude(outcome="").values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n")
    )
    return {
        "recent": list(others.select_related("partner").order_by("-submitted_at")[:10]),
        "total": others.count(),
        "withdrawn": others.filter(status=Status.WITHDRAWN).count(),
        "outcomes": [(label, outcomes.get(value, 0)) for value, label in Claim.Outcome.choices],
    }


class EligibilityNow(TypedDict):
    eligible: bool
    reasons: list[Reason]
    deadline: datetime | None


def review_eligibility_now(claim: Claim) -> EligibilityNow | None:
    """The eligibility report as it would stand now, leaving out the block this claim itself causes."""
    try:
        from claims.eligibility import claim_eligibility
    except ImportError:  # pragma: no cover - the filing work provides it
        return None
    try:
        result = claim_eligibility(
            order=claim.order,
            claimant=claim.claimant,
            moment=timezone.now(),
            on_behalf=claim.channel == Claim.Channel.SUPPORT,
        )
    except Exception:  # noqa: BLE001 - the page says "not available" rather than failing
        return None
    reasons = [r for r in result.reasons if r.get("code") != "claim_exists"]
    return {"eligible": not reasons, "reasons": reasons, "deadline": result.deadline}


def review_reason_codes(outcome: str | None = None) -> QuerySet[ReasonCode]:
    return ReasonCode.objects.filter(is_active=True).order_by("label")


def reason_code_outcomes(reason: ReasonCode) -> list[str]:
    """The outcomes a code fits, in the outcomes' own order (an empty field: all of them)."""
    listed = {o.strip() for o in reason.outcomes.split(",") if o.strip()}
    return [o for o in Claim.Outcome.values if not listed or o in listed]


class ReasonCodeRow(TypedDict):
    code: str
    label: str
    outcomes: list[str]


def review_reason_code_rows() -> list[ReasonCodeRow]:
    """The active codes as the API lists them: `code`, `label`, `outcomes`."""
    return [
        {"code": r.code, "label": r.label, "outcomes": reason_code_outcomes(r)}
        for r in ReasonCode.objects.filter(is_active=True).order_by("code")
    ]


def review_decision_templates() -> QuerySet[DecisionTemplate]:
    return DecisionTemplate.objects.filter(is_active=True).select_related("reason_code").order_by("name")


def review_overdue_reasons(claim: Claim) -> list[str]:
    return claim_overdue_reasons(claim)


# --- metrics -----------------------------------------------------------------------


def _hours(delta: timedelta) -> float:
    return round(delta.total_seconds() / 3600, 1)


class OutcomeRow(TypedDict):
    """One row of a metrics table: the claims of a reason (or partner) by outcome."""

    key: str
    label: _StrOrPromise
    total: int
    counts: dict[str, int]  # outcome -> claims
    upheld_pct: float
    cells: list[tuple[str, int]]  # (outcome, claims) in the outcomes' order


class Metrics(TypedDict):
    days: int
    total: int
    status_rows: list[tuple[str, _StrOrPromise, int, float]]  # (status, label, claims, % of the largest)
    median_first_action_hours: float | None
    median_decision_hours: float | None
    first_action_n: int
    decision_n: int
    open_total: int
    overdue_total: int
    overdue_pct: float
    by_reason: list[OutcomeRow]
    by_partner: list[OutcomeRow]
    outcome_labels: Sequence[tuple[str, _StrOrPromise]]


def review_metrics(*, days: int = 90) -> Metrics:
    """Figures for the leads' page over claims submitted in the last `days` days."""
    now = timezone.now()
    since = now - timedelta(days=days)
    claims = review_claims().filter(submitted_at__gte=since)
    by_status = dict(claims.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    status_rows = [
        (value, label, by_status.get(value, 0)) for value, label in Status.choices if value != "draft"
    ]
    first_action = [
        _hours(a - s)
        for s, a in claims.filter(first_action_at__isnull=False).values_list(
            "submitted_at", "first_action_at"
        )
        if s is not None and a is not None and a >= s
    ]
    to_decision = [
        _hours(d - s)
        for s, d in claims.filter(decided_at__isnull=False).values_list("submitted_at", "decided_at")
        if s is not None and d is not None and d >= s
    ]
    open_claims = review_claims().filter(status__in=Claim.OPEN_STATUSES)
    open_total = open_claims.count()
    overdue_total = open_claims.filter(overdue_q(now)).count()

    def outcome_table(field: str, label_field: str | None = None) -> list[OutcomeRow]:
        rows: dict[str, OutcomeRow] = {}
        values = (
            claims.exclude(outcome="")
            .values(field, *([label_field] if label_field else []), "outcome")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in values:
            key = row[field]
            label = row[label_field] if label_field else key
            entry = rows.setdefault(
                key, OutcomeRow(key=key, label=label, total=0, counts={}, upheld_pct=0, cells=[])
            )
            entry["counts"][row["outcome"]] = row["n"]
            entry["total"] += row["n"]
        result = sorted(rows.values(), key=lambda r: -r["total"])
        for entry in result:
            upheld = entry["counts"].get("upheld", 0) + entry["counts"].get("partially_upheld", 0)
            entry["upheld_pct"] = round(100 * upheld / entry["total"], 1) if entry["total"] else 0
            entry["cells"] = [(value, entry["counts"].get(value, 0)) for value in Claim.Outcome.values]
        return result

    reason_labels = dict(Claim.Reason.choices)
    by_reason = outcome_table("reason")
    for entry in by_reason:
        entry["label"] = reason_labels.get(entry["key"], entry["key"])
    by_partner = outcome_table("partner__slug", "partner__name")[:15]
    status_max = max([n for _v, _l, n in status_rows] or [0]) or 1
    return Metrics(
        days=days,
        total=claims.count(),
        status_rows=[(v, label, n, round(100 * n / status_max, 1)) for v, label, n in status_rows],
        median_first_action_hours=median(first_action) if first_action else None,
        median_decision_hours=median(to_decision) if to_decision else None,
        first_action_n=len(first_action),
        decision_n=len(to_decision),
        open_total=open_total,
        overdue_total=overdue_total,
        overdue_pct=round(100 * overdue_total / open_total, 1) if open_total else 0.0,
        by_reason=by_reason,
        by_partner=by_partner,
        outcome_labels=Claim.Outcome.choices,
    )
