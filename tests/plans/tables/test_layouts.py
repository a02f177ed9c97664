"""Sheets laid out like the printed plan (plan-table-format.md): a title and a legend above a
two-row header, section rows that open measures and groups, repeated headers, combined
actor marks and footnotes, in XLSX (with merged cells) and in CSV (UTF-8 and Shift_JIS,
the same rows without merges). Every test imports the sheet and looks at what a person
would see: the stored plan, and the report's row-by-row reading."""

from __future__ import annotations

import io

from django.urls import reverse

import pytest
from openpyxl import Workbook

from plans.models import ActionItemPage, MeasurePage, PlanImport, PlanPage
from plans.services.imports import import_plan_file
from plans.tables.reader import read_table
from plans.tables.report import ImportReport, Level, render_text
from plans.tables.sections import area_section
from plans.tables.stored import department_rows, schedule_rows
from plans.vocabularies import Actor, DepartmentRole, Phase

from .sheets import delimited
from .test_import import footprint

PLAN_TITLE = "青葉市協働推進アクションプラン"
TITLE = "協働推進アクションプラン（平成20年度～24年度）"
LEGEND = "★市民が主体 ●市が主体 ◎市民と市が主体"
WIDTH = 10  # columns A to J
UPPER = ["No", "取組名", "内容", "主体", "担当課", "実施スケジュール"]
LOWER = [None] * 5 + ["20年度", "21年度", "22年度", "23年度", "24年度以降"]
MEASURE_1 = "施策1:協働(共働)の意識を高める"
MEASURE_2 = "施策２：協働の仕組みをつくる"  # full-width digit and colon
GROUP_1 = "■市民への情報提供と意識啓発"
GROUP_2 = "■職員の意識改革"
GROUP_3 = "■協働事業提案制度"
FOOTNOTE_1 = "※主体の欄の「★ ◎」は、市民が主体となり市と協働して進める取組です。"
FOOTNOTE_2 = "注 スケジュールの「→」は、前の年度の取組を続けることを表します。"


def item(number, title, text, actor, departments, *phases):
    return [number, title, text, actor, departments, *phases]


# The action plan as printed: (row values, merged ranges of that row as Excel writes them).
ACTION_PLAN: list[tuple[list, list[str]]] = [
    ([TITLE], ["A{r}:J{r}"]),
    ([], []),
    ([None, None, None, None, LEGEND], ["E{r}:J{r}"]),
    (UPPER, ["A{r}:A{n}", "B{r}:B{n}", "C{r}:C{n}", "D{r}:D{n}", "E{r}:E{n}", "F{r}:J{r}"]),
    (LOWER, []),
    ([MEASURE_1], ["A{r}:J{r}"]),
    ([GROUP_1], ["A{r}:J{r}"]),
    (
        item(
            "1",
            "協働事例集の作成・配布",
            "市民と市の協働事例を集めた事例集を作り、市民活動団体や自治会に配ります。",
            "◎",
            "市民協働推進課",
            "検討",
            "実施",
            "→",
            "→",
            "継続",
        ),
        [],
    ),
    (
        item(
            "2",
            "協働ハンドブックの作成",
            "協働の進め方をまとめたハンドブックを作ります。",
            "●",
            "市民協働推進課、広報課",
            "検討",
            "実施",
            "継続",
            "継続",
            "継続",
        ),
        [],
    ),
    (UPPER, ["A{r}:A{n}", "B{r}:B{n}", "C{r}:C{n}", "D{r}:D{n}", "E{r}:E{n}", "F{r}:J{r}"]),
    (LOWER, []),
    ([GROUP_2], ["A{r}:J{r}"]),
    (
        item(
            "3",
            "職員向け協働研修の実施",
            "新任職員と管理職を対象に、協働の研修を行います。",
            "★ ◎",
            "人事課\n市民協働推進課",
            "実施",
            "継続",
            "継続",
            "継続",
            "継続",
        ),
        [],
    ),
    ([MEASURE_2], ["A{r}:J{r}"]),
    ([GROUP_3], ["A{r}:J{r}"]),
    (
        item(
            "4",
            "協働事業提案制度の創設",
            "市民活動団体から協働事業の提案を受け付ける制度をつくります。",
            "◎",
            "市民協働推進課",
            "検討",
            "準備",
            "実施",
            "継続",
            "継続",
        ),
        [],
    ),
    (
        item(
            "5",
            "協働事業の評価",
            "協働で行った事業を市民と市がともに振り返ります。",
            "★◎",
            "市民協働推進課",
            None,
            "検討",
            "実施",
            "実施",
            "継続",
        ),
        [],
    ),
    ([FOOTNOTE_1], ["A{r}:J{r}"]),
    ([FOOTNOTE_2], ["A{r}:J{r}"]),
]


