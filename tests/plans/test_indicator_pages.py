"""Indicators (成果指標) on the public site, read over HTTP as a citizen reads them: the measure
page shows each published indicator with its grade, the sentence that explains it, an
accessible chart and the table of its years; the plan page lists them by measure; an item
page shows those linked to it; a draft indicator or a draft value never appears; and
publishing or unpublishing an indicator changes what the next reader sees."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from plans.models import (
    FrozenProgress,
    Indicator,
    IndicatorGradeBand,
    IndicatorItem,
    IndicatorMeasure,
    IndicatorTarget,
    IndicatorValue,
    MeasurePage,
    PlanPage,
)
from plans.services.rounds import close_round, correct_figures, open_round

from ..factories import add_indicator


def body(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def participants(sample_plan, **fields):
    """「協働事業の参加者数」: 800人 in 令和2年度 towards 1,200人 in 令和9年度, 1,020人 in 令和7年度."""
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


def svg_of(html: str) -> str:
    return re.search(r"<svg class=\"indicator-chart__svg\".*?</svg>", html, re.S).group(0)


def test_the_measure_page_shows_the_indicator_its_grade_chart_and_table(client, sample_plan):
    participants(sample_plan)
    html = body(client, sample_plan.participation.url)

    assert '<h2 id="indicators-heading">成果指標</h2>' in html
    assert "協働事業の参加者数" in html
    # The latest value with its fiscal year, the baseline and the target, 和暦 with the Western year.
    assert "令和7年度（2025年度） 1,020人" in html
    assert "令和2年度（2020年度） 800人" in html
    assert "令和9年度（2027年度） 1,200人" in html
    # The grade (default bands: 85% is B) and the grading service's sentence.
    assert '<span class="indicator-grade">B</span>' in html
    assert "令和7年度の実績値は1,020人で、目標値（令和9年度 1,200人）に対して85%の達成です。" in html

    # The chart: an image with a text alternative in words, the baseline, a target line and
    # a mark for each yearly value.
    svg = svg_of(html)
    assert 'role="img"' in svg
    title = re.search(r"<title id=\"[^\"]+\">(.*?)</title>", svg).group(1)
    assert title == (
        "協働事業の参加者数のグラフ。基準値は令和2年度（2020年度） 800人、"
        "目標値は令和9年度（2027年度） 1,200人、最新の実績値は令和7年度（2025年度） 1,020人です。"
    )
    assert svg.count('class="indicator-chart__value-mark"') == 3
    assert svg.count('class="indicator-chart__target"') == 1
    assert 'class="indicator-chart__baseline"' in svg
    # It scales with the page: a viewBox and no fixed width or height.
    assert re.search(r'viewBox="0 0 \d+ \d+"', svg)
    assert not re.search(r'<svg class="indicator-chart__svg"[^>]* (width|height)=', svg)

    # The same figures in a real table: 年度 / 実績値 / 目標値, rows headed by the year.
    table = html.split('class="data-table data-table--stack indicator-table"', 1)[1].split("</table>", 1)[0]
    assert "<caption" in table and "協働事業の参加者数の年度ごとの数値" in table
    assert re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table) == ["年度", "実績値", "目標値", "備考"]
    years = re.findall(r'<th scope="row"[^>]*>(.*?)</th>', table)
    assert years == [
        "令和5年度（2023年度）",
        "令和6年度（2024年度）",
        "令和7年度（2025年度）",
        "令和9年度（2027年度）",
    ]
    assert 'data-label="実績値">960人</td>' in table
    assert "調査方法を変更" in table


def test_the_plans_bands_and_rule_grade_what_the_page_shows(client, sample_plan):
    plan = PlanPage.objects.get(pk=sample_plan.plan.pk)
    plan.indicator_rule = "progress"
    plan.indicator_grade_bands = [
        IndicatorGradeBand(label="S", threshold=100, sort_order=0),
        IndicatorGradeBand(label="A", threshold=80, sort_order=1),
        IndicatorGradeBand(label="B", threshold=60, sort_order=2),
        IndicatorGradeBand(label="C", threshold=0, sort_order=3),
    ]
    plan.save_revision().publish()
    participants(sample_plan)
    html = body(client, sample_plan.participation.url)
    # (1,020 − 800) ÷ (1,200 − 800) = 55% → C.
    assert (
        '<span class="indicator-grade">C</span> <span class="indicator-grade__percent">（55%）</span>' in html
    )
    assert "基準値（令和2年度 800人）から目標値（令和9年度 1,200人）までの55%に達しています。" in html


def test_a_draft_indicator_and_a_draft_value_never_appear(client, sample_plan):
    indicator = participants(sample_plan)
    # A new value saved as a draft: the page keeps the published figures.
    draft = Indicator.objects.get(pk=indicator.pk)
    draft.values = [
        *draft.values.all(),
        IndicatorValue(fiscal_year=2026, value=Decimal(1500), locale=draft.locale),
    ]
    draft.save_revision()
    # An indicator never published.
    unpublished = Indicator(
        plan=sample_plan.plan,
        locale=sample_plan.plan.locale,
        name="下書きの指標（非公開）",
        unit="件",
        live=False,
    )
    unpublished.save()
    IndicatorMeasure.objects.create(indicator=unpublished, measure=sample_plan.participation)
    IndicatorTarget.objects.create(indicator=unpublished, fiscal_year=2025, value=Decimal(10))

    for url in (sample_plan.participation.url, sample_plan.plan.url, sample_plan.report.url):
        html = body(client, url)
        assert "協働事業の参加者数" in html, url
        assert "1,500人" not in html and "令和8年度" not in html, url
        assert "下書きの指標" not in html, url


def test_the_plan_page_lists_the_indicators_by_measure(client, sample_plan):
    participants(sample_plan)
    add_indicator(
        sample_plan.plan,
        name="協働事業の提案件数",
        unit="件",
        measures=[sample_plan.participation, sample_plan.proposals],
        targets={2025: "20"},
        values={2024: "12"},
    )
    add_indicator(
        sample_plan.plan, name="市民参加の満足度", unit="%", targets={2025: "60"}, values={2024: "48.5"}
    )
    html = body(client, sample_plan.plan.url)
    section = html.split('<h2 id="indicators-heading">成果指標</h2>', 1)[1].split("</section>", 1)[0]
    headings = re.findall(r"<h3[^>]*>(.*?)</h3>", section, re.S)
    texts = [re.sub(r"<[^>]+>", "", heading).strip() for heading in headings]
    assert texts == [
        "施策1 審議会等への市民公募委員の参加促進",
        "施策3 協働事業提案制度の推進",
        "計画全体の成果指標",
    ]
    first, third, whole = re.split(r"<h3[^>]*>", section)[1:]
    assert "協働事業の参加者数" in first and "協働事業の提案件数" in first
    assert "協働事業の提案件数" in third and "協働事業の参加者数" not in third
    # Compact: the latest value, the grade and the sentence, a link to the chart on the measure page.
    assert "1,020人" in first and "令和7年度（2025年度）" in first
    assert "令和6年度の実績値は12件で、目標値（令和7年度 20件）に対して60%の達成です。" in first
    assert f'href="{sample_plan.participation.url}#indicator-' in first
    # Each chart folded under the table, with its text alternative, and its yearly table on
    # the measure page; an indicator of two measures has one chart under each, ids apart.
    charts = re.findall(r'<details class="indicator-chart-details">(.*?)</details>', first, re.S)
    assert len(charts) == 2
    assert "協働事業の参加者数のグラフ" in charts[0]
    assert "協働事業の参加者数のグラフ。基準値は令和2年度（2020年度） 800人" in charts[0]
    assert f'数値は<a href="{sample_plan.participation.url}#indicator-' in charts[0]
    ids = re.findall(r'<title id="([^"]+)"', html)
    assert len(ids) == len(set(ids)) == 4  # 2 under 施策1, 1 under 施策3, 1 of the whole plan
    # The plan's own indicators (no measure) in full, chart included.
    assert "市民参加の満足度" in whole and 'role="img"' in whole
    assert 'href="#indicators-heading"' in html  # in the table of contents


def test_an_item_page_shows_the_indicators_linked_to_it(client, sample_plan):
    indicator = add_indicator(
        sample_plan.plan,
        name="公募委員の応募者数",
        unit="人",
        targets={2025: "40"},
        values={2024: "30"},
    )
    IndicatorItem.objects.create(indicator=indicator, item=sample_plan.public_members)
    html = body(client, sample_plan.public_members.url)
    assert "公募委員の応募者数" in html
    assert "令和6年度の実績値は30人で、目標値（令和7年度 40人）に対して75%の達成です。" in html
    assert "公募委員の応募者数" not in body(client, sample_plan.women_members.url)


def test_publishing_and_unpublishing_an_indicator_changes_what_the_next_reader_sees(
    client, sample_plan, settings, django_capture_on_commit_callbacks
):
    """Through the page cache and through the kept page bodies."""
    settings.KYODO_PAGE_CACHE_ENABLED = True
    url = sample_plan.participation.url
    with django_capture_on_commit_callbacks(execute=True):
        indicator = participants(sample_plan)
    client.get(url)
    assert client.get(url)["X-Kyodo-Cache"] == "hit"

    corrected = Indicator.objects.get(pk=indicator.pk)
    rows = list(corrected.values.all())
    next(row for row in rows if row.fiscal_year == 2025).value = Decimal(1100)
    corrected.values = rows
    with django_capture_on_commit_callbacks(execute=True):
        corrected.save_revision().publish()
    html = body(client, url)
    assert "1,100人" in html and "1,020人" not in html

    with django_capture_on_commit_callbacks(execute=True):
        Indicator.objects.get(pk=indicator.pk).unpublish()
    assert "協働事業の参加者数" not in body(client, url)

    # A signed-in reader skips the page cache and reads the kept body.
    settings.KYODO_PAGE_CACHE_ENABLED = False
    assert "協働事業の参加者数" not in body(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        Indicator.objects.get(pk=indicator.pk).save_revision().publish()
    assert "協働事業の参加者数" in body(client, url)


def test_the_report_freezes_the_indicators_with_its_figures(client, sample_plan):
    """Closing the year's round freezes the indicators' values, grades and explanations of
    the year; a value corrected later changes the report only with an explicit new version."""
    indicator = participants(sample_plan)
    report_url = sample_plan.report.url  # 令和6年度

    def report_row() -> str:
        html = body(client, report_url)
        section = html.split('<h2 id="indicators-heading">成果指標</h2>', 1)[1].split("</section>", 1)[0]
        return section.split("協働事業の参加者数", 1)[1].split("</tr>", 1)[0]

    # Before the round closes: the published figures of 令和6年度 (960 ÷ 1,200 = 80% → B).
    row = report_row()
    assert "960人" in row and '<span class="indicator-grade">B</span>' in row
    assert "令和6年度の実績値は960人で、目標値（令和9年度 1,200人）に対して80%の達成です。" in row
    assert "調査方法を変更" in row

    reporting_round = open_round(
        sample_plan.plan, fiscal_year=2024, due_date=datetime.date(2025, 5, 31), message="", user=None
    )
    close_round(reporting_round, user=None)
    frozen = FrozenProgress.objects.get(plan_key=sample_plan.plan.translation_key, fiscal_year=2024)
    assert [entry["value"] for entry in frozen.indicators["indicators"]] == ["960"]

    # The 令和6年度 value is corrected to 1,150人 and the target raised, then published.
    corrected = Indicator.objects.get(pk=indicator.pk)
    rows = list(corrected.values.all())
    next(row for row in rows if row.fiscal_year == 2024).value = Decimal(1150)
    corrected.values = rows
    corrected.targets = [IndicatorTarget(fiscal_year=2027, value=Decimal(1500))]
    corrected.save_revision().publish()
    # The measure page shows the correction; the published report does not.
    assert "1,150人" in body(client, sample_plan.participation.url)
    row = report_row()
    assert "960人" in row and "1,150人" not in row and "1,500人" not in row
    assert "令和6年度の実績値は960人で、目標値（令和9年度 1,200人）に対して80%の達成です。" in row

    # An explicit correction freezes a new version: now the report shows it (1,150 ÷ 1,500 = 77% → C).
    correct_figures(reporting_round, user=None, note="参加者数の集計誤りを訂正")
    row = report_row()
    assert "1,150人" in row and '<span class="indicator-grade">C</span>' in row
    assert "令和6年度の実績値は1,150人で、目標値（令和9年度 1,500人）に対して77%の達成です。" in row


def test_the_reports_indicator_table_names_each_indicators_measure(client, sample_plan):
    """Each row of the report's indicator table starts with the measure the indicator
    belongs to, linked to its page, or 計画全体; before and after the year is frozen."""
    participants(sample_plan)
    add_indicator(sample_plan.plan, name="市民参加に満足している市民の割合", code="0-1", values={2024: "41"})

    def rows() -> dict[str, str]:
        html = body(client, sample_plan.report.url)
        section = html.split('<h2 id="indicators-heading">成果指標</h2>', 1)[1].split("</section>", 1)[0]
        found = {}
        for row in section.split("<tbody", 1)[1].split("</tr>")[:-1]:
            cells = re.findall(r'<td role="cell" data-label="施策">(.*?)</td>', row, re.S)
            name = re.search(r'<th scope="row" role="rowheader"><span>(.*?)</span>', row, re.S).group(1)
            found[name] = re.sub(r"\s+</a>", "</a>", cells[0])
        return found

    measure = sample_plan.participation
    expected_link = f'<a href="{measure.url}">施策1 審議会等への市民公募委員の参加促進</a>'
    assert rows() == {"協働事業の参加者数": expected_link, "市民参加に満足している市民の割合": "計画全体"}

    reporting_round = open_round(
        sample_plan.plan, fiscal_year=2024, due_date=datetime.date(2025, 5, 31), message="", user=None
    )
    close_round(reporting_round, user=None)
    assert rows() == {"協働事業の参加者数": expected_link, "市民参加に満足している市民の割合": "計画全体"}


def measures_found(query: str) -> list[str]:
    """The titles of the live measures a citizen's search finds."""
    return [page.title for page in MeasurePage.objects.live().search(query)]


