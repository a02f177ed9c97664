"""Snippets of a page's text around the first match of a query, with the matched words marked.

Matching happens on normalised text (NFKC, case folding, katakana folded to hiragana, as the
search index does), but the snippet shows the original text: every character of the
normalised text remembers the span of the original it came from, so a search for せみなー
marks セミナー and one for パブリック marks ﾊﾟﾌﾞﾘｯｸ. Everything is escaped before ``<mark>`` is
added, so neither the content nor the query can inject markup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import analyser, normalise, query_phrases

SNIPPET_LENGTH = 120
CONTEXT_BEFORE = 30
# Half-width voiced sound marks combine with the katakana before them under NFKC (ｶﾞ → ガ).
_COMBINING_MARKS = {"\uff9e", "\uff9f", "\u3099", "\u309a"}


@dataclass(frozen=True)
class NormalisedText:
    """``text`` normalised, with the original span (start, end) of every character."""

    text: str
    spans: list[tuple[int, int]]


def normalise_with_offsets(original: str, *, fold=normalise) -> NormalisedText:
    """Normalise ``original`` cluster by cluster (a character and the marks that combine with
    it), keeping for each output character the span of the cluster it came from."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    length = len(original)
    while position < length:
        end = position + 1
        while end < length and (unicodedata.combining(original[end]) or original[end] in _COMBINING_MARKS):
            end += 1
        piece = fold(original[position:end])
        out.append(piece)
        spans.extend([(position, end)] * len(piece))
        position = end
    return NormalisedText("".join(out), spans)


# The analyser refuses inputs over 49,149 bytes; longer texts are matched without word edges.
_MAX_ANALYSED_BYTES = 48000


def word_edges(original: str) -> tuple[set[int], set[int]] | None:
    """Where the analyser's words start and end in ``original`` (offsets of the original).

    The index holds the words of the NFKC text (search.text), so a match counts only from
    the start of a word to the end of a word: 京都 is not marked inside 東京都 (東京 + 都),
    which the search does not match either. Punctuation and spaces separate words too.
    ``None`` when the text is too long to analyse."""
    nfkc = normalise_with_offsets(original, fold=lambda piece: unicodedata.normalize("NFKC", piece))
    if not nfkc.text or len(nfkc.text.encode()) > _MAX_ANALYSED_BYTES:
        return None
    starts: set[int] = set()
    ends: set[int] = set()
    for morpheme in analyser().tokenize(nfkc.text):
        begin, end = morpheme.begin(), morpheme.end()
        if begin < end:
            starts.add(nfkc.spans[begin][0])
            ends.add(nfkc.spans[end - 1][1])
    for position, char in enumerate(original):
        if not (char.isalnum() or char == "_"):
            ends.add(position)
            starts.add(position + 1)
    return starts, ends


def _phrase_patterns(phrases: Iterable[list[str]]) -> list[re.Pattern]:
    """A pattern per phrase over normalised text: its words in order, with anything but word
    characters allowed between them (the analyser's tokens leave out spaces and punctuation,
    so 1-1 is the phrase 1, 1 and パブリック・コメント the phrase ぱぶりっく, こめんと)."""
    patterns = []
    for words in phrases:
        words = [word for word in (normalise(word).strip() for word in words) if word]
        if words:
            patterns.append(re.compile(r"\W*".join(re.escape(word) for word in words)))
    return patterns


def match_spans(original: str, query: str) -> list[tuple[int, int]]:
    """The spans of ``original`` that match a phrase of ``query``, sorted and merged."""
    patterns = _phrase_patterns(query_phrases(query))
    if not patterns or not original:
        return []
    normalised = normalise_with_offsets(original)
    found: list[tuple[int, int]] = []
    for pattern in patterns:
        for match in pattern.finditer(normalised.text):
            if match.end() > match.start():
                found.append((normalised.spans[match.start()][0], normalised.spans[match.end() - 1][1]))
    if found:
        edges = word_edges(original)
        if edges is not None:
            starts, ends = edges
            found = [(start, end) for start, end in found if start in starts and end in ends]
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> SafeString:
    """``text[start:end]`` escaped, with ``spans`` wrapped in ``<mark>``."""
    end = len(text) if end is None else end
    parts: list[str] = []
    position = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        parts.append(escape(text[position:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text is escaped above)


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def snippet(texts: Iterable[str], query: str, *, length: int = SNIPPET_LENGTH) -> SafeString:
    """About ``length`` characters of the first text that matches ``query``, starting a little
    before the first match, with every match marked; the first text's opening when nothing
    matches (the page was found through a word the snippet does not show, such as a
    department's name)."""
    cleaned = [text for text in (_clean(text) for text in texts if text) if text]
    for text in cleaned:
        spans = match_spans(text, query)
        if spans:
            first = spans[0][0]
            start = max(0, first - CONTEXT_BEFORE)
            end = min(len(text), start + length)
            if end - start < length:  # near the end: show more of what comes before
                start = max(0, end - length)
            prefix = "…" if start > 0 else ""
            suffix = "…" if end < len(text) else ""
            return mark_safe(escape(prefix) + highlight(text, spans, start, end) + escape(suffix))  # noqa: S308
    if cleaned:
        text = cleaned[0]
        suffix = "…" if len(text) > length else ""
        return mark_safe(escape(text[:length]) + suffix)  # noqa: S308
    return mark_safe("")
