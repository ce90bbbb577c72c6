"""What the partners app calls in the apps above it (handlers registered in their ready()).

See `partnernet/hooks.py`. Each hook says who registers it and what it must return.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from partnernet.hooks import Hook

if TYPE_CHECKING:
    from django.http import HttpRequest

    from partners.models import ServiceOrder, ServicePartner

# guarantees: (covered, terms) at the moment of acceptance — the coverage snapshot.
order_coverage: Hook[[ServicePartner, datetime], tuple[bool, Any]] = Hook(
    "partners.order_coverage", "At acceptance: is the order covered, and by which terms version?"
)

# claims: the order's coverage for its seller from the eligibility rules, given
# (order, viewer or None, moment or None, ask_claims) → partners.coverage.OrderCover.
# `ask_claims=False` must answer without a query per order (order lists).
order_cover: Hook[[ServiceOrder, Any, datetime | None, bool], Any] = Hook(
    "partners.order_cover", "Is the guarantee in force for this order's seller, and until when?"
)

# claims, resolution: a page of orders is about to be shown (the order list API). Each
# handler loads what it adds per order for the whole page in one query and keeps it
# on the orders with `partners.preload.preload_set(order, name, value)`; its per-order
# code reads it back with `preloaded(order, name)`. Given (orders, viewer or None).
order_list_preload: Hook[[list[ServiceOrder], Any], None] = Hook(
    "partners.order_list_preload", "Load per-order facts for a page of orders in one query each."
)

# claims: the feedback e-mail and claim window; in the completion's transaction.
order_completed: Hook[[ServiceOrder], None] = Hook(
    "partners.order_completed", "After an order is marked completed, inside the same transaction."
)

# resolution (conversation, issue), remedies: extra panels on the order page.
# A handler returns None (nothing to show) or (template_name, context).
order_page_panels: Hook[[HttpRequest, ServiceOrder, str], tuple[str, dict[str, Any]] | None] = Hook(
    "partners.order_page_panels", "Panels for /orders/<ref>/ given (request, order, viewer role)."
)

# guarantees: sections of the public profile (the badge, the terms, the figures).
# A handler returns None or (template_name, context); the result is cached with the profile.
profile_sections: Hook[[ServicePartner], tuple[str, dict[str, Any]] | None] = Hook(
    "partners.profile_sections", "Sections of /partners/<slug>/ from the apps above partners."
)

# resolution: extra keys of the order's API representation (`terms`: the snapshot's
# parameters; `issue`: the live issue's reference or null). A handler returns a dict.
order_api_fields: Hook[[ServiceOrder], dict[str, Any]] = Hook(
    "partners.order_api_fields", "Keys the apps above partners add to the order in /api/v1/orders/."
)