def test_a_measure_is_found_by_the_names_of_its_published_indicators(sample_plan):
    measure = sample_plan.participation.title
    assert measure not in measures_found("ボランティア登録者数")

    indicator = add_indicator(
        sample_plan.plan, name="ボランティア登録者数", unit="人", measures=[sample_plan.participation]
    )
    assert measures_found("ボランティア登録者数") == [measure]

    # Renamed in a draft: the index keeps the published name until the draft is published.
    renamed = Indicator.objects.get(pk=indicator.pk)
    renamed.name = "地域サポーター登録者数"
    renamed.save_revision()
    assert measures_found("地域サポーター") == []
    renamed.save_revision().publish()
    assert measures_found("地域サポーター") == [measure]
    assert measures_found("ボランティア登録者数") == []

    # Moved to another measure: the first one is no longer found by it.
    moved = Indicator.objects.get(pk=indicator.pk)
    moved.measure_links = [IndicatorMeasure(measure=sample_plan.comments)]
    moved.save_revision().publish()
    assert measures_found("地域サポーター") == [sample_plan.comments.title]

    Indicator.objects.get(pk=indicator.pk).unpublish()
    assert measures_found("地域サポーター") == []

    # An indicator never published does not make its measure found.
    draft = Indicator(
        plan=sample_plan.plan, locale=sample_plan.plan.locale, name="傍聴者アンケート満足度", live=False
    )
    draft.save()
    IndicatorMeasure.objects.create(indicator=draft, measure=sample_plan.proposals)
    draft.save_revision()
    assert measures_found("傍聴者アンケート満足度") == []
