"""Keeping the search index up to date for Kyodo's page types, with a way to pause it.

modelsearch indexes a page on every save. A bulk writer (the plan-table import) saves
hundreds of pages and then indexes them in one ``add_bulk`` call, so per-save indexing
would do the same work twice. Kyodo's page types therefore set ``search_auto_update =
False`` (which keeps modelsearch's own handlers away) and are indexed by the handlers here,
which do what modelsearch's do unless :func:`deferred_search_indexing` is active in the
current thread or task.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from modelsearch import index
from modelsearch.tasks import insert_or_update_object_task

_deferred: ContextVar[bool] = ContextVar("kyodo_search_indexing_deferred", default=False)


@contextmanager
def deferred_search_indexing() -> Iterator[None]:
    """Within the block, saved pages are not indexed one by one: the caller indexes what
    it wrote, in bulk, before the block's transaction ends."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def _on_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or _deferred.get():
        return
    insert_or_update_object_task.enqueue(
        instance._meta.app_label, instance._meta.model_name, str(instance.pk)
    )


def _on_delete(sender, instance, **kwargs) -> None:
    index.remove_object(instance)


def register_search_handlers() -> None:
    from .models.base import KyodoPage

    for model in apps.get_models():
        if issubclass(model, KyodoPage):
            post_save.connect(_on_save, sender=model, dispatch_uid=f"kyodo_index_save_{model._meta.label}")
            post_delete.connect(
                _on_delete, sender=model, dispatch_uid=f"kyodo_index_delete_{model._meta.label}"
            )
