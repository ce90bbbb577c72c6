"""Reads for the partner console's claim pages: the member's own partner only, never drafts."""

from django.db.models import Case, IntegerField, Q, Value, When

from claims.models import Claim, ClaimDocument
from partners.people import partner_ids


def claims_for_partner(user):
    partners = partner_ids(user)
    if not partners:
        return Claim.objects.none()
    return (
        Claim.objects.filter(partner_id__in=partners)
        # Never submitted (a draft, or a draft the seller discarded): the seller's private work.
        .filter(submitted_at__isnull=False)
        .exclude(status=Claim.Status.DRAFT)
        .select_related("order", "seller", "partner")
    )


def claim_list_for_partner(user, *, state: str = ""):
    """Open claims first, the nearest answer deadline first among them."""
    claims = claims_for_partner(user)
    if state == "open":
        claims = claims.filter(status__in=Claim.OPEN_STATUSES)
    elif state == "closed":
        claims = claims.exclude(status__in=Claim.OPEN_STATUSES)
    return claims.annotate(
        open_rank=Case(
            When(Q(status__in=Claim.OPEN_STATUSES), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("open_rank", "partner_response_due", "-submitted_at")


def claim_detail_for_partner(user, reference: str) -> Claim | None:
    return claims_for_partner(user).prefetch_related("documents").filter(reference=reference).first()


def partner_documents(claim: Claim):
    return claim.documents.all().order_by("uploaded_at", "pk")


__all__ = ["ClaimDocument", "claim_detail_for_partner", "claim_list_for_partner", "claims_for_partner"]
