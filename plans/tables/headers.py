"""What the header cells of a table mean: a column of the format, a fiscal year, or nothing.

The columns, their headers and aliases and how a header is matched are defined in
:mod:`.columns`; this module maps the header that :mod:`.layout` found (one row, or two read
as one) onto them: each known column once, the schedule's fiscal-year columns
(``令和6年度``, ``24年度以降``), and a warning for every column it will not read. A table
needs a 施策 column, or section rows that open its measures (「施策1:…」).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..fiscal_years import FiscalYearError, ParsedFiscalYear, parse_fiscal_year
from .columns import BY_KEY, column_for_header
from .layout import Row, RowKind, Table
from .report import FiscalYearHeader, ImportReport

_YEAR_LIKE = re.compile(r"(年度|以降)|^(FY|令和|平成|昭和|大正|明治|[RHSTM])?[0-9元]+年?$", re.IGNORECASE)


@dataclass
class HeaderMap:
    """The columns of a table: where each known column is and what its header says."""

    columns: dict[str, int] = field(default_factory=dict)  # column key → index
    headers: dict[str, str] = field(default_factory=dict)  # column key → the header as written
    years: list[tuple[int, ParsedFiscalYear, str]] = field(default_factory=list)  # index, year, header

    def __contains__(self, key: str) -> bool:
        return key in self.columns

    def header(self, key: str) -> str:
        """The header the user wrote for a column, or the Japanese header when absent."""
        return self.headers.get(key) or BY_KEY[key].japanese

    def cell(self, row: Row, key: str) -> str:
        """The cell of column ``key`` in ``row``; empty when the table has no such column."""
        index = self.columns.get(key)
        return row.get(index) if index is not None else ""


def map_headers(table: Table, report: ImportReport, *, era_start_year: int | None) -> HeaderMap | None:
    """The columns of ``table``, with every header problem in ``report``; ``None`` when the
    table has neither a 施策 column nor section rows that open measures (an error).

    ``era_start_year`` is the first year of the plan, in whose era bare year headers
    (``20年度``) are read."""
    found = HeaderMap()
    seen_years: dict[tuple[int, bool], str] = {}
    # Blank header cells at the end of the header row are not kept: a column with values
    # there has a header too, an empty one, and the same warning as one in the middle.
    # Section rows and cells filled from a merged cell say nothing about a column.
    data_rows = [row for row in table.rows if row.kind == RowKind.DATA]
    width = max([len(table.headers), *(len(row.cells) for row in data_rows)])
    headers = [*table.headers, *[""] * (width - len(table.headers))]
    for index, header in enumerate(headers):
        header_row = table.header_row_of(index)
        if not header:
            if any(row.own(index) for row in data_rows):
                report.warning(
                    _("%(number)s列目には見出しがないため、読み込みません。") % {"number": index + 1},
                    row=table.header_row,
                )
            continue
        column = column_for_header(header)
        if column is not None:
            if column.key in found.columns:
                report.error(
                    _("「%(header)s」は「%(other)s」と同じ項目の列です。どちらか一方にしてください。")
                    % {"header": header, "other": found.headers[column.key]},
                    row=header_row,
                    column=header,
                )
                continue
            found.columns[column.key] = index
            found.headers[column.key] = header
            continue
        if _YEAR_LIKE.search("".join(unicodedata.normalize("NFKC", header).split())):
            try:
                parsed = parse_fiscal_year(header, era_start_year=era_start_year)
            except FiscalYearError as error:
                report.error(str(error), row=header_row, column=header)
                continue
            if (parsed.year, parsed.onwards) in seen_years:
                report.error(
                    _("「%(header)s」は「%(other)s」と同じ年度の列です。")
                    % {"header": header, "other": seen_years[(parsed.year, parsed.onwards)]},
                    row=header_row,
                    column=header,
                )
                continue
            seen_years[(parsed.year, parsed.onwards)] = header
            found.years.append((index, parsed, header))
            report.fiscal_year_headers.append(
                FiscalYearHeader(header, parsed.year, parsed.onwards, parsed.reading)
            )
            continue
        report.warning(
            _("「%(header)s」は計画表の列ではないため、読み込みません。") % {"header": header},
            row=header_row,
            column=header,
        )
    if "measure" not in found.columns and not table.has_measure_sections:
        report.error(
            _(
                "施策の列がありません。見出しが「施策」（または「施策名」「measure」など）の列か、"
                "施策を始める行（「施策1:…」「…［施策番号 1］」など）が必要です。"
            ),
            row=table.header_row,
        )
        return None
    return found
