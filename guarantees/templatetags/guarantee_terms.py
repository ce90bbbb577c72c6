"""Terms in view wherever a seller decides or complains (request form, order, issue, claim wizard).

{% load guarantee_terms %}
{% partner_terms_panel partner %}          the partner's current terms (request form)
{% order_terms_panel order %}              the order's snapshot (issue form, claim wizard)
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from guarantees.terms_view import order_terms, partner_current_terms

register = template.Library()


@register.inclusion_tag("guarantees/_terms_panel.html")
def partner_terms_panel(partner: Any) -> dict[str, Any]:
    return {
        "terms": partner_current_terms(partner),
        "terms_id": "current",
        "terms_heading": _("Guarantee terms of %(partner)s") % {"partner": partner.name},
        "terms_note": _("an order this partner accepts while its badge is active is covered by these terms"),
        "no_terms_text": _("This partner has not published guarantee terms."),
    }


@register.inclusion_tag("guarantees/_terms_panel.html")
def order_terms_panel(order: Any) -> dict[str, Any]:
    return {
        "terms": order_terms(order),
        "terms_id": "order",
        "terms_heading": _("The guarantee terms of this order"),
        "terms_note": _("kept with the order when it was accepted"),
    }
