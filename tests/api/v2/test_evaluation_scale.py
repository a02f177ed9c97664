"""The headless API gives each progress row's grade in the plan's words beside the canonical
status, and the report's figures a 評価なし column apart from 報告なし."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ...factories import MeasurePageFactory, add_levels, add_many_items, grade_row

YEAR = 2024


def test_a_row_without_a_status_is_not_assessed_in_the_rows_and_the_figures(api, sample_plan):
    grade_row(sample_plan.women_members, YEAR, None, "委員改選に向けて候補者名簿を整えました。")

    item = api.page(sample_plan.women_members.pk)
    row = next(row for row in item["progress_rows"] if row["fiscal_year"]["year"] == YEAR)
    assert row["status"] is None
    assert row["grade"] == {"label": "評価なし", "label_ja": "評価なし", "description": ""}

    figures = api.page(sample_plan.report.pk)["progress_figures"]
    assert (figures["total"], figures["reported"]) == (4, 3)
    counts = {count["code"]: count["count"] for count in figures["counts"]}
    assert (counts["not_assessed"], counts["none"]) == (1, 1)
    entries = {entry["item"]["id"]: entry for measure in figures["measures"] for entry in measure["items"]}
    entry = entries[sample_plan.women_members.pk]
    assert entry["status"] == {"code": "not_assessed", "label": "評価なし", "label_ja": "評価なし"}
    assert entry["grade"]["label"] == "評価なし"
    assert entries[sample_plan.public_comment.pk]["grade"] is None  # 報告なし: no row at all
    assert [item["id"] for item in figures["not_reported"]] == [sample_plan.public_comment.pk]


def test_the_english_request_keeps_the_plan_label_and_translates_the_status(api, sample_plan):
    levels = add_levels(sample_plan.plan)
    grade_row(sample_plan.women_members, YEAR, levels["C"], "女性委員の割合は31％にとどまりました。")

    item = api.page(sample_plan.women_members.pk, **{"Accept-Language": "en"})
    row = next(row for row in item["progress_rows"] if row["fiscal_year"]["year"] == YEAR)
    assert row["grade"] == {"label": "C", "label_ja": "C", "description": "やや遅れている"}
    assert row["status"] == {"code": "delayed", "label": "Delayed", "label_ja": "遅れ"}


def test_an_item_listing_of_a_graded_plan_reads_its_scale_once(client, sample_plan, departments):
    levels = add_levels(sample_plan.plan)
    measure = MeasurePageFactory(parent=sample_plan.plan, title="大きな施策", number="50")
    items = add_many_items(measure, 50, departments=[departments.kyodo])
    for item in items[:3]:
        grade_row(item, YEAR, levels["B"], "概ね計画どおりに進めました。")
    params = {"child_of": measure.pk, "type": "plans.ActionItemPage", "fields": "progress_rows"}

    def listing(limit: int) -> tuple[int, list]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v2/pages/", {**params, "limit": limit})
        assert response.status_code == 200
        return len(captured), response.json()["items"]

    listing(1)  # warm the site root cache
    small, _items = listing(5)
    large, found = listing(50)
    assert small == large
    assert [row["grade"]["label"] for row in found[0]["progress_rows"]] == ["B"]
