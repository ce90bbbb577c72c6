"""Every write of the claims app, one module per workflow.

drafts.py          the seller's draft: start (or resume), save as they type
documents.py       files on a claim: checked, stored, removed from a draft
submission.py      submit a draft; support files on a seller's behalf
partner_answer.py  the partner's answer and offer; the seller accepts or declines it
information.py     messages to support; a reviewer's question and its answer
investigation.py   assignment, "take next", internal notes, findings
decisions.py       a reviewer's decision (final on appeal)
appeals.py         the seller's appeal, and who may handle one
closing.py         withdrawal; closing decided claims (the sweep)
sla.py             service levels: overdue flags, the leads' digest
windows.py         the 30-day claim window's upkeep and the reminder
common.py          the row lock, the version check, recipients, links

The public services are importable from here too (`from claims import services`).
"""

from claims.services.appeals import claim_appeal
from claims.services.closing import claim_close, claim_withdraw, claims_close_after_appeal
from claims.services.decisions import DECIDABLE, claim_decide
from claims.services.documents import claim_document_add, claim_document_remove
from claims.services.drafts import claim_draft_create, claim_draft_get, claim_draft_start, claim_draft_update
from claims.services.information import claim_info_answer, claim_info_request, claim_message_add
from claims.services.investigation import claim_assign, claim_finding_set, claim_note_add, claim_take_next
from claims.services.partner_answer import claim_offer_accept, claim_offer_decline, claim_partner_respond
from claims.services.submission import claim_file_on_behalf, claim_missing_items, claim_submit

__all__ = [
    "DECIDABLE",
    "claim_appeal",
    "claim_assign",
    "claim_close",
    "claim_decide",
    "claim_document_add",
    "claim_document_remove",
    "claim_draft_create",
    "claim_draft_get",
    "claim_draft_start",
    "claim_draft_update",
    "claim_file_on_behalf",
    "claim_finding_set",
    "claim_info_answer",
    "claim_info_request",
    "claim_message_add",
    "claim_missing_items",
    "claim_note_add",
    "claim_offer_accept",
    "claim_offer_decline",
    "claim_partner_respond",
    "claim_submit",
    "claim_take_next",
    "claim_withdraw",
    "claims_close_after_appeal",
]
