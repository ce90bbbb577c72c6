"""Pieces shared by the seller's and the partner's claim pages."""

from functools import wraps

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from claims.hooks import claim_evidence_panels, claim_party_panels
from claims.models import Claim
from claims.selectors.deadlines import Deadline, claim_deadlines, deadline_by_key


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


def next_steps(claim: Claim, role: str, deadlines: list[Deadline] | None = None) -> str:
    """What happens next, in plain words, for the claim page's header.

    The dates themselves are in the page's deadline list (`claims.selectors.deadlines`),
    shown once; this sentence says what is awaited and whether it is late.
    """
    deadlines = claim_deadlines(claim, role) if deadlines is None else deadlines

    def late(key: str) -> bool:
        found = deadline_by_key(deadlines, key)
        return found is not None and found.overdue

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
            if late("partner_answer"):
                return _("Your answer is overdue: answer now. Support may decide without it.")
            return _("Please answer this claim. You may offer the seller a remedy.")
        if claim.partner_responded_at is None:
            if late("partner_answer"):
                return _("The partner did not answer in time. Support can decide without its answer.")
            return _("Waiting for the partner's answer; then a support reviewer decides.")
        if late("decision"):
            return _("The decision target has passed: the claim is overdue and flagged to support.")
        return _("A support reviewer is looking at the claim and will decide.")
    if status == Claim.Status.AWAITING_SELLER:
        if role == "seller":
            if late("info_answer"):
                return _("Support asked you a question and your answer is overdue. Please answer now.")
            return _("Support has asked you a question. Please answer it below.")
        return _("Support is waiting for the seller's answer.")
    if status == Claim.Status.AWAITING_PARTNER:
        if role == "partner":
            if late("info_answer"):
                return _("Support asked you a question and your answer is overdue. Please answer now.")
            return _("Support has asked you a question. Please answer it below.")
        return _("Support is waiting for the partner's answer.")
    if status == Claim.Status.DECIDED:
        if claim.outcome == Claim.Outcome.RESOLVED_WITH_PARTNER:
            return _("Resolved with the partner: the partner should now carry out the agreed remedy.")
        if claim.is_final or claim.appealed_at:
            return _("The decision is final.")
        if late("appeal"):
            return _("The claim is decided and the appeal window has closed.")
        return _("The claim is decided. You can appeal once while the appeal window is open.")
    if status == Claim.Status.APPEALED:
        if late("decision"):
            return _("A support lead is reviewing the appeal; its target date has passed.")
        return _("A support lead who did not make the first decision is reviewing the appeal.")
    if status == Claim.Status.WITHDRAWN:
        return _("The claim was withdrawn. Nothing more will happen.")
    return _("The claim is closed.")
