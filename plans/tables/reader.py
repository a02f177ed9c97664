"""Reading a plan-table file (.xlsx, .csv, .tsv) into rows of text.

The reader knows files, not plans: it reads the cells of a file as text, keeps each row's
number as the spreadsheet shows it, fills every merged cell's range with its value (XLSX;
CSV has no merges), skips blank rows and enforces the limits below, and lets :mod:`.layout`
find the table in the rows (the sheet, the header, the data and section rows).
A file it cannot read at all raises :class:`TableError`; problems with single cells
(formulas, cells over the length limit) are collected in :attr:`Table.problems` so that
every one of them is reported.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from .columns import LONG_TEXT
from .indicator_format import PEEK_ROWS, find_indicator_table, has_indicator_header, is_indicator_sheet
from .layout import CellProblem, Limits, NoHeaderError, Row, Table, TableError, choose_sheet, find_table
from .values import clean_text

MAX_FILE_SIZE = 10 * 1024 * 1024  # bytes
MAX_ROWS = 20_000  # rows below the header
MAX_COLUMNS = 200
MAX_CELL_LENGTH = LONG_TEXT  # for columns that columns.py does not name (schedule, unknown)

FORMATS = ("xlsx", "csv", "tsv")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls

# The table's types live with the stage that builds them (layout); callers import them here.
__all__ = [
    "FORMATS",
    "MAX_CELL_LENGTH",
    "MAX_COLUMNS",
    "MAX_FILE_SIZE",
    "MAX_ROWS",
    "CellProblem",
    "Row",
    "Table",
    "TableError",
    "indicator_layout",
    "read_indicator_table",
    "read_table",
]


def read_table(data: bytes, filename: str, *, sheet: str | None = None, finder=find_table) -> Table:
    """Read ``data`` (the file's bytes) as a plan table; ``sheet`` picks an XLSX sheet.
    ``finder`` finds the table in the rows (the indicator table has its own, see
    :func:`read_indicator_table`)."""
    if not data:
        raise TableError(_("ファイルが空です。"))
    if len(data) > MAX_FILE_SIZE:
        raise TableError(
            _("ファイルが大きすぎます（%(size)s MB）。%(limit)s MB以下にしてください。")
            % {"size": f"{len(data) / 1024 / 1024:.1f}", "limit": MAX_FILE_SIZE // 1024 // 1024}
        )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if data.startswith(_OLE_MAGIC):
        raise TableError(_("古いExcel形式（.xls）は読めません。Excelで「.xlsx」形式で保存し直してください。"))
    if data.startswith(_ZIP_MAGIC):
        return _read_xlsx(data, filename, sheet, finder)
    if extension == "xlsx":
        raise TableError(_("「%(name)s」はExcel（.xlsx）のファイルとして読めません。") % {"name": filename})
    if extension not in ("csv", "tsv", "txt", ""):
        raise TableError(
            _("「%(name)s」は読める形式ではありません。.xlsx、.csv、.tsv のファイルを選んでください。")
            % {"name": filename}
        )
    return _read_text(data, filename, extension, finder)


def read_indicator_table(data: bytes, filename: str, *, sheet: str | None = None) -> Table:
    """Read ``data`` as an indicator table (指標): the sheet ``sheet`` of a workbook, or a
    CSV or TSV file (see :mod:`.indicator_format`)."""
    return read_table(data, filename, sheet=sheet, finder=find_indicator_table)


def indicator_layout(data: bytes, filename: str, *, sheet: str | None = None) -> tuple[bool, str | None]:
    """What a file holds of indicators, cheaply: whether the file (or the sheet chosen, by
    default the first) is an indicator table of its own, and the name of the workbook's
    indicator sheet (「指標」) beside it. A file that cannot be opened holds none: the plan
    table's reader then says what is wrong with it."""
    if data.startswith(_ZIP_MAGIC):
        # openpyxl takes about 0.15 s to import: only reading a workbook pays it.
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # any file openpyxl cannot open: read_table says why, in Japanese
            return False, None
        try:
            names = [worksheet.title for worksheet in workbook.worksheets]
            if not names:
                return False, None
            chosen = sheet if sheet in names else names[0]
            if is_indicator_sheet(chosen):
                return True, None
            try:
                first_rows = list(workbook[chosen].iter_rows(max_row=PEEK_ROWS, values_only=True))
            except Exception:  # a damaged sheet: read_table says why
                return False, None
            if has_indicator_header(first_rows):
                return True, None
            return False, next((name for name in names if is_indicator_sheet(name)), None)
        finally:
            workbook.close()
    try:
        text, _encoding = _decode(data, filename)
    except TableError:
        return False, None
    try:
        first_line = next((line for line in text.splitlines() if line.strip()), "")
        delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        first_rows = [row for _number, row in zip(range(PEEK_ROWS), reader, strict=False)]
    except csv.Error:
        return False, None
    return has_indicator_header(first_rows), None


# Text files ----------------------------------------------------------------------------


def _decode(data: bytes, filename: str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        if data.startswith(b"\xef\xbb\xbf"):
            try:
                return data[3:].decode("utf-8"), "utf-8-sig"
            except UnicodeDecodeError:
                pass
        else:
            for encoding in ("utf-8", "cp932"):
                try:
                    return data.decode(encoding), encoding
                except UnicodeDecodeError:
                    continue
    raise TableError(
        _(
            "「%(name)s」は文字のファイルとして読めません。CSV・TSVは UTF-8 か Shift_JIS で保存してください"
            "（Excelのファイルは .xlsx のまま選んでください）。"
        )
        % {"name": filename}
    )


def _read_text(data: bytes, filename: str, extension: str, finder=find_table) -> Table:
    text, encoding = _decode(data, filename)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if (
        extension == "tsv"
        or (extension != "csv" and "\t" in first_line)
        or ("\t" in first_line and "," not in first_line)
    ):
        delimiter, kind = "\t", "tsv"
    else:
        delimiter, kind = ",", "csv"
    if any(ord(char) < 32 and char not in "\t\n\r" for char in text[:4096]):
        raise TableError(_("「%(name)s」は文字のファイルとして読めません。") % {"name": filename})
    try:
        records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        numbered = ((number, list(record)) for number, record in enumerate(records, start=1))
        table = _collect(numbered, filename=filename, kind=kind, finder=finder)
    except csv.Error as error:
        raise TableError(
            _("「%(name)s」を%(kind)sとして読めません：%(error)s")
            % {"name": filename, "kind": kind.upper(), "error": error}
        ) from error
    table.encoding = encoding
    return table


# XLSX ----------------------------------------------------------------------------------


def _read_xlsx(data: bytes, filename: str, sheet: str | None, finder=find_table) -> Table:
    # openpyxl takes about 0.15 s to import: only reading a workbook pays it.
    from openpyxl import load_workbook
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise TableError(
            _("「%(name)s」はExcel（.xlsx）のファイルとして読めません。") % {"name": filename}
        ) from error
    try:
        # Chart sheets hold no cells: only worksheets can be chosen.
        worksheets = [worksheet.title for worksheet in workbook.worksheets]
        if sheet and sheet in workbook.sheetnames and sheet not in worksheets:
            raise TableError(
                _("シート「%(sheet)s」はグラフのシートで、表がありません。表のあるシート：%(sheets)s")
                % {"sheet": sheet, "sheets": "、".join(worksheets)}
            )
        if not worksheets:
            raise TableError(_("「%(name)s」には表のシートがありません。") % {"name": filename})
        name = choose_sheet(worksheets, sheet)
        worksheet = workbook[name] if name is not None else workbook.worksheets[0]
        problems: list[tuple[int, int, str]] = []  # row, column index, coordinate
        try:
            merges = _merged_ranges(worksheet)
        except (KeyError, ValueError, TypeError, SyntaxError, zipfile.BadZipFile) as error:
            raise TableError(
                _("「%(name)s」はExcel（.xlsx）のファイルとして読めません。") % {"name": filename}
            ) from error

        def rows():
            for number, cells in enumerate(worksheet.iter_rows(), start=1):
                values = []
                for index, cell in enumerate(cells):
                    value = cell.value
                    if getattr(cell, "data_type", None) == "f" or isinstance(
                        value, ArrayFormula | DataTableFormula
                    ):
                        problems.append((number, index, cell.coordinate))
                        value = None
                    values.append(value)
                yield number, values

        try:
            table = _collect(rows(), filename=filename, kind="xlsx", merges=merges, finder=finder)
        except NoHeaderError as error:
            others = [other for other in worksheets if other != worksheet.title]
            if others:
                raise NoHeaderError(
                    _(
                        "シート「%(sheet)s」：%(error)s "
                        "別のシート（%(sheets)s）の表なら、そのシートを選んでください。"
                    )
                    % {"sheet": worksheet.title, "error": error, "sheets": "、".join(others)}
                ) from error
            raise
        except TableError:
            raise
        except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as error:
            raise TableError(
                _("「%(name)s」はExcel（.xlsx）のファイルとして読めません。") % {"name": filename}
            ) from error
        table.sheet = worksheet.title
        for number, index, coordinate in problems:
            if number < table.header_row or number in table.skipped_rows:
                continue
            header = table.headers[index] if index < len(table.headers) else ""
            table.problems.append(
                CellProblem(
                    number,
                    header,
                    _("セル%(cell)sは数式です。数式は読み込めません。値として貼り付けてください。")
                    % {"cell": coordinate},
                )
            )
        table.problems.sort(key=lambda problem: problem.row)
        return table
    finally:
        workbook.close()


Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)


def _merged_ranges(worksheet) -> list[Merge]:
    """The merged ranges of a worksheet, first rows first.

    A read-only worksheet (which keeps memory flat for large files) does not read the
    sheet's <mergeCells>; they stand after the cells, so the sheet's XML is read once more
    for them alone, with the parser openpyxl itself uses. On 2,000 rows this costs about a
    tenth of a second and no memory to speak of, where loading the whole workbook to get
    ``worksheet.merged_cells`` costs several times the file's size in memory."""
    # openpyxl is imported only when a workbook is read (see _read_xlsx).
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.xml.functions import iterparse

    merges: list[Merge] = []
    source = worksheet._get_source()  # the sheet's XML in the workbook's archive
    try:
        for _event, element in iterparse(source):
            if element.tag.rpartition("}")[2] == "mergeCell" and element.get("ref"):
                first_column, first_row, last_column, last_row = range_boundaries(element.get("ref"))
                if first_row and first_column:
                    merges.append(
                        (first_row, first_column, last_row or first_row, last_column or first_column)
                    )
            element.clear()
    finally:
        source.close()
    merges.sort()
    return merges


def _fill_merges(
    numbered_rows: Iterable[tuple[int, list[str]]], merges: list[Merge]
) -> Iterator[tuple[int, list[str], dict[int, tuple[int, int]]]]:
    """Each row with every merged range's value in all of its cells, and which cells were
    filled so (index → row and index of the value). Ranges reach at most ``MAX_COLUMNS``
    columns: a merge across a whole row adds no column to the table."""
    pending = iter(merges)
    upcoming = next(pending, None)
    active: list[Merge] = []
    values: dict[tuple[int, int], str] = {}
    for number, cells in numbered_rows:
        while upcoming is not None and upcoming[0] <= number:
            active.append(upcoming)
            upcoming = next(pending, None)
        active = [merge for merge in active if merge[2] >= number]
        copied: dict[int, tuple[int, int]] = {}
        for first_row, first_column, _last_row, last_column in active:
            origin = (first_row, first_column - 1)
            if first_row == number:
                values[origin] = cells[origin[1]] if origin[1] < len(cells) else ""
            value = values.get(origin, "")
            if not value:
                continue
            last = min(last_column, MAX_COLUMNS)
            if len(cells) < last:
                cells.extend([""] * (last - len(cells)))
            for index in range(first_column - 1, last):
                if (number, index) != origin:
                    cells[index] = value
                    copied[index] = origin
        yield number, cells, copied


def _cell_rows(numbered_rows: Iterable[tuple[int, list]]) -> Iterator[tuple[int, list[str]]]:
    """Each row's cells as text (see ``values.clean_text``)."""
    for number, raw in numbered_rows:
        yield number, [clean_text(value) for value in raw]


def _without_blanks(rows: Iterable[tuple[int, list[str], dict]]) -> Iterator[tuple[int, list[str], dict]]:
    """The rows without the blank cells at their end; blank rows are left out."""
    for number, cells, copied in rows:
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            yield number, cells, copied


def _collect(
    numbered_rows, *, filename: str, kind: str, merges: list[Merge] | None = None, finder=find_table
) -> Table:
    # The limits are read here, when the file is read, so that they can be changed (tests).
    limits = Limits(rows=MAX_ROWS, columns=MAX_COLUMNS, cell_length=MAX_CELL_LENGTH)
    rows = _cell_rows(numbered_rows)
    filled = _fill_merges(rows, merges) if merges else ((number, cells, {}) for number, cells in rows)
    return finder(_without_blanks(filled), filename=filename, kind=kind, limits=limits)