def action_plan_rows() -> list[list]:
    return [values for values, _merges in ACTION_PLAN]


def workbook_bytes(rows: list[list], merges: list[str] = ()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "アクションプラン"
    for values in rows:
        sheet.append(values)
    for merged in merges:
        sheet.merge_cells(merged)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def action_plan_xlsx() -> bytes:
    merges = [
        merged.format(r=number, n=number + 1)
        for number, (_values, row_merges) in enumerate(ACTION_PLAN, start=1)
        for merged in row_merges
    ]
    return workbook_bytes(action_plan_rows(), merges)


SHEETS = {
    "xlsx": (action_plan_xlsx, "アクションプラン.xlsx"),
    "csv-utf-8": (lambda: delimited(action_plan_rows(), encoding="utf-8"), "アクションプラン.csv"),
    "csv-cp932": (lambda: delimited(action_plan_rows(), encoding="cp932"), "アクションプラン.csv"),
}


def import_action_plan(kind: str, **options) -> ImportReport:
    make, filename = SHEETS[kind]
    return import_plan_file(
        make(), filename, plan_title=PLAN_TITLE, create=True, period=(2008, 2012), **options
    )


def readings(report: ImportReport) -> list[tuple]:
    return [(r.row, str(r.reading), r.reason, r.number, r.text) for r in report.readings]


# The action plan, end to end ------------------------------------------------------------


@pytest.mark.parametrize("kind", list(SHEETS))
def test_the_printed_action_plan_is_stored_as_its_sections_say(tree, departments, kind):
    report = import_action_plan(kind, publish=True)
    assert not report.has_errors, render_text(report)
    plan = PlanPage.objects.get(title=PLAN_TITLE)
    assert (plan.period_start, plan.period_end) == (2008, 2012)

    measures = list(MeasurePage.objects.child_of(plan).order_by("path"))
    assert [(m.number, m.title) for m in measures] == [
        ("1", "協働(共働)の意識を高める"),
        ("2", "協働の仕組みをつくる"),
    ]
    items = {
        measure.number: [
            (i.number, i.title, i.group, i.actor)
            for i in ActionItemPage.objects.child_of(measure).order_by("path")
        ]
        for measure in measures
    }
    assert items == {
        "1": [
            ("1", "協働事例集の作成・配布", GROUP_1, Actor.JOINT),
            ("2", "協働ハンドブックの作成", GROUP_1, Actor.CITY),
            ("3", "職員向け協働研修の実施", GROUP_2, Actor.CITIZEN),  # 「★ ◎」: the first mark
        ],
        "2": [
            ("4", "協働事業提案制度の創設", GROUP_3, Actor.JOINT),
            ("5", "協働事業の評価", GROUP_3, Actor.CITIZEN),  # 「★◎」
        ],
    }
    casebook = ActionItemPage.objects.get(plan=plan, number="1")
    assert schedule_rows(casebook) == {
        2008: (Phase.STUDY, False),
        2009: (Phase.IMPLEMENT, False),
        2010: (Phase.IMPLEMENT, False),  # →
        2011: (Phase.IMPLEMENT, False),
        2012: (Phase.CONTINUE, True),  # 24年度以降
    }
    assert schedule_rows(ActionItemPage.objects.get(plan=plan, number="5")) == {
        2009: (Phase.STUDY, False),
        2010: (Phase.IMPLEMENT, False),
        2011: (Phase.IMPLEMENT, False),
        2012: (Phase.CONTINUE, True),
    }
    training = ActionItemPage.objects.get(plan=plan, number="3")
    assert [(row.department.name, row.role) for row in training.departments.order_by("sort_order")] == [
        ("人事課", DepartmentRole.LEAD),
        ("市民協働推進課", DepartmentRole.PARTNER),
    ]
    assert report.departments_to_create == ["人事課"]
    assert all(page.live for page in [*measures, casebook, training])


@pytest.mark.parametrize("kind", list(SHEETS))
def test_the_report_says_how_each_row_of_the_action_plan_was_read(tree, departments, kind):
    report = import_action_plan(kind, dry_run=True)
    assert not report.has_errors, render_text(report)
    header = "、".join(f"「{cell}」" for cell in [*UPPER[:5], *LOWER[5:]])
    assert readings(report) == [
        (1, "skipped", "title", "", TITLE),
        (2, "skipped", "blank", "", ""),
        (3, "skipped", "legend", "", LEGEND),
        (4, "header", "", "", header),
        (5, "header", "second", "", ""),
        (6, "measure", "", "1", "協働(共働)の意識を高める"),
        (7, "group", "", "", GROUP_1),
        (8, "item", "", "", ""),
        (9, "item", "", "", ""),
        (10, "skipped", "header", "", "No 取組名 内容 主体 担当課 実施スケジュール"),
        (11, "skipped", "header", "", "20年度 21年度 22年度 23年度 24年度以降"),
        (12, "group", "", "", GROUP_2),
        (13, "item", "", "", ""),
        (14, "measure", "", "2", "協働の仕組みをつくる"),
        (15, "group", "", "", GROUP_3),
        (16, "item", "", "", ""),
        (17, "item", "", "", ""),
        (18, "skipped", "footnote", "", FOOTNOTE_1),
        (19, "skipped", "footnote", "", FOOTNOTE_2),
    ]
    # The section rows create the measures; the items belong to them.
    assert [(r.row, r.measure_number, r.measure_title, r.item_title) for r in report.rows] == [
        (6, "1", "協働(共働)の意識を高める", ""),
        (8, "1", "協働(共働)の意識を高める", "協働事例集の作成・配布"),
        (9, "1", "協働(共働)の意識を高める", "協働ハンドブックの作成"),
        (13, "1", "協働(共働)の意識を高める", "職員向け協働研修の実施"),
        (14, "2", "協働の仕組みをつくる", ""),
        (16, "2", "協働の仕組みをつくる", "協働事業提案制度の創設"),
        (17, "2", "協働の仕組みをつくる", "協働事業の評価"),
    ]
    # Combined marks: the first is the actor, and the report says so for each row.
    assert [(m.row, m.column, m.text) for m in report.messages if m.level == Level.INFO] == [
        (13, "主体", "主体の欄に「★ ◎」と印が複数あるため、最初の「★」（市民）を主体としました。"),
        (17, "主体", "主体の欄に「★◎」と印が複数あるため、最初の「★」（市民）を主体としました。"),
    ]
    assert not report.warnings

    lines = render_text(report)
    start = lines.index("シートの読み方：")
    assert lines[start + 1 : start + 21] == [
        f"  1行目：読み飛ばし（見出しより上の表題など）　「{TITLE}」",
        "  2行目：読み飛ばし（空の行）",
        f"  3行目：読み飛ばし（凡例）　「{LEGEND}」",
        f"  4行目：見出し　{header}",
        "  5行目：見出し（上の行と合わせて1つの見出し）",
        "  6行目：施策　1「協働(共働)の意識を高める」",
        f"  7行目：取組方針　「{GROUP_1}」",
        "  8〜9行目（2行）：事業",
        "  10行目：読み飛ばし（見出しの繰り返し）　「No 取組名 内容 主体 担当課 実施スケジュール」",
        "  11行目：読み飛ばし（見出しの繰り返し）　「20年度 21年度 22年度 23年度 24年度以降」",
        f"  12行目：取組方針　「{GROUP_2}」",
        "  13行目：事業",
        "  14行目：施策　2「協働の仕組みをつくる」",
        f"  15行目：取組方針　「{GROUP_3}」",
        "  16〜17行目（2行）：事業",
        f"  18行目：読み飛ばし（注記）　「{FOOTNOTE_1}」",
        f"  19行目：読み飛ばし（注記）　「{FOOTNOTE_2}」",
        "年度の見出しの読み方：",
        "  「20年度」→「平成20年度（2008年度）」",
        "  「21年度」→「平成21年度（2009年度）」",
    ]
    # The reading survives the report's storage (the admin screen reads it back).
    assert ImportReport.from_dict(report.to_dict()).readings == report.readings


@pytest.mark.parametrize("kind", list(SHEETS))
def test_importing_the_action_plan_again_changes_nothing(tree, departments, kind):
    assert not import_action_plan(kind, publish=True).has_errors
    before = footprint()
    plan = PlanPage.objects.get(title=PLAN_TITLE)
    make, filename = SHEETS[kind]
    again = import_plan_file(make(), filename, plan=plan, publish=True)
    assert not again.has_errors, render_text(again)
    assert not again.has_changes, render_text(again)
    assert {(r.measure_action, r.item_action) for r in again.rows} == {
        ("unchanged", None),
        ("unchanged", "unchanged"),
    }
    assert footprint() == before


def test_the_csv_and_the_xlsx_of_the_action_plan_are_the_same_plan(tree, departments):
    """The CSV holds the merged cells' values only in their first cell: the sheet reads the
    same, so importing the CSV over the plan the XLSX made changes nothing."""
    assert not import_action_plan("xlsx", publish=True).has_errors
    plan = PlanPage.objects.get(title=PLAN_TITLE)
    make, filename = SHEETS["csv-cp932"]
    report = import_plan_file(make(), filename, plan=plan, dry_run=True)
    assert not report.has_errors and not report.has_changes, render_text(report)


# Each feature on its own ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "title"),
    [
        ("施策1:協働(共働)の意識を高める", "1", "協働(共働)の意識を高める"),
        ("施策１：協働(共働)の意識を高める", "1", "協働(共働)の意識を高める"),
        ("施策 3　市民活動の支援", "3", "市民活動の支援"),
        (
            "●市民参加を進めるための庁内の仕組みづくり [施策番号 32]",
            "32",
            "市民参加を進めるための庁内の仕組みづくり",
        ),
        ("❷分野別センターの機能強化 [施策番号33]", "33", "分野別センターの機能強化"),
        ("③協働のルールづくり", "", "協働のルールづくり"),  # a circled number counts, not numbers
        ("市民活動センターの運営［施策番号 7］", "7", "市民活動センターの運営"),
    ],
)
@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_a_section_row_opens_a_measure_with_the_number_its_title_gives(
    tree, text, number, title, file_format
):
    rows = [
        ["番号", "事業名", "担当課", "主体"],
        [text],
        ["1", "市民活動団体との意見交換会", "市民協働推進課", "◎"],
    ]
    data = workbook_bytes(rows, ["A2:D2"]) if file_format == "xlsx" else delimited(rows, encoding="utf-8-sig")
    report = import_plan_file(
        data, f"plan.{file_format}", plan_title=PLAN_TITLE, create=True, period=(2024, 2028), publish=True
    )
    assert not report.has_errors, render_text(report)
    assert readings(report)[1] == (2, "measure", "", number, title)
    measure = MeasurePage.objects.get(plan__title=PLAN_TITLE)
    assert (measure.number, measure.title) == (number, title)
    assert ActionItemPage.objects.child_of(measure).get().title == "市民活動団体との意見交換会"


