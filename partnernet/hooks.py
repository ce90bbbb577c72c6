"""Explicit, typed inversion points between the layers.

A lower app declares a `Hook` in its own `hooks.py` (what it will call, with which
arguments); a higher app registers a handler in its `AppConfig.ready()`. The lower app
never imports the higher one, and a reader finds every handler by searching for
`<hook>.register`. Handlers run in the caller's transaction, in registration order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Hook(Generic[P, R]):
    """A named list of handlers that share one signature."""

    def __init__(self, name: str, doc: str = "") -> None:
        self.name = name
        self.__doc__ = doc
        self._handlers: list[Callable[P, R]] = []

    def register(self, handler: Callable[P, R]) -> Callable[P, R]:
        """Add `handler` once (registering twice, e.g. on a second ready(), is a no-op)."""
        key = (handler.__module__, handler.__qualname__)
        if all((h.__module__, h.__qualname__) != key for h in self._handlers):
            self._handlers.append(handler)
        return handler

    def handlers(self) -> Iterator[Callable[P, R]]:
        return iter(list(self._handlers))

    def call(self, *args: P.args, **kwargs: P.kwargs) -> list[R]:
        """Call every handler; their results in registration order."""
        return [handler(*args, **kwargs) for handler in self.handlers()]

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._handlers)} handler(s)>"
