"""The progress report's downloads with its indicator table (成果指標), fetched over HTTP as a
citizen downloads them and read with openpyxl and the csv module: the workbook's sheet 「指標」
and the CSV of its own hold the figures the page shows — published indicators only, the
year's value and note, the target that applies, the grade, its meaning and the sentence from
the grading service — and, once the year's round is closed, the frozen figures, which a later
correction changes only when a new version is frozen."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from openpyxl import load_workbook

from plans.models import FrozenProgress, Indicator, IndicatorMeasure, IndicatorTarget, IndicatorValue
from plans.services.rounds import close_round, correct_figures, open_round

from ..factories import add_indicator

BOM = b"\xef\xbb\xbf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = [
    "指標ID",
    "指標名",
    "単位",
    "方向",
    "評価年度",
    "実績値",
    "備考",
    "目標年度",
    "目標値",
    "基準年度",
    "基準値",
    "評価方法",
    "達成度（%）",
    "評価",
    "評価の意味",
    "評価の説明",
]
SENTENCE_960 = "令和6年度の実績値は960人で、目標値（令和9年度 1,200人）に対して80%の達成です。"


def participants(sample_plan, **fields) -> Indicator:
    """「協働事業の参加者数」: 800人 in 令和2年度 towards 1,200人 in 令和9年度, 960人 in 令和6年度."""
    return add_indicator(
        sample_plan.plan,
        name="協働事業の参加者数",
        unit="人",
        code="1-1",
        measures=[sample_plan.participation],
        baseline=(2020, "800"),
        targets={2027: "1200"},
        values={2023: "900", 2024: "960", 2025: "1020"},
        notes={2024: "調査方法を変更"},
        **fields,
    )


def waiting_list(sample_plan) -> Indicator:
    """「待機児童数」 (lower is better), not measured in 令和6年度: not graded."""
    return add_indicator(
        sample_plan.plan,
        name="待機児童数",
        unit="人",
        code="1-2",
        direction="down",
        baseline=(2020, "120"),
        targets={2027: "0"},
        values={2023: "45"},
        sort_order=1,
    )


def add_private_figures(sample_plan, published: Indicator) -> None:
    """A value of 2024 saved as a draft of a published indicator, and an indicator never
    published: neither may reach a download."""
    draft = Indicator.objects.get(pk=published.pk)
    draft.values = [
        *(row for row in draft.values.all() if row.fiscal_year != 2024),
        IndicatorValue(fiscal_year=2024, value=Decimal(1111), locale=draft.locale),
    ]
    draft.save_revision()
    unpublished = Indicator(
        plan=sample_plan.plan, locale=sample_plan.plan.locale, name="下書きの指標（非公開）", live=False
    )
    unpublished.save()
    IndicatorMeasure.objects.create(indicator=unpublished, measure=sample_plan.participation)
    IndicatorValue.objects.create(indicator=unpublished, fiscal_year=2024, value=Decimal(5))
    IndicatorTarget.objects.create(indicator=unpublished, fiscal_year=2025, value=Decimal(10))


def download(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def workbook_table(client, report_url: str, sheet: str = "指標") -> list[dict]:
    response = download(client, report_url + "progress/xlsx/")
    assert response["Content-Type"] == XLSX_TYPE
    workbook = load_workbook(io.BytesIO(response.content))
    header, *rows = workbook[sheet].iter_rows(values_only=True)
    assert list(header) == HEADER
    return [dict(zip(header, row, strict=True)) for row in rows]


def csv_table(client, report_url: str) -> list[dict]:
    response = download(client, report_url + "progress/indicators/csv/")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(BOM)
    header, *rows = csv.reader(io.StringIO(response.content[len(BOM) :].decode("utf-8"), newline=""))
    assert header == HEADER
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_report_downloads_hold_the_indicator_table_the_page_shows(client, sample_plan):
    indicator = participants(sample_plan)
    waiting_list(sample_plan)
    add_private_figures(sample_plan, indicator)
    report_url = sample_plan.report.url  # 令和6年度

    html = download(client, report_url).content.decode()
    assert f'href="{report_url}progress/indicators/csv/"' in html
    assert "成果指標の実績値と評価をダウンロード" in html and "（CSV形式・UTF-8、指標2件）" in html
    assert "（Excel形式、3シート、事業4件・指標2件）" in html
    assert SENTENCE_960 in html  # the page and the files say the same

    response = download(client, report_url + "progress/xlsx/")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["事業ごとの進捗状況", "施策ごとの集計", "指標"]
    rows = workbook_table(client, report_url)
    # Published indicators only, in their order; the draft value of 2024 is not the figure.
    assert [row["指標名"] for row in rows] == ["協働事業の参加者数", "待機児童数"]
    graded, not_measured = rows
    assert graded == {
        "指標ID": "1-1",
        "指標名": "協働事業の参加者数",
        "単位": "人",
        "方向": "増加",
        "評価年度": "令和6年度",
        "実績値": 960,  # a number Excel can add up
        "備考": "調査方法を変更",
        "目標年度": "令和9年度",
        "目標値": 1200,
        "基準年度": "令和2年度",
        "基準値": 800,
        "評価方法": "目標値に対する達成率",
        "達成度（%）": 80,
        "評価": "B",
        "評価の意味": "目標の8割以上に達している",
        "評価の説明": SENTENCE_960,
    }
    # Not measured in the year: no value, no grade, the service's reason; the target that applies.
    assert (not_measured["実績値"], not_measured["評価"], not_measured["達成度（%）"]) == (None, None, None)
    assert (not_measured["方向"], not_measured["目標年度"], not_measured["目標値"]) == (
        "減少",
        "令和9年度",
        0,
    )
    assert not_measured["評価の説明"] == "令和6年度の実績値がないため評価していません。"

    response = download(client, report_url + "progress/indicators/csv/")
    assert "%E6%88%90%E6%9E%9C%E6%8C%87%E6%A8%99.csv" in response["Content-Disposition"]  # …_成果指標.csv
    assert 'filename="progress-' in response["Content-Disposition"]
    assert "-indicators.csv" in response["Content-Disposition"]
    rows = csv_table(client, report_url)
    assert [row["指標名"] for row in rows] == ["協働事業の参加者数", "待機児童数"]
    assert rows[0] == {key: "" if value is None else str(value) for key, value in graded.items()}
    assert (rows[1]["実績値"], rows[1]["評価"]) == ("", "")
    for text in (response.content.decode("utf-8-sig"), html):
        assert "1,111" not in text and "1111" not in text and "下書きの指標" not in text


def test_the_downloads_keep_the_frozen_figures_until_a_correction_is_frozen(client, sample_plan):
    indicator = participants(sample_plan)
    report_url = sample_plan.report.url

    reporting_round = open_round(
        sample_plan.plan, fiscal_year=2024, due_date=datetime.date(2025, 5, 31), message="", user=None
    )
    close_round(reporting_round, user=None)
    assert FrozenProgress.objects.get(plan_key=sample_plan.plan.translation_key).indicators is not None

    # The 令和6年度 value is corrected to 1,150人 and the target raised to 1,500人, then published.
    corrected = Indicator.objects.get(pk=indicator.pk)
    rows = list(corrected.values.all())
    next(row for row in rows if row.fiscal_year == 2024).value = Decimal(1150)
    corrected.values = rows
    corrected.targets = [IndicatorTarget(fiscal_year=2027, value=Decimal(1500))]
    corrected.code = "K-9"
    corrected.save_revision().publish()

    # Both files still hold the frozen figures, ID included.
    (row,) = workbook_table(client, report_url)
    assert (row["指標ID"], row["実績値"], row["目標値"], row["評価"], row["評価の説明"]) == (
        "1-1",
        960,
        1200,
        "B",
        SENTENCE_960,
    )
    (row,) = csv_table(client, report_url)
    assert (row["実績値"], row["目標値"], row["達成度（%）"], row["評価"]) == ("960", "1200", "80", "B")

    # The explicit correction freezes a new version: now the files hold it (1,150 ÷ 1,500 = 77% → C).
    correct_figures(reporting_round, user=None, note="参加者数の集計誤りを訂正")
    corrected_sentence = "令和6年度の実績値は1,150人で、目標値（令和9年度 1,500人）に対して77%の達成です。"
    (row,) = workbook_table(client, report_url)
    assert (row["指標ID"], row["実績値"], row["目標値"], row["評価"], row["評価の説明"]) == (
        "K-9",
        1150,
        1500,
        "C",
        corrected_sentence,
    )
    (row,) = csv_table(client, report_url)
    assert (row["実績値"], row["達成度（%）"], row["評価"], row["評価の説明"]) == (
        "1150",
        "77",
        "C",
        corrected_sentence,
    )
    assert corrected_sentence in download(client, report_url).content.decode()


def test_a_version_frozen_before_indicator_ids_were_kept_shows_the_current_id(client, sample_plan):
    participants(sample_plan)
    reporting_round = open_round(
        sample_plan.plan, fiscal_year=2024, due_date=datetime.date(2025, 5, 31), message="", user=None
    )
    close_round(reporting_round, user=None)
    frozen = FrozenProgress.objects.get(plan_key=sample_plan.plan.translation_key)
    for entry in frozen.indicators["indicators"]:
        del entry["code"]
    frozen.save()
    (row,) = csv_table(client, sample_plan.report.url)
    assert (row["指標ID"], row["実績値"]) == ("1-1", "960")


def test_a_report_without_indicators(client, sample_plan):
    report_url = sample_plan.report.url
    html = download(client, report_url).content.decode()
    assert "progress/indicators/csv/" not in html and "（Excel形式、2シート、事業4件）" in html
    workbook = load_workbook(io.BytesIO(download(client, report_url + "progress/xlsx/").content))
    assert workbook.sheetnames == ["事業ごとの進捗状況", "施策ごとの集計"]
    assert csv_table(client, report_url) == []  # the header alone


def test_the_downloads_run_as_many_queries_with_many_indicators_as_with_few(client, sample_plan):
    def queries(route: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            download(client, sample_plan.report.url + route)
        return len(captured)

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            add_indicator(
                sample_plan.plan,
                name=f"指標{number}",
                unit="件",
                code=f"K-{number}",
                measures=[sample_plan.participation],
                baseline=(2020, "10"),
                targets={2025: "20", 2027: "30"},
                values={year: str(number + year - 2000) for year in range(2016, 2028)},
                notes={2024: "速報値"},
                sort_order=number,
            )

    add(3, 1)
    for route in ("progress/xlsx/", "progress/indicators/csv/"):
        download(client, sample_plan.report.url + route)  # what a first request caches
    few = {route: queries(route) for route in ("progress/xlsx/", "progress/indicators/csv/")}
    add(9, 4)
    assert len(csv_table(client, sample_plan.report.url)) == 12
    many = {route: queries(route) for route in ("progress/xlsx/", "progress/indicators/csv/")}
    assert many == few
