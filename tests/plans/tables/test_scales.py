"""Status cells and evaluation scales: a response table with notes and no status column
(評価なし), やや遅れ as a level of its own on the default scale, a plan's own labels read
and written, and unknown words answered with the labels the plan uses."""

from __future__ import annotations

import csv
import io

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from plans.models import ActionItemPage, PlanPage, ProgressRow
from plans.rollup import plan_progress
from plans.scales import SLIGHTLY_DELAYED
from plans.services.imports import import_plan_file
from plans.tables.exporter import write_csv, write_xlsx
from plans.tables.report import Level, render_text
from plans.vocabularies import NO_REPORT, NOT_ASSESSED, ProgressStatus

from ...factories import add_levels
from .sheets import delimited, xlsx

WRITERS = {"xlsx": write_xlsx, "csv": write_csv}
FORMATS = [("xlsx", "ja"), ("xlsx", "en"), ("csv", "ja"), ("csv", "en")]

# A committee's response table (答申への個別対応表): the recommendation, what the city does
# about it, the departments, and what each department did. No status column.
RESPONSE_TABLE = [
    ["答申", "取組内容", "担当課", "各課での具体的な動き"],
    [
        "市民参加の手続を条例で定めること",
        "市民参加条例の制定",
        "市民協働推進課",
        "条例の骨子案をまとめ、市民説明会を3回開きました。",
    ],
    [
        "市民参加の手続を条例で定めること",
        "市民参加手続の運用指針の作成",
        "市民協働推進課",
        "",
    ],
    [
        "協働のための拠点を設けること",
        "市民活動センターの開設",
        "市民協働推進課\n広報課",
        "開設場所の候補地を3か所に絞り込みました。",
    ],
]


def exported(plan: PlanPage, file_format: str, headers: str = "ja") -> bytes:
    buffer = io.BytesIO()
    WRITERS[file_format](plan, buffer, headers=headers)
    return buffer.getvalue()


def sheet_rows(data: bytes) -> list[dict[str, str]]:
    """The rows of an exported workbook as dicts keyed by header."""
    rows = list(load_workbook(io.BytesIO(data), read_only=True).active.values)
    return [
        dict(zip(rows[0], ["" if value is None else value for value in row], strict=False))
        for row in rows[1:]
    ]


def csv_rows(data: bytes) -> list[dict[str, str]]:
    """The rows of an exported CSV as dicts keyed by header."""
    header, *rows = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    return [dict(zip(header, row, strict=False)) for row in rows]


def own_rows(rows: list[dict[str, str]], item: str, column: str) -> dict[str, str]:
    """``column`` of each item's own row (it comes before the item's 再掲 rows), by title."""
    values: dict[str, str] = {}
    for row in rows:
        values.setdefault(row[item], row[column])
    return values


def errors(report) -> list[tuple[int | None, str | None, str]]:
    return [(m.row, m.column, m.text) for m in report.messages if m.level == Level.ERROR]


def assert_round_trip_changes_nothing(plan: PlanPage) -> None:
    for file_format, headers in FORMATS:
        data = exported(plan, file_format, headers)
        report = import_plan_file(data, f"plan.{file_format}", plan=plan, dry_run=True)
        text = "\n".join(render_text(report))
        assert not report.messages and not report.has_changes, (file_format, headers, text)


def status_cell_on_page(client, item: ActionItemPage, year_label: str):
    """The status cell of the item page's progress table for the year (「令和6年度」)."""
    soup = BeautifulSoup(client.get(item.url).content, "html.parser")
    for row in soup.select("table.progress-table tbody tr"):
        if row.th.get_text(strip=True).startswith(year_label):
            return row.select_one("td.col-status")
    raise AssertionError(f"no progress row for {year_label}")


# 評価なし: a narrative without a status ----------------------------------------------------


