"""Terms in view (DESIGN §7): a terms version as shown wherever a seller decides or complains.

`terms_view(terms, offering)` is what every page and the order API show: the
version, its date, the summary, every parameter, and — where the offering's
advertised turnaround and the terms' delivery parameter differ — which one is
guaranteed (the terms).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from guarantees.models import GuaranteeTerms
from partnernet.business_days import IST

DELIVERY_KEY = "delivery_timeline"


@dataclass(frozen=True)
class TermsView:
    version: int | None
    published_at: datetime | None
    summary: str
    parameters: list[dict[str, str]] = field(default_factory=list)
    offering_turnaround_days: int | None = None
    guaranteed_delivery_days: int | None = None
    # Offerings whose advertised turnaround is not the guaranteed delivery: (title, days).
    turnaround_notes: list[tuple[str, int]] = field(default_factory=list)

    @property
    def turnaround_differs(self) -> bool:
        return bool(self.turnaround_notes)

    def as_api(self) -> dict[str, Any]:
        """The shape of `terms` in `partners/{slug}/guarantee/`."""
        published = timezone.localtime(self.published_at, IST).isoformat() if self.published_at else None
        return {
            "version": self.version,
            "published_at": published,
            "summary": self.summary,
            "parameters": [dict(p) for p in self.parameters],
            "turnaround_days": self.offering_turnaround_days,
            "guaranteed_delivery_days": self.guaranteed_delivery_days,
        }


def _days(value: str) -> int | None:
    try:
        return int(str(value).strip().split()[0].split(".")[0])
    except (ValueError, IndexError):
        return None


def terms_view(
    terms: GuaranteeTerms | None, *, offering: Any = None, offerings: Any = ()
) -> TermsView | None:
    if terms is None:
        return None
    parameters = [
        {"key": p.key, "label": p.label, "value": p.value, "unit": p.unit}
        for p in sorted(terms.parameters.all(), key=lambda p: (p.position, p.pk))
    ]
    delivery = next((_days(p["value"]) for p in parameters if p["key"] == DELIVERY_KEY), None)
    compared = [offering] if offering is not None else list(offerings)
    notes = [
        (o.title, o.turnaround_days)
        for o in compared
        if delivery is not None and o.turnaround_days is not None and o.turnaround_days != delivery
    ]
    return TermsView(
        version=terms.version,
        published_at=terms.published_at,
        summary=terms.summary,
        parameters=parameters,
        offering_turnaround_days=getattr(offering, "turnaround_days", None),
        guaranteed_delivery_days=delivery,
        turnaround_notes=notes,
    )


def order_terms(order: Any) -> TermsView | None:
    """The snapshot an order is covered by (None when it is not covered)."""
    if not order.guarantee_terms_id:
        return None
    return terms_view(order.guarantee_terms, offering=order.offering)


def partner_current_terms(partner: Any, *, offering: Any = None) -> TermsView | None:
    """The partner's current published terms (what a new order would be covered by).

    With no `offering`, every active offering is compared with the terms' delivery.
    """
    terms = (
        GuaranteeTerms.objects.filter(
            partner=partner, is_current=True, status=GuaranteeTerms.Status.PUBLISHED
        )
        .prefetch_related("parameters")
        .first()
    )
    if terms is None:
        return None
    offerings = () if offering is not None else partner.offerings.filter(is_active=True).order_by("title")
    return terms_view(terms, offering=offering, offerings=offerings)