def test_a_section_row_with_two_different_numbers_is_an_error_naming_it(tree):
    rows = [
        ["番号", "事業名", "担当課"],
        ["施策2:協働の仕組みをつくる [施策番号 5]"],
        ["1", "協働事業提案制度の創設", "市民協働推進課"],
    ]
    before = footprint()
    report = import_plan_file(
        delimited(rows), "plan.csv", plan_title=PLAN_TITLE, create=True, period=(2024, 2028)
    )
    assert [(m.row, m.text) for m in report.errors][0] == (
        2,
        "施策の番号が「施策2」と「施策番号 5」の2つ書かれています。どちらか一方にしてください。",
    )
    assert readings(report)[1] == (2, "unread", "", "", "")
    assert footprint() == before


def test_a_title_and_legend_above_the_header_are_not_taken_for_it(sample_plan):
    """The legend names the actor marks (★●◎): it still is no header."""
    rows = [
        ["協働推進アクションプラン"],
        ["★市民が主体", "●市が主体", "◎市民と市が主体"],
        ["施策", "事業名", "主体"],
        ["協働事業提案制度の推進", "協働事業提案制度の実施", "★"],
    ]
    report = import_plan_file(delimited(rows), "plan.csv", plan=sample_plan.plan, dry_run=True)
    assert not report.has_errors, render_text(report)
    assert [(r.row, str(r.reading), r.reason) for r in report.readings] == [
        (1, "skipped", "title"),
        (2, "skipped", "legend"),
        (3, "header", ""),
        (4, "item", ""),
    ]


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (["凡例：○新規 ◎充実"], "legend"),
        (["【凡例】", "★市民が主体", "●市が主体", "◎市民と市が主体"], "legend"),
        (["★：市民が主体　●：市が主体　◎：市民と市が主体"], "legend"),
        (["※令和6年度末の見込みです。"], "footnote"),
        (["＊印の事業は再掲です。"], "footnote"),
        (["注1 担当課は令和6年4月の組織によります。"], "footnote"),
        (["（注）", "スケジュールは予定です。"], "footnote"),
        (["施策", "事業名", "主体"], "header"),
    ],
)
def test_legends_footnotes_and_repeated_headers_below_the_header_are_skipped(sample_plan, cells, reason):
    rows = [
        ["施策", "事業名", "主体"],
        ["協働事業提案制度の推進", "協働事業提案制度の実施", "★"],
        cells,
        ["協働事業提案制度の推進", "提案事業の成果報告会", "◎"],
    ]
    report = import_plan_file(delimited(rows), "plan.csv", plan=sample_plan.plan, dry_run=True)
    assert not report.has_errors and not report.warnings, render_text(report)
    assert [(r.row, str(r.reading), r.reason) for r in report.readings] == [
        (1, "header", ""),
        (2, "item", ""),
        (3, "skipped", reason),
        (4, "item", ""),
    ]


