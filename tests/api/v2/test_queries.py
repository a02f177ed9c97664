"""A listing runs the same number of queries whatever its length."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from plans.models import Relisting, ScheduleRow

from ...factories import MeasurePageFactory, PlanPageFactory, add_many_items


def queries_of(client, params: dict) -> tuple[int, int]:
    """(queries, items) of one listing request."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v2/pages/", params)
    assert response.status_code == 200, response.content[:300]
    return len(captured), len(response.json()["items"])


@pytest.fixture
def large_measure(sample_plan, departments):
    measure = MeasurePageFactory(parent=sample_plan.plan, title="大きな施策", number="50")
    items = add_many_items(
        measure,
        50,
        departments=[departments.kyodo, departments.koho],
        progress={2023: "in_progress", 2024: "on_track"},
    )
    ScheduleRow.objects.bulk_create(
        ScheduleRow(item=item, fiscal_year=2024, phase="implement") for item in items
    )
    Relisting.objects.bulk_create(Relisting(item=item, measure=sample_plan.proposals) for item in items)
    return measure


@pytest.mark.parametrize(
    "extra",
    [
        {"type": "plans.ActionItemPage", "fields": "*"},
        {"type": "plans.ActionItemPage"},
        {"fields": "*"},
        {},
    ],
)
def test_item_listings_run_the_same_queries_for_5_and_50_items(client, large_measure, extra):
    params = {"child_of": large_measure.pk, **extra}
    queries_of(client, {**params, "limit": 1})  # warm the site root cache
    small, small_count = queries_of(client, {**params, "limit": 5})
    large, large_count = queries_of(client, {**params, "limit": 50})
    assert (small_count, large_count) == (5, 50)
    assert small == large


def test_the_full_item_listing_reads_every_related_row(client, large_measure):
    """The prefetched rows are really there: departments, schedule, progress, re-listing."""
    response = client.get(
        "/api/v2/pages/",
        {"child_of": large_measure.pk, "type": "plans.ActionItemPage", "fields": "*", "limit": 50},
    )
    items = response.json()["items"]
    assert all(len(item["item_departments"]) == 2 for item in items)
    assert all(
        [row["status"]["code"] for row in item["progress_rows"]] == ["in_progress", "on_track"]
        for item in items
    )
    assert all(item["schedule_rows"][0]["phase"]["code"] == "implement" for item in items)
    assert all(item["relisted_under"][0]["title"] == "協働事業提案制度の推進" for item in items)
    assert all(item["measure"]["id"] == large_measure.pk for item in items)


def test_plan_listings_run_the_same_queries_for_4_and_15_plans(client, tree, sample_plan, departments):
    """The first four include a plan that replaces another (Django skips a prefetch that has
    nothing to fetch, so a smaller page without one would run one query less)."""
    previous = None
    for n in range(12):
        previous = PlanPageFactory(
            parent=tree.plan_index,
            title=f"地区別計画 その{n}",
            slug=f"district-{n}",
            issuing_department=departments.kyodo,
            replaces=previous,
        )
    params = {"type": "plans.PlanPage", "fields": "*", "child_of": tree.plan_index.pk}
    queries_of(client, {**params, "limit": 1})
    small, _ = queries_of(client, {**params, "limit": 4})
    large, count = queries_of(client, {**params, "limit": 15})
    assert count == 15
    assert small == large
