"""Plan tables made in the tests: real .xlsx files written with openpyxl, and CSV/TSV bytes."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook


def xlsx(
    rows: list[list], *, title: str = "計画表", extra_sheets: dict[str, list[list]] | None = None
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, sheet_rows in (extra_sheets or {}).items():
        other = workbook.create_sheet(name)
        for row in sheet_rows:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def delimited(rows: list[list], *, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(
        ["" if value is None else value for value in row] for row in rows
    )
    return buffer.getvalue().encode(encoding)
