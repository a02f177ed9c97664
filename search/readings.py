"""Suggestions from readings: typing きょうどう (or キョウドウ, ｷｮｳﾄﾞｳ) suggests 協働.

The words that can be reached by their reading come from two sources, per language:

- the glossary's terms with their よみがな, as staff wrote them;
- the words of the titles of the pages a reader may see (published, public, not below a
  hidden page), with the readings SudachiPy gives them: each short unit (協働, 市民, 参加)
  and each longer word of split mode C (市民参加) that holds kanji and whose reading the
  dictionary knows.

The table (reading → words) is built on the first suggestion that needs it and kept in
Django's cache for :data:`TIMEOUT` seconds; publishing or unpublishing a page and saving or
deleting a glossary term drop it. Only a query written in kana alone (after NFKC and
katakana → hiragana, at least :data:`MIN_LENGTH` characters) is looked up by reading.
"""

from __future__ import annotations

import re
import threading

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Locale, Page
from wagtail.signals import page_published, page_unpublished

from sudachipy import SplitMode

from plans.models import GlossaryTerm
from plans.visibility import hidden_branches, visible

from .text import dictionary, normalise

TIMEOUT = 600
MIN_LENGTH = 2
CACHE_KEY = "kyodo:search:readings:v1:{locale}"
_KANA = re.compile(r"[\u3041-\u309f\u30fc]+")
_KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々〆]")
# Parts of speech whose readings are not words a reader looks for.
_NO_READING_POS = {"補助記号", "空白", "記号"}
_local = threading.local()


def is_reading(query: str) -> bool:
    """Whether ``query`` is written in kana alone (any width, either script)."""
    folded = "".join(normalise(query).split())
    return len(folded) >= MIN_LENGTH and bool(_KANA.fullmatch(folded))


def _reading(morpheme) -> str | None:
    if morpheme.is_oov() or morpheme.part_of_speech()[0] in _NO_READING_POS:
        return None
    reading = normalise(morpheme.reading_form())
    return reading if _KANA.fullmatch(reading or "") else None


def _tokenizer():
    """This thread's split-mode-C tokenizer over the process's dictionary (a SudachiPy
    tokenizer must not be shared between threads)."""
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        tokenizer = dictionary().tokenizer(mode=SplitMode.C)
        _local.tokenizer = tokenizer
    return tokenizer


def title_words(title: str) -> list[tuple[str, str]]:
    """(reading, word) for each word of ``title`` of two characters or more that holds
    kanji: the short units and the longer words of split mode C (a single kanji, 第 or 市,
    is no word a reader completes)."""
    found: list[tuple[str, str]] = []
    for morpheme in _tokenizer().tokenize(title):
        units = [morpheme, *morpheme.split(SplitMode.A)] if len(morpheme.surface()) > 1 else [morpheme]
        for unit in units:
            surface = unit.surface()
            if len(surface) < 2 or not _KANJI.search(surface):
                continue
            reading = _reading(unit)
            if reading and (reading, surface) not in found:
                found.append((reading, surface))
    return found


def _build(locale: Locale) -> list[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for term, reading in GlossaryTerm.objects.filter(locale=locale).values_list("term", "reading"):
        folded = "".join(normalise(reading).split())
        if folded and _KANA.fullmatch(folded):
            pairs.add((folded, term))
    titles = visible(Page.objects.filter(locale=locale, depth__gt=1), hidden=hidden_branches())
    for title in titles.values_list("title", flat=True):
        pairs.update(title_words(title))
    return sorted(pairs)


def table(locale: Locale) -> list[tuple[str, str]]:
    """Every (reading, word) of ``locale``, sorted by reading."""
    key = CACHE_KEY.format(locale=locale.pk)
    found = cache.get(key)
    if found is None:
        found = _build(locale)
        cache.set(key, found, TIMEOUT)
    return found


def words_for(query: str, locale: Locale, limit: int = 3) -> list[str]:
    """The words whose reading begins with ``query`` (a kana query; see :func:`is_reading`):
    the ones read exactly as typed first, then the shorter readings, at most ``limit``."""
    if not is_reading(query):
        return []
    wanted = "".join(normalise(query).split())
    matches = [(reading, word) for reading, word in table(locale) if reading.startswith(wanted)]
    matches.sort(key=lambda pair: (pair[0] != wanted, len(pair[0]), len(pair[1]), pair[1]))
    words: list[str] = []
    for _found, word in matches:
        if word not in words:
            words.append(word)
        if len(words) == limit:
            break
    return words


def forget(*args, **kwargs) -> None:
    for pk in Locale.objects.values_list("pk", flat=True):
        cache.delete(CACHE_KEY.format(locale=pk))


def _changed(**kwargs) -> None:
    transaction.on_commit(forget)


page_published.connect(_changed, dispatch_uid="kyodo_search_readings_published")
page_unpublished.connect(_changed, dispatch_uid="kyodo_search_readings_unpublished")


@receiver(post_save, sender=GlossaryTerm, dispatch_uid="kyodo_search_readings_term_saved")
@receiver(post_delete, sender=GlossaryTerm, dispatch_uid="kyodo_search_readings_term_deleted")
def _term_changed(**kwargs) -> None:
    _changed()
