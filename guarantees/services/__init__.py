"""Writes and rules of the Service Guarantee programme.

Other apps import from here: `badge_active_at`, `coverage_snapshot`.
"""

from guarantees.errors import EnrollmentError, TermsError, TermsValidationError
from guarantees.services.badges import badge_active_at, coverage_snapshot
from guarantees.services.compliance import compliance_compute, compliance_recompute
from guarantees.services.enrollment import (
    enrollment_apply,
    enrollment_approve,
    enrollment_checklist,
    enrollment_reinstate,
    enrollment_reject,
    enrollment_suspend,
    enrollment_withdraw,
)
from guarantees.services.terms import (
    requirements_ensure_defaults,
    terms_discard_draft,
    terms_problems,
    terms_publish,
    terms_save_draft,
)

__all__ = [
    "EnrollmentError",
    "TermsError",
    "TermsValidationError",
    "badge_active_at",
    "compliance_compute",
    "compliance_recompute",
    "coverage_snapshot",
    "enrollment_apply",
    "enrollment_approve",
    "enrollment_checklist",
    "enrollment_reinstate",
    "enrollment_reject",
    "enrollment_suspend",
    "enrollment_withdraw",
    "requirements_ensure_defaults",
    "terms_discard_draft",
    "terms_problems",
    "terms_publish",
    "terms_save_draft",
]
