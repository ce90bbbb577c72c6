"""Facts loaded for a whole page of orders at once (`partners.hooks.order_list_preload`).

A list of orders shows, per order, things the apps above partners know (may the viewer
file a claim, the live issue). Asked one order at a time that is a query or two per
row; instead the list calls `order_list_preload(orders, viewer)` first, each handler
loads its facts for every order in one query and keeps them on the order objects, and
the per-order code uses them when they are there (and asks the database when not).
The facts live on the instance only, so they last as long as the request's objects.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, prefetch_related_objects

from partners.hooks import order_list_preload

_ATTRIBUTE = "_partnernet_preloaded"
MISSING = object()


def preload_set(order: Model, name: str, value: Any) -> None:
    facts = order.__dict__.setdefault(_ATTRIBUTE, {})
    facts[name] = value


def preloaded(order: Model, name: str) -> Any:
    """The fact `name` loaded for `order`, or MISSING (then ask the database)."""
    return order.__dict__.get(_ATTRIBUTE, {}).get(name, MISSING)


def orders_preload(orders: list[Any], viewer: Any) -> None:
    """Everything a page of orders shows, in a fixed number of queries for any page size."""
    if not orders:
        return
    prefetch_related_objects(orders, "guarantee_terms__parameters")
    order_list_preload.call(orders, viewer)
