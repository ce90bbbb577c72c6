"""Pieces shared by the seller's and the partner's claim pages."""

from functools import wraps

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.hooks import claim_evidence_panels, claim_party_panels
from claims.models import Claim


def signed_in_or_404(view):
    """Claim URLs answer a signed-out visitor exactly as they answer a stranger: 404.

    The 404 page offers sign-in (with `next`), so a seller who follows a link
    while signed out still gets to the claim.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return not_found(request)
        return view(request, *args, **kwargs)

    return wrapper


def not_found(request):
    """A 404 for anything the caller may not see; a signed-out visitor is offered sign-in."""
    return render(request, "claims/claim_not_found.html", status=404)


def _render_panels(request, panels) -> list[str]:
    return [
        render_to_string(template, context, request=request) for template, context in filter(None, panels)
    ]


def party_panels(request, claim: Claim, role: str) -> list[str]:
    """The panels the apps above add to the seller's or partner's claim page (`claims.hooks`):
    each handler's (template, context), rendered, in registration order; None adds nothing."""
    return _render_panels(request, claim_party_panels.call(request, claim, role))


def evidence_panels(request, claim: Claim) -> list[str]:
    """The panels the apps above add beside the claim on the reviewer's page."""
    return _render_panels(request, claim_evidence_panels.call(request, claim))


def next_steps(claim: Claim, role: str) -> str:
    """What happens next and by when, in plain words, for the claim page's header."""

    def when(moment):
        return timezone.localtime(moment).strftime("%d %b %Y, %H:%M IST") if moment else ""

    status = claim.status
    if status == Claim.Status.DRAFT:
        return _("This claim is a draft: nobody else can see it until you submit it.")
    if status in (Claim.Status.SUBMITTED, Claim.Status.UNDER_REVIEW):
        if claim.offer_status == Claim.OfferStatus.PENDING:
            return (
                _(
                    "The partner has offered a remedy. Accept it to settle the claim, "
                    "or decline it to let support decide."
                )
                if role == "seller"
                else _("Your offer is waiting for the seller's answer.")
            )
        if role == "partner" and claim.partner_responded_at is None:
            return _("Please answer this claim by %(due)s. You may offer the seller a remedy.") % {
                "due": when(claim.partner_response_due)
            }
        if claim.partner_responded_at is None:
            return _("The partner has until %(due)s to answer. Support aims to decide by %(decision)s.") % {
                "due": when(claim.partner_response_due),
                "decision": when(claim.decision_due),
            }
        return _("A support reviewer is looking at the claim and aims to decide by %(decision)s.") % {
            "decision": when(claim.decision_due)
        }
    if status == Claim.Status.AWAITING_SELLER:
        if role == "seller":
            return _("Support has asked you a question. Please answer by %(due)s.") % {
                "due": when(claim.awaiting_due)
            }
        return _("Support is waiting for the seller's answer.")
    if status == Claim.Status.AWAITING_PARTNER:
        if role == "partner":
            return _("Support has asked you a question. Please answer by %(due)s.") % {
                "due": when(claim.awaiting_due)
            }
        return _("Support is waiting for the partner's answer (by %(due)s).") % {
            "due": when(claim.awaiting_due)
        }
    if status == Claim.Status.DECIDED:
        if claim.outcome == Claim.Outcome.RESOLVED_WITH_PARTNER:
            return _("Resolved with the partner: the partner should now carry out the agreed remedy.")
        if claim.is_final or claim.appealed_at:
            return _("The decision is final.")
        return _("The claim is decided. You can appeal once until %(due)s.") % {
            "due": when(claim.appeal_deadline)
        }
    if status == Claim.Status.APPEALED:
        return _(
            "A support lead who did not make the first decision is reviewing the appeal (target %(due)s)."
        ) % {"due": when(claim.decision_due)}
    if status == Claim.Status.WITHDRAWN:
        return _("The claim was withdrawn. Nothing more will happen.")
    return _("The claim is closed.")
