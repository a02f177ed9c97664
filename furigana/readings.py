"""Ruby (furigana) over the kanji of an HTML fragment.

:func:`add_ruby` walks the fragment with the standard library's HTML tokenizer and
rewrites only the text between tags; every tag, attribute, comment and character
reference is copied through unchanged, so HTML without kanji comes out identical.

In each text node, the words of the reading dictionary (:mod:`furigana.dictionary`) are
found first, longest first; the rest goes through SudachiPy (split mode C, over the
dictionary that search already loaded). A word gets ruby only when it contains kanji and
the analyser knows it: an unknown word gets none rather than a guessed one. The kana
written in a word stay outside the ruby (取り組み → 取[と]り組[く]み), and a compound whose
short units read the same as the whole is rubied unit by unit (進捗状況 → 進捗 + 状況).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from html import escape
from html.parser import HTMLParser

from sudachipy import SplitMode

from search.text import dictionary as sudachi_dictionary
from search.text import normalise

__all__ = [
    "KANJI",
    "add_ruby",
    "align",
    "has_kanji",
    "is_reading",
    "reading_pieces",
    "ruby",
    "TEXT_CLASS",
    "text_with_ruby",
    "to_hiragana",
]

logger = logging.getLogger("kyodo.furigana")

# Ideographs (basic, extension A, compatibility, extensions B and later) and the marks that
# are read as part of a kanji word: 々 〆 〻, and the small ヵ ヶ of 霞ヶ関 or 一ヵ所.
KANJI = "\u3005\u3006\u303b\u30f5\u30f6\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_KANJI = re.compile(f"[{KANJI}]")
_RUNS = re.compile(f"[{KANJI}]+|[^{KANJI}]+")
_READING = re.compile(r"[ぁ-ゖゝゞー]+")

# Text that looks like an address (a URL, www.…, an e-mail address) is left as written.
# Japanese punctuation ends it, so that 「https://example.jp/」を参照 keeps its brackets.
_ADDRESS = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)[^\s<>\"'（）「」『』【】〈〉《》、。，．！？　]+"
    r"|[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+",
    re.IGNORECASE | re.ASCII,
)

# Sudachi refuses input longer than 49,149 bytes; a character takes at most 4 bytes.
_CHUNK_CHARS = 8000
_SENTENCE_END = re.compile(r"[。．！？!?\n]")

# Part-of-speech classes whose "reading" is a label (キゴウ for a symbol), not a reading.
_NO_READING_POS = frozenset({"補助記号", "空白"})

# Elements whose text is code, an identifier, already ruby, or not shown as text.
SKIP_ELEMENTS = frozenset(
    {
        "code",
        "kbd",
        "math",
        "optgroup",
        "option",
        "pre",
        "rp",
        "rt",
        "ruby",
        "samp",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
        "title",
    }
)
_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
    | {"param", "source", "track", "wbr"}
)
NO_RUBY_ATTRIBUTE = "data-no-ruby"
# The class of the element that holds a text node with ruby.
TEXT_CLASS = "furigana-text"

_local = threading.local()


def has_kanji(text: str) -> bool:
    return bool(_KANJI.search(text))


def to_hiragana(text: str) -> str:
    """Katakana → hiragana (after NFKC): the analyser gives readings in katakana."""
    return normalise(text)


def is_reading(text: str) -> bool:
    """Whether ``text`` is a reading as ruby shows it: hiragana and ー only."""
    return bool(_READING.fullmatch(text))


def ruby(base: str, reading: str) -> str:
    """The accessible ruby markup: without ruby support the reading shows in brackets."""
    return f"<ruby>{base}<rp>(</rp><rt>{escape(reading)}</rt><rp>)</rp></ruby>"


def align(surface: str, reading: str) -> list[tuple[str, str | None]] | None:
    """``surface`` cut into kanji runs with their part of ``reading`` and kana runs (None),
    or None when the kana written in the word are not found in its reading.

    >>> align("取り組み", "とりくみ")
    [('取', 'と'), ('り', None), ('組', 'く'), ('み', None)]
    """
    runs = _RUNS.findall(surface)
    pattern = []
    for run in runs:
        if _KANJI.match(run):
            pattern.append("(.+?)")
        else:
            pattern.append("(" + re.escape(to_hiragana(run)) + ")")
    match = re.fullmatch("".join(pattern), reading)
    if match is None:
        return None
    return [(run, match.group(i) if _KANJI.match(run) else None) for i, run in enumerate(runs, start=1)]


def _rubied(surface: str, reading: str) -> str:
    """``surface`` with ruby on its kanji and its kana outside; unchanged when they do not
    line up with the reading."""
    parts = align(surface, reading)
    if parts is None:
        return surface
    return "".join(run if part is None else ruby(run, part) for run, part in parts)


def _tokenizer():
    """This thread's split-mode-C tokenizer over the dictionary search already loaded."""
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        tokenizer = sudachi_dictionary().tokenizer(mode=SplitMode.C)
        _local.tokenizer = tokenizer
    return tokenizer


def _chunks(text: str) -> Iterable[str]:
    while len(text) > _CHUNK_CHARS:
        head = text[:_CHUNK_CHARS]
        cut = max((m.end() for m in _SENTENCE_END.finditer(head)), default=0) or _CHUNK_CHARS
        yield text[:cut]
        text = text[cut:]
    if text:
        yield text


