"""Where the table is in a file: the sheet it stands on, its header, and what each row is.

The reader (:mod:`.reader`) turns a file into numbered rows of cell text, blank rows left
out and merged cells filling their range; this module finds the plan table in them and
hands on a :class:`Table`. Staff bring the sheet the plan was printed from, so:

- the header is the first row whose cells name known columns (the 施策 column, or two
  columns of the format; a fiscal year counts when two of them stand in the row): title,
  legend and other rows above it are skipped;
- the row right below it is part of the header when it names columns the header row left
  blank or only grouped (「実施スケジュール」 over 「20年度」…「24年度以降」);
- below the header, a row is a data row, a section row that opens a measure or a group
  (:mod:`.sections`), or skipped: the header repeated, a legend, a footnote, or only cells
  merged with a row above. A row that is none of these is an error naming it.

How every row was read is kept (:attr:`Table.readings`, then the report). The limits that
depend on where the table starts are applied here too: the rows below the header, the
columns of the header and each column's longest cell (the reader sets their values,
:class:`Limits`). What the header cells mean is the next stage, :mod:`.headers`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _

from .columns import BY_KEY, column_for_header, normalise_header
from .report import SECOND_HEADER_ROW, Reading, RowReading, SkipReason
from .sections import (
    Section,
    Shape,
    header_cell,
    header_key,
    header_score,
    is_legend,
    is_second_header_row,
    own_texts,
    row_shape,
)


class TableError(ValueError):
    """A file that cannot be read as a plan table; the message says why, for the user."""


class NoHeaderError(TableError):
    """No row of the sheet names the columns of a plan table."""


@dataclass(frozen=True)
class CellProblem:
    row: int
    column: str  # the header as written
    text: str


class RowKind(StrEnum):
    DATA = "data"  # read column by column (:mod:`.rows`)
    MEASURE = "measure"  # a section row that opens a measure
    GROUP = "group"  # a section row that opens a group of items
    AREA = "area"  # a section row that opens an area (分野) of measures


@dataclass
class Row:
    number: int  # 1-based, as the spreadsheet shows it
    cells: list[str]  # one per header, already cleaned (see ``values.clean_text``)
    kind: RowKind = RowKind.DATA
    section: Section | None = None  # for section rows (MEASURE, GROUP, AREA)
    # Cells filled from a merged cell: index → (row number, index) of the merged cell's value.
    copied: dict[int, tuple[int, int]] = field(default_factory=dict)

    def get(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""

    def own(self, index: int) -> str:
        """The cell's text unless it was filled from a merged cell that starts elsewhere."""
        return "" if index in self.copied else self.get(index)


@dataclass
class Table:
    filename: str
    format: str  # "xlsx", "csv" or "tsv"
    headers: list[str]  # as written (trimmed), one per column; "" for a blank header
    rows: list[Row]  # data and section rows, in sheet order
    header_row: int = 1  # the (first) header row
    sheet: str = ""
    encoding: str = ""  # for CSV and TSV
    problems: list[CellProblem] = field(default_factory=list)
    header_cell_rows: list[int] = field(default_factory=list)  # the row each header was read from
    readings: list[RowReading] = field(default_factory=list)  # header and skipped rows
    skipped_rows: set[int] = field(default_factory=set)

    def header_row_of(self, index: int) -> int:
        """The row the header of column ``index`` stands on (of a two-row header, either)."""
        return self.header_cell_rows[index] if index < len(self.header_cell_rows) else self.header_row

    @property
    def has_measure_sections(self) -> bool:
        return any(row.kind == RowKind.MEASURE for row in self.rows)


@dataclass(frozen=True)
class Limits:
    rows: int  # rows below the header row
    columns: int  # cells of the header row
    cell_length: int  # for columns that columns.py does not name (schedule, unknown)


def choose_sheet(sheet_names: Sequence[str], wanted: str | None) -> str | None:
    """The sheet the table is on: ``wanted`` when the workbook has it, ``None`` (the first
    worksheet) when no sheet is named. A sheet that is not there is a :class:`TableError`
    listing the sheets there are."""
    if not wanted:
        return None
    if wanted not in sheet_names:
        raise TableError(
            _("シート「%(sheet)s」がありません。あるシート：%(sheets)s")
            % {"sheet": wanted, "sheets": "、".join(sheet_names)}
        )
    return wanted