def test_a_response_table_with_notes_and_no_status_column_is_stored_shown_and_counted(
    client, tree, departments
):
    report = import_plan_file(
        xlsx(RESPONSE_TABLE),
        "答申への個別対応表.xlsx",
        plan_title="市民参加推進審議会答申への対応",
        create=True,
        period=(2021, 2025),
        status_year=2023,
        publish=True,
    )

    assert not errors(report), "\n".join(render_text(report))
    plan = PlanPage.objects.get(title="市民参加推進審議会答申への対応")
    items = {item.title: item for item in ActionItemPage.objects.filter(plan=plan)}
    rows = {row.item.title: row for row in ProgressRow.objects.filter(item__plan=plan).select_related("item")}
    # Stored without a status; an empty note is no report at all.
    assert {title: (row.status, row.grade, row.narrative) for title, row in rows.items()} == {
        "市民参加条例の制定": ("", "", "条例の骨子案をまとめ、市民説明会を3回開きました。"),
        "市民活動センターの開設": ("", "", "開設場所の候補地を3か所に絞り込みました。"),
    }

    cell = status_cell_on_page(client, items["市民参加条例の制定"], "令和5年度")
    assert cell.get_text(strip=True) == "評価なし"
    assert "status--not_assessed" in cell.span["class"]

    progress = plan_progress(plan, 2023)
    counts = {entry.code: (str(entry.label), entry.count) for entry in progress.counts if entry.count}
    assert counts == {NOT_ASSESSED: ("評価なし", 2), NO_REPORT: ("報告なし", 1)}
    assert (progress.total, progress.reported) == (3, 2)
    assert [entry.item.title for entry in progress.not_reported] == ["市民参加手続の運用指針の作成"]

    exported_rows = sheet_rows(exported(plan, "xlsx"))
    assert [(row["事業名"], row["進捗状況"], row["実績"]) for row in exported_rows] == [
        ("市民参加条例の制定", "", "条例の骨子案をまとめ、市民説明会を3回開きました。"),
        ("市民参加手続の運用指針の作成", "", ""),
        ("市民活動センターの開設", "", "開設場所の候補地を3か所に絞り込みました。"),
    ]
    assert_round_trip_changes_nothing(plan)


def test_a_blank_status_cell_keeps_the_stored_status_and_its_level(sample_plan):
    levels = add_levels(sample_plan.plan)
    ProgressRow.objects.filter(item=sample_plan.women_members, fiscal_year=2024).update(
        status=ProgressStatus.DELAYED, grade=str(levels["D"].translation_key)
    )
    report = import_plan_file(
        xlsx(
            [
                ["施策", "事業名", "評価", "実績"],
                ["審議会等への市民公募委員の参加促進", "女性委員の登用促進", "", "登用率は28％でした。"],
            ]
        ),
        "plan.xlsx",
        plan=PlanPage.objects.get(pk=sample_plan.plan.pk),
        status_year=2024,
        publish=True,
    )

    assert not errors(report)
    row = ProgressRow.objects.get(item=sample_plan.women_members, fiscal_year=2024)
    assert (row.status, row.grade, row.narrative) == (
        ProgressStatus.DELAYED,
        str(levels["D"].translation_key),
        "登用率は28％でした。",
    )


# やや遅れ on the default scale ------------------------------------------------------------


