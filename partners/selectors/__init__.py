"""Reads of the partners app, one module per page family:
directory (search, facets, home), profile, console, orders, cache (the generation).

Callers may import from the modules or, as before, from `partners.selectors`.
"""

from partners.selectors.cache import (
    FACET_GENERATION_KEY,
    directory_cache_bump,
    directory_cache_forget_generation,
    directory_cache_key,
)
from partners.selectors.cards import card_rows
from partners.selectors.console import (
    console_offerings,
    console_promotions,
    console_reviews,
    partner_for_member,
)
from partners.selectors.directory import (
    CARD_FIELDS,
    PER_PAGE,
    Q_MAX_LENGTH,
    Q_MAX_TERMS,
    RATING_STEPS,
    SORTS,
    DirectoryPage,
    DirectoryParams,
    directory_options,
    home_context,
    partner_directory,
    partner_directory_api,
    partners_for_cards,
    search_terms,
)
from partners.selectors.orders import order_actions, order_get_for_user, order_list_for_user, order_role
from partners.selectors.profile import (
    offerings_active,
    partner_get_public,
    partner_labels,
    promotions_active,
    reviews_public,
)

__all__ = [
    "card_rows",
    "CARD_FIELDS",
    "FACET_GENERATION_KEY",
    "PER_PAGE",
    "Q_MAX_LENGTH",
    "Q_MAX_TERMS",
    "RATING_STEPS",
    "SORTS",
    "DirectoryPage",
    "DirectoryParams",
    "console_offerings",
    "console_promotions",
    "console_reviews",
    "directory_cache_bump",
    "directory_cache_forget_generation",
    "directory_cache_key",
    "directory_options",
    "home_context",
    "offerings_active",
    "order_actions",
    "order_get_for_user",
    "order_list_for_user",
    "order_role",
    "partner_directory",
    "partner_directory_api",
    "partner_for_member",
    "partner_get_public",
    "partners_for_cards",
    "partner_labels",
    "promotions_active",
    "reviews_public",
    "search_terms",
]