def _morpheme_reading(morpheme) -> str | None:
    """The hiragana reading of a known word, or None (symbols, unknown words)."""
    if morpheme.is_oov() or morpheme.part_of_speech()[0] in _NO_READING_POS:
        return None
    reading = to_hiragana(morpheme.reading_form())
    return reading if is_reading(reading) else None


def reading_pieces(text: str) -> list[tuple[str, str | None]]:
    """``text`` cut by the analyser into pieces, each with its hiragana reading when the
    piece holds kanji and the analyser knows it, else None. The pieces join to ``text``."""
    pieces: list[tuple[str, str | None]] = []
    for chunk in _chunks(text):
        for morpheme in _tokenizer().tokenize(chunk):
            surface = chunk[morpheme.begin() : morpheme.end()]
            reading = _morpheme_reading(morpheme) if has_kanji(surface) else None
            if reading is None:
                pieces.append((surface, None))
                continue
            units = morpheme.split(SplitMode.A)
            if len(units) > 1:
                # The short units, when their readings add up to the word's: a compound's
                # reading is the word's own (rendaku, irregular readings), never a guess.
                unit_pieces = []
                for unit in units:
                    unit_surface = chunk[unit.begin() : unit.end()]
                    unit_reading = _morpheme_reading(unit)
                    unit_pieces.append((unit_surface, unit_reading))
                known = all(r is not None for _, r in unit_pieces)
                if known and "".join(r for _, r in unit_pieces) == reading:
                    pieces.extend((s, r if has_kanji(s) else None) for s, r in unit_pieces)
                    continue
            pieces.append((surface, reading))
    return pieces


def _render(pieces: Iterable[tuple[str, str | None]]) -> str:
    return "".join(surface if reading is None else _rubied(surface, reading) for surface, reading in pieces)


def _entry(surface: str, reading: str) -> str:
    """A word of the reading dictionary. When the analyser reads it the same way, its
    finer cut is kept (市民協働推進課 → 市民 + 協働 + 推進 + 課); otherwise the dictionary's
    reading goes on the word, kana outside where they line up, else over the whole word."""
    pieces = reading_pieces(surface)
    analysed = "".join(r if r is not None else to_hiragana(s) for s, r in pieces)
    if analysed == reading and all(r is not None for s, r in pieces if has_kanji(s)):
        return _render(pieces)
    parts = align(surface, reading)
    if parts is None:
        return ruby(surface, reading)
    return "".join(run if part is None else ruby(run, part) for run, part in parts)


def _plain_text(text: str, entries) -> str:
    """Ruby for a stretch of text without addresses: dictionary words, then the analyser."""
    if entries is None or entries.pattern is None:
        return _render(reading_pieces(text))
    out = []
    position = 0
    for match in entries.pattern.finditer(text):
        if match.start() > position:
            out.append(_render(reading_pieces(text[position : match.start()])))
        out.append(_entry(match.group(), entries.readings[match.group()]))
        position = match.end()
    if position < len(text):
        out.append(_render(reading_pieces(text[position:])))
    return "".join(out)


def text_with_ruby(text: str, entries=None) -> str:
    """One text node (HTML source text, without tags or character references) with ruby."""
    if not has_kanji(text):
        return text
    out = []
    position = 0
    for match in _ADDRESS.finditer(text):
        if match.start() > position:
            out.append(_plain_text(text[position : match.start()], entries))
        out.append(match.group())
        position = match.end()
    if position < len(text):
        out.append(_plain_text(text[position:], entries))
    return "".join(out)


class _TextNodes(HTMLParser):
    """Collects the text nodes outside skipped elements, with their offsets in the source."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", source))]
        self.open: list[tuple[str, bool]] = []
        self.skipping = 0
        self.nodes: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID_ELEMENTS:
            return
        skip = tag in SKIP_ELEMENTS or any(
            name == NO_RUBY_ATTRIBUTE or (name == "translate" and (value or "").strip().lower() == "no")
            for name, value in attrs
        )
        self.open.append((tag, skip))
        self.skipping += skip

    def handle_startendtag(self, tag, attrs):
        """<br/>, <div/>: nothing is opened."""

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                self.skipping -= sum(skip for _, skip in self.open[index:])
                del self.open[index:]
                return

    def handle_data(self, data):
        if self.skipping or not has_kanji(data):
            return
        line, column = self.getpos()
        start = self.line_starts[line - 1] + column
        if self.source[start : start + len(data)] != data:  # never expected; keep the text
            logger.warning("Furigana: text node offset mismatch at line %s, column %s", line, column)
            return
        self.nodes.append((start, data))


def add_ruby(html: str, entries=None) -> str:
    """``html`` with ruby over the kanji of its text; see the module's description.

    ``entries`` is the reading dictionary's table (:func:`furigana.dictionary.entries`);
    without it only the analyser's readings are used."""
    if not html or not has_kanji(html):
        return html
    parser = _TextNodes(html)
    parser.feed(html)
    parser.close()
    out = []
    position = 0
    for start, data in parser.nodes:
        out.append(html[position:start])
        rubied = text_with_ruby(data, entries)
        # One element around the text node, as its single box: in a flex or grid container
        # (a checklist item) each <ruby> would otherwise become an item of its own.
        out.append(f'<span class="{TEXT_CLASS}">{rubied}</span>' if rubied != data else data)
        position = start + len(data)
    out.append(html[position:])
    return "".join(out)