def test_yaya_okure_is_a_level_of_its_own_on_the_default_scale(client, sample_plan):
    report = import_plan_file(
        xlsx(
            [
                ["施策", "事業名", "進捗状況"],
                ["審議会等への市民公募委員の参加促進", "女性委員の登用促進", "やや遅れ"],
                ["審議会等への市民公募委員の参加促進", "審議会等への公募委員の登用", "遅れ"],
            ]
        ),
        "plan.xlsx",
        plan=sample_plan.plan,
        status_year=2024,
        publish=True,
    )

    assert not errors(report)
    rows = {
        row.item_id: (row.status, row.grade)
        for row in ProgressRow.objects.filter(item__plan=sample_plan.plan, fiscal_year=2024)
    }
    assert rows[sample_plan.women_members.pk] == (ProgressStatus.DELAYED, SLIGHTLY_DELAYED)
    assert rows[sample_plan.public_members.pk] == (ProgressStatus.DELAYED, ProgressStatus.DELAYED)
    assert (
        status_cell_on_page(client, sample_plan.women_members, "令和6年度").get_text(strip=True) == "やや遅れ"
    )
    assert status_cell_on_page(client, sample_plan.public_members, "令和6年度").get_text(strip=True) == "遅れ"
    # Both count as 遅れ.
    counts = {entry.code: entry.count for entry in plan_progress(sample_plan.plan, 2024).counts}
    assert counts[ProgressStatus.DELAYED] == 2

    by_item = own_rows(sheet_rows(exported(sample_plan.plan, "xlsx")), "事業名", "進捗状況")
    assert (by_item["女性委員の登用促進"], by_item["審議会等への公募委員の登用"]) == ("やや遅れ", "遅れ")
    english = own_rows(sheet_rows(exported(sample_plan.plan, "xlsx", "en")), "item", "status")
    assert (english["女性委員の登用促進"], english["審議会等への公募委員の登用"]) == (
        SLIGHTLY_DELAYED,
        "delayed",
    )
    assert_round_trip_changes_nothing(sample_plan.plan)


def test_an_unknown_word_on_the_default_scale_lists_every_word_with_yaya_okure(sample_plan):
    report = import_plan_file(
        xlsx([["施策", "事業名", "状況"], ["協働事業提案制度の推進", "協働事業提案制度の実施", "まあまあ"]]),
        "plan.xlsx",
        plan=sample_plan.plan,
        status_year=2024,
    )
    assert errors(report) == [
        (
            2,
            "状況",
            "「まあまあ」は使える語ではありません。"
            "使える語：未着手、検討中、実施中、順調、概ね順調、やや遅れ、遅れ、完了、中止",
        )
    ]


# A plan's own scale ---------------------------------------------------------------------


def test_a_plan_scale_accepts_its_labels_and_refuses_other_words_listing_them(sample_plan):
    add_levels(sample_plan.plan)
    plan = PlanPage.objects.get(pk=sample_plan.plan.pk)
    before = list(
        ProgressRow.objects.filter(item__plan=plan).values_list("item_id", "fiscal_year", "status", "grade")
    )

    report = import_plan_file(
        xlsx(
            [
                ["施策", "事業名", "評価"],
                ["審議会等への市民公募委員の参加促進", "審議会等への公募委員の登用", "ｂ"],
                ["審議会等への市民公募委員の参加促進", "女性委員の登用促進", "まあまあ"],
                ["協働事業提案制度の推進", "協働事業提案制度の実施", "順調"],
            ]
        ),
        "plan.xlsx",
        plan=plan,
        status_year=2024,
        publish=True,
    )

    listed = "使える語：A、B、C、D"
    assert errors(report) == [
        (3, "評価", f"「まあまあ」は使える語ではありません。{listed}"),
        (4, "評価", f"「順調」は使える語ではありません。{listed}"),
    ]
    after = list(
        ProgressRow.objects.filter(item__plan=plan).values_list("item_id", "fiscal_year", "status", "grade")
    )
    assert after == before  # an error anywhere changes nothing


@pytest.mark.parametrize(("file_format", "headers"), FORMATS)
def test_export_writes_the_plan_labels_and_import_reads_them_back_unchanged(
    sample_plan, file_format, headers
):
    levels = add_levels(sample_plan.plan)
    plan = PlanPage.objects.get(pk=sample_plan.plan.pk)
    graded = (
        (sample_plan.public_members, "A"),
        (sample_plan.women_members, "D"),
        (sample_plan.proposal_system, "B"),
    )
    for item, label in graded:
        level = levels[label]
        ProgressRow.objects.filter(item=item, fiscal_year=2024).update(
            status=level.status, grade=str(level.translation_key)
        )

    data = exported(plan, file_format, headers)
    rows = sheet_rows(data) if file_format == "xlsx" else csv_rows(data)
    item_key, status_key = ("事業名", "進捗状況") if headers == "ja" else ("item", "status")
    statuses = own_rows(rows, item_key, status_key)
    assert {item.title: statuses[item.title] for item, _label in graded} == {
        "審議会等への公募委員の登用": "A",
        "女性委員の登用促進": "D",
        "協働事業提案制度の実施": "B",
    }

    report = import_plan_file(data, f"plan.{file_format}", plan=plan, dry_run=True)
    assert not report.messages and not report.has_changes, "\n".join(render_text(report))


