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
_KANJI_WORD = re.compile(f"[{KANJI}]+")
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
# How readings are found, as a number: raised with every change to this module that changes
# the ruby of a text, so that pages and PDFs kept with the old ruby are made again.
# 2: words written apart are read as if joined (_spaced_pieces).
READINGS_VERSION = 2

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
        # A number read with its counter as one word (2日 ふつか, 1人 ひとり).
        return ruby(surface, reading) if _NUMBER_WORD.fullmatch(surface) else surface
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
    """``text`` cut by the analyser into words, each with its hiragana reading when the word
    holds kanji and the analyser knows it, else None. The pieces join to ``text``.

    A compound (中学生, 進捗状況) stays one piece with the whole word's reading: ruby over
    each of its short units would widen each unit whose reading is longer than its kanji
    (中学 under ちゅうがく) and open gaps inside the word. Numbers and their counters are
    read by :func:`_counted`. Words spaced apart, as easy Japanese writes them, are read as
    if they were not (:func:`_spaced_pieces`)."""
    pieces: list[tuple[str, str | None]] = []
    for chunk in _chunks(text):
        pieces += _spaced_pieces(chunk)
    return _counted(pieces)


def _word_pieces(text: str) -> list[tuple[str, str | None]]:
    pieces = []
    for morpheme in _tokenizer().tokenize(text):
        surface = text[morpheme.begin() : morpheme.end()]
        pieces.append((surface, _morpheme_reading(morpheme) if has_kanji(surface) else None))
    return pieces


# A space between two Japanese characters: easy Japanese (やさしい日本語) writes its words
# apart (「意見の 数を」). The analyser, which learned from unspaced text, reads a word after
# such a space without its context (数 as すう, 年 as ねん instead of かず, とし).
_WORD_SPACE = re.compile(r"(?<=[^\x00-\x7f\s])[ \u3000](?=[^\x00-\x7f\s])")


def _spaced_pieces(chunk: str) -> list[tuple[str, str | None]]:
    """The pieces of ``chunk``, read with the spaces between Japanese words taken out; the
    spaces come back as pieces of their own. A word the analyser finds across a space (two
    words written apart that also make one) is read side by side, as written."""
    spaces = {match.start() for match in _WORD_SPACE.finditer(chunk)}
    if not spaces:
        return _word_pieces(chunk)
    kept = [index for index in range(len(chunk)) if index not in spaces]
    joined = "".join(chunk[index] for index in kept)
    pieces: list[tuple[str, str | None]] = []
    cursor = 0
    for morpheme in _tokenizer().tokenize(joined):
        if morpheme.begin() == morpheme.end():
            continue
        start, end = kept[morpheme.begin()], kept[morpheme.end() - 1] + 1
        if start > cursor:
            pieces.append((chunk[cursor:start], None))  # the spaces before the word
        surface = chunk[start:end]
        if end - start != morpheme.end() - morpheme.begin():
            pieces += _word_pieces(surface)
        else:
            pieces.append((surface, _morpheme_reading(morpheme) if has_kanji(surface) else None))
        cursor = end
    if cursor < len(chunk):
        pieces.append((chunk[cursor:], None))
    return pieces


# Numbers and counters ------------------------------------------------------------------
#
# The analyser reads a counter by the word it took, not by the number before it: 29日 comes
# out as 29 + 日 (か), the reading of 2日 to 10日. The counters whose reading depends on the
# number are read here; digits never get ruby, only the counter does, except where the
# number and the counter are read as one word (2日 ふつか, 1人 ひとり): then the ruby goes
# over both. Where the right reading cannot be told (毎月1日: ついたち or いちにち?), or the
# counter's sound changes with the number (1本 いっぽん, 3本 さんぼん, 30分 さんじっぷん),
# the counter gets no ruby rather than a wrong one.

_DIGITS = "0-9\uff10-\uff19"
_KANJI_DIGITS = "〇一二三四五六七八九"
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMBER = re.compile(f"[{_DIGITS}]+(?:[,，][{_DIGITS}]{{3}})*(?:[.．][{_DIGITS}]+)?")
_KANJI_NUMBER = re.compile(f"[{_KANJI_DIGITS}十百千]+")
_NUMBER_WORD = re.compile(f"({_NUMBER.pattern}|{_KANJI_NUMBER.pattern})([{KANJI}][{KANJI}ぁ-ゖ]*)")
# 日 after a number (dates and numbers of days alike), where the two are one word.
DAY_WORDS = {
    1: "ついたち",
    2: "ふつか",
    3: "みっか",
    4: "よっか",
    5: "いつか",
    6: "むいか",
    7: "なのか",
    8: "ようか",
    9: "ここのか",
    10: "とおか",
    14: "じゅうよっか",
    20: "はつか",
    24: "にじゅうよっか",
}
# What may follow 日 in the same word: 29日間, 3日目.
_AFTER_DAY = {"": "", "間": "かん", "目": "め"}
PEOPLE_WORDS = {1: "ひとり", 2: "ふたり"}
# Counters whose first sound changes with the number before them: every counter read with
# the は- or ぱ-row first (1本 いっぽん, 3本 さんぼん, 1泊 いっぱく), and these (3階 さんがい,
# 3軒 さんげん, 3千 さんぜん, 3足 さんぞく). Those read with the ば-row (倍, 番) do not change.
_CHANGING_COUNTERS = frozenset("階軒千足")
_CHANGING_SOUNDS = frozenset("はひふへほぱぴぷぺぽ")


