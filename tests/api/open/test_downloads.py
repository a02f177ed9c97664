"""Every list as CSV (UTF-8 with BOM) and JSON: the items as the plan table, the same file as
the plan page's 「計画表」 download; the other lists after 全国地方公共団体コード."""

from __future__ import annotations

import csv
import io
import json

from django.test import Client

import pytest

from home.models import MunicipalitySettings
from plans.tables.columns import COLUMNS
from plans.tables.exporter import export_rows, table_columns


@pytest.fixture
def municipality(tree):
    settings = MunicipalitySettings.for_site(tree.site)
    settings.code = "131016"
    settings.save()
    return settings


def plan_page_csv(plan) -> list[list[str]]:
    """The 「計画表」 CSV download of the plan's public page."""
    response = Client(HTTP_HOST="localhost").get(plan.url + "table/csv/")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_items_csv_of_a_plan_is_the_plan_pages_plan_table(api, sample_plan, municipality):
    """The same columns in the same order, and the same rows: measures without items and
    再掲 rows included."""
    rows = api.csv_rows("/items.csv", {"plan": sample_plan.plan.pk})
    page_rows = plan_page_csv(sample_plan.plan)

    assert rows[0] == page_rows[0]
    assert rows[1:] == page_rows[1:]
    header = rows[0]
    assert header[: len(COLUMNS)] == [column.japanese for column in COLUMNS]
    assert header[len(COLUMNS) :] == ["令和3年度", "令和4年度", "令和5年度", "令和6年度", "令和7年度"]
    assert len(rows) - 1 == len(export_rows(sample_plan.plan))
    first = next(
        dict(zip(header, row, strict=True)) for row in rows[1:] if row[header.index("番号")] == "1-1"
    )
    assert first["担当"] == "市民協働推進課\n広報課"
    assert first["主体"] == "市"
    assert first["新規"] == "○"
    assert first["進捗状況"] == "順調"
    assert first["評価年度"] == "令和6年度"
    assert (first["令和3年度"], first["令和4年度"]) == ("検討", "実施")


def test_a_filtered_items_csv_has_the_plan_tables_columns_and_one_row_per_item(
    api, sample_plan, municipality
):
    rows = api.csv_rows("/items.csv", {"plan": sample_plan.plan.pk, "fiscal_year": 2023})
    header = rows[0]
    assert header == plan_page_csv(sample_plan.plan)[0]
    years = ["令和3年度", "令和4年度", "令和5年度", "令和6年度", "令和7年度"]
    assert header == [column.header("ja") for column in table_columns([])] + years
    statuses = {row[header.index("番号")]: row[header.index("進捗状況")] for row in rows[1:]}
    assert statuses == {"1-1": "概ね順調", "1-2": "遅れ", "2-1": "実施中", "3-1": "完了"}
    # the cells of an item are those of the plan table
    exported: dict[str, dict] = {}
    for row in export_rows(sample_plan.plan, status_year=2023):  # an item's own row comes first
        exported.setdefault(row["item_number"], row)
    first = next(
        dict(zip(header, row, strict=True)) for row in rows[1:] if row[header.index("番号")] == "1-1"
    )
    for column in COLUMNS:
        assert first[column.japanese] == exported["1-1"][column.key], column.key


def test_english_headers_and_codes_when_asked(api, sample_plan, municipality):
    rows = api.csv_rows("/items.csv", {"plan": sample_plan.plan.pk}, language="en")
    assert rows[0][:3] == ["area", "measure_number", "measure"]
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