def test_item_rows_that_look_like_legends_or_notes_are_items(sample_plan):
    """Marks beside an item's cells, a title starting with 注 or with 「施策3の」 make no legend,
    note or section row."""
    rows = [
        ["主体", "施策", "事業名", "担当課"],
        ["★", "協働事業提案制度の推進", "注目の協働事業の紹介", "広報課"],
        ["◎", "協働事業提案制度の推進", "協働事業提案制度の実施", "市民協働推進課"],
        [None, None, "施策3の推進に向けた職員研修"],  # alone in its row, and still an item
    ]
    report = import_plan_file(delimited(rows), "plan.csv", plan=sample_plan.plan, dry_run=True)
    assert not report.has_errors, render_text(report)
    assert [str(r.reading) for r in report.readings] == ["header", "item", "item", "item"]
    assert [r.item_title for r in report.rows] == [
        "注目の協働事業の紹介",
        "協働事業提案制度の実施",
        "施策3の推進に向けた職員研修",
    ]


def test_a_two_row_header_in_csv_reads_the_years_below_the_schedule_heading(sample_plan):
    rows = [
        ["施策", "事業名", "実施スケジュール", "", ""],
        ["", "", "令和6年度", "令和7年度", "令和8年度以降"],
        ["協働事業提案制度の推進", "協働事業提案制度の実施", "実施", "継続", "継続"],
    ]
    table = read_table(delimited(rows, encoding="cp932"), "plan.csv")
    assert table.headers == ["施策", "事業名", "令和6年度", "令和7年度", "令和8年度以降"]
    assert table.header_cell_rows == [1, 1, 2, 2, 2]
    report = import_plan_file(
        delimited(rows, encoding="cp932"), "plan.csv", plan=sample_plan.plan, publish=True
    )
    assert not report.has_errors and not report.warnings, render_text(report)
    item = ActionItemPage.objects.get(pk=sample_plan.proposal_system.pk)
    assert schedule_rows(item) == {
        2024: (Phase.IMPLEMENT, False),
        2025: (Phase.CONTINUE, False),
        2026: (Phase.CONTINUE, True),
    }


