"""The override table of the readings: the reading dictionary, departments and glossary.

Nothing is copied between them: the table is built from the three sources when needed —
every ReadingEntry, and the Japanese departments (name → reading) and glossary terms
(term → reading) whose reading is filled in — and kept in Django's cache until one of them
is saved or deleted (``furigana.signal_handlers``). When two sources give the same word,
the reading dictionary wins over departments, and departments over the glossary.

The table's ``version`` is a digest of its contents: cached ruby (``furigana.templatetags``)
is keyed by it, so a change to any reading is seen on the next request, in every process
that shares the cache.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q

from plans.models import Department, GlossaryTerm

from .models import ReadingEntry
from .readings import has_kanji, is_reading, to_hiragana

__all__ = ["CACHE_KEY", "Entries", "entries", "invalidate", "table"]

CACHE_KEY = "furigana:dictionary"


@dataclass(frozen=True)
class Entries:
    """The surfaces and their readings, with one pattern that finds them, longest first."""

    readings: dict[str, str]
    version: str
    pattern: re.Pattern | None


_compiled: dict[str, Entries] = {}


def _japanese_locales() -> Q:
    return Q(locale__language_code="ja") | Q(locale__language_code__startswith="ja-")


def _clean_reading(value: str) -> str | None:
    """A department's or term's reading as ruby shows it (katakana and spaces are accepted
    there), or None when it is not a reading at all."""
    reading = "".join(to_hiragana(value or "").split())
    return reading if is_reading(reading) else None


def table() -> list[tuple[str, str]]:
    """(surface, reading) pairs from the three sources, in order of precedence; three
    queries."""

    readings: dict[str, str] = {}

    def add(surface: str, value: str) -> None:
        surface = surface.strip()
        reading = _clean_reading(value)
        if surface and reading and has_kanji(surface) and surface not in readings:
            readings[surface] = reading

    for surface, reading in ReadingEntry.objects.values_list("surface", "reading"):
        add(surface, reading)
    japanese = _japanese_locales()
    departments = Department.objects.filter(japanese).exclude(reading="").order_by("pk")
    for name, reading in departments.values_list("name", "reading"):
        add(name, reading)
    terms = GlossaryTerm.objects.filter(japanese).exclude(reading="").order_by("pk")
    for term, reading in terms.values_list("term", "reading"):
        add(term, reading)
    return sorted(readings.items())


def _compile(pairs: list[tuple[str, str]], version: str) -> Entries:
    readings = dict(pairs)
    if not readings:
        return Entries(readings={}, version=version, pattern=None)
    surfaces = sorted(readings, key=lambda surface: (-len(surface), surface))
    pattern = re.compile("|".join(re.escape(surface) for surface in surfaces))
    return Entries(readings=readings, version=version, pattern=pattern)


def entries() -> Entries:
    """The current table: from the cache (no query), else built and cached."""
    cached = cache.get(CACHE_KEY)
    if cached is None:
        pairs = table()
        digest = hashlib.sha256(json.dumps(pairs, ensure_ascii=False).encode()).hexdigest()[:16]
        cached = {"version": digest, "pairs": pairs}
        cache.set(CACHE_KEY, cached, timeout=None)
    version = cached["version"]
    compiled = _compiled.get(version)
    if compiled is None:
        compiled = _compile([tuple(pair) for pair in cached["pairs"]], version)
        _compiled.clear()  # keep only the current version's pattern in this process
        _compiled[version] = compiled
    return compiled


def invalidate() -> None:
    cache.delete(CACHE_KEY)
