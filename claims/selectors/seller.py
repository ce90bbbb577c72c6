"""Reads for the seller's claim pages, and who may see a claim at all.

A seller's selectors only ever return the claims of the seller accounts the
user belongs to; drafts only to the person who started them.
"""

from django.db.models import Prefetch, Q

from claims.models import Claim, ClaimDocument, ClaimEvent, InformationRequest
from partners.models import ServiceOrder
from partners.people import is_partner_member, is_seller_member, is_support, party_filter, seller_account_ids

SELLER, PARTNER, SUPPORT = "seller", "partner", "support"


def claims_for_seller(user):
    accounts = seller_account_ids(user)
    if not accounts:
        return Claim.objects.none()
    return (
        Claim.objects.filter(seller_id__in=accounts)
        .filter(Q(submitted_at__isnull=False) | Q(claimant=user, status=Claim.Status.DRAFT))
        .select_related("order", "partner", "seller")
    )


def claim_list_for_seller(user):
    return claims_for_seller(user).order_by("-created_at")


def events_for(claim: Claim, role: str):
    events = claim.events.select_related("actor")
    if role == SELLER:
        return events.filter(ClaimEvent.visible_to_seller())
    if role == PARTNER:
        return events.filter(ClaimEvent.visible_to_partner())
    return events


def claim_role(claim: Claim, user) -> str | None:
    """How `user` sees `claim`: seller, partner, support, or not at all (None)."""
    if is_seller_member(user, seller_id=claim.seller_id):
        if claim.submitted_at is None and claim.claimant_id != user.pk:
            return None
        return SELLER
    if claim.status == Claim.Status.DRAFT or claim.submitted_at is None:
        return None  # a draft (or a discarded one) is the seller's private work
    if is_partner_member(user, partner_id=claim.partner_id):
        return PARTNER
    if is_support(user):
        return SUPPORT
    return None


def claim_for_viewer(user, reference: str) -> tuple[Claim, str] | tuple[None, None]:
    claim = (
        Claim.objects.select_related("order", "partner", "seller", "claimant")
        .prefetch_related(Prefetch("documents", queryset=ClaimDocument.objects.select_related("uploaded_by")))
        .filter(reference=reference)
        .first()
    )
    if claim is None:
        return None, None
    role = claim_role(claim, user)
    if role is None:
        return None, None
    return claim, role


def claim_detail_for_seller(user, reference: str) -> Claim | None:
    return (
        claims_for_seller(user)
        .prefetch_related(
            Prefetch("documents", queryset=ClaimDocument.objects.all()),
            Prefetch(
                "information_requests",
                queryset=InformationRequest.objects.filter(party=InformationRequest.Party.SELLER),
                to_attr="seller_requests",
            ),
        )
        .filter(reference=reference)
        .first()
    )


def open_info_request(claim: Claim, party: str) -> InformationRequest | None:
    return (
        claim.information_requests.filter(party=party, answered_at__isnull=True)
        .order_by("-created_at")
        .first()
    )


def order_for_claimant(user, reference: str) -> ServiceOrder | None:
    """An order the user may see for filing: their account's, or any for support."""
    if not user.is_authenticated:
        return None
    orders = ServiceOrder.objects.select_related("seller", "partner", "offering")
    if not is_support(user):
        orders = orders.filter(party_filter(user)).distinct()
    return orders.filter(reference=reference).first()


def claim_submitted_from_draft(user, reference: str) -> Claim | None:
    """The claim a draft `reference` became, for the seller who submitted it (a retried submit).

    Anyone else (another member of the account, the partner, a stranger) gets None:
    a draft's reference is the claimant's private handle.
    """
    if not user.is_authenticated:
        return None
    submitted = ClaimEvent.objects.filter(
        kind=ClaimEvent.Kind.SUBMITTED, data__draft_reference=reference, claim__claimant=user
    ).values("claim_id")[:1]
    return claims_for_seller(user).filter(pk__in=submitted).first()