def test_merged_cells_fill_their_range_in_the_rows_below_the_header(tree, departments):
    """A phase merged across the years (a bar in the printed plan) is each year's phase; a
    department merged down two rows is each row's department."""
    rows = [
        ["施策", "事業名", "担当課", "令和6年度", "令和7年度", "令和8年度"],
        ["協働の意識を高める", "協働事例集の作成・配布", "市民協働推進課", "検討", "実施"],
        [None, "協働ハンドブックの作成", None, "実施"],
    ]
    data = workbook_bytes(rows, ["A2:A3", "C2:C3", "E2:F2", "D3:F3"])
    report = import_plan_file(data, "plan.xlsx", plan_title=PLAN_TITLE, create=True, publish=True)
    assert not report.has_errors and not report.warnings, render_text(report)
    measure = MeasurePage.objects.get(plan__title=PLAN_TITLE)
    casebook, handbook = ActionItemPage.objects.child_of(measure).order_by("path")
    assert schedule_rows(casebook) == {
        2024: (Phase.STUDY, False),
        2025: (Phase.IMPLEMENT, False),
        2026: (Phase.IMPLEMENT, False),
    }
    assert schedule_rows(handbook) == dict.fromkeys((2024, 2025, 2026), (Phase.IMPLEMENT, False))
    assert (
        department_rows(handbook)
        == department_rows(casebook)
        == [(departments.kyodo.pk, DepartmentRole.LEAD)]
    )
    # The merged 施策 cell names the measure on both rows: no "same as above" note is needed.
    assert not [m for m in report.messages if m.level == Level.INFO]


