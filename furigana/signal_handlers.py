"""Any change to a reading source drops the cached override table."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from plans.models import Department, GlossaryTerm

from .dictionary import invalidate
from .models import ReadingEntry


def _changed(sender, **kwargs) -> None:
    # At once for this process, and again at commit: another request may have rebuilt the
    # table from the database in between, before the change was visible to it.
    invalidate()
    transaction.on_commit(invalidate)


def register_signal_handlers() -> None:

    for model in (ReadingEntry, Department, GlossaryTerm):
        label = model._meta.label_lower
        post_save.connect(_changed, sender=model, dispatch_uid=f"furigana-invalidate-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"furigana-invalidate-delete-{label}")