RawRow = tuple[int, list[str], dict[int, tuple[int, int]]]  # number, cells, copied


def find_table(rows: Iterable[RawRow], *, filename: str, kind: str, limits: Limits) -> Table:
    """The table in ``rows`` (number, cells, cells filled from merges; no blank rows, no
    blank cells at the end). Cells longer than their column allows are cut and recorded as
    problems, and so is every row that cannot be read safely; too many rows or columns, or
    no header at all, is a :class:`TableError`. ``rows`` is read lazily, so a file over a
    limit is refused as soon as the limit is passed."""
    finder = _TableFinder(filename, kind, limits)
    for row in rows:
        finder.add(*row)
    return finder.finish()


def row_readings(table: Table, parsed_rows: list[dict] | None) -> list[RowReading]:
    """How every row of ``table`` was read, in sheet order: the header and skipped rows as
    the layout found them, section rows, and each data row as an item or a measure row
    (``parsed_rows``, from :mod:`.rows`; without them, data rows are left out)."""
    readings = list(table.readings)
    parsed = {data["row"]: data for data in parsed_rows or []}
    for row in table.rows:
        if row.kind != RowKind.DATA:
            reading = Reading(row.kind.value)
            readings.append(RowReading(row.number, reading, row.section.title, row.section.number))
            continue
        if parsed_rows is None:
            continue
        data = parsed.get(row.number)
        if data is not None and not data.get("item"):
            readings.append(
                RowReading(row.number, Reading.MEASURE, data["measure_title"], data["measure_number"])
            )
        else:
            readings.append(RowReading(row.number, Reading.ITEM))
    readings.sort(key=lambda reading: reading.row)
    return readings