def number_value(surface: str) -> int | None:
    """The whole number written in digits (29, ２９, 1,000) or in kanji (二十九, 二〇二六), or
    None (a decimal, not a number)."""
    text = normalise(surface).replace(",", "")
    if text.isdigit():
        return int(text)
    if not _KANJI_NUMBER.fullmatch(surface):
        return None
    if not any(unit in surface for unit in _KANJI_UNITS):
        return int("".join(str(_KANJI_DIGITS.index(c)) for c in surface))
    total = current = 0
    for character in surface:
        if character in _KANJI_UNITS:
            total += (current or 1) * _KANJI_UNITS[character]
            current = 0
        else:
            current = _KANJI_DIGITS.index(character)
    return total + current


def _is_number(surface: str) -> bool:
    return bool(_NUMBER.fullmatch(surface) or _KANJI_NUMBER.fullmatch(surface))


def _counter(
    number: str, counter: str, reading: str | None, *, in_date: bool
) -> list[tuple[str, str | None]]:
    """A number and the counter after it, as pieces with their readings."""
    value = number_value(number)
    if counter[0] == "日" and counter[1:] in _AFTER_DAY:
        after = counter[1:]
        if value == 1 and not after:
            # 4月1日 is ついたち; 1日 alone may be a date or a day (1日に3回): no guess.
            return [(number + counter, DAY_WORDS[1])] if in_date else [(number, None), (counter, None)]
        if value in DAY_WORDS and value != 1:
            pieces = [(number + "日", DAY_WORDS[value])]
            return pieces + ([(after, _AFTER_DAY[after])] if after else [])
        return [(number, None), (counter, "にち" + _AFTER_DAY[after])]
    if counter == "人":
        if value in PEOPLE_WORDS:
            return [(number + counter, PEOPLE_WORDS[value])]
        return [(number, None), (counter, "にん")]
    if counter[0] == "人" and value in PEOPLE_WORDS:
        return [(number, None), (counter, None)]
    if reading is None or counter[0] in _CHANGING_COUNTERS or reading[0] in _CHANGING_SOUNDS:
        return [(number, None), (counter, None)]
    return [(number, None), (counter, reading)]


def _counted(pieces: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """``pieces`` with the counters after a number read for that number (see above)."""
    cut: list[tuple[str, str | None]] = []
    for surface, reading in pieces:
        # The analyser takes a few number words whole (1人, 2人): read here like the others.
        word = _NUMBER_WORD.fullmatch(surface) if has_kanji(surface) else None
        if word and _NUMBER.fullmatch(word.group(1)):
            cut.extend([(word.group(1), None), (word.group(2), None)])
        else:
            cut.append((surface, reading))
    out: list[tuple[str, str | None]] = []
    index = 0
    while index < len(cut):
        surface, reading = cut[index]
        following = cut[index + 1] if index + 1 < len(cut) else None
        if _is_number(surface) and following is not None and _KANJI.match(following[0]):
            # A date: 4月1日 (the month right before the day).
            in_date = len(out) >= 2 and out[-1][0] == "月" and _is_number(out[-2][0])
            out.extend(_counter(surface, following[0], following[1], in_date=in_date))
            index += 2
            continue
        out.append((surface, None if _is_number(surface) else reading))
        index += 1
    return out


# The readings are set at 0.55 em (static/css/kyodo.css); a ruby wider than this (in ems of
# its text) is not made by joining words, as a ruby never breaks across lines.
RT_EM = 0.55
JOINED_MAX_EM = 8


def _width(surface: str, reading: str) -> float:
    return max(len(surface), RT_EM * len(reading))


def _joined(pieces: Iterable[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Words written in kanji alone that follow each other (男女|共同|参画) joined into one
    piece while it stays narrower than ``JOINED_MAX_EM``: one ruby over them spreads a long
    reading over the short ones beside it, where a ruby per word would widen the word under
    the long reading and open a gap inside what the reader sees as one word."""
    out: list[tuple[str, str | None]] = []
    for surface, reading in pieces:
        if out and reading is not None and _KANJI_WORD.fullmatch(surface):
            last_surface, last_reading = out[-1]
            if last_reading is not None and _KANJI_WORD.fullmatch(last_surface):
                joined = (last_surface + surface, last_reading + reading)
                if _width(*joined) <= JOINED_MAX_EM:
                    out[-1] = joined
                    continue
        out.append((surface, reading))
    return out


def _render(pieces: Iterable[tuple[str, str | None]]) -> str:
    return "".join(
        surface if reading is None else _rubied(surface, reading) for surface, reading in _joined(pieces)
    )


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
