"""The guarantee programme's part of partner pages (registered on partners.hooks)."""

from __future__ import annotations

from typing import Any

from guarantees.selectors import partner_guarantee_section


def profile_guarantee_section(partner) -> tuple[str, dict[str, Any]]:
    """The profile's guarantee block: the badge, the current terms, the public figures (one query)."""
    return "guarantees/_profile_section.html", {"guarantee": partner_guarantee_section(partner=partner)}
