"""Indicators (成果指標) in the headless API: plans, measures and items expose their published
indicators with baseline, targets, values and the latest assessment of the grading service,
never a draft or an unpublished one, in a fixed number of queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from plans.models import IndicatorItem, IndicatorMeasure

from ...factories import MeasurePageFactory, add_indicator
from ..indicators import DRAFT_NAME, PRIVATE_NAME, UNPUBLISHED_NAME, add_sample_indicators


@pytest.fixture
def indicators(sample_plan, previous_plan):
    return add_sample_indicators(sample_plan, previous_plan)


def names(entries: list[dict]) -> list[str]:
    return [entry["name"] for entry in entries]


def test_a_plan_lists_its_published_indicators_with_figures_and_grade(api, sample_plan, indicators):
    plan = api.page(sample_plan.plan.pk)
    assert names(plan["indicators"]) == [
        "審議会等の委員に占める公募委員の割合",
        "パブリックコメント1件あたりの平均意見数",
    ]
    members = plan["indicators"][0]
    assert members["id"] == indicators.members.pk
    assert members["code"] == "1-1"
    assert members["unit"] == "%"
    assert members["direction"] == {"code": "up", "label": "増加が望ましい", "label_ja": "増加が望ましい"}
    assert members["baseline"]["value"] == "18.5"
    assert members["baseline"]["fiscal_year"]["year"] == 2020
    assert members["baseline"]["fiscal_year"]["label_ja"] == "令和2年度（2020年度）"
    assert [(row["fiscal_year"]["year"], row["value"]) for row in members["targets"]] == [(2025, "30")]
    # Decimal strings, exact, without trailing zeros; a blank year is null.
    assert [(row["fiscal_year"]["year"], row["value"], row["note"]) for row in members["values"]] == [
        (2022, None, ""),
        (2023, "24", ""),
        (2024, "26.8", "委員改選の年"),
    ]
    latest = members["latest_assessment"]
    assert latest["fiscal_year"]["year"] == 2024
    assert latest["outcome"] == "graded"
    assert latest["rule"]["code"] == "progress"
    assert latest["percent"] == 72  # (26.8 − 18.5) ÷ (30 − 18.5)
    assert latest["band"]["label"] == "B"
    assert (latest["target"]["fiscal_year"]["year"], latest["target"]["value"]) == (2025, "30")
    assert latest["explanation"] == (
        "令和6年度の実績値は26.8%で、基準値（令和2年度 18.5%）から"
        "目標値（令和7年度 30%）までの72%に達しています。"
    )
    assert plan["indicator_grading"]["rule"]["code"] == "progress"
    assert plan["indicator_grading"]["own"] is True
    assert [(band["label"], band["threshold"]) for band in plan["indicator_grading"]["bands"]] == [
        ("S", 100),
        ("A", 80),
        ("B", 60),
        ("C", 0),
    ]


def test_the_published_version_is_served_never_a_draft_or_an_unpublished_indicator(
    api, sample_plan, indicators
):
    everywhere = [
        api.page(sample_plan.plan.pk)["indicators"],
        api.page(sample_plan.participation.pk)["indicators"],
        api.page(sample_plan.public_members.pk)["indicators"],
    ]
    listing = api.pages(
        {"type": "plans.MeasurePage", "fields": "indicators", "child_of": sample_plan.plan.pk}
    )
    everywhere += [measure["indicators"] for measure in listing["items"]]
    for entries in everywhere:
        assert not {DRAFT_NAME, UNPUBLISHED_NAME, PRIVATE_NAME, "下書きで変えた名前"} & set(names(entries))
        for entry in entries:
            if entry["id"] == indicators.comments.pk:
                assert entry["values"][-1]["value"] == "10.8"  # not the draft's 99


def test_measures_and_items_list_the_indicators_that_measure_them(api, sample_plan, indicators):
    participation = api.page(sample_plan.participation.pk)["indicators"]
    assert names(participation) == [
        "審議会等の委員に占める公募委員の割合",
        "パブリックコメント1件あたりの平均意見数",
    ]
    comments = api.page(sample_plan.comments.pk)["indicators"]
    assert names(comments) == ["パブリックコメント1件あたりの平均意見数"]
    assert comments[0]["latest_assessment"]["percent"] == 80  # (10.8 − 6) ÷ (12 − 6)
    assert comments[0]["latest_assessment"]["band"]["label"] == "A"
    assert api.page(sample_plan.proposals.pk)["indicators"] == []
    item = api.page(sample_plan.public_members.pk)["indicators"]
    assert names(item) == ["審議会等の委員に占める公募委員の割合"]
    assert api.page(sample_plan.women_members.pk)["indicators"] == []


def test_an_ungraded_indicator_says_why_in_the_pages_language(api, sample_plan, indicators):
    add_indicator(
        sample_plan.plan, name="協働事業提案制度の提案件数", unit="件", measures=[sample_plan.proposals]
    )
    entry = api.page(sample_plan.proposals.pk, Accept_Language="en")["indicators"][0]
    assert entry["latest_assessment"]["outcome"] == "no_value"
    assert entry["latest_assessment"]["percent"] is None
    assert entry["latest_assessment"]["band"] is None
    # The page is Japanese: its sentence is Japanese whatever the reader's labels.
    assert entry["latest_assessment"]["explanation"] == "実績値がないため評価していません。"


def _queries(client, params: dict) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v2/pages/", params)
    assert response.status_code == 200, response.content[:300]
    return len(captured), len(response.json()["items"])


@pytest.mark.parametrize("page_type", ["plans.MeasurePage", "plans.ActionItemPage", "plans.PlanPage"])
def test_listings_run_the_same_queries_for_few_and_many_indicators(
    client, sample_plan, indicators, page_type
):
    params = {"type": page_type, "fields": "*", "limit": 20}
    _queries(client, params)  # warm the site root and content caches
    few, count = _queries(client, params)
    measures = [MeasurePageFactory(parent=sample_plan.plan, number=str(n)) for n in range(5, 9)]
    for n in range(12):
        extra = add_indicator(
            sample_plan.plan,
            name=f"追加の指標{n}",
            measures=measures,
            baseline=(2020, "1"),
            targets={2023: "5", 2025: "10"},
            values={year: str(year - 2019) for year in range(2020, 2025)},
        )
        IndicatorItem.objects.create(indicator=extra, item=sample_plan.women_members)
        IndicatorItem.objects.create(indicator=extra, item=sample_plan.proposal_system)
    _queries(client, params)
    many, many_count = _queries(client, params)
    assert many == few
    assert many_count >= count
    if page_type == "plans.MeasurePage":
        listed = client.get("/api/v2/pages/", params).json()["items"]
        assert sum(len(page["indicators"]) for page in listed) >= 4 * 12
    assert IndicatorMeasure.objects.count() >= 48


def test_a_filter_on_the_indicators_field_is_refused_with_a_message(client, sample_plan, indicators):
    response = client.get("/api/v2/pages/", {"type": "plans.MeasurePage", "indicators": "1"})
    assert response.status_code == 400
    assert "indicators" in response.json()["message"]
