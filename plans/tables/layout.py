"""Where the table is in a file: the sheet it stands on, its header row, its data rows.

The reader (:mod:`.reader`) turns a file into numbered rows of cell text, blank rows left
out; this module finds the plan table in them and hands on a :class:`Table`. Today the
table is on the sheet named (else the first), its header is the first row that is not
blank, and every row below it is a data row. The limits that depend on where the table
starts are applied here too: the rows below the header, the columns of the header and each
column's longest cell (the reader sets their values, :class:`Limits`).

What the header cells mean is the next stage, :mod:`.headers`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .columns import column_for_header


class TableError(ValueError):
    """A file that cannot be read as a plan table; the message says why, for the user."""


@dataclass(frozen=True)
class CellProblem:
    row: int
    column: str  # the header as written
    text: str


@dataclass
class Row:
    number: int  # 1-based, as the spreadsheet shows it
    cells: list[str]  # one per header, already cleaned (see ``values.clean_text``)

    def get(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""


@dataclass
class Table:
    filename: str
    format: str  # "xlsx", "csv" or "tsv"
    headers: list[str]  # as written (trimmed), one per column; "" for a blank header
    rows: list[Row]
    header_row: int = 1
    sheet: str = ""
    encoding: str = ""  # for CSV and TSV
    problems: list[CellProblem] = field(default_factory=list)


@dataclass(frozen=True)
class Limits:
    rows: int  # data rows, below the header row
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


def find_table(rows: Iterable[tuple[int, list[str]]], *, filename: str, kind: str, limits: Limits) -> Table:
    """The table in ``rows`` (number, cells; no blank rows, no blank cells at the end): the
    first row is the header, the rows below it are data. Cells longer than their column
    allows are cut and recorded as problems; too many rows or columns, or no row at all,
    is a :class:`TableError`. ``rows`` is read lazily, so a file over a limit is refused as
    soon as the limit is passed."""
    headers: list[str] | None = None
    header_row = 0
    data: list[Row] = []
    cell_limits: list[int] = []
    problems: list[CellProblem] = []
    for number, cells in rows:
        if headers is None:
            if len(cells) > limits.columns:
                raise TableError(
                    _("列が多すぎます（%(count)s列）。%(limit)s列以下にしてください。")
                    % {"count": len(cells), "limit": limits.columns}
                )
            headers, header_row = cells, number
            for header in headers:
                column = column_for_header(header) if header else None
                cell_limits.append(column.max_length if column else limits.cell_length)
            continue
        if len(data) >= limits.rows:
            raise TableError(
                _("行が多すぎます。1つのファイルは%(limit)s行までにしてください。")
                % {"limit": f"{limits.rows:,}"}
            )
        for index, cell in enumerate(cells):
            limit = cell_limits[index] if index < len(cell_limits) else limits.cell_length
            if len(cell) > limit:
                problems.append(
                    CellProblem(
                        number,
                        headers[index] if index < len(headers) else "",
                        _("長すぎます（%(length)s文字）。%(limit)s文字以下にしてください。")
                        % {"length": f"{len(cell):,}", "limit": f"{limit:,}"},
                    )
                )
                cells[index] = cell[:limit]
        data.append(Row(number, cells))
    if headers is None:
        raise TableError(_("「%(name)s」には見出しの行もデータもありません。") % {"name": filename})
    return Table(
        filename=filename, format=kind, headers=headers, rows=data, header_row=header_row, problems=problems
    )
