"""The open-data API, the headless API and the report page show the same figures for a
plan's year: all three come from ``plans.rollup``. Checked on a generated plan of several
hundred items in which every status occurs, with some items unreported and some unpublished."""

from __future__ import annotations

from django.test import Client

import pytest
from bs4 import BeautifulSoup

from plans.models import ActionItemPage, ProgressReportPage
from plans.synthetic import generate_plans
from plans.vocabularies import NO_REPORT, ProgressStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def large_plan(tree):
    summary = generate_plans(plans=1, measures=12, items=30, seed=7, index_search=False)
    plan = summary.plans[0]
    report = ProgressReportPage.objects.child_of(plan).live().get()
    # Unpublished items count nowhere: the public figures leave them out everywhere.
    hidden = list(ActionItemPage.objects.filter(plan=plan).order_by("path")[5:8])
    for item in hidden:
        item.unpublish()
    return plan, report


def page_tables(html: str) -> tuple[dict[str, int], dict[str, dict[str, int]], int]:
    soup = BeautifulSoup(html, "html.parser")
    counts_table = soup.select_one("table.counts-table")
    counts = {
        row.th.get_text(strip=True): int(row.td.get_text(strip=True))
        for row in counts_table.select("tbody tr")
    }
    total = int(counts_table.select_one("tfoot td").get_text(strip=True))
    measures_table = soup.select_one("table.measure-counts-table")
    labels = [th.get_text(strip=True) for th in measures_table.select("thead th")[1:-1]]
    by_measure = {}
    for row in measures_table.select("tbody tr"):
        cells = [int(td.get_text(strip=True)) for td in row.select("td")]
        by_measure[row.th.get_text(" ", strip=True)] = dict(zip(labels, cells[:-1], strict=True))
    return counts, by_measure, total


def test_the_api_figures_equal_the_report_page(large_plan):
    plan, report = large_plan
    client = Client(HTTP_HOST="localhost")

    page = client.get(report.url)
    assert page.status_code == 200
    page_counts, page_measures, page_total = page_tables(page.content.decode())

    summary = client.get(f"/api/open/progress-summaries/{plan.pk}/{report.fiscal_year}").json()
    api_counts = {entry["label"]: entry["count"] for entry in summary["counts"]}
    listed = client.get("/api/open/progress-summaries", {"plan": plan.pk}).json()["results"]
    (listed_year,) = [entry for entry in listed if entry["fiscal_year"] == report.fiscal_year]

    v2 = client.get(f"/api/v2/pages/{report.pk}/", {"fields": "progress_figures"}).json()["progress_figures"]
    v2_counts = {entry["label"]: entry["count"] for entry in v2["counts"]}

    # The plan is large, every status occurs and some items have no report: a real test.
    assert page_total == summary["total"] == v2["total"] == listed_year["total"] == 360 - 3
    codes = {entry["code"] for entry in summary["counts"] if entry["count"]}
    assert codes == {*ProgressStatus.values, NO_REPORT}

    assert page_counts == api_counts == v2_counts
    assert {entry["code"]: entry["count"] for entry in listed_year["counts"]} == {
        entry["code"]: entry["count"] for entry in summary["counts"]
    }
    assert summary["reported"] == v2["reported"] == listed_year["reported"]
    assert summary["reported"] == page_total - page_counts["報告なし"]

    api_measures = [
        {entry["label"]: entry["count"] for entry in measure["counts"]} for measure in summary["measures"]
    ]
    v2_measures = [
        {entry["label"]: entry["count"] for entry in measure["counts"]} for measure in v2["measures"]
    ]
    assert list(page_measures.values()) == api_measures == v2_measures
    assert len(api_measures) == 12