def test_a_measure_column_merged_down_beside_section_rows_keeps_the_sections_number(tree):
    """The 施策 column merged down the measure's rows, with a 「施策1:…」 row above them: the
    rows are the section's measure, number and all."""
    rows = [
        ["施策", "取組方針", "事業名"],
        ["施策1:協働(共働)の意識を高める"],
        ["協働(共働)の意識を高める", GROUP_1, "協働事例集の作成・配布"],
        [None, None, "協働ハンドブックの作成"],
    ]
    data = workbook_bytes(rows, ["A2:C2", "A3:A4", "B3:B4"])
    report = import_plan_file(data, "plan.xlsx", plan_title=PLAN_TITLE, create=True, period=(2024, 2028))
    assert not report.has_errors, render_text(report)
    assert {(r.measure_number, r.measure_title) for r in report.rows} == {("1", "協働(共働)の意識を高める")}
    assert report.counts.measures_created == 1 and report.counts.items_created == 2


def test_a_row_that_cannot_be_read_safely_is_an_error_naming_it_and_nothing_changes(sample_plan):
    rows = [
        ["施策", "事業名", "担当課"],
        ["協働事業提案制度の推進", "協働事業提案制度の実施", "市民協働推進課"],
        [None, None, None, "令和6年3月", "市民協働推進課作成"],
        [None, None, None, "（単位：件）"],
    ]
    before = footprint()
    report = import_plan_file(delimited(rows), "plan.csv", plan=sample_plan.plan, publish=True)
    assert [(m.row, m.text) for m in report.errors] == [
        (
            3,
            "この行の文字（「令和6年3月」、「市民協働推進課作成」）は、どれも計画表の列の見出しの下にないため、"
            "読み方がわかりません。見出しのある列に書くか、不要な行なら削除してください。",
        ),
        (
            4,
            "「（単位：件）」だけの行ですが、計画表の列の見出しの下にないため、読み方がわかりません。"
            "施策を始める行なら「施策1:…」「…［施策番号 1］」のように、取組方針を始める行なら「■…」のように"
            "書いてください。不要な行なら削除してください。",
        ),
    ]
    assert [str(r.reading) for r in report.readings][2:] == ["unread", "unread"]
    assert not report.applied
    assert footprint() == before


