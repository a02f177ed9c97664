"""Indicators are translated with wagtail-localize: names, units, descriptions, sources and
the values' notes are translated, every number is the Japanese indicator's, a corrected
number reaches the translation on sync, and the translation points at the translated plan
and measures. A plan's grade bands are translated with the plan."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from wagtail.models import Locale
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields
from wagtail_localize.models import StringSegment

import pytest
from openpyxl import load_workbook

from plans.indicators import assess, explain_in, gradings_for
from plans.models import Indicator, IndicatorGradeBand, IndicatorValue, MeasurePage, PlanPage

from ..factories import add_indicator
from .conftest import fill_strings, publish_translated_path, translate_to

ENGLISH = {
    "審議会等の委員に占める公募委員の割合": "Share of publicly recruited council members",
    "%": "%",
    "公募により選ばれた委員の数を、委員の総数で割った割合": (
        "Publicly recruited members as a share of all members"
    ),
    "審議会等の委員構成調査": "Survey of council membership",
    "委員改選の年": "A year of reappointments",
}


def japanese_indicator(sample_plan):
    return add_indicator(
        sample_plan.plan,
        code="1-1",
        description="公募により選ばれた委員の数を、委員の総数で割った割合",
        source="審議会等の委員構成調査",
        measures=[sample_plan.participation],
        baseline=(2020, "18.5"),
        targets={2023: "25", 2025: "30"},
        values={2023: "24", 2024: "26.8"},
        notes={2024: "委員改選の年"},
    )


def test_the_indicator_says_what_is_translated_and_what_is_copied():
    fields = {field.field_name: type(field) for field in get_translatable_fields(Indicator)}
    for name in ("name", "unit", "description", "source", "values"):
        assert fields[name] is TranslatableField, name
    for name in ("code", "direction", "baseline_year", "baseline_value", "targets", "measure_links", "plan"):
        assert fields[name] is SynchronizedField, name
    values = {field.field_name: type(field) for field in get_translatable_fields(IndicatorValue)}
    assert values == {"fiscal_year": SynchronizedField, "value": SynchronizedField, "note": TranslatableField}


def test_the_strings_of_an_indicator_are_its_words_not_its_numbers(
    sample_plan, tree, django_capture_on_commit_callbacks
):
    indicator = japanese_indicator(sample_plan)
    with django_capture_on_commit_callbacks(execute=True):
        translation = translate_to(indicator, tree.en)
    strings = set(
        StringSegment.objects.filter(source=translation.source).values_list("string__data", flat=True)
    )
    assert set(ENGLISH) <= strings
    assert not strings & {"1-1", "18.5", "18.5000", "26.8", "26.8000", "2024"}


def test_a_translated_indicator_keeps_its_numbers_and_follows_the_source_on_sync(
    sample_plan, tree, django_capture_on_commit_callbacks
):
    measure = MeasurePage.objects.get(pk=sample_plan.participation.pk)
    publish_translated_path(measure, tree.en, django_capture_on_commit_callbacks)  # plan list, plan
    measure_translation = translate_to(measure, tree.en, copy_parents=False)
    with django_capture_on_commit_callbacks(execute=True):
        measure_translation.save_target(publish=True)
    english_plan = PlanPage.objects.get(translation_key=sample_plan.plan.translation_key, locale=tree.en)
    english_measure = MeasurePage.objects.get(translation_key=measure.translation_key, locale=tree.en)

    indicator = japanese_indicator(sample_plan)
    with django_capture_on_commit_callbacks(execute=True):
        translation = translate_to(indicator, tree.en)
    fill_strings(translation, ENGLISH)
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        translation.save_target(publish=True)

    english = Indicator.objects.get(translation_key=indicator.translation_key, locale=tree.en)
    assert english.live
    assert (english.name, english.unit, english.source) == (
        "Share of publicly recruited council members",
        "%",
        "Survey of council membership",
    )
    assert english.description == "Publicly recruited members as a share of all members"
    assert (english.code, english.direction, english.baseline_year, english.baseline_value) == (
        "1-1",
        "up",
        2020,
        Decimal("18.5"),
    )
    assert [(row.fiscal_year, row.value) for row in english.targets.order_by("fiscal_year")] == [
        (2023, Decimal(25)),
        (2025, Decimal(30)),
    ]
    values = {row.fiscal_year: row for row in english.values.all()}
    assert {year: row.value for year, row in values.items()} == {2023: Decimal(24), 2024: Decimal("26.8")}
    assert values[2024].note == "A year of reappointments"
    assert {row.locale_id for row in values.values()} == {tree.en.pk}
    # The plan and the measure of its own language.
    assert english.plan_id == english_plan.pk
    assert [link.measure_id for link in english.measure_links.all()] == [english_measure.pk]
    # Graded like the Japanese indicator, explained in English.
    result = assess(
        Indicator.objects.prefetch_related("targets", "values").get(pk=english.pk), fiscal_year=2024
    )
    assert result.percent == 89
    assert explain_in(result, "en") == "The value for FY2024 is 26.8%, 89% of the target (FY2025: 30%)."

    # The Japanese 2024 value is corrected and a 2025 value added, then published; then 「翻訳を同期」.
    japanese = Indicator.objects.get(pk=indicator.pk)
    rows = list(japanese.values.all())
    next(row for row in rows if row.fiscal_year == 2024).value = Decimal("27.1")
    rows.append(IndicatorValue(fiscal_year=2025, value=Decimal("29.0"), locale=japanese.locale, sort_order=2))
    japanese.values = rows
    japanese.save_revision().publish()

    translation.source.update_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)

    english = Indicator.objects.get(pk=english.pk)
    values = {row.fiscal_year: row for row in english.values.all()}
    assert {year: row.value for year, row in values.items()} == {
        2023: Decimal(24),
        2024: Decimal("27.1"),
        2025: Decimal(29),
    }
    assert values[2024].note == "A year of reappointments"
    assert english.name == "Share of publicly recruited council members"
    # The Japanese rows are untouched.
    assert set(
        IndicatorValue.objects.filter(indicator=japanese).values_list("locale__language_code", flat=True)
    ) == {"ja"}


def test_an_indicator_translated_before_its_measure_points_at_the_japanese_one_until_the_next_sync(
    sample_plan, tree, django_capture_on_commit_callbacks
):
    measure = MeasurePage.objects.get(pk=sample_plan.participation.pk)
    publish_translated_path(measure, tree.en, django_capture_on_commit_callbacks)
    indicator = japanese_indicator(sample_plan)
    with django_capture_on_commit_callbacks(execute=True):
        translation = translate_to(indicator, tree.en)
    english = Indicator.objects.get(translation_key=indicator.translation_key, locale=tree.en)
    assert [link.measure_id for link in english.measure_links.all()] == [measure.pk]

    measure_translation = translate_to(measure, tree.en, copy_parents=False)
    with django_capture_on_commit_callbacks(execute=True):
        measure_translation.save_target(publish=True)
        translation.save_target(publish=True)

    english_measure = MeasurePage.objects.get(translation_key=measure.translation_key, locale=tree.en)
    english = Indicator.objects.get(pk=english.pk)
    assert [link.measure_id for link in english.measure_links.all()] == [english_measure.pk]


def test_grade_bands_are_translated_with_the_plan(sample_plan, tree, django_capture_on_commit_callbacks):
    plan = PlanPage.objects.get(pk=sample_plan.plan.pk)
    plan.indicator_rule = "progress"
    plan.indicator_grade_bands = [
        IndicatorGradeBand(label="達成", threshold=100, description="目標を達成した", sort_order=0),
        IndicatorGradeBand(label="概ね達成", threshold=80, description="", sort_order=1),
        IndicatorGradeBand(label="未達成", threshold=0, description="目標に届いていない", sort_order=2),
    ]
    plan.save_revision().publish()
    publish_translated_path(plan, tree.en, django_capture_on_commit_callbacks)
    plan_translation = translate_to(PlanPage.objects.get(pk=plan.pk), tree.en, copy_parents=False)
    english_plan = PlanPage.objects.get(translation_key=plan.translation_key, locale=tree.en)
    # Until the translation is published, the English plan grades with the Japanese bands.
    grading = gradings_for([english_plan])[english_plan.pk]
    assert [band.label for band in grading.bands] == ["達成", "概ね達成", "未達成"]

    fill_strings(
        plan_translation,
        {
            "達成": "Achieved",
            "概ね達成": "Mostly achieved",
            "未達成": "Not achieved",
            "目標を達成した": "The target was reached",
            "目標に届いていない": "The target was not reached",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        plan_translation.save_target(publish=True)

    english_plan = PlanPage.objects.get(pk=english_plan.pk)
    assert english_plan.indicator_rule == "progress"
    grading = gradings_for([english_plan])[english_plan.pk]
    assert grading.rule == "progress"
    assert [(band.label, band.threshold, str(band.description)) for band in grading.bands] == [
        ("Achieved", 100, "The target was reached"),
        ("Mostly achieved", 80, ""),
        ("Not achieved", 0, "The target was not reached"),
    ]
    japanese_keys = [band.key for band in gradings_for([plan])[plan.pk].bands]
    assert [band.key for band in grading.bands] == japanese_keys


EASY = {
    "審議会等の委員に占める公募委員の割合": "しんぎかいの いいんの うち、こうぼで えらばれた ひとの わりあい",
    "%": "%",
    "委員改選の年": "いいんが かわった とし",
}


@pytest.mark.parametrize(
    ("language", "words", "explanation"),
    [
        ("en", ENGLISH, "The value for FY2024 is 26.8%, 89% of the target (FY2025: 30%)."),
        ("ja-x-easy", EASY, "令和6年度の けっかは 26.8%で、もくひょう（令和7年度 30%）の 89%です。"),
    ],
)
def test_a_translated_measure_page_shows_the_translated_indicator_and_its_explanation(
    client, sample_plan, tree, django_capture_on_commit_callbacks, language, words, explanation
):
    locale = Locale.objects.get(language_code=language)
    measure = MeasurePage.objects.get(pk=sample_plan.participation.pk)
    publish_translated_path(measure, locale, django_capture_on_commit_callbacks)
    measure_translation = translate_to(measure, locale, copy_parents=False)
    with django_capture_on_commit_callbacks(execute=True):
        measure_translation.save_target(publish=True)
    translated_measure = MeasurePage.objects.get(translation_key=measure.translation_key, locale=locale)

    indicator = japanese_indicator(sample_plan)
    # Until the indicator is translated, the page shows the Japanese one, marked as Japanese.
    html = client.get(translated_measure.url).content.decode()
    heading = re.search(r'<h3 class="indicator__name" id="indicator-\d+-name" lang="ja">(.*?)</h3>', html)
    assert text_of(heading.group(1)) == "審議会等の委員に占める公募委員の割合"

    with django_capture_on_commit_callbacks(execute=True):
        translation = translate_to(indicator, locale)
    fill_strings(translation, words)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)

    html = client.get(translated_measure.url).content.decode()
    section = html.split('id="indicators-heading"', 1)[1].split("</section>", 1)[0]
    assert 'lang="ja"' not in section
    text = text_of(section)
    assert words["審議会等の委員に占める公募委員の割合"] in text
    assert "審議会等の委員に占める公募委員の割合" not in text
    assert words["委員改選の年"] in text  # the value's note
    assert explanation in text
    # The chart's text alternative names the translated indicator.
    title = re.search(r"<title id=\"[^\"]+\">(.*?)</title>", section).group(1)
    assert words["審議会等の委員に占める公募委員の割合"] in title
    assert "審議会等の委員に占める公募委員の割合" not in title


def text_of(html: str) -> str:
    """What a reader reads: the markup and the furigana of easy-Japanese pages taken out."""
    return re.sub(r"<[^>]+>", "", re.sub(r"<(rt|rp)>.*?</\1>", "", html))


def test_an_english_report_downloads_the_translated_indicator_table(
    client, sample_plan, tree, django_capture_on_commit_callbacks
):
    """The English report's files: English headers, the codes of the vocabularies, the
    translated name and note, and the grading service's sentence in English."""
    report = sample_plan.report
    publish_translated_path(report, tree.en, django_capture_on_commit_callbacks)
    report_translation = translate_to(report, tree.en, copy_parents=False)
    with django_capture_on_commit_callbacks(execute=True):
        report_translation.save_target(publish=True)
    english_report = report.get_translation(tree.en)
    indicator = japanese_indicator(sample_plan)
    with django_capture_on_commit_callbacks(execute=True):
        translation = translate_to(indicator, tree.en)
    fill_strings(translation, ENGLISH)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)

    response = client.get(english_report.url + "progress/indicators/csv/")
    assert response.status_code == 200
    header, row = csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""))
    entry = dict(zip(header, row, strict=True))
    assert header[:3] == ["indicator_id", "indicator", "unit"]
    assert (entry["indicator_id"], entry["indicator"], entry["direction"], entry["rule"]) == (
        "1-1",
        "Share of publicly recruited council members",
        "up",
        "achievement",
    )
    assert (entry["fiscal_year"], entry["value"], entry["note"]) == (
        "FY2024",
        "26.8",
        "A year of reappointments",
    )
    assert (entry["target_year"], entry["target"], entry["percent"], entry["grade"]) == (
        "FY2025",
        "30",
        "89",
        "B",
    )
    assert entry["explanation"] == "The value for FY2024 is 26.8%, 89% of the target (FY2025: 30%)."

    workbook = load_workbook(io.BytesIO(client.get(english_report.url + "progress/xlsx/").content))
    assert workbook.sheetnames[-1] == "Indicators"
    assert [cell.value for cell in workbook["Indicators"][2]][:2] == ["1-1", entry["indicator"]]