class _TableFinder:
    def __init__(self, filename: str, kind: str, limits: Limits):
        self.table = Table(filename=filename, format=kind, headers=[], rows=[])
        self.limits = limits
        self.found = False
        self.upper: RawRow | None = None  # a header row, waiting for a possible second one
        self.keys: list[str | None] = []  # per column: its key, "year", or None
        self.header_cells: list[list[str]] = []  # each header row's cells, normalised
        self.cell_limits: list[int] = []
        self.closest: tuple[int, int, list[str]] | None = None  # known columns, row, texts
        self.seen = False
        self.last = 0  # the number of the last row read
        self.below = 0

    # Above and at the header ------------------------------------------------------------

    def add(self, number: int, cells: list[str], copied: dict[int, tuple[int, int]]) -> None:
        if number > self.last + 1:  # the reader leaves blank rows out; the report names them
            blank = RowReading(
                self.last + 1, Reading.SKIPPED, reason=SkipReason.BLANK, span=number - self.last - 1
            )
            self.table.readings.append(blank)
        self.seen, self.last = True, number
        if not self.found:
            if self.upper is not None:
                if number == self.upper[0] + 1 and is_second_header_row(cells, copied, *self.upper[1:]):
                    self._set_header(self.upper, (number, cells, copied))
                    return
                self._set_header(self.upper, None)
            else:
                is_header, known = header_score(cells)
                if is_header:
                    self.upper = (number, cells, copied)
                    return
                if known and (self.closest is None or known > self.closest[0]):
                    self.closest = (known, number, [cell for cell in cells if cell])
                texts = own_texts(cells, copied)
                reason = SkipReason.LEGEND if texts and is_legend(texts) else SkipReason.TITLE
                self._skip(number, reason, texts)
                return
        self._below_header(number, cells, copied)

    def _set_header(self, upper: RawRow, lower: RawRow | None) -> None:
        table = self.table
        upper_number, upper_cells, upper_copied = upper
        width = max(len(upper_cells), len(lower[1]) if lower else 0)
        if width > self.limits.columns:
            raise TableError(
                _("列が多すぎます（%(count)s列）。%(limit)s列以下にしてください。")
                % {"count": width, "limit": self.limits.columns}
            )
        for index in range(width):
            text, row = header_cell(upper_cells, upper_copied, index), upper_number
            if lower is not None and (below := header_cell(lower[1], lower[2], index)):
                # A cell merged down from the upper row is cited where it is written.
                text, row = below, lower[2].get(index, (lower[0], index))[0]
            table.headers.append(text)
            table.header_cell_rows.append(row)
        while table.headers and not table.headers[-1]:
            table.headers.pop()
            table.header_cell_rows.pop()
        table.header_row = upper_number
        self.keys = [header_key(header) for header in table.headers]
        for header in table.headers:
            column = column_for_header(header) if header else None
            self.cell_limits.append(column.max_length if column else self.limits.cell_length)
        self.header_cells = [[normalise_header(cell) for cell in upper_cells]]
        shown = "、".join(f"「{header}」" for header in table.headers if header)
        table.readings.append(RowReading(upper_number, Reading.HEADER, shown))
        if lower is not None:
            self.header_cells.append([normalise_header(cell) for cell in lower[1]])
            table.readings.append(RowReading(lower[0], Reading.HEADER, reason=SECOND_HEADER_ROW))
        self.upper, self.found = None, True

    def finish(self) -> Table:
        if not self.found and self.upper is not None:
            self._set_header(self.upper, None)
        if not self.found:
            if not self.seen:
                raise TableError(
                    _("「%(name)s」には見出しの行もデータもありません。") % {"name": self.table.filename}
                )
            text = _(
                "計画表の見出しの行が見つかりません。見出しの行には「施策」の列か、計画表の列"
                "（「事業名」「担当」「主体」「20年度」など）の見出しが2つ以上必要です。"
            )
            if self.closest is not None:
                _known, number, texts = self.closest
                text += _(
                    "%(row)s行目（%(cells)s）が見出しに近いようです。列の見出しを計画表の書き方に合わせてください。"
                ) % {"row": number, "cells": "、".join(f"「{cell}」" for cell in texts[:6])}
            raise NoHeaderError(text)
        return self.table

    # Below the header ------------------------------------------------------------------

    def _below_header(self, number: int, cells: list[str], copied: dict) -> None:
        self.below += 1
        if self.below > self.limits.rows:
            raise TableError(
                _("行が多すぎます。1つのファイルは%(limit)s行までにしてください。")
                % {"limit": f"{self.limits.rows:,}"}
            )
        shape = row_shape(cells, copied, keys=self.keys, header_cells=self.header_cells)
        if shape.kind == Shape.SKIPPED:
            self._skip(number, shape.reason, own_texts(cells, copied))
        elif shape.kind == Shape.UNREAD:
            self._unread(number, self._header(shape.index), shape.error)
        elif shape.kind == Shape.SECTION:
            section = shape.section
            column = BY_KEY[section.kind]
            if len(section.title) > column.max_length:
                self.table.problems.append(
                    CellProblem(
                        number,
                        self._header(shape.index),
                        _("長すぎます（%(length)s文字）。%(limit)s文字以下にしてください。")
                        % {"length": f"{len(section.title):,}", "limit": f"{column.max_length:,}"},
                    )
                )
            kind = RowKind(section.kind)
            self.table.rows.append(Row(number, cells, kind, section, copied))
        else:
            self._data_row(number, cells, copied)

    def _data_row(self, number: int, cells: list[str], copied: dict) -> None:
        headers = self.table.headers
        for index, cell in enumerate(cells):
            limit = self.cell_limits[index] if index < len(self.cell_limits) else self.limits.cell_length
            if len(cell) > limit:
                self.table.problems.append(
                    CellProblem(
                        number,
                        headers[index] if index < len(headers) else "",
                        _("長すぎます（%(length)s文字）。%(limit)s文字以下にしてください。")
                        % {"length": f"{len(cell):,}", "limit": f"{limit:,}"},
                    )
                )
                cells[index] = cell[:limit]
        self.table.rows.append(Row(number, cells, copied=copied))

    def _skip(self, number: int, reason: SkipReason, texts: list[str]) -> None:
        text = " ".join(texts)
        text = text if len(text) <= 100 else text[:99] + "…"
        self.table.readings.append(RowReading(number, Reading.SKIPPED, text, reason=reason))
        self.table.skipped_rows.add(number)

    def _unread(self, number: int, column: str, text: str) -> None:
        self.table.problems.append(CellProblem(number, column, text))
        self.table.readings.append(RowReading(number, Reading.UNREAD))
        self.table.skipped_rows.add(number)

    def _header(self, index: int | None) -> str:
        headers = self.table.headers
        return headers[index] if index is not None and index < len(headers) else ""
