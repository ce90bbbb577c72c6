"""The conversation, a page at a time: the latest page unless another is asked for."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator

from resolution.selectors import order_messages

MESSAGES_PER_PAGE = 20


def thread_page(order: Any, number: Any = None, *, per_page: int = MESSAGES_PER_PAGE) -> Page:
    paginator = Paginator(order_messages(order), per_page, allow_empty_first_page=True)
    if number in (None, ""):
        return paginator.page(paginator.num_pages)
    return paginator.get_page(number)
