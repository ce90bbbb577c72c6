"""What the resolution app calls in the apps above it (remedies).

See `partnernet/hooks.py`. Handlers run inside the issue service's transaction,
with the issue row locked and saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnernet.hooks import Hook

if TYPE_CHECKING:
    from resolution.models import Issue

# remedies: an issue reached partner_accepted (the partner accepted the seller's ask, or
# the seller accepted the partner's counter); `issue.remedy` / `issue.amount` are what is
# owed and `issue.fulfil_by` when.
issue_accepted: Hook[[Issue], None] = Hook(
    "resolution.issue_accepted", "An issue was accepted: the partner owes its remedy."
)
