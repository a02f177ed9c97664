"""The indicator table (指標): importing it into a plan's indicators and exporting it.

Real openpyxl workbooks and CSV bytes, the import service the command and the admin share,
and the plan-table exporter: the dry run, apply (drafts or published, all or nothing),
export → import and import → import changing nothing, every way a cell can be wrong, blank
cells against 削除, and a plan workbook with a 指標 sheet importing both tables.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from openpyxl import load_workbook

from plans.models import Indicator, MeasurePage
from plans.services.imports import import_plan_file
from plans.tables import exporter
from plans.tables.indicator_format import parse_number
from plans.tables.report import INDICATORS, render_text
from plans.tables.values import CellError

from ...factories import add_indicator
from .sheets import delimited, xlsx

HEADER = [
    "施策番号",
    "指標名",
    "単位",
    "方向",
    "基準年度",
    "基準値",
    "目標年度",
    "目標値",
    "指標ID",
    "令和5年度",
    "令和6年度",
]
LECTURES = [
    "1",
    "出前講座の参加者数",
    "人",
    "増加",
    "令和2年度",
    "850",
    "令和7年度",
    "1,500",
    "K-1",
    "1,100",
    "1,320人",
]
GROUPS = ["2、3", "市民活動センターの登録団体数", "団体", "増加", "R2", "210", "R7", "300", "K-2", "", "264"]


def run(plan, data: bytes, filename: str = "指標.xlsx", **options):
    return import_plan_file(data, filename, plan=plan, **options)


def stored(code: str) -> Indicator:
    return Indicator.objects.prefetch_related("measure_links__measure", "targets", "values").get(code=code)


def values_of(indicator: Indicator) -> dict[int, Decimal | None]:
    return {row.fiscal_year: row.value for row in indicator.values.all()}


def errors(report) -> list[tuple[int | None, str | None, str]]:
    return [(message.row, message.column, message.text) for message in report.errors]


@pytest.fixture
def plan(sample_plan):
    return sample_plan.plan


# The dry run and applying ------------------------------------------------------------


def test_the_dry_run_reports_each_row_and_writes_nothing(plan):
    report = run(plan, xlsx([HEADER, LECTURES, GROUPS], title="指標"), dry_run=True)

    assert not report.has_errors, errors(report)
    assert report.indicators_only
    assert [(row.row, row.name, row.action) for row in report.indicator_rows] == [
        (2, "出前講座の参加者数", "created"),
        (3, "市民活動センターの登録団体数", "created"),
    ]
    assert report.counts.indicators_created == 2
    assert [header.reading for header in report.indicator_year_headers] == [
        "令和5年度（2023年度）",
        "令和6年度（2024年度）",
    ]
    text = "\n".join(render_text(report))
    assert "2行目：指標「出前講座の参加者数」新規作成" in text
    assert "指標：新規2件、更新0件、変更なし0件。" in text
    assert "確認のみで、まだ反映していません。" in text
    assert not Indicator.objects.exists()


def test_applying_creates_drafts_that_stay_off_the_site(plan, sample_plan):
    report = run(plan, xlsx([HEADER, LECTURES, GROUPS], title="指標"))

    assert report.applied and not report.has_errors, errors(report)
    lectures = stored("K-1")
    assert not lectures.live and lectures.has_unpublished_changes
    assert lectures.get_latest_revision() is not None
    # The draft holds the file's numbers; the published table holds nothing yet.
    draft = lectures.get_latest_revision_as_object()
    assert draft.name == "出前講座の参加者数" and draft.unit == "人" and draft.direction == "up"
    assert (draft.baseline_year, draft.baseline_value) == (2020, Decimal("850"))
    assert [(target.fiscal_year, target.value) for target in draft.targets.all()] == [(2025, Decimal("1500"))]
    assert values_of(draft) == {2023: Decimal("1100"), 2024: Decimal("1320")}
    assert exporter.indicator_table(plan) is None


def test_publishing_applies_every_column(plan, sample_plan):
    report = run(plan, xlsx([HEADER, LECTURES, GROUPS], title="指標"), publish=True)

    assert report.published and not report.has_errors, errors(report)
    lectures, groups = stored("K-1"), stored("K-2")
    assert lectures.live and not lectures.has_unpublished_changes
    assert [link.measure for link in lectures.measure_links.all()] == [sample_plan.participation]
    assert [link.measure.number for link in groups.measure_links.all()] == ["2", "3"]
    assert (lectures.baseline_year, lectures.baseline_value) == (2020, Decimal("850"))
    assert [(t.fiscal_year, t.value) for t in lectures.targets.all()] == [(2025, Decimal("1500"))]
    assert values_of(lectures) == {2023: Decimal("1100"), 2024: Decimal("1320")}
    assert values_of(groups) == {2024: Decimal("264")}  # a blank cell makes no value
    assert lectures.sort_order < groups.sort_order


def test_importing_the_same_file_twice_changes_nothing(plan):
    data = xlsx([HEADER, LECTURES, GROUPS], title="指標")
    run(plan, data, publish=True)
    revisions = {indicator.pk: indicator.latest_revision_id for indicator in Indicator.objects.all()}

    again = run(plan, data, publish=True)

    assert [row.action for row in again.indicator_rows] == ["unchanged", "unchanged"]
    assert not again.has_changes
    assert {indicator.pk: indicator.latest_revision_id for indicator in Indicator.objects.all()} == revisions


def test_an_update_is_a_revision_and_a_draft_keeps_the_live_indicator(plan):
    run(plan, xlsx([HEADER, LECTURES], title="指標"), publish=True)
    changed = [*LECTURES[:10], "1,450"]

    report = run(plan, xlsx([HEADER, changed], title="指標"))

    assert [(row.action, row.changes) for row in report.indicator_rows] == [
        ("updated", ["令和6年度（2024年度）の実績値"])
    ]
    [diff] = report.indicator_rows[0].diffs
    assert (diff.old, diff.new) == ("1,320人", "1,450人")
    lectures = stored("K-1")
    assert values_of(lectures)[2024] == Decimal("1320")  # live: as it was
    assert values_of(lectures.get_latest_revision_as_object())[2024] == Decimal("1450")
    # The draft is what the next check compares with: the same file is now unchanged.
    assert (
        run(plan, xlsx([HEADER, changed], title="指標"), dry_run=True).indicator_rows[0].action == "unchanged"
    )


def test_an_indicator_is_found_by_its_id_else_by_its_name(plan):
    by_id = add_indicator(plan, name="旧い名前", unit="人", code="K-1")
    by_name = add_indicator(plan, name="市民活動センターの登録団体数", unit="団体")

    report = run(plan, xlsx([HEADER, LECTURES, GROUPS], title="指標"), publish=True)

    assert [row.action for row in report.indicator_rows] == ["updated", "updated"]
    assert Indicator.objects.count() == 2
    assert stored("K-1").pk == by_id.pk and stored("K-1").name == "出前講座の参加者数"
    assert stored("K-2").pk == by_name.pk  # found by name, and given its ID


def test_an_indicator_missing_from_the_file_is_reported_not_deleted(plan):
    kept = add_indicator(plan, name="パブリックコメントの意見数", unit="件", code="K-9")

    report = run(plan, xlsx([HEADER, LECTURES], title="指標"), publish=True)

    assert [(page.page_id, page.title, page.number) for page in report.missing_indicators] == [
        (kept.pk, "パブリックコメントの意見数", "K-9")
    ]
    assert "ファイルにない指標（削除せずそのまま残します）：" in render_text(report)
    assert Indicator.objects.filter(pk=kept.pk).exists()


# Numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("3,900部", "部", Decimal("3900")),
        ("３，９００", "部", Decimal("3900")),
        ("３９００部", "部", Decimal("3900")),
        ("25.5%", "%", Decimal("25.5")),
        ("25.5％", "%", Decimal("25.5")),
        ("−250", "人", Decimal("-250")),
        ("0.1234", "", Decimal("0.1234")),
    ],
)
def test_numbers_may_be_written_as_staff_write_them(text, unit, value):
    assert parse_number(text, unit) == value


@pytest.mark.parametrize(
    ("text", "unit"),
    [("約3,900", "部"), ("3,900冊", "部"), ("3,90", "部"), ("3.900.5", ""), ("1.23456", ""), ("1" * 13, "")],
)
def test_anything_else_is_not_a_number(text, unit):
    with pytest.raises(CellError):
        parse_number(text, unit)


def test_full_width_digits_and_a_unit_suffix_are_read(plan):
    row = [
        "１",
        "出前講座の参加者数",
        "人",
        "増加",
        "２０２０",
        "８５０",
        "２０２５",
        "１，５００人",
        "K-1",
        "",
        "１,３２０人",
    ]

    report = run(plan, xlsx([HEADER, row], title="指標"), publish=True)

    assert not report.has_errors, errors(report)
    lectures = stored("K-1")
    assert (lectures.baseline_year, lectures.baseline_value) == (2020, Decimal("850"))
    assert [(t.fiscal_year, t.value) for t in lectures.targets.all()] == [(2025, Decimal("1500"))]
    assert values_of(lectures) == {2024: Decimal("1320")}


def test_a_bad_number_is_an_error_naming_row_and_column_and_nothing_changes(plan):
    bad = [*LECTURES[:5], "約850", *LECTURES[6:10], "1,320部"]

    report = run(plan, xlsx([HEADER, GROUPS, bad], title="指標"), publish=True)

    assert not report.applied
    assert [(row, column) for row, column, _text in errors(report)] == [(3, "基準値"), (3, "令和6年度")]
    assert "「約850」は数として読めません" in errors(report)[0][2]
    assert "「単位」の列と同じ「人」" in errors(report)[1][2]
    assert all(message.part == INDICATORS for message in report.errors)
    assert "エラー（指標の表 3行目 「基準値」列）" in "\n".join(render_text(report))
    assert not Indicator.objects.exists()  # the good row 2 is not written either


def test_an_unknown_measure_number_is_an_error(plan):
    row = ["1、9", *LECTURES[1:]]

    report = run(plan, xlsx([HEADER, row], title="指標"), publish=True)

    assert errors(report) == [(2, "施策番号", "施策番号「9」の施策はこの計画にありません。")]
    assert not Indicator.objects.exists()


def test_an_unknown_direction_word_is_an_error_listing_the_words(plan):
    row = [*LECTURES[:3], "上向き", *LECTURES[4:]]

    report = run(plan, xlsx([HEADER, row], title="指標"))

    [(number, column, text)] = errors(report)
    assert (number, column) == (2, "方向")
    assert "「上向き」は使える語ではありません。" in text and "増加、減少、維持" in text


@pytest.mark.parametrize(
    ("word", "direction"), [("減少", "down"), ("down", "down"), ("維持", "target"), ("上昇", "up")]
)
def test_direction_words_and_codes(plan, word, direction):
    row = [*LECTURES[:3], word, *LECTURES[4:]]

    run(plan, xlsx([HEADER, row], title="指標"), publish=True)

    assert stored("K-1").direction == direction


def test_a_year_header_that_is_not_a_year_is_an_error(plan):
    header = [*HEADER[:10], "令和6年度末"]

    report = run(plan, xlsx([header, LECTURES], title="指標"))

    assert errors(report) == [(1, "令和6年度末", "「令和6年度末」は年度として読めません。")]


def test_an_unknown_column_is_a_warning_and_is_ignored(plan):
    report = run(plan, xlsx([[*HEADER, "備考"], [*LECTURES, "メモ"]], title="指標"), dry_run=True)

    assert not report.has_errors
    assert [(message.row, message.column) for message in report.warnings] == [(1, "備考")]


def test_a_csv_file_with_the_indicator_header_is_an_indicator_table(plan):
    data = delimited([HEADER, LECTURES], encoding="cp932")

    report = run(plan, data, filename="指標.csv", publish=True)

    assert report.indicators_only and not report.has_errors, errors(report)
    assert values_of(stored("K-1")) == {2023: Decimal("1100"), 2024: Decimal("1320")}


def test_an_indicator_file_cannot_create_a_plan(db):
    report = import_plan_file(
        xlsx([HEADER, LECTURES], title="指標"), "指標.xlsx", plan_title="新しい計画", new_plan=True
    )

    assert report.has_errors
    assert "新しい計画には取り込めません" in report.errors[0].text


# Blank cells and 削除 ------------------------------------------------------------------


def test_blank_cells_keep_stored_values(plan):
    run(plan, xlsx([HEADER, LECTURES], title="指標"), publish=True)
    sparse = ["", "出前講座の参加者数", "", "", "", "", "", "", "K-1", "", "1,400"]

    report = run(plan, xlsx([HEADER, sparse], title="指標"), publish=True)

    assert report.indicator_rows[0].changes == ["令和6年度（2024年度）の実績値"]
    lectures = stored("K-1")
    assert lectures.unit == "人" and lectures.baseline_value == Decimal("850")
    assert [link.measure.number for link in lectures.measure_links.all()] == ["1"]
    assert [(t.fiscal_year, t.value) for t in lectures.targets.all()] == [(2025, Decimal("1500"))]
    assert values_of(lectures) == {2023: Decimal("1100"), 2024: Decimal("1400")}


def test_the_clear_mark_clears_and_is_warned_about(plan):
    run(plan, xlsx([HEADER, LECTURES], title="指標"), publish=True)
    clearing = ["削除", "出前講座の参加者数", "", "", "削除", "（削除）", "削除", "", "K-1", "削除", ""]

    report = run(plan, xlsx([HEADER, clearing], title="指標"), publish=True)

    assert not report.has_errors, errors(report)
    assert sorted(report.indicator_rows[0].changes) == sorted(
        ["基準年度", "基準値", "目標値", "対象の施策", "令和5年度（2023年度）の実績値"]
    )
    assert len(report.warnings) == 5
    assert "「削除」と書かれているため、基準値の登録済みの値を消します（850人 → （なし））。" in [
        warning.text for warning in report.warnings
    ]
    lectures = stored("K-1")
    assert (lectures.baseline_year, lectures.baseline_value) == (None, None)
    assert not lectures.targets.exists() and not lectures.measure_links.exists()
    assert values_of(lectures) == {2024: Decimal("1320")}
    # Nothing left to clear: the same file is unchanged and warns about nothing.
    again = run(plan, xlsx([HEADER, clearing], title="指標"), dry_run=True)
    assert again.indicator_rows[0].action == "unchanged" and not again.warnings


def test_a_cleared_value_with_a_note_keeps_the_note(plan):
    add_indicator(
        plan, name="出前講座の参加者数", unit="人", code="K-1", values={2024: "1320"}, notes={2024: "速報値"}
    )
    row = ["", "出前講座の参加者数", "", "", "", "", "", "", "K-1", "", "削除"]

    run(plan, xlsx([HEADER, row], title="指標"), publish=True)

    [value] = stored("K-1").values.all()
    assert (value.fiscal_year, value.value, value.note) == (2024, None, "速報値")


def test_interim_targets_are_kept_and_the_final_target_moves(plan):
    add_indicator(
        plan, name="出前講座の参加者数", unit="人", code="K-1", targets={2023: "1200", 2025: "1500"}
    )
    later = [*LECTURES[:6], "令和8年度", "1,600", "K-1", "", ""]

    run(plan, xlsx([HEADER, later], title="指標"), publish=True)

    assert [(t.fiscal_year, t.value) for t in stored("K-1").targets.order_by("fiscal_year")] == [
        (2023, Decimal("1200")),
        (2026, Decimal("1600")),
    ]
    too_early = [*LECTURES[:6], "令和5年度", "1,600", "K-1", "", ""]
    report = run(plan, xlsx([HEADER, too_early], title="指標"), dry_run=True)
    assert [(row, column) for row, column, _text in errors(report)] == [(2, "目標年度")]


def test_two_rows_for_one_indicator_are_an_error(plan):
    report = run(plan, xlsx([HEADER, LECTURES, [*LECTURES[:8], "K-1", "", ""]], title="指標"))

    assert any("指標ID「K-1」は2行目と同じです" in text for _row, _column, text in errors(report))


# A plan workbook with a 指標 sheet, and the export -----------------------------------------


def test_a_plan_workbook_with_an_indicator_sheet_imports_both(plan):
    plan_rows = [
        ["施策番号", "施策", "番号", "事業名"],
        ["4", "若者の市政参加の促進", "4-1", "高校生との意見交換会"],
    ]
    indicator_row = ["4", "意見交換会の参加者数", "人", "増加", "", "", "R7", "200", "K-4", "", "150"]
    data = xlsx(plan_rows, title="計画表", extra_sheets={"指標": [HEADER, indicator_row]})

    report = run(plan, data, filename="計画表.xlsx", publish=True)

    assert not report.has_errors, errors(report)
    assert report.counts.measures_created == 1 and report.counts.indicators_created == 1
    assert report.indicator_sheet == "指標"
    new_measure = MeasurePage.objects.get(number="4")
    assert [link.measure.pk for link in stored("K-4").measure_links.all()] == [new_measure.pk]


def test_export_then_import_changes_nothing(plan, sample_plan):
    add_indicator(
        plan,
        name="審議会等の委員に占める公募委員の割合",
        unit="%",
        code="1-1",
        measures=[sample_plan.participation, sample_plan.proposals],
        baseline=(2020, "18.5"),
        targets={2023: "25", 2025: "30"},
        values={2022: "21.25", 2023: "24.0", 2024: "26.8", 2026: "12345678901.1234"},
    )
    add_indicator(plan, name="協働事業の提案件数", unit="件", direction="down", values={2024: "12"})
    add_indicator(plan, name="非公開の指標", unit="件").unpublish()
    buffer = io.BytesIO()
    exporter.write_xlsx(plan, buffer)

    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    assert workbook.sheetnames == ["計画表", "指標"]
    rows = list(workbook["指標"].iter_rows(values_only=True))
    assert rows[0][:9] == (
        "施策番号",
        "指標名",
        "単位",
        "方向",
        "基準年度",
        "基準値",
        "目標年度",
        "目標値",
        "指標ID",
    )
    assert rows[0][9:] == ("令和3年度", "令和4年度", "令和5年度", "令和6年度", "令和7年度", "令和8年度")
    assert rows[1][:9] == (
        "1、3",
        "審議会等の委員に占める公募委員の割合",
        "%",
        "増加",
        "令和2年度",
        18.5,
        "令和7年度",
        30,
        "1-1",
    )
    assert [row[1] for row in rows[1:]] == [
        "審議会等の委員に占める公募委員の割合",
        "協働事業の提案件数",
    ]  # published only

    report = run(plan, buffer.getvalue(), filename="計画表.xlsx", publish=True)

    assert not report.has_errors, errors(report)
    assert [row.action for row in report.indicator_rows] == ["unchanged", "unchanged"]
    assert [page.title for page in report.missing_indicators] == ["非公開の指標"]
    assert not report.has_changes


def test_the_english_export_reads_back_unchanged(plan, sample_plan):
    add_indicator(
        plan,
        code="1-1",
        measures=[sample_plan.participation],
        baseline=(2020, "18.5"),
        targets={2025: "30"},
        values={2024: "26.8"},
    )
    buffer = io.BytesIO()
    exporter.write_xlsx(plan, buffer, headers="en")
    assert load_workbook(io.BytesIO(buffer.getvalue())).sheetnames == ["Plan table", "Indicators"]

    report = run(plan, buffer.getvalue(), filename="plan.xlsx", dry_run=True)

    assert [row.action for row in report.indicator_rows] == ["unchanged"], errors(report)


def test_the_public_download_has_the_indicator_sheet(client, plan, sample_plan):
    add_indicator(plan, code="1-1", measures=[sample_plan.participation], values={2024: "26.8"})

    response = client.get(f"{plan.url}table/xlsx/")

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["計画表", "指標"]
    assert list(workbook["指標"].iter_rows(values_only=True))[1][1] == "審議会等の委員に占める公募委員の割合"


def test_the_indicator_sheet_is_read_in_the_same_queries_for_any_number(plan, sample_plan):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            exporter.indicator_table(plan)
        return len(captured.captured_queries)

    add_indicator(
        plan, code="1", measures=[sample_plan.participation], targets={2025: "1"}, values={2024: "1"}
    )
    one = queries()
    for code in ("2", "3", "4"):
        add_indicator(
            plan, code=code, measures=[sample_plan.proposals], targets={2025: "1"}, values={2023: "1"}
        )

    assert queries() == one
