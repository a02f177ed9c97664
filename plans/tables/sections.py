"""What a row of a printed plan's sheet is: the header, a table row, a section row, or none.

A plan printed from Excel opens each measure with a row of its own
(「施策1:協働(共働)の意識を高める」, 「●市民参加を進めるための庁内の仕組みづくり [施策番号 32]」,
「❷分野別センターの機能強化 [施策番号33]」), each group with a 「■…」 row, explains its marks in
a legend (「★市民が主体 ●市が主体 ◎市民と市が主体」) and ends with notes (「※…」, 「注1 …」).
The functions here tell such rows apart (:func:`row_shape`) and read their texts;
:mod:`.layout` walks the sheet with them and keeps what it found.

Circled numbers (①②…, ❶❷…) mark a measure but do not give its number: printed plans count
them within a heading (「❷… [施策番号33]」 is the plan's measure 33), so the number comes
only from 「施策N」 or 「[施策番号 N]」, and a measure without one is matched by its title.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

from ..fiscal_years import FiscalYearError, parse_fiscal_year
from ..vocabularies import Actor, Phase
from .columns import column_for_header, normalise_header
from .report import SkipReason
from .values import CellError, parse_choice


class SectionError(ValueError):
    """A section row that cannot be read safely; the message says what to change."""


@dataclass(frozen=True)
class Section:
    """What a section row opens: a measure (with its number, when the text gives one) or a
    group of items (取組方針)."""

    kind: str  # "area", "measure" or "group"
    title: str  # the measure's title without its marks and number; the group as written
    number: str = ""


_DIGITS = r"[0-9０-９]+(?:[-－‐ー―][0-9０-９]+)*"
# 「施策1:…」「施策１：…」「施策 2 …」「施策No.3 …」: the number, a separator, the title (「施策1の…」
# is a title that speaks of measure 1, not a section).
_MEASURE_PREFIX = re.compile(
    rf"^施策\s*(?:No\.?|ＮＯ．?|Ｎｏ．?|番号)?\s*(?P<number>{_DIGITS})"
    r"(?:\s*[:：.．、,，)）]\s*|\s+|(?![ぁ-ゖ]))(?P<title>[^\s0-9０-９].*)$",
    re.IGNORECASE | re.DOTALL,
)
# 「… [施策番号 32]」「…［施策番号33］」「…（施策番号：5）」 at the end of the title.
_NUMBER_SUFFIX = re.compile(
    rf"\s*[\[［【(（]\s*施策\s*(?:番号|No\.?|ＮＯ．?|Ｎｏ．?)\s*[:：]?\s*(?P<number>{_DIGITS})\s*[\]］】)）]\s*$",
    re.IGNORECASE,
)
# Marks that open a measure title: ● and circled numbers (①–㊿, ❶–⓴, ➀–➓).
_CIRCLED = "\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u2776-\u277f\u24eb-\u24f4\u2780-\u2793"
_MEASURE_MARK = re.compile(rf"^[●{_CIRCLED}]\s*(?P<title>\S.*)$", re.DOTALL)
_GROUP_MARK = "■"
# 「基本目標1 総合的な自治の醸成」「基本目標Ⅱ：…」「柱2 協働の仕組みを整える」: a row that opens an
# area (分野), kept as written. The number is required: 「分野別センター…」 is a measure title.
_AREA_PREFIX = re.compile(
    r"^(?:基本目標|基本方針|柱)\s*(?:[0-9０-９]+|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+|[IVX]+(?![A-Za-z]))\s*[:：.．、]?\s*\S"
)

# Legends explain the marks of the sheet: 「★市民が主体 ●市が主体 ◎市民と市が主体」.
_LEGEND_MARKS = "★☆●○◎◯〇◆◇▲△▼▽"
_LEGEND_TITLE = re.compile(r"^[\[［【(（〈<＜]?\s*凡例\s*[\]］】)）〉>＞]?\s*[:：]?\s*")
_LEGEND_ENTRY = re.compile(rf"([{_LEGEND_MARKS}])\s*[:：=＝…]?\s*([^{_LEGEND_MARKS}]*)")
# Words a legend explains a mark with, besides the actors and phases: the flag columns.
_LEGEND_WORDS = ("新規", "充実", "拡充", "再掲", "重点", "ピックアップ", "主体", "継続", "実施")

# 「※…」, 「＊…」, 「注1 …」, 「注：…」, 「（注）…」: a note below the table.
_FOOTNOTE = re.compile(
    r"^(?:[※＊*]|注(?:[0-9０-９]+)?(?=$|[\s:：.．、)）]|[0-9０-９])|[(（]注[0-9０-９]*[)）])"
)
_FOOTNOTE_MARK_ONLY = re.compile(r"^(?:[※＊*]|注|[(（]注[)）])[0-9０-９]*[)）.．:：]?$")


class Shape(StrEnum):
    DATA = "data"  # read column by column
    SECTION = "section"  # opens a measure or a group
    SKIPPED = "skipped"
    UNREAD = "unread"  # cannot be read safely: an error


@dataclass(frozen=True)
class RowShape:
    """What a row below the header is, and why."""

    kind: Shape
    section: Section | None = None
    reason: SkipReason | None = None  # for skipped rows
    index: int | None = None  # the cell a section or an error stands in
    error: str = ""  # for rows that cannot be read


# The header --------------------------------------------------------------------------


def header_score(cells: list[str]) -> tuple[bool, int]:
    """Whether a row is a plan table's header, and how many known columns it names: the
    header names the 施策 column, or two columns of the format (two or more fiscal years
    count as one), so that a title or a legend is never taken for it."""
    keys = {key for key in map(header_key, dict.fromkeys(cell for cell in cells if cell)) if key}
    years = sum(1 for cell in cells if cell and looks_like_fiscal_year(cell))
    columns = keys - {"year"}
    known = len(columns) + (1 if years >= 2 else 0)
    return "measure" in columns or known >= 2, len(columns) + (1 if years else 0)


def is_second_header_row(cells: list[str], copied: dict, upper: list[str], upper_copied: dict) -> bool:
    """The row below the header is part of it when every cell of its own names a column
    and stands where the header row names none (blank, or a grouping such as
    「実施スケジュール」)."""
    own = [(index, text) for index, text in enumerate(cells) if text and index not in copied]
    return bool(own) and all(
        header_key(text) is not None and header_key(header_cell(upper, upper_copied, index)) is None
        for index, text in own
    )


def header_cell(cells: list[str], copied: dict, index: int) -> str:
    """A header cell's text; a cell filled from a merged cell to its left is blank, so that a
    header merged across columns names one column (the first)."""
    origin = copied.get(index)
    if origin is not None and origin[1] != index:
        return ""
    return cells[index] if index < len(cells) else ""


def header_key(text: str) -> str | None:
    """The column a header cell names (its key), ``"year"`` for a fiscal year, else ``None``."""
    if not text:
        return None
    column = column_for_header(text)
    if column is not None:
        return column.key
    return "year" if looks_like_fiscal_year(text) else None


def looks_like_fiscal_year(text: str) -> bool:
    """Whether a header reads as a fiscal year (``20年度``, ``令和6年度``, ``2024``). The era of
    a bare number does not matter here, so any plan start year will do."""
    try:
        parse_fiscal_year(text, era_start_year=2019)
    except FiscalYearError:
        return False
    return True


# The rows below the header -----------------------------------------------------------


def row_shape(
    cells: list[str], copied: dict, *, keys: list[str | None], header_cells: list[list[str]]
) -> RowShape:
    """What a (non-blank) row below the header is. ``keys`` are the columns' keys (see
    :func:`header_key`), ``header_cells`` the header's rows, normalised.

    A row with one text of its own (merged cells fill their range, but count once) may be a
    section row; a row with several is a data row when one of them stands in a column of
    the table. Anything else is an error that says what to change."""
    own = [(index, text) for index, text in enumerate(cells) if text and index not in copied]
    texts = [text for _index, text in own]
    if not own:
        return RowShape(Shape.SKIPPED, reason=SkipReason.MERGED)
    if _repeats_header(cells, header_cells):
        return RowShape(Shape.SKIPPED, reason=SkipReason.HEADER)
    if is_footnote(texts):
        return RowShape(Shape.SKIPPED, reason=SkipReason.FOOTNOTE)
    if is_legend(texts):
        return RowShape(Shape.SKIPPED, reason=SkipReason.LEGEND)
    key_of = {index: keys[index] if index < len(keys) else None for index, _text in own}
    if len(own) > 1:
        if any(key_of.values()):
            return RowShape(Shape.DATA)
        return RowShape(
            Shape.UNREAD,
            error=_(
                "この行の文字（%(texts)s）は、どれも計画表の列の見出しの下にないため、読み方がわかりません。"
                "見出しのある列に書くか、不要な行なら削除してください。"
            )
            % {"texts": "、".join(f"「{_short(text)}」" for text in texts[:4])},
        )
    index, text = own[0]
    key = key_of[index]
    if key == "measure" and "measure_number" in keys:
        # Where the sheet has a 施策番号 column, the 施策 column holds titles as they are
        # written: exports put a measure without items on such a row.
        return RowShape(Shape.DATA)
    section = area_section(text) or group_section(text)
    if section is None:
        try:
            section = measure_section(text)
        except SectionError as error:
            return RowShape(Shape.UNREAD, index=index, error=str(error))
    if section is None and key in ("group", "area"):
        section = Section(key, text)  # the 取組方針 or 分野 cell alone: as its column says
    if section is not None:
        return RowShape(Shape.SECTION, section=section, index=index)
    if key is not None:
        return RowShape(Shape.DATA)
    return RowShape(
        Shape.UNREAD,
        index=index,
        error=_(
            "「%(text)s」だけの行ですが、計画表の列の見出しの下にないため、読み方がわかりません。"
            "施策を始める行なら「施策1:…」「…［施策番号 1］」のように、取組方針を始める行なら"
            "「■…」のように書いてください。不要な行なら削除してください。"
        )
        % {"text": _short(text)},
    )


def own_texts(cells: list[str], copied: dict) -> list[str]:
    """The texts of a row, without the cells filled from a merged cell that starts elsewhere."""
    return [text for index, text in enumerate(cells) if text and index not in copied]


def _repeats_header(cells: list[str], header_cells: list[list[str]]) -> bool:
    """The header (either row of a two-row header) written again further down."""
    filled = [(index, normalise_header(cell)) for index, cell in enumerate(cells) if cell]
    for header in header_cells:
        needed = min(2, sum(1 for cell in header if cell))
        if len(filled) >= needed and all(
            index < len(header) and header[index] == text for index, text in filled
        ):
            return True
    return False


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


# Section, legend and footnote texts --------------------------------------------------


def measure_section(text: str) -> Section | None:
    """The measure a section text opens, or ``None`` when the text carries no mark of one.
    A text with two different numbers raises :class:`SectionError`."""
    title, number = text.strip(), ""
    suffix = _NUMBER_SUFFIX.search(title)
    if suffix:
        number = _number(suffix["number"])
        title = title[: suffix.start()].strip()
    prefix = _MEASURE_PREFIX.match(title)
    if prefix:
        prefix_number = _number(prefix["number"])
        if number and prefix_number != number:
            raise SectionError(
                _(
                    "施策の番号が「施策%(first)s」と「施策番号 %(second)s」の2つ書かれています。"
                    "どちらか一方にしてください。"
                )
                % {"first": prefix_number, "second": number}
            )
        number, title = prefix_number, prefix["title"].strip()
    else:
        mark = _MEASURE_MARK.match(title)
        if mark:
            title = mark["title"].strip()
        elif not suffix:
            return None
    if not title:
        return None
    return Section("measure", title, number)


def area_section(text: str) -> Section | None:
    """The area (分野) a 「基本目標1 …」 or 「柱2 …」 text opens, as written; else ``None``."""
    text = text.strip()
    return Section("area", text) if _AREA_PREFIX.match(text) else None


def group_section(text: str) -> Section | None:
    """The group (取組方針) a 「■…」 text opens, as written; ``None`` for any other text."""
    text = text.strip()
    if text.startswith(_GROUP_MARK) and text.lstrip(_GROUP_MARK).strip():
        return Section("group", text)
    return None


def is_footnote(texts: list[str]) -> bool:
    """A note below the table: its first text starts with ※ or 注, and it is the row's only
    text or a mark standing in a cell of its own (「※1」 | 「…」)."""
    first = texts[0].strip()
    if not _FOOTNOTE.match(first):
        return False
    return len(texts) == 1 or bool(_FOOTNOTE_MARK_ONLY.match(first))


def is_legend(texts: list[str]) -> bool:
    """A legend: two or more different marks, each followed by what it means (an actor, a
    phase or a flag), and nothing else but the word 凡例."""
    text = _LEGEND_TITLE.sub("", " ".join(texts).strip())
    if not text or text[0] not in _LEGEND_MARKS:
        return False
    entries = _LEGEND_ENTRY.findall(text)
    marks = [mark for mark, _meaning in entries]
    if len(entries) < 2 or len(set(marks)) != len(marks):
        return False
    return all(_explains_a_mark(meaning) for _mark, meaning in entries)


def _explains_a_mark(meaning: str) -> bool:
    word = re.sub(r"[\s、,，・/／]+$", "", meaning.strip())
    if not word or len(word) > 20:
        return False
    if word in _LEGEND_WORDS or any(word.endswith(suffix) for suffix in ("が主体", "主体")):
        return True
    for vocabulary in (Actor, Phase):
        try:
            if parse_choice(vocabulary, word):
                return True
        except CellError:
            continue
    return False


def _number(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("‐", "-").replace("ー", "-").replace("―", "-")
