"""The claims app's models, one module per part of the record.

claim.py       Claim: status and transitions, offer, decision, appeal
documents.py   ClaimDocument (files on a claim)
events.py      ClaimEvent (append-only history, with who may see each entry)
review.py      ReasonCode, DecisionTemplate, InformationRequest, ParameterFinding
feedback.py    FeedbackRequest (the post-completion e-mail)
"""

from claims.exceptions import ClaimStateError, EventImmutable
from claims.models.claim import MONEY, Claim
from claims.models.documents import ClaimDocument, claim_document_path
from claims.models.events import ClaimEvent, ClaimEventQuerySet
from claims.models.feedback import FeedbackRequest
from claims.models.review import DecisionTemplate, InformationRequest, ParameterFinding, ReasonCode

__all__ = [
    "MONEY",
    "Claim",
    "ClaimDocument",
    "ClaimEvent",
    "ClaimEventQuerySet",
    "ClaimStateError",
    "DecisionTemplate",
    "EventImmutable",
    "FeedbackRequest",
    "InformationRequest",
    "ParameterFinding",
    "ReasonCode",
    "claim_document_path",
]
