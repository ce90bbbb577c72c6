"""What the claims app calls in the apps above it (resolution, remedies).

See `partnernet/hooks.py`. Handlers run inside the claim service's transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from partnernet.hooks import Hook

if TYPE_CHECKING:
    from django.db.models import Q
    from django.http import HttpRequest

    from claims.models import Claim

# remedies: a decision (upheld / partially upheld) or an accepted partner offer
# (resolved_with_partner) was recorded; the claim is locked and saved.
claim_settled: Hook[[Claim], None] = Hook(
    "claims.claim_settled", "A decision or accepted offer that may owe the seller a remedy."
)

# remedies: may this decided claim close now? A handler returns None (no objection) or
# a reason it must stay open (a remedy not yet confirmed).
claim_close_blockers: Hook[[Claim], str | None] = Hook(
    "claims.claim_close_blockers", "Reasons a decided claim may not close yet."
)

# resolution: the record that the seller raised the problem with the partner before this
# claim (an issue escalated into it, DESIGN §7): a sentence for the seller's pages, or None.
# Where there is one it counts as the "raised with the partner" statement.
claim_raised_with_partner: Hook[[Claim], str | None] = Hook(
    "claims.claim_raised_with_partner", "Evidence that the seller raised it with the partner first."
)

# resolution, remedies: evidence panels on the reviewer's claim page (the issue and
# its timeline, the order conversation, the remedy). None or (template_name, context).
claim_evidence_panels: Hook[[HttpRequest, Claim], tuple[str, dict[str, Any]] | None] = Hook(
    "claims.claim_evidence_panels", "Panels beside the claim on /review/claims/<ref>/."
)

# resolution, remedies: panels on the seller's and partner's claim pages.
claim_party_panels: Hook[[HttpRequest, Claim, str], tuple[str, dict[str, Any]] | None] = Hook(
    "claims.claim_party_panels", "Panels on /claims/<ref>/ and the console claim page (role given)."
)

# remedies: extra reviewer-queue filters (e.g. ?remedy=overdue|disputed). A handler gets the
# queue's filters and returns None or a Q on Claim; any Q also lifts the default "open" status.
review_queue_filters: Hook[[dict[str, Any]], Q | None] = Hook(
    "claims.review_queue_filters", "Extra filters of the reviewer queue from the apps above claims."
)
