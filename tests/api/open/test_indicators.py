"""Indicators (成果指標) in the open-data API: /indicators and /indicators/values with their
filters, CSV and JSON downloads, 400s in the reader's language, no draft, unpublished or
private indicator anywhere, a fixed number of queries, and a cache that follows publishing."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from ...factories import add_indicator
from ..indicators import DRAFT_NAME, PRIVATE_NAME, UNPUBLISHED_NAME, add_sample_indicators


@pytest.fixture
def indicators(sample_plan, previous_plan):
    return add_sample_indicators(sample_plan, previous_plan)


def test_the_list_gives_each_published_indicator_with_figures_and_latest_grade(api, sample_plan, indicators):
    payload = api.json("/indicators")
    assert payload["count"] == 2
    members, comments = payload["results"]
    assert members["id"] == indicators.members.pk
    assert members["name"] == "審議会等の委員に占める公募委員の割合"
    assert members["direction"] == {"code": "up", "label": "増加が望ましい"}
    assert members["baseline"] == {"fiscal_year": 2020, "value": "18.5"}
    assert members["targets"] == [{"fiscal_year": 2025, "value": "30"}]
    assert members["values"] == [
        {"fiscal_year": 2022, "value": None, "note": ""},
        {"fiscal_year": 2023, "value": "24", "note": ""},
        {"fiscal_year": 2024, "value": "26.8", "note": "委員改選の年"},
    ]
    assert members["assessment"]["fiscal_year"] == 2024
    assert members["assessment"]["percent"] == 72
    assert members["assessment"]["band"]["label"] == "B"
    assert members["assessment"]["rule"]["code"] == "progress"
    assert members["assessment"]["explanation"].startswith("令和6年度の実績値は26.8%で")
    assert members["plan"]["id"] == sample_plan.plan.pk
    assert [measure["id"] for measure in members["measures"]] == [sample_plan.participation.pk]
    assert [item["id"] for item in members["items"]] == [sample_plan.public_members.pk]
    assert members["locale"] == "ja"
    # the published version of an indicator with a newer draft
    assert comments["name"] == "パブリックコメント1件あたりの平均意見数"
    assert comments["values"][-1]["value"] == "10.8"
    assert [measure["id"] for measure in comments["measures"]] == [
        sample_plan.comments.pk,
        sample_plan.participation.pk,
    ]


def test_the_detail_of_an_indicator_is_its_entry_in_the_list(api, indicators):
    listed = {entry["id"]: entry for entry in api.json("/indicators")["results"]}
    for pk in (indicators.members.pk, indicators.comments.pk):
        assert api.json(f"/indicators/{pk}") == listed[pk]


def test_a_draft_unpublished_private_or_unknown_indicator_has_no_detail(api, indicators):
    for pk in (indicators.draft.pk, indicators.unpublished.pk, indicators.private.pk, 999_999):
        payload = api.json(f"/indicators/{pk}", status=404)
        assert payload["error"] == "not_found"
        assert payload["message"] == "指定されたデータは見つかりません。"
    english = api.get(f"/indicators/{indicators.draft.pk}", language="en")
    assert english.status_code == 404 and english.json()["message"] == "No such record is published."
    assert api.get("/indicators/abc").status_code == 400


def test_filters_by_plan_measure_item_fiscal_year_and_locale(api, sample_plan, previous_plan, indicators):
    members, comments = indicators.members.pk, indicators.comments.pk
    assert api.ids("/indicators", {"plan": sample_plan.plan.pk}) == [members, comments]
    assert api.ids("/indicators", {"plan": previous_plan.pk}) == []  # private
    assert api.ids("/indicators", {"measure": sample_plan.comments.pk}) == [comments]
    assert api.ids("/indicators", {"measure": sample_plan.proposals.pk}) == []
    assert api.ids("/indicators", {"item": sample_plan.public_members.pk}) == [members]
    assert api.ids("/indicators", {"locale": "en"}) == []
    assert api.ids("/indicators", {"locale": "ja"}) == [members, comments]
    # a year with a value: graded for that year; 2022 is blank for 公募委員
    graded_2023 = api.json("/indicators", {"fiscal_year": 2023})["results"]
    assert [entry["id"] for entry in graded_2023] == [members, comments]
    assert [entry["assessment"]["fiscal_year"] for entry in graded_2023] == [2023, 2023]
    assert graded_2023[0]["assessment"]["percent"] == 48  # (24 − 18.5) ÷ 11.5
    assert graded_2023[1]["assessment"]["target"] == {"fiscal_year": 2023, "value": "9"}  # the interim one
    assert api.ids("/indicators", {"fiscal_year": 2022}) == []
    assert api.ids("/indicators/values", {"indicator": members, "fiscal_year": 2024}) == [
        indicators.members.values.get(fiscal_year=2024).pk
    ]


def test_values_give_one_row_per_indicator_and_year_with_the_years_target_and_grade(api, indicators):
    rows = api.json("/indicators/values", {"page_size": 200})["results"]
    assert [(row["indicator"]["id"], row["fiscal_year"]) for row in rows] == [
        (indicators.members.pk, 2022),
        (indicators.members.pk, 2023),
        (indicators.members.pk, 2024),
        (indicators.comments.pk, 2023),
        (indicators.comments.pk, 2024),
    ]
    blank, _2023, _2024, interim, final = rows
    assert blank["value"] is None
    assert blank["assessment"]["outcome"] == "no_value"
    assert blank["assessment"]["explanation"] == "令和4年度の実績値がないため評価していません。"
    assert interim["target"] == "9"  # a target set for that very year
    assert interim["assessment"]["percent"] == 117  # (9.5 − 6) ÷ (9 − 6)
    assert interim["assessment"]["band"]["label"] == "S"
    assert final["target"] is None  # no target in 2024; graded against 2025's
    assert final["assessment"]["target"] == {"fiscal_year": 2025, "value": "12"}
    assert final["assessment"]["percent"] == 80
    assert _2024["note"] == "委員改選の年"
    paged = api.json("/indicators/values", {"page_size": 2, "page": 2})
    assert (paged["count"], paged["num_pages"], len(paged["results"])) == (5, 3, 2)
    assert paged["results"][0]["fiscal_year"] == 2024


def test_no_draft_unpublished_or_private_indicator_reaches_any_list_or_download(api, sample_plan, indicators):
    hidden = {DRAFT_NAME, UNPUBLISHED_NAME, PRIVATE_NAME, "下書きで変えた名前"}
    texts = [
        api.get(path).content.decode("utf-8-sig")
        for path in (
            "/indicators",
            "/indicators.csv",
            "/indicators.json",
            "/indicators/values",
            "/indicators/values.csv",
            "/indicators/values.json",
        )
    ]
    for text in texts:
        assert not [name for name in hidden if name in text]
        assert '"99"' not in text
    ids = {indicators.draft.pk, indicators.unpublished.pk, indicators.private.pk}
    values = api.json("/indicators/values", {"page_size": 200})["results"]
    assert not ids & {row["indicator"]["id"] for row in values}
    for hidden_id in ids:
        assert api.json("/indicators/values", {"indicator": hidden_id})["count"] == 0


def test_csv_files_follow_the_other_lists_conventions(api, sample_plan, indicators):
    header, *rows = api.csv_rows("/indicators.csv")
    assert header[:5] == ["全国地方公共団体コード", "ID", "計画", "指標ID", "指標名"]
    members = dict(zip(header, rows[0], strict=True))
    assert members["指標名"] == "審議会等の委員に占める公募委員の割合"
    assert members["望ましい方向"] == "増加が望ましい"
    assert members["対象の施策"] == "1 審議会等への市民公募委員の参加促進"
    assert members["基準年度"] == "令和2年度"
    assert members["基準値"] == "18.5"
    assert (members["目標年度"], members["目標値"]) == ("令和7年度", "30")
    assert (members["評価年度"], members["実績値"], members["達成率（％）"], members["評価"]) == (
        "令和6年度",
        "26.8",
        "72",
        "B",
    )
    assert members["評価の説明"].startswith("令和6年度の実績値は26.8%で")

    header, *rows = api.csv_rows("/indicators/values.csv", {"indicator": indicators.comments.pk})
    assert header == [
        "全国地方公共団体コード",
        "計画",
        "指標ID",
        "指標名",
        "単位",
        "年度",
        "実績値",
        "目標値",
        "達成率（％）",
        "評価",
        "評価の説明",
        "備考",
        "APIの指標ID",
    ]
    assert [row[5:10] for row in rows] == [
        ["令和5年度", "9.5", "9", "117", "S"],
        ["令和6年度", "10.8", "", "80", "A"],
    ]
    english, *_rows = api.csv_rows("/indicators/values.csv", language="en")
    assert english[:3] == ["municipality_code", "plan", "indicator_code"]
    response = api.get("/indicators/values.csv")
    assert "indicators-values.csv" in response["Content-Disposition"]


def test_the_json_download_has_every_indicator(api, indicators):
    payload = api.json("/indicators.json")
    assert payload["count"] == 2
    assert [entry["id"] for entry in payload["results"]] == [indicators.members.pk, indicators.comments.pk]
    assert "municipality_code" in payload


@pytest.mark.parametrize(
    ("path", "query", "parameter"),
    [
        ("/indicators", {"fiscal_year": "2024年"}, "fiscal_year"),
        ("/indicators", {"fiscal_year": "1800"}, "fiscal_year"),
        ("/indicators", {"plan": "0"}, "plan"),
        ("/indicators", {"locale": "fr"}, "locale"),
        ("/indicators", {"department": "1"}, "department"),
        ("/indicators/values", {"indicator": "x"}, "indicator"),
        ("/indicators/values.csv", {"page_size": "10"}, "page_size"),
    ],
)
def test_bad_parameters_answer_400_in_the_readers_language(api, indicators, path, query, parameter):
    japanese = api.json(path, query, status=400)
    assert japanese["message"] == "指定された条件に誤りがあります。"
    assert japanese["details"][0]["parameter"] == parameter
    english = api.json(path, query, status=400, language="en")
    assert english["details"][0]["parameter"] == parameter
    assert english["message"] != japanese["message"]


def _queries(api, path: str, query: dict) -> int:
    api.get(path, query)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path, query)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize(
    "path",
    ["/indicators", "/indicators.csv", "/indicators/values", "/indicators/values.csv", "/indicators/{id}"],
)
def test_queries_do_not_grow_with_the_number_of_indicators_and_values(
    api, sample_plan, indicators, path, django_capture_on_commit_callbacks
):
    path = path.replace("{id}", str(indicators.members.pk))
    few = _queries(api, path, {})
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(15):
            add_indicator(
                sample_plan.plan,
                name=f"追加の指標{n}",
                measures=[sample_plan.proposals, sample_plan.comments],
                baseline=(2020, "1"),
                targets={2023: "5", 2025: "10"},
                values={year: str(year - 2019) for year in range(2020, 2025)},
                notes={2021: "調査方法を変更"},
            )
    many = _queries(api, path, {})
    assert many == few
    if path.endswith(("/indicators", "/values")):
        assert api.json(path)["count"] == (17 if path == "/indicators" else 80)


def test_publishing_an_indicator_reaches_the_cached_list(
    api, sample_plan, indicators, django_capture_on_commit_callbacks
):
    assert api.json("/indicators")["count"] == 2  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        add_indicator(sample_plan.plan, name="市民活動団体の登録数", unit="団体", values={2024: "362"})
    assert api.json("/indicators")["count"] == 3
    with django_capture_on_commit_callbacks(execute=True):
        indicators.members.unpublish()
    assert [entry["name"] for entry in api.json("/indicators")["results"]] == [
        "市民活動団体の登録数",  # display order 0
        "パブリックコメント1件あたりの平均意見数",
    ]