def test_a_status_no_level_counts_as_is_written_in_the_standard_word(sample_plan):
    """A row saved before the plan had its scale, with a status none of its levels counts as
    (完了), is exported as 完了; the plan's scale does not accept that word, so the import
    names the row and the labels to choose from rather than guessing."""
    add_levels(sample_plan.plan)
    plan = PlanPage.objects.get(pk=sample_plan.plan.pk)

    data = exported(plan, "csv")
    statuses = own_rows(csv_rows(data), "事業名", "進捗状況")
    assert statuses["協働事業提案制度の実施"] == "完了"
    report = import_plan_file(data, "plan.csv", plan=plan, dry_run=True)
    assert [text for _row, _column, text in errors(report)] == [
        "「完了」は使える語ではありません。使える語：A、B、C、D"
    ]


def test_a_csv_in_shift_jis_with_a_plan_scale_of_marks(sample_plan):
    add_levels(
        sample_plan.plan,
        [
            ("◎", ProgressStatus.COMPLETED, "目標を達成した"),
            ("○", ProgressStatus.ON_TRACK, "計画どおり"),
            ("△", ProgressStatus.DELAYED, "遅れている"),
            ("×", ProgressStatus.SUSPENDED, "中止・休止"),
        ],
    )
    plan = PlanPage.objects.get(pk=sample_plan.plan.pk)
    report = import_plan_file(
        delimited(
            [
                ["施策", "事業名", "評価"],
                ["審議会等への市民公募委員の参加促進", "女性委員の登用促進", "△"],
                ["協働事業提案制度の推進", "協働事業提案制度の実施", "◎"],
            ],
            encoding="cp932",
        ),
        "評価.csv",
        plan=plan,
        status_year=2024,
        publish=True,
    )
    assert not errors(report)
    rows = {row.item_id: row.status for row in ProgressRow.objects.filter(item__plan=plan, fiscal_year=2024)}
    assert rows[sample_plan.women_members.pk] == ProgressStatus.DELAYED
    assert rows[sample_plan.proposal_system.pk] == ProgressStatus.COMPLETED
    assert report.rows[1].changes == []  # 協働事業提案制度の実施 was 完了 already, now ◎ = 完了


def test_the_check_shows_the_old_and_new_level_in_the_plan_words(sample_plan):
    levels = add_levels(sample_plan.plan)
    plan = PlanPage.objects.get(pk=sample_plan.plan.pk)
    ProgressRow.objects.filter(item=sample_plan.women_members, fiscal_year=2024).update(
        status=levels["B"].status, grade=str(levels["B"].translation_key), narrative="登用率は28％でした。"
    )

    def check(status_cell: str):
        report = import_plan_file(
            xlsx(
                [
                    ["施策", "事業名", "評価"],
                    ["審議会等への市民公募委員の参加促進", "女性委員の登用促進", status_cell],
                ]
            ),
            "plan.xlsx",
            plan=plan,
            status_year=2024,
            dry_run=True,
        )
        assert not errors(report)
        return report

    (change,) = check("C").rows[0].diffs
    assert (change.label, change.old, change.new) == (
        "進捗状況（令和6年度）",
        "B / 登用率は28％でした。",
        "C / 登用率は28％でした。",
    )
    cleared = check("削除")
    (change,) = cleared.rows[0].diffs
    assert (change.old, change.new, change.cleared) == (
        "B / 登用率は28％でした。",
        "評価なし / 登用率は28％でした。",
        True,
    )
    assert [(m.row, m.column) for m in cleared.messages if m.level == Level.WARNING] == [(2, "評価")]
