"""Reads for the Service Guarantee programme (profile block, API, console)."""

from guarantees.models import ComplianceSnapshot, GuaranteeTerms


def terms_current(*, partner) -> GuaranteeTerms | None:
    return (
        GuaranteeTerms.objects.filter(
            partner=partner, is_current=True, status=GuaranteeTerms.Status.PUBLISHED
        )
        .prefetch_related("parameters")
        .first()
    )


def partner_guarantee_public(*, partner) -> dict:
    """What a visitor may see: the badge, the current terms and the public figures."""
    figures = ComplianceSnapshot.objects.filter(partner=partner, is_latest=True).first()
    return {
        "badge": partner.badge_active,
        "terms": terms_current(partner=partner) if partner.badge_active else None,
        "figures": figures,
    }
