"""Every write of the remedies app: obligations (create, fulfil, confirm, dispute,
settle) and the periodic sweep (overdue, advance notice, automatic confirmation)."""

from remedies.services.obligations import (
    remedy_cancel,
    remedy_confirm,
    remedy_create,
    remedy_dispute,
    remedy_due_on,
    remedy_fulfil,
    remedy_support_settle,
)
from remedies.services.sweep import remedies_sweep

__all__ = [
    "remedies_sweep",
    "remedy_cancel",
    "remedy_confirm",
    "remedy_create",
    "remedy_dispute",
    "remedy_due_on",
    "remedy_fulfil",
    "remedy_support_settle",
]
