"""Reading plan-table files: formats, encodings, row numbers and limits."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from plans.tables import reader
from plans.tables.reader import MAX_FILE_SIZE, TableError, read_table

from .sheets import delimited, xlsx

ROWS = [
    ["施策番号", "施策", "事業名", "担当"],
    ["1", "市民参加の機会の拡充", "審議会等への公募委員の登用", "市民協働推進課、広報課"],
    ["1", "市民参加の機会の拡充", "まちづくり懇談会の開催", "広聴課"],
]


def test_xlsx_keeps_the_row_numbers_excel_shows_and_skips_blank_rows():
    data = xlsx([[], ["", None], *ROWS[:2], [None, None, None], ROWS[2]])
    table = read_table(data, "計画表.xlsx")
    assert table.format == "xlsx"
    assert table.sheet == "計画表"
    assert table.header_row == 3
    assert table.headers == ["施策番号", "施策", "事業名", "担当"]
    assert [row.number for row in table.rows] == [4, 6]
    assert table.rows[1].cells == ["1", "市民参加の機会の拡充", "まちづくり懇談会の開催", "広聴課"]


def test_numbers_in_xlsx_cells_read_as_the_text_people_typed():
    table = read_table(xlsx([["施策番号", "施策"], [32, "協働の推進"], [1.0, "市民参加"]]), "a.xlsx")
    assert [row.cells[0] for row in table.rows] == ["32", "1"]


def test_a_named_sheet_is_read_and_an_unknown_one_is_an_error_listing_the_sheets():
    data = xlsx([["メモ"]], title="表紙", extra_sheets={"実施事業": ROWS})
    assert read_table(data, "a.xlsx", sheet="実施事業").rows[0].cells[2] == "審議会等への公募委員の登用"
    # The first sheet holds no table: the error names the sheet read and the others.
    with pytest.raises(
        TableError, match="シート「表紙」：計画表の見出しの行が見つかりません。.*別のシート（実施事業）"
    ):
        read_table(data, "a.xlsx")
    with pytest.raises(TableError, match="シート「進捗」がありません。あるシート：表紙、実施事業"):
        read_table(data, "a.xlsx", sheet="進捗")


def test_a_chart_sheet_is_refused_with_the_sheets_that_hold_a_table():
    """A workbook printed with a chart: the chart's own sheet holds no cells."""
    workbook = Workbook()
    table_sheet = workbook.active
    table_sheet.title = "実施事業"
    for row in ROWS:
        table_sheet.append(row)
    chart = BarChart()
    chart.add_data(Reference(table_sheet, min_col=1, min_row=1, max_row=2))
    chart_sheet = workbook.create_chartsheet("グラフ", 0)  # first in the workbook
    chart_sheet.add_chart(chart)
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()

    with pytest.raises(
        TableError, match="シート「グラフ」はグラフのシートで、表がありません。表のあるシート：実施事業"
    ):
        read_table(data, "a.xlsx", sheet="グラフ")
    # With no sheet named, the first sheet that holds a table is read.
    assert read_table(data, "a.xlsx").rows[0].cells[2] == "審議会等への公募委員の登用"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_encodings_are_detected(encoding):
    table = read_table(delimited(ROWS, encoding=encoding), "plan.csv")
    assert table.encoding == encoding
    assert table.format == "csv"
    assert table.headers == ROWS[0]
    assert table.rows[0].cells == ROWS[1]
    assert [row.number for row in table.rows] == [2, 3]


def test_tsv_and_line_breaks_inside_quoted_cells():
    rows = [["施策", "事業名", "担当"], ["協働の推進", "協働カフェ", "市民協働推進課\n広報課"]]
    table = read_table(delimited(rows, delimiter="\t", encoding="cp932"), "plan.tsv")
    assert table.format == "tsv"
    assert table.rows[0].cells[2] == "市民協働推進課\n広報課"


def test_a_tab_separated_file_named_csv_is_read_by_its_content():
    rows = [["施策", "事業名"], ["協働の推進", "協働カフェ"]]
    table = read_table(delimited(rows, delimiter="\t"), "plan.csv")
    assert table.format == "tsv"
    assert table.rows[0].cells == ["協働の推進", "協働カフェ"]


def test_an_xlsx_file_named_csv_is_read_as_xlsx():
    assert read_table(xlsx(ROWS), "plan.csv").format == "xlsx"


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "plan.csv", "ファイルが空です"),
        (bytes(range(256)) * 8, "plan.csv", "文字のファイルとして読めません"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "plan.csv", "文字のファイルとして読めません"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "plan.xls", "古いExcel形式"),
        (b"PK\x03\x04 this is no workbook", "plan.xlsx", "Excel（.xlsx）のファイルとして読めません"),
        (b"not a workbook", "plan.xlsx", "Excel（.xlsx）のファイルとして読めません"),
        (b"%PDF-1.4", "plan.pdf", "読める形式ではありません"),
        (b"\r\n,,\r\n\r\n", "plan.csv", "見出しの行もデータもありません"),
    ],
)
def test_unreadable_files_are_errors_not_crashes(data, filename, message):
    with pytest.raises(TableError, match=message):
        read_table(data, filename)


def test_an_empty_workbook_is_an_error():
    with pytest.raises(TableError, match="見出しの行もデータもありません"):
        read_table(xlsx([]), "plan.xlsx")


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(TableError, match="10 MB以下"):
        read_table(b"a" * (MAX_FILE_SIZE + 1), "plan.csv")


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    rows = [["施策", "事業名"]] + [["協働の推進", f"事業{n}"] for n in range(3)]
    assert len(read_table(delimited(rows), "plan.csv").rows) == 3
    with pytest.raises(TableError, match="3行まで"):
        read_table(delimited([*rows, ["協働の推進", "事業4"]]), "plan.csv")


def test_a_cell_over_its_column_limit_is_a_problem_with_row_and_header():
    rows = [["施策番号", "施策", "事業名"], ["1" * 21, "協働の推進", "協働カフェ"]]
    table = read_table(delimited(rows), "plan.csv")
    [problem] = table.problems
    assert (problem.row, problem.column) == (2, "施策番号")
    assert "21文字" in problem.text and "20文字以下" in problem.text


def test_formula_cells_are_problems_naming_the_cell():
    workbook = Workbook()
    sheet = workbook.active
    for row in ROWS:
        sheet.append(row)
    for _n in range(9):
        sheet.append(["1", "市民参加の機会の拡充", "事業", "広聴課"])
    sheet["D12"] = "=B2&C2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "plan.xlsx")
    [problem] = table.problems
    assert (problem.row, problem.column) == (12, "担当")
    assert "D12" in problem.text and "数式" in problem.text
    assert table.rows[-1].number == 12
    assert table.rows[-1].get(3) == ""
