"""Keeping the search index up to date for Kyodo's page types, with a way to pause it.

modelsearch indexes a page on every save. A bulk writer (the plan-table import) saves
hundreds of pages and then indexes them in one ``add_bulk`` call, so per-save indexing
would do the same work twice. Kyodo's page types therefore set ``search_auto_update =
False`` (which keeps modelsearch's own handlers away) and are indexed by the handlers here,
which do what modelsearch's do unless :func:`deferred_search_indexing` is active in the
current thread or task.

Some pages are also found by text kept outside them: an item by its departments' names, the
glossary page by its terms, a measure by its published indicators' names. Saving or deleting
a department or a glossary term, and publishing, unpublishing or deleting an indicator,
re-indexes those pages (in one bulk call), so the index never keeps an old name. An
indicator's measures are read before it is saved or deleted as well as after it is
published, so a measure it no longer names is re-indexed too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from modelsearch import index
from modelsearch.backends import get_search_backends
from modelsearch.tasks import insert_or_update_object_task
from wagtail.signals import page_published, published, unpublished

from .models import (
    ActionItemPage,
    Department,
    GlossaryPage,
    GlossaryTerm,
    Indicator,
    IndicatorMeasure,
    MeasurePage,
    PlanPage,
)
from .models.base import KyodoPage

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


def _on_publish(sender, instance, **kwargs) -> None:
    # A page's rows (departments, progress) are written after its post_save, when the
    # revision is published: index it again once they are in.
    _on_save(sender, instance)


def _on_delete(sender, instance, **kwargs) -> None:
    index.remove_object(instance)


def reindex_pages(model, pages) -> None:
    """Index the live-or-not ``pages`` of ``model`` again, in one bulk call per backend."""
    objects = list(model.get_indexed_objects().filter(pk__in=pages.values("pk")))
    if not objects:
        return
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objects)


def _on_department_change(sender, instance, raw=False, **kwargs) -> None:
    if raw or _deferred.get():
        return
    reindex_pages(ActionItemPage, ActionItemPage.objects.filter(departments__department=instance).distinct())
    reindex_pages(PlanPage, PlanPage.objects.filter(issuing_department=instance))


def _on_glossary_change(sender, instance, raw=False, **kwargs) -> None:
    if raw or _deferred.get():
        return
    reindex_pages(GlossaryPage, GlossaryPage.objects.filter(locale_id=instance.locale_id))


_MEASURES_BEFORE = "_kyodo_indexed_measures"


def _indicator_measures(indicator: Indicator) -> set[int]:
    return set(
        IndicatorMeasure.objects.filter(indicator_id=indicator.pk).values_list("measure_id", flat=True)
    )


def _before_indicator_change(sender, instance, raw=False, **kwargs) -> None:
    # The measures named before the change: a link removed on publishing is gone afterwards.
    if raw or instance.pk is None or _deferred.get():
        return
    setattr(instance, _MEASURES_BEFORE, _indicator_measures(instance))


def _on_indicator_change(sender, instance, **kwargs) -> None:
    """Published or unpublished (the links are saved by then), or deleted."""
    if _deferred.get():
        return
    measures = getattr(instance, _MEASURES_BEFORE, set())
    if instance.pk is not None and kwargs.get("signal") is not post_delete:
        measures |= _indicator_measures(instance)
    if measures:
        reindex_pages(MeasurePage, MeasurePage.objects.filter(pk__in=measures))


def register_search_handlers() -> None:
    for model in apps.get_models():
        if issubclass(model, KyodoPage):
            post_save.connect(_on_save, sender=model, dispatch_uid=f"kyodo_index_save_{model._meta.label}")
            post_delete.connect(
                _on_delete, sender=model, dispatch_uid=f"kyodo_index_delete_{model._meta.label}"
            )
            page_published.connect(
                _on_publish, sender=model, dispatch_uid=f"kyodo_index_publish_{model._meta.label}"
            )
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(
            _on_department_change, sender=Department, dispatch_uid=f"kyodo_index_department_{name}"
        )
        signal.connect(_on_glossary_change, sender=GlossaryTerm, dispatch_uid=f"kyodo_index_glossary_{name}")
    pre_save.connect(
        _before_indicator_change, sender=Indicator, dispatch_uid="kyodo_index_indicator_pre_save"
    )
    pre_delete.connect(
        _before_indicator_change, sender=Indicator, dispatch_uid="kyodo_index_indicator_pre_delete"
    )
    for name, signal in (("published", published), ("unpublished", unpublished), ("deleted", post_delete)):
        signal.connect(_on_indicator_change, sender=Indicator, dispatch_uid=f"kyodo_index_indicator_{name}")
