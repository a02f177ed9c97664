"""The demo's indicators (成果指標): 青葉市市民参加推進計画（第2次） measures itself by six published
indicators graded S/A/B/C by progress, read in Japanese and in English through both APIs, and
those of the measures in easy Japanese in easy Japanese; a second load changes nothing, and an
indicator a person edited in the admin stays as edited."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from demo import loader
from demo.loader import load_demo
from demo.participation_plan import PARTICIPATION_PLAN_2
from plans.indicators import assess, grading_for
from plans.models import Indicator, IndicatorValue, PlanPage

from .conftest import counts
from .test_staff_edits import form_data, with_plan

pytestmark = pytest.mark.slow

PLAN = "participation-plan-2"
MEMBERS = "審議会等の委員に占める公募委員の割合"


def indicators(language: str = "ja") -> list[Indicator]:
    return list(
        Indicator.objects.filter(plan__slug=PLAN, locale__language_code=language)
        .prefetch_related("targets", "values", "measure_links__measure")
        .order_by("sort_order")
    )


def test_the_participation_plan_has_six_published_graded_indicators(loaded):
    found = indicators()
    assert len(found) == 6
    assert all(indicator.live and indicator.live_revision_id for indicator in found)
    assert {indicator.direction for indicator in found} == {"up", "down", "target"}
    plan = PlanPage.objects.get(slug=PLAN, locale__language_code="ja")
    assert plan.indicator_rule == "progress"
    grading = grading_for(plan)
    assert [band.label for band in grading.bands] == ["S", "A", "B", "C"]
    grades = {indicator.name: assess(indicator, grading) for indicator in found}
    assert {name: (grade.fiscal_year, grade.band.label) for name, grade in grades.items()} == {
        MEMBERS: (2024, "B"),
        "パブリックコメント1件あたりの平均意見数": (2024, "B"),
        "協働事業提案制度の提案件数": (2024, "A"),
        "市民活動団体の登録数": (2024, "C"),
        "審議会等の会議録を公開するまでの平均日数": (2024, "A"),
        "市政への参加機会があると感じる市民の割合": (2024, "B"),
    }
    for indicator in found:
        assert indicator.baseline_value is not None and indicator.targets.all()
        assert [row.fiscal_year for row in indicator.values.all()] == [2020, 2021, 2022, 2023, 2024]
        assert [link.measure.plan_id for link in indicator.measure_links.all()] == [plan.pk]
    assert sum(1 for indicator in found for row in indicator.values.all() if row.note) >= 5


def test_the_indicators_read_in_english_through_both_apis(client, loaded):
    english_plan = PlanPage.objects.get(slug=PLAN, locale__language_code="en")
    found = indicators("en")
    assert [indicator.code for indicator in found] == [indicator.code for indicator in indicators()]
    assert all(indicator.live and indicator.plan_id == english_plan.pk for indicator in found)
    assert all(
        link.measure.locale_id == english_plan.locale_id for i in found for link in i.measure_links.all()
    )
    page = client.get(f"/api/v2/pages/{english_plan.pk}/").json()
    first = page["indicators"][0]
    assert first["name"] == "Share of publicly recruited members on councils and committees"
    assert first["latest_assessment"]["band"]["label"] == "B"
    assert first["latest_assessment"]["explanation"] == (
        "The value for FY2024 is 13.6%: 79% of the way from the baseline (FY2019: 8.2%) to the target "
        "(FY2025: 15%)."
    )
    units = {entry["name"]: entry["unit"] for entry in page["indicators"]}
    assert units["Registered community groups"] == "groups"
    opened = client.get("/api/open/indicators", {"locale": "en"}, headers={"Accept-Language": "en"}).json()
    assert opened["count"] == 6
    assert opened["results"][3]["values"][-1]["note"].startswith("Fewer than the year before")


def test_the_indicators_of_the_easy_japanese_measures_read_in_easy_japanese(client, loaded):
    easy_plan = PlanPage.objects.get(slug=PLAN, locale__language_code="ja-x-easy")
    found = indicators("ja-x-easy")
    assert [indicator.code for indicator in found] == ["4-①", "5-①", "8-①"]
    assert all(indicator.live and indicator.plan_id == easy_plan.pk for indicator in found)
    assert all(link.measure.locale_id == easy_plan.locale_id for i in found for link in i.measure_links.all())
    measure = found[0].measure_links.get().measure
    soup = BeautifulSoup(client.get(measure.url).content, "html.parser")
    for reading in soup.find_all(["rt", "rp"]):  # easy Japanese pages carry furigana
        reading.decompose()
    text = soup.get_text()
    assert "市の 会議の 委員の うち、市民から えらんだ 委員の 割合" in text
    assert "審議会等の委員に占める公募委員の割合" not in text
    # The grade's words are the plan's in easy Japanese.
    assert "B （79%）少し 進んで いる" in " ".join(text.split()).replace("） ", "）")


def test_a_second_load_changes_no_indicator(loaded):
    before = {
        indicator.pk: (indicator.latest_revision_id, indicator.name) for indicator in Indicator.objects.all()
    }
    summary = load_demo()
    assert counts() == loaded
    assert not summary.changed
    assert summary.unchanged["Indicator"] == 6
    assert summary.unchanged["Indicator (en)"] == 6
    assert summary.unchanged["Indicator (ja-x-easy)"] == 3
    after = {
        indicator.pk: (indicator.latest_revision_id, indicator.name) for indicator in Indicator.objects.all()
    }
    assert after == before
    assert IndicatorValue.objects.count() == (6 + 6 + 3) * 5


def test_an_indicator_edited_in_the_admin_stays_and_the_others_follow_the_specs(
    admin_client, loaded, monkeypatch
):
    edited = Indicator.objects.get(plan__slug=PLAN, locale__language_code="ja", name=MEMBERS)
    edit = reverse("wagtailsnippets_plans_indicator:edit", args=[edited.pk])
    data = form_data(admin_client.get(edit).content.decode())
    row = next(key for key, value in data.items() if key.startswith("values-") and value == "2024")
    data[row.replace("fiscal_year", "value")] = "14.1"  # a corrected figure
    data["action-publish"] = "action-publish"
    response = admin_client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Indicator.objects.get(pk=edited.pk).values.get(fiscal_year=2024).value == Decimal("14.1")
    # The developer changes every indicator's 2024 note in the specs.
    changed = replace(
        PARTICIPATION_PLAN_2,
        indicators=tuple(
            replace(spec, values=(*spec.values[:-1], (*spec.values[-1][:2], "令和6年度は速報値です。")))
            for spec in PARTICIPATION_PLAN_2.indicators
        ),
    )
    monkeypatch.setattr(loader, "PLANS", with_plan(changed))

    summary = load_demo()

    kept = Indicator.objects.get(pk=edited.pk)
    latest = kept.values.get(fiscal_year=2024)
    assert (latest.value, latest.note) == (
        Decimal("14.1"),
        "委員改選の時期を迎えた審議会等で、公募委員の枠を広げました。",
    )
    assert summary.kept["Indicator"] == 1
    assert summary.updated["Indicator"] == 5
    others = Indicator.objects.filter(plan__slug=PLAN, locale__language_code="ja").exclude(pk=edited.pk)
    assert {indicator.values.get(fiscal_year=2024).note for indicator in others} == {
        "令和6年度は速報値です。"
    }
    assert all(not indicator.has_unpublished_changes for indicator in others)
