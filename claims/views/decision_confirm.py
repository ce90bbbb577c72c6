"""The reviewer's confirmation step before a decision is recorded (it cannot be undone).

The decision form posts here first; the page says what will happen, names the terms'
parameters that have no finding yet, and posts the same fields to `review_decide`.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from claims.models import Claim
from claims.selectors import review as sel
from partnernet.money import format_inr

DECISION_FIELDS = ("version", "outcome", "remedy", "amount", "reason_code", "rationale")


def missing_findings(claim) -> list[str]:
    """The labels of the terms' parameters the reviewer has recorded no finding on."""
    return [
        str(getattr(row.parameter, "label", ""))
        for row in sel.review_terms_rows(claim)
        if row.finding is None
    ]


def decision_confirmation(request, claim, form, *, missing: list[str], error: str = "") -> dict:
    data = form.cleaned_data
    outcome = dict(Claim.Outcome.choices).get(data["outcome"], data["outcome"])
    what = _("Claim %(ref)s is decided: %(outcome)s.") % {"ref": claim.reference, "outcome": outcome}
    remedy = data.get("remedy")
    if remedy:
        what += " " + _("Remedy: %(remedy)s") % {"remedy": dict(Claim.Remedy.choices).get(remedy, remedy)}
        if data.get("amount") is not None:
            what += f" ({format_inr(data['amount'])})"
        what += "."
    consequences = [
        what,
        _("The seller and the partner are told at once and read your rationale. This cannot be undone."),
    ]
    if claim.appealed_at is not None and not claim.is_final:
        consequences.append(_("This decides the appeal: the decision is final."))
    else:
        consequences.append(
            _("The seller may appeal once within %(days)d days.") % {"days": settings.APPEAL_WINDOW_DAYS}
        )
    warnings = [error] if error else []
    if missing:
        warnings.append(
            _(
                "No finding is recorded for: %(parameters)s. Record a finding for each guarantee "
                "parameter on the claim page, or confirm that you decide without them."
            )
            % {"parameters": ", ".join(missing)}
        )
    hidden = [(name, request.POST.get(name, "")) for name in DECISION_FIELDS]
    return {
        "title": _("Record this decision on %(ref)s?") % {"ref": claim.reference},
        "consequences": consequences,
        "warnings": warnings,
        "hidden": hidden,
        "ack_label": _("Decide without a finding for these parameters") if missing else "",
        "action": reverse("claims:review_decide", kwargs={"reference": claim.reference}),
        "confirm_label": _("Yes, record the decision"),
        "back_url": reverse("claims:review_detail", kwargs={"reference": claim.reference}) + "#h-terms",
    }
