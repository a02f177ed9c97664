"""The number of queries of a list request does not grow with the page size."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from plans.vocabularies import ProgressStatus

from ...factories import MeasurePageFactory, add_many_items


def queries_for(api, path: str, query: dict) -> int:
    api.get(path, query)  # warm-up: content types and other per-process caches
    cache.clear()  # count the queries of computing the answer, not of reading the cache
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path, query)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize(
    "path",
    ["/plans", "/measures", "/items", "/departments", "/progress", "/progress-summaries", "/items.csv"],
)
def test_list_queries_do_not_grow_with_the_page_size(
    api, sample_plan, departments, path, django_capture_on_commit_callbacks
):
    whole_plan = {"plan": sample_plan.plan.pk}  # the CSV of one plan is its plan table
    few_rows = queries_for(api, path, whole_plan) if path.endswith(".csv") else None
    # The new pages are committed, as the site serves them: answers kept under the content
    # generation (plans/content_cache.py) are worked out again once, not on every call.
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5, 8):
            measure = MeasurePageFactory(parent=sample_plan.plan, number=str(number))
            add_many_items(
                measure,
                20,
                departments=[departments.kyodo, departments.koho],
                progress={2023: ProgressStatus.ON_TRACK, 2024: ProgressStatus.DELAYED},
            )
    if path.endswith(".csv"):  # the whole list: one measure's items against all of them
        small = queries_for(api, path, {"plan": sample_plan.plan.pk, "measure": sample_plan.comments.pk})
        large = queries_for(api, path, {"plan": sample_plan.plan.pk, "fiscal_year": 2024})
        assert queries_for(api, path, whole_plan) == few_rows
    else:
        small = queries_for(api, path, {"page_size": 1})
        large = queries_for(api, path, {"page_size": 200})
    assert small == large
    if path == "/items":
        with CaptureQueriesContext(connection) as queries:
            payload = api.get(path, {"page_size": 200}).json()
        assert payload["count"] >= 64 and len(payload["results"]) >= 64
        assert len(queries) == 0  # served from the cache
