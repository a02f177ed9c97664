"""Departments a draft plan brings in stay private: a plan table imported as a draft creates
its new departments, and neither the open-data API (list, detail, downloads) nor the headless
API names them until the plan is published, or staff mark the department public."""

from __future__ import annotations

import pytest

from plans.models import ActionItemPage, Department, PlanPage
from plans.services.imports import import_plan_file

from ...plans.tables.sheets import xlsx

NEW_DEPARTMENT = "地域共創推進課"
PLAN_TITLE = "青葉市地域共創プラン"


@pytest.fixture
def draft_plan(tree, departments):
    data = xlsx(
        [
            ["施策番号", "施策", "事業番号", "事業名", "担当課"],
            ["1", "地域の担い手づくり", "1-1", "地域共創サロンの開催", NEW_DEPARTMENT],
            ["1", "地域の担い手づくり", "1-2", "協働コーディネーターの養成", "市民協働推進課"],
        ]
    )
    report = import_plan_file(
        data, "地域共創プラン.xlsx", plan_title=PLAN_TITLE, create=True, period=(2026, 2030)
    )
    assert not report.has_errors, report.messages
    plan = PlanPage.objects.get(title=PLAN_TITLE)
    assert not plan.live
    return plan


def listed(api) -> set[str]:
    return {department["name"] for department in api.json("/departments", {"page_size": 200})["results"]}


def test_a_department_of_a_draft_plan_is_not_public(api, draft_plan):
    department = Department.objects.get(name=NEW_DEPARTMENT)
    assert NEW_DEPARTMENT not in listed(api)
    assert "市民協働推進課" in listed(api)  # named by the published sample plan
    assert api.get(f"/departments/{department.pk}").status_code == 404
    assert NEW_DEPARTMENT not in api.get("/departments.csv").content.decode("utf-8-sig")
    assert NEW_DEPARTMENT not in api.get("/departments.json").content.decode()
    assert api.json("/departments", {"q": "地域共創"})["count"] == 0
    headless = api.client.get(
        "/api/v2/pages/", {"type": "plans.ActionItemPage", "fields": "departments", "limit": 100}
    )
    assert NEW_DEPARTMENT not in headless.content.decode()


def test_it_becomes_public_with_the_plan(api, draft_plan, django_capture_on_commit_callbacks):
    assert NEW_DEPARTMENT not in listed(api)
    # Published as staff would: the plan, then every page below it (the API's cache starts
    # a new generation when the transaction commits).
    with django_capture_on_commit_callbacks(execute=True):
        draft_plan.get_latest_revision().publish()
        for page in PlanPage.objects.get(pk=draft_plan.pk).get_descendants().specific():
            page.get_latest_revision().publish()
    assert ActionItemPage.objects.descendant_of(draft_plan).live().count() == 2
    department = Department.objects.get(name=NEW_DEPARTMENT)
    assert NEW_DEPARTMENT in listed(api)
    assert api.get(f"/departments/{department.pk}").status_code == 200


def test_staff_can_mark_a_department_public(api, draft_plan, django_capture_on_commit_callbacks):
    department = Department.objects.get(name=NEW_DEPARTMENT)
    assert NEW_DEPARTMENT not in listed(api)
    with django_capture_on_commit_callbacks(execute=True):
        department.is_public = True
        department.save()
    assert NEW_DEPARTMENT in listed(api)
    assert api.json(f"/departments/{department.pk}")["name"] == NEW_DEPARTMENT


def test_a_bureau_is_listed_when_one_of_its_departments_is(api, departments, sample_plan):
    Department.objects.create(name="未使用課", reading="みしようか", locale=departments.kyodo.locale)
    names = listed(api)
    # 市民局 is named by nothing itself; its 市民協働推進課 is. 未使用課 is named by nothing.
    assert "市民局" in names and "市民協働推進課" in names
    assert "未使用課" not in names


def test_the_search_page_does_not_name_it_either(api, draft_plan):
    department = Department.objects.get(name=NEW_DEPARTMENT)
    page = api.client.get("/search/", {"q": "地域共創"})
    assert page.status_code == 200
    assert NEW_DEPARTMENT not in page.content.decode()
    # Not even when its number is written in the address as a chosen facet.
    chosen = api.client.get("/search/", {"q": "協働", "department": str(department.pk)})
    assert chosen.status_code == 200
    assert NEW_DEPARTMENT not in chosen.content.decode()
