"""What a public page works out once per request, however many of its parts ask.

A page's view, its templates and their tags ask the same questions several times: which
branches of the tree the public may not see, which view restrictions apply to the page. While
a reading request (GET or HEAD) is served, :func:`memoized` keeps each answer for the rest of
that request; outside one (management commands, services, tests calling functions directly)
and during a request that writes (POST …) it computes every time.

An answer never outlives its request, and a change to the content made while a request is
served (a page published, unpublished, moved or deleted, a view restriction saved) empties
the memo at once, so nothing is ever answered from the state before the change.

This module imports no model, so any layer may use it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

READING_METHODS = frozenset({"GET", "HEAD"})

_memo: ContextVar[dict | None] = ContextVar("kyodo_request_memo", default=None)


def memoized(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, once per reading request for each ``key``."""
    memo = _memo.get()
    if memo is None:
        return compute()
    try:
        return memo[key]
    except KeyError:
        value = memo[key] = compute()
        return value


def forget(**kwargs) -> None:
    """Empty this request's memo (a signal receiver: the content changed)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


class RequestMemoMiddleware:
    """Gives each reading request its own memo, dropped when the response is done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in READING_METHODS:
            return self.get_response(request)
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
