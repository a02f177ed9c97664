"""Every list as CSV (UTF-8 with BOM, the plan-table columns plus 全国地方公共団体コード) and JSON."""

from __future__ import annotations

import json

import pytest

from home.models import MunicipalitySettings
from plans.tables.columns import COLUMNS
from plans.tables.exporter import export_rows


@pytest.fixture
def municipality(tree):
    settings = MunicipalitySettings.for_site(tree.site)
    settings.name = "みなと市"
    settings.code = "131016"
    settings.save()
    return settings


def test_items_csv_is_the_plan_table_with_the_municipality_code(api, sample_plan, municipality):
    rows = api.csv_rows("/items.csv", {"plan": sample_plan.plan.pk})
    header = rows[0]
    assert header[:2] == ["全国地方公共団体コード", "計画"]
    assert header[2 : 2 + len(COLUMNS)] == [column.japanese for column in COLUMNS]
    assert header[2 + len(COLUMNS) :] == ["令和3年度", "令和4年度", "令和5年度"]
    assert len(rows) == 5
    assert {row[0] for row in rows[1:]} == {"131016"}
    by_number = {row[header.index("番号")]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    first = by_number["1-1"]
    assert first["計画"] == sample_plan.plan.title
    assert first["担当"] == "市民協働推進課\n広報課"
    assert first["主体"] == "市"
    assert first["新規"] == "○"
    assert first["進捗状況"] == "順調"
    assert first["評価年度"] == "令和6年度"
    assert (first["令和3年度"], first["令和4年度"]) == ("検討", "実施")
    # the same cells as the plan-table export of the plan
    exported: dict[str, dict] = {}
    for row in export_rows(sample_plan.plan):  # the item's own row comes before its 再掲 rows
        exported.setdefault(row["item_number"], row)
    for column in COLUMNS:
        assert first[column.japanese] == exported["1-1"][column.key], column.key


def test_items_csv_takes_the_status_year_from_the_filter(api, sample_plan, municipality):
    rows = api.csv_rows("/items.csv", {"plan": sample_plan.plan.pk, "fiscal_year": 2023})
    header = rows[0]
    statuses = {row[header.index("番号")]: row[header.index("進捗状況")] for row in rows[1:]}
    assert statuses == {"1-1": "概ね順調", "1-2": "遅れ", "2-1": "実施中", "3-1": "完了"}


def test_english_headers_and_codes_when_asked(api, sample_plan, municipality):
    rows = api.csv_rows("/items.csv", {"plan": sample_plan.plan.pk}, language="en")
    assert rows[0][:4] == ["municipality_code", "plan", "area", "measure_number"]
    assert rows[1][rows[0].index("actor")] == "city"


def test_the_download_is_an_attachment(api, sample_plan):
    response = api.get("/items.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="items.csv"')


@pytest.mark.parametrize("name", ["plans", "measures", "departments", "progress", "progress-summaries"])
def test_every_list_has_a_csv_with_one_row_per_result(api, sample_plan, municipality, name):
    rows = api.csv_rows(f"/{name}.csv")
    assert rows[0][0] == "全国地方公共団体コード"
    assert len(rows) - 1 == api.json(f"/{name}")["count"] > 0
    assert {row[0] for row in rows[1:]} == {"131016"}


@pytest.mark.parametrize(
    "name", ["plans", "measures", "items", "departments", "progress", "progress-summaries"]
)
def test_every_list_has_a_json_download_of_all_results(api, sample_plan, municipality, name):
    query = {} if name in {"plans", "departments"} else {"plan": sample_plan.plan.pk}
    response = api.get(f"/{name}.json", query)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{name}.json"'
    payload = json.loads(response.content)
    listed = api.json(f"/{name}", {"page_size": 1, **query})
    assert payload["count"] == listed["count"] == len(payload["results"])
    assert payload["municipality_code"] == "131016"


def test_summary_csv_counts_per_status(api, sample_plan):
    rows = api.csv_rows("/progress-summaries.csv", {"plan": sample_plan.plan.pk, "fiscal_year": 2024})
    header, row = rows
    values = dict(zip(header, row, strict=True))
    assert values["年度"] == "令和6年度"
    assert (values["順調"], values["遅れ"], values["完了"], values["報告なし"], values["計"]) == (
        "1",
        "1",
        "1",
        "1",
        "4",
    )
