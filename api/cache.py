"""The cache of anonymous reads of the open-data API, and what invalidates it.

Cached responses are keyed by a *generation*: a token kept in Django's cache together with
the time it was created. Any change the public could notice (a page published, unpublished,
deleted or moved, a view restriction added or removed, a department, an indicator or the
municipality's settings saved) starts a new generation when its transaction commits, so every older entry
stops being found at once and expires on its own. The time of the generation is the API's ``Last-Modified``.

With the local-memory cache (the default) each process has its own generation; a change
made in one process reaches the others when their entries expire
(``KYODO_API_CACHE_SECONDS``). Set ``CACHE_URL`` to Redis to share one generation.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.models import MunicipalitySettings
from plans.models import Department, Indicator

STATE_KEY = "kyodo:api-open:generation"


@dataclass(frozen=True)
class Generation:
    token: str
    started: float  # seconds since the epoch, whole seconds (HTTP dates have no fractions)


def _timeout() -> int:
    return getattr(settings, "KYODO_API_CACHE_SECONDS", 300)


def current_generation() -> Generation:
    state = cache.get(STATE_KEY)
    if state is None:
        state = {"token": uuid.uuid4().hex, "started": float(int(time.time()))}
        # add() keeps a generation another process started in the meantime
        cache.add(STATE_KEY, state, timeout=None)
        state = cache.get(STATE_KEY) or state
    return Generation(state["token"], state["started"])


def start_new_generation() -> None:
    """Forget every cached response: the next read computes it again.

    The new generation starts at least one second after the previous one, so that a client
    that read the previous one in the same second is not told by ``If-Modified-Since`` that
    nothing changed."""
    previous = cache.get(STATE_KEY)
    now = float(int(time.time()))
    started = now
    if previous is not None:
        # never more than a second ahead, however many changes a burst (an import) makes
        started = min(max(now, previous["started"] + 1), now + 1)
    cache.set(STATE_KEY, {"token": uuid.uuid4().hex, "started": started}, timeout=None)


def entry_key(generation: Generation, language: str, path: str) -> str:
    digest = hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()
    return f"kyodo:api-open:{generation.token}:{language}:{digest}"


def get_entry(key: str):
    return cache.get(key)


def set_entry(key: str, entry: dict) -> None:
    cache.set(key, entry, timeout=_timeout())


# Signal receivers -----------------------------------------------------------------------


def _on_change(sender=None, **kwargs) -> None:
    # Once the change is committed: a reader in another process between the change and the
    # commit would otherwise keep the old answer under the new generation.
    transaction.on_commit(start_new_generation)


def _on_page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        transaction.on_commit(start_new_generation)


def register_signal_handlers() -> None:

    uid = "kyodo_api_open_cache"
    page_published.connect(_on_change, dispatch_uid=f"{uid}_published")
    page_unpublished.connect(_on_change, dispatch_uid=f"{uid}_unpublished")
    post_page_move.connect(_on_change, dispatch_uid=f"{uid}_moved")
    post_delete.connect(_on_page_deleted, dispatch_uid=f"{uid}_deleted")
    # An indicator's published figures change when it is saved (publishing saves it too).
    for model in (PageViewRestriction, Department, MunicipalitySettings, Indicator):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}_{model.__name__}_saved")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}_{model.__name__}_deleted")
