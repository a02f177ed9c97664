"""The indicator table (指標): its columns, its numbers and where it stands in a file.

Plans list their indicators (成果指標) in a table of their own: one row per indicator, with
its measures, unit, direction, baseline, target and one column per fiscal year holding that
year's value (実績値). Such a table is a sheet named 「指標」 (or ``indicators``) in the plan's
workbook, or a CSV or XLSX file whose header has 「指標名」 (``docs/plan-table-format.md``,
"Indicators"). The columns are :class:`~.columns.Column` like the plan table's, so headers
are matched the same way; years are read by :func:`plans.fiscal_years.parse_fiscal_year`,
as the plan table's schedule columns are.

Numbers are what staff type into Excel: 「3,900」, 「３９００」, 「3,900部」 when the unit is 部.
Anything else is an error: a misread number would grade an indicator wrongly without anyone
noticing, so nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from .. import numbers
from .columns import Column, normalise_header
from .layout import CellProblem, Limits, NoHeaderError, Row, RowKind, Table, TableError
from .report import Reading, RowReading, SkipReason
from .values import CellError

INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("measure_number", "施策番号", ("施策No", "施策NO"), max_length=200),
    Column("indicator", "指標名", ("指標",), required=True, max_length=200),
    Column("unit", "単位", (), max_length=20),
    Column("direction", "方向", ("望ましい方向",), max_length=20),
    Column("baseline_year", "基準年度", (), max_length=20),
    Column("baseline", "基準値", (), max_length=50),
    Column("target_year", "目標年度", (), max_length=20),
    Column("target", "目標値", (), max_length=50),
    Column("indicator_id", "指標ID", ("指標番号",), max_length=50),
)
INDICATOR_BY_KEY: dict[str, Column] = {column.key: column for column in INDICATOR_COLUMNS}
YEAR_CELL_LENGTH = 50  # a value column holds a number, perhaps with its unit

# The sheet of a plan's workbook that holds its indicators, and the headers that make a
# file (or the sheet chosen) an indicator table of its own.
INDICATOR_SHEET_NAMES = ("指標", "indicators")
_SHEET_KEYS = {normalise_header(name) for name in INDICATOR_SHEET_NAMES}
_MARK_HEADERS = {normalise_header(header) for header in ("指標名", "indicator")}
PEEK_ROWS = 20  # rows looked at for the header when deciding what a file holds


def _header_index() -> dict[str, Column]:
    index: dict[str, Column] = {}
    for column in INDICATOR_COLUMNS:
        for header in (column.key, column.japanese, *column.aliases):
            index[normalise_header(header)] = column
    return index


_HEADERS = _header_index()


def indicator_column_for_header(text: str) -> Column | None:
    """The indicator column a header names, in English or any Japanese alias."""
    return _HEADERS.get(normalise_header(text))


def is_indicator_sheet(name: str) -> bool:
    """Whether a workbook's sheet is named as the indicator sheet (「指標」, ``indicators``)."""
    return normalise_header(name) in _SHEET_KEYS


def has_indicator_header(rows: Iterable[Iterable]) -> bool:
    """Whether one of ``rows`` (the first rows of a sheet or file) is an indicator table's
    header: it has 「指標名」 (or ``indicator``)."""
    return any(
        normalise_header(str(cell)) in _MARK_HEADERS for row in rows for cell in row if cell not in (None, "")
    )


# Numbers -------------------------------------------------------------------------------


def parse_number(text: str, unit: str = "") -> Decimal:
    """A number cell, read as department staff's entries are (:mod:`plans.numbers`): digits
    (full-width too), thousands separators, a decimal point, a minus sign, and a trailing
    ``unit`` (「3,900部」 when the unit is 部). Anything else raises :class:`CellError`, worded
    for a table."""
    try:
        value = numbers.parse_number(text, unit=unit)
    except numbers.NumberError as error:
        if error.too_long:
            message = _(
                "「%(text)s」は大きすぎるか、桁が多すぎます。整数部分は12桁まで、小数点以下は4桁までにしてください。"
            )
        elif unit:
            message = _(
                "「%(text)s」は数として読めません。数字で書いてください（例：3,900、12.5）。"
                "単位を付けるときは「単位」の列と同じ「%(unit)s」にしてください。"
            )
        else:
            message = _("「%(text)s」は数として読めません。数字で書いてください（例：3,900、12.5）。")
        raise CellError(message % {"text": text, "unit": unit}) from error
    if value is None:
        raise CellError(_("「%(text)s」は数として読めません。") % {"text": text})
    return value


