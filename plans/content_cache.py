"""Derived answers that change only when published content changes, kept between requests.

Every public page asks the same few questions whatever its content: which branches of the
tree the public may not see, which translations of the page and of the home page are live,
which pages are the current language's home page and sections, which departments the public
may see. Their answers change only when something is published, unpublished, moved, deleted
or saved, so :func:`cached` keeps them in Django's cache under the *content generation*.

The content generation is a number in the database (``plans.ContentGeneration``, one row).
Any change that may alter an answer — a page saved, published, unpublished, moved or
deleted, a view restriction, a department, an item's department, a site or a locale saved
or deleted — adds one to it once its transaction commits (:func:`register_signal_handlers`).
Each reading request reads the number once (one query, :mod:`plans.memo`), so every process
sees a change at its next request, whatever the cache backend; an entry of an older
generation is never read again and expires after ``KYODO_CONTENT_CACHE_SECONDS``.

Inside a transaction that has changed something not yet committed (a service call, an
import, a test), the answers are computed afresh and not stored: the new generation does not
exist yet, and the old one must not receive answers that include uncommitted changes.

This module imports no plan model (it looks the generation's model up by name), so the
foundation modules such as :mod:`plans.visibility` may use it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from functools import cache as once
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .memo import memoized

T = TypeVar("T")

KEY_PREFIX = "kyodo:content"
_ROW = 1  # the primary key of the generation's single row
_MISSING = object()


def _model():
    return apps.get_model("plans", "ContentGeneration")


def _timeout() -> int:
    return getattr(settings, "KYODO_CONTENT_CACHE_SECONDS", 300)


def _read_generation() -> int | None:
    return _model().objects.filter(pk=_ROW).values_list("value", flat=True).first()


def current_generation() -> int | None:
    """The committed content generation, read once per reading request; None when the
    row is missing (a database emptied by a test), which turns caching off until the next
    change."""
    return memoized("content_generation", _read_generation)


def changed_in_this_transaction() -> bool:
    """Whether the open transaction has changed content and not committed it yet."""
    if not connection.in_atomic_block:
        return False
    return any(
        isinstance(function, _NewGeneration) and not function.done
        for _savepoints, function, *_rest in connection.run_on_commit
    )


def cached(name: str, parts: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()``, kept under the content generation and ``name`` and ``parts`` (which
    must say everything the answer depends on besides the content: a language, a site, page
    keys). Computed afresh when the generation is unknown or the transaction has changed
    content; kept for the rest of the request as well (:mod:`plans.memo`)."""

    def lookup() -> T:
        generation = current_generation()
        if generation is None or changed_in_this_transaction():
            return compute()
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
        key = f"{KEY_PREFIX}:{generation}:{name}:{digest}"
        value = cache.get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            cache.set(key, value, _timeout())
        return value

    if changed_in_this_transaction():
        return compute()
    return memoized(("content_cache", name, parts), lookup)


class _NewGeneration:
    """What a transaction that changed content runs when it commits: the next generation."""

    def __init__(self) -> None:
        self.done = False

    def __call__(self) -> None:
        self.done = True
        model = _model()
        if not model.objects.filter(pk=_ROW).update(value=F("value") + 1):
            model.objects.get_or_create(pk=_ROW, defaults={"value": 1})


def start_new_generation() -> None:
    """Start a new generation once the current transaction commits (at once outside one);
    several changes in one transaction start one."""
    if changed_in_this_transaction():
        return
    transaction.on_commit(_NewGeneration())


def _on_change(sender=None, **kwargs) -> None:
    start_new_generation()


def _on_model_change(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, Page | PageViewRestriction | Site | Locale) or sender in _watched_models():
        start_new_generation()


@once
def _watched_models() -> tuple[type, ...]:
    return (apps.get_model("plans", "Department"), apps.get_model("plans", "ActionItemDepartment"))


def register_signal_handlers() -> None:
    uid = "kyodo_content_generation"
    page_published.connect(_on_change, dispatch_uid=f"{uid}_published")
    page_unpublished.connect(_on_change, dispatch_uid=f"{uid}_unpublished")
    post_page_move.connect(_on_change, dispatch_uid=f"{uid}_moved")
    post_save.connect(_on_model_change, dispatch_uid=f"{uid}_saved")
    post_delete.connect(_on_model_change, dispatch_uid=f"{uid}_deleted")