def test_items_above_the_first_section_row_of_a_sheet_without_a_measure_column_are_errors(tree):
    rows = [
        ["番号", "事業名", "担当課"],
        ["1", "協働事例集の作成・配布", "市民協働推進課"],
        [MEASURE_1],
        ["2", "協働ハンドブックの作成", "市民協働推進課"],
    ]
    report = import_plan_file(
        delimited(rows), "plan.csv", plan_title=PLAN_TITLE, create=True, period=(2024, 2028)
    )
    assert [(m.row, m.text) for m in report.errors] == [
        (
            2,
            "この行の施策がわかりません。"
            "上に施策を始める行（「施策1:…」「…［施策番号 1］」など）を置いてください。",
        )
    ]


def test_without_a_measure_column_or_a_section_row_the_measure_column_is_required(sample_plan):
    report = import_plan_file(
        delimited([["番号", "事業名"], ["1-1", "協働カフェ"]]), "plan.csv", plan=sample_plan.plan
    )
    [error] = report.errors
    assert error.row == 1 and error.text.startswith("施策の列がありません。")


def test_a_sheet_with_a_measure_number_column_reads_its_measure_cells_as_written(sample_plan):
    """Exported files have a 施策番号 column: a measure without items stands on a row of its
    own, and its title is kept as written, even when it looks like a section title."""
    rows = [["施策番号", "施策", "事業名"], ["", "施策9:協働の成果の検証"], ["", "■協働の振り返り"]]
    report = import_plan_file(delimited(rows), "plan.csv", plan=sample_plan.plan, dry_run=True)
    assert not report.has_errors, render_text(report)
    assert readings(report)[1:] == [
        (2, "measure", "", "", "施策9:協働の成果の検証"),
        (3, "measure", "", "", "■協働の振り返り"),
    ]
    assert [(r.measure_number, r.measure_title) for r in report.rows] == [
        ("", "施策9:協働の成果の検証"),
        ("", "■協働の振り返り"),
    ]


@pytest.mark.parametrize(
    ("cell", "actor", "noted"),
    [
        ("★ ◎", Actor.CITIZEN, True),
        ("◎★", Actor.JOINT, True),
        ("●", Actor.CITY, False),
        ("市民と市", Actor.JOINT, False),
    ],
)
def test_combined_actor_marks_take_the_first(sample_plan, cell, actor, noted):
    rows = [["施策", "事業名", "主体"], ["協働事業提案制度の推進", "協働事業提案制度の実施", cell]]
    report = import_plan_file(delimited(rows), "plan.csv", plan=sample_plan.plan, publish=True)
    assert not report.has_errors, render_text(report)
    assert ActionItemPage.objects.get(pk=sample_plan.proposal_system.pk).actor == actor
    notes = [m.text for m in report.messages if m.level == Level.INFO and m.column == "主体"]
    assert bool(notes) is noted


def test_combined_words_are_still_an_error(sample_plan):
    rows = [["施策", "事業名", "主体"], ["協働事業提案制度の推進", "協働事業提案制度の実施", "市民・市"]]
    report = import_plan_file(delimited(rows), "plan.csv", plan=sample_plan.plan)
    assert [(m.row, m.column) for m in report.errors] == [(2, "主体")]


# The admin screen -----------------------------------------------------------------------


