"""Every public page type runs a fixed number of queries: the same for a plan of 3 measures
as for one of 12 (with 3 or 12 indicators of 3 or 12 yearly values each), and no more than
the figures below (docs/benchmarks.md), with the content committed as the site sees it
(answers kept under the content generation)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from plans.models import IndicatorItem
from plans.vocabularies import PlanKind, ProgressStatus

from ..factories import (
    MeasurePageFactory,
    PlanPageFactory,
    ProgressReportPageFactory,
    add_indicator,
    add_many_items,
)

# The queries of a second request to each page (the first warms Wagtail's site roots and the
# content cache), on a plan of the size the test builds. A change that adds a query to a page
# shows up here: lower the figure when a page gets cheaper.
# The site, the route to the page and the municipality's texts are kept under the content
# generation; the page's body is rendered every time here (kept bodies: the last test).
# Indicators add four queries to a measure or item page (the indicators, their targets, their
# values, the plan's grade bands) and five to a plan page or a report (their measures).
MOST_QUERIES = {
    "home": 11,
    "plan": 14,
    "measure": 10,
    "item": 16,
    "progress report": 15,
    "search": 14,
    "API v2 items": 16,  # with the items' indicators (fields=*), read once for the list
}


def build_plan(tree, departments, size: int) -> dict:
    """A plan of ``size`` measures of ``size`` items each, and its FY2024 report."""
    plan = PlanPageFactory(
        parent=tree.plan_index,
        title=f"協働推進プラン（{size}施策）",
        slug=f"plan-{size}",
        kind=PlanKind.ACTION,
    )
    measures = []
    for number in range(1, size + 1):
        measure = MeasurePageFactory(parent=plan, title=f"協働の施策 その{number}", number=str(number))
        add_many_items(
            measure,
            size,
            departments=[departments.kyodo, departments.koho],
            progress={2023: ProgressStatus.IN_PROGRESS, 2024: ProgressStatus.ON_TRACK},
        )
        measures.append(measure)
    report = ProgressReportPageFactory(
        parent=plan, title=f"令和6年度 進捗報告（{size}施策）", fiscal_year=2024
    )
    item = measures[-1].get_children().last().specific
    # Published indicators of the last measure and of its last item, with a value a year.
    for number in range(1, size + 1):
        indicator = add_indicator(
            plan,
            name=f"協働の指標 その{number}",
            unit="人",
            measures=[measures[-1]],
            baseline=(2015, "100"),
            targets={2030: "500"},
            values={year: str(100 + 10 * year - 20150) for year in range(2016, 2016 + size)},
        )
        IndicatorItem.objects.create(indicator=indicator, item=item)
    return {
        "plan": plan.url,
        "measure": measures[-1].url,
        "item": item.url,
        "progress report": report.url,
        "search": "/search/?q=地域の協働事業",
        "API v2 items": (
            f"/api/v2/pages/?type=plans.ActionItemPage&fields=*&limit={size}&child_of={measures[-1].pk}"
        ),
    }


def queries_of(client, url: str, *, shows: str) -> int:
    assert client.get(url).status_code == 200, url  # warm the caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    assert shows in response.content.decode(), f"{url} does not show {shows}"
    return len(captured)


@pytest.fixture
def counts(client, tree, departments, django_capture_on_commit_callbacks, settings):
    """The queries of every page type rendered, for a plan of 3 measures and one of 12."""
    settings.KYODO_KEPT_CONTENT_ENABLED = False  # rendered every time (test_kept_bodies below)
    figures = {}
    for size in (3, 12):
        with django_capture_on_commit_callbacks(execute=True):  # committed, as the site sees it
            urls = build_plan(tree, departments, size)
        last = f"協働の施策 その{size}"  # every page shows the last measure or its items
        figures[size] = {"home": queries_of(client, "/", shows=f"協働推進プラン（{size}施策）")}
        for name, url in urls.items():
            shown = {"item": "地域の協働事業", "search": urls["plan"], "API v2 items": "地域の協働事業"}.get(
                name, last
            )
            figures[size][name] = queries_of(client, url, shows=shown)
    return figures


def test_no_page_runs_more_queries_for_more_measures_and_items(counts):
    assert counts[3] == counts[12]


def test_no_page_runs_more_queries_than_measured(counts):
    over = {name: count for name, count in counts[12].items() if count > MOST_QUERIES[name]}
    assert not over, f"more queries than measured: {over} (all: {counts[12]})"


def test_kept_bodies_read_only_the_content_generation(
    client, tree, departments, django_capture_on_commit_callbacks
):
    """With its body kept (home.kept_content), every page type of the plan reads the content
    generation, whatever the plan's size."""
    with django_capture_on_commit_callbacks(execute=True):
        urls = build_plan(tree, departments, 12)
    pages = {name: url for name, url in urls.items() if name not in ("search", "API v2 items")}
    pages["home"] = "/"
    for name, url in pages.items():
        assert queries_of(client, url, shows="協働") == 1, name