def plain_number(value: Decimal) -> Decimal:
    """``Decimal("26.8000")`` → ``26.8``, ``Decimal("1000.0000")`` → ``1000`` (never 1E+3)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def format_number(value: Decimal | None) -> str:
    """A number as the import report shows it: 「1,320」, 「26.8」."""
    if value is None:
        return ""
    return f"{plain_number(value):,f}"


def number_cell(value: Decimal | None):
    """A number as an exported workbook holds it: a number cell (so that Excel can add it
    up) that reads back as the same decimal; as text where a float would change it."""
    if value is None:
        return None
    plain = plain_number(value)
    if plain == plain.to_integral_value():
        return int(plain)
    as_float = float(plain)
    if Decimal(repr(as_float)) == plain:
        return as_float
    return f"{plain:f}"


# Where the table is ----------------------------------------------------------------------

_FOOTNOTE = re.compile(r"^(※|＊|\*|注\s*[0-9０-９]*\s*[:：．.、]?|（注）|\(注\))")


def find_indicator_table(rows, *, filename: str, kind: str, limits: Limits) -> Table:
    """The indicator table in ``rows`` (as the reader gives them: number, cells, cells filled
    from merges). The header is the first row with 「指標名」 (or ``indicator``); a title or
    notes above it are skipped, and so are the header repeated, and footnotes (「※…」) below.
    Cells longer than their column allows are problems, as in the plan table."""
    table = Table(filename=filename, format=kind, headers=[], rows=[])
    limits_by_index: list[int] = []
    header_keys: list[str] = []
    last = 0
    below = 0
    for number, cells, copied in rows:
        if number > last + 1:
            table.readings.append(
                RowReading(last + 1, Reading.SKIPPED, reason=SkipReason.BLANK, span=number - last - 1)
            )
        last = number
        texts = [cell for cell in cells if cell]
        if not table.headers:
            if has_indicator_header([cells]):
                if len(cells) > limits.columns:
                    raise TableError(
                        _("列が多すぎます（%(count)s列）。%(limit)s列以下にしてください。")
                        % {"count": len(cells), "limit": limits.columns}
                    )
                table.headers = list(cells)
                table.header_row = number
                table.header_cell_rows = [number] * len(cells)
                header_keys = [normalise_header(cell) for cell in cells]
                for header in cells:
                    column = indicator_column_for_header(header) if header else None
                    limits_by_index.append(column.max_length if column else YEAR_CELL_LENGTH)
                shown = "、".join(f"「{header}」" for header in cells if header)
                table.readings.append(RowReading(number, Reading.HEADER, shown))
            else:
                _skip(table, number, SkipReason.TITLE, texts)
            continue
        below += 1
        if below > limits.rows:
            raise TableError(
                _("行が多すぎます。1つのファイルは%(limit)s行までにしてください。")
                % {"limit": f"{limits.rows:,}"}
            )
        if [normalise_header(cell) for cell in cells] == header_keys[: len(cells)]:
            _skip(table, number, SkipReason.HEADER, texts)
            continue
        if len(texts) == 1 and _FOOTNOTE.match(texts[0]):
            _skip(table, number, SkipReason.FOOTNOTE, texts)
            continue
        for index, cell in enumerate(cells):
            limit = limits_by_index[index] if index < len(limits_by_index) else YEAR_CELL_LENGTH
            if len(cell) > limit:
                table.problems.append(
                    CellProblem(
                        number,
                        table.headers[index] if index < len(table.headers) else "",
                        _("長すぎます（%(length)s文字）。%(limit)s文字以下にしてください。")
                        % {"length": f"{len(cell):,}", "limit": f"{limit:,}"},
                    )
                )
                cells[index] = cell[:limit]
        table.rows.append(Row(number, cells, RowKind.DATA, copied=copied))
    if not table.headers:
        raise NoHeaderError(_("指標の表の見出しの行が見つかりません。見出しの行に「指標名」の列が必要です。"))
    return table


def _skip(table: Table, number: int, reason: SkipReason, texts: list[str]) -> None:
    text = " ".join(texts)
    text = text if len(text) <= 100 else text[:99] + "…"
    table.readings.append(RowReading(number, Reading.SKIPPED, text, reason=reason))
    table.skipped_rows.add(number)
