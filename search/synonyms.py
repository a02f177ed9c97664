"""Query expansion with the synonyms staff keep (:class:`search.models.Synonym`).

The synonyms are read once into a table from each normalised word (NFKC, case folding,
katakana → hiragana, no spaces) to the other words of its synonyms, and kept in Django's
cache (shared by every process with Redis, ``CACHE_URL``). Saving or deleting a synonym
drops the table, so the next search reads it again: an edit takes effect at once, without
a restart. With the local-memory cache each process keeps its own copy, which is also
dropped after :data:`TIMEOUT` seconds.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Synonym
from .text import normalise

CACHE_KEY = "kyodo:search:synonyms:v1"
TIMEOUT = 300


def key(word: str) -> str:
    """The form a query word is looked up in: normalised, without spaces."""
    return "".join(normalise(word).split())


def _build() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for term, equivalents in Synonym.objects.values_list("term", "equivalents"):
        words = Synonym(term=term, equivalents=equivalents).words
        for word in words:
            others = table.setdefault(key(word), [])
            for other in words:
                if key(other) != key(word) and other not in others:
                    others.append(other)
    return table


def table() -> dict[str, list[str]]:
    """Every word of a synonym (as :func:`key` gives it) → the other words of its synonyms."""
    found = cache.get(CACHE_KEY)
    if found is None:
        found = _build()
        cache.set(CACHE_KEY, found, TIMEOUT)
    return found


def equivalents(word: str) -> list[str]:
    """The words that mean the same as ``word`` (not ``word`` itself); none for most."""
    if not word or not word.strip():
        return []
    return list(table().get(key(word), []))


def forget() -> None:
    cache.delete(CACHE_KEY)


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def _synonyms_changed(**kwargs) -> None:
    forget()
    # Again once the change is committed: a search in between may have cached the old table.
    transaction.on_commit(forget)