def test_the_admin_report_shows_how_the_sheet_was_read(admin_client, sample_plan):
    rows = [
        ["みなと市 協働推進アクションプラン"],
        [LEGEND],
        ["番号", "事業名", "担当課", "主体", "令和6年度", "令和7年度"],
        ["●市民参加を進めるための庁内の仕組みづくり [施策番号 32]"],
        ["32-1", "市民参加の手引きの作成", "市民協働推進課", "●", "検討", "実施"],
        ["※ 令和6年度の予定です。"],
    ]
    upload = io.BytesIO(workbook_bytes(rows, ["A1:F1", "A4:F4", "A6:F6"]))
    upload.name = "アクションプラン.xlsx"
    response = admin_client.post(
        reverse("kyodo_admin:plan_imports", args=[sample_plan.plan.pk]),
        {"file": upload, "status_year": "2024", "publish": "draft"},
    )
    record = PlanImport.objects.get()
    assert record.state == PlanImport.State.CHECKED, record.report["messages"]
    html = admin_client.get(response["Location"]).content.decode()
    assert "シートの読み方" in html
    for row, label, text in [
        ("1行目", "読み飛ばし（見出しより上の表題など）", "「みなと市 協働推進アクションプラン」"),
        ("2行目", "読み飛ばし（凡例）", f"「{LEGEND}」"),
        ("4行目", "施策", "32「市民参加を進めるための庁内の仕組みづくり」"),
        ("5行目", "事業", "—"),
        ("6行目", "読み飛ばし（注記）", "「※ 令和6年度の予定です。」"),
    ]:
        assert f'<th scope="row" class="kyodo-admin-nowrap">{row}</th>\n' in html
        assert f"<td>{label}</td>" in html and f"<td>{text}</td>" in html
    assert not MeasurePage.objects.filter(plan=sample_plan.plan, number="32").exists()


# Areas (分野) opened by section rows ------------------------------------------------------

PARTICIPATION_PLAN = [
    ["青葉市市民参加推進計画（第2次） 施策の一覧"],
    ["施策番号", "施策", "事業名", "担当課"],
    ["基本目標1 総合的な自治の醸成"],
    ["1", "市民参加の意識を高める", "市民参加ハンドブックの配布", "市民協働推進課"],
    ["", "", "出前講座「市民参加の始め方」", "市民協働推進課、生涯学習課"],
    ["2", "情報を共有する", "審議会の会議録の公開", "情報公開課"],
    ["基本目標Ⅱ：協働による地域づくり"],
    ["3", "地域の担い手を育てる", "地域活動リーダー養成講座", "地域振興課"],
]


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_a_section_row_opens_an_area_for_the_measures_below_it(tree, file_format):
    rows = PARTICIPATION_PLAN
    data = (
        workbook_bytes(rows, ["A1:D1", "A3:D3", "A7:D7"])
        if file_format == "xlsx"
        else delimited(rows, encoding="cp932")
    )
    report = import_plan_file(
        data, f"施策一覧.{file_format}", plan_title=PLAN_TITLE, create=True, period=(2021, 2025), publish=True
    )
    assert not report.has_errors, render_text(report)
    assert [(r.row, str(r.reading), r.text) for r in report.readings if r.reading == "area"] == [
        (3, "area", "基本目標1 総合的な自治の醸成"),
        (7, "area", "基本目標Ⅱ：協働による地域づくり"),
    ]
    measures = MeasurePage.objects.filter(plan__title=PLAN_TITLE).order_by("path")
    assert [(m.number, m.title, m.area) for m in measures] == [
        ("1", "市民参加の意識を高める", "基本目標1 総合的な自治の醸成"),
        ("2", "情報を共有する", "基本目標1 総合的な自治の醸成"),
        ("3", "地域の担い手を育てる", "基本目標Ⅱ：協働による地域づくり"),
    ]
    assert ActionItemPage.objects.filter(plan__title=PLAN_TITLE).count() == 4
    # The same file again changes nothing.
    plan = PlanPage.objects.get(title=PLAN_TITLE)
    again = import_plan_file(data, f"施策一覧.{file_format}", plan=plan, publish=True)
    assert {str(row.measure_action) for row in again.rows} == {"unchanged"}


@pytest.mark.parametrize(
    "text", ["分野別センターの機能強化", "柱となる取組の見直し", "基本目標の達成状況の公表"]
)
def test_a_text_that_only_begins_like_an_area_is_not_one(text):
    assert area_section(text) is None
