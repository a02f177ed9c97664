"""Nothing a citizen cannot read reaches the open-data API: not in lists, details, text
queries, downloads or counts."""

from __future__ import annotations

from django.contrib.auth.models import Group

from wagtail.models import PageViewRestriction

import pytest

from plans.models import ActionItemPage, ProgressRow
from plans.vocabularies import ProgressStatus

from ...factories import ActionItemPageFactory, MeasurePageFactory, add_item_rows

SECRET = "非公開の協働事業テスト"


def everything(api, plan) -> dict:
    """What the API says about a plan, everywhere an item could show up."""
    items = api.json("/items", {"plan": plan.pk, "page_size": 200})
    return {
        "item_ids": [item["id"] for item in items["results"]],
        "item_count": items["count"],
        "titles": [item["title"] for item in items["results"]],
        "searched": api.ids("/items", {"q": SECRET}),
        "plan_counts": {
            key: value
            for key, value in api.json(f"/plans/{plan.pk}").items()
            if key in {"measure_count", "item_count"}
        }
        if api.get(f"/plans/{plan.pk}").status_code == 200
        else None,
        "progress_items": [row["item"]["id"] for row in api.json("/progress", {"plan": plan.pk})["results"]],
        "summary_totals": [
            entry["total"] for entry in api.json("/progress-summaries", {"plan": plan.pk})["results"]
        ],
        "csv": api.get("/items.csv", {"plan": plan.pk}).content.decode("utf-8-sig"),
        "json": api.get("/items.json", {"plan": plan.pk}).content.decode(),
        "measures": api.ids("/measures", {"plan": plan.pk}),
    }


def assert_absent(api, plan, item: ActionItemPage) -> None:
    seen = everything(api, plan)
    assert item.pk not in seen["item_ids"]
    assert item.pk not in seen["searched"]
    assert item.pk not in seen["progress_items"]
    assert SECRET not in seen["csv"]
    assert SECRET not in seen["json"]
    assert api.get(f"/items/{item.pk}").status_code == 404
    assert api.get("/progress", {"item": item.pk}).json()["count"] == 0


@pytest.fixture
def secret_item(sample_plan):
    item = ActionItemPageFactory(parent=sample_plan.participation, title=SECRET, number="1-9")
    return add_item_rows(item, progress={2024: ProgressStatus.COMPLETED})


def test_the_secret_item_is_found_everywhere_while_public(api, sample_plan, secret_item):
    seen = everything(api, sample_plan.plan)
    assert secret_item.pk in seen["item_ids"]
    assert seen["searched"] == [secret_item.pk]
    assert secret_item.pk in seen["progress_items"]
    assert SECRET in seen["csv"] and SECRET in seen["json"]
    assert seen["plan_counts"]["item_count"] == 5
    assert seen["summary_totals"] == [5, 5]


def test_a_draft_that_was_never_published(api, sample_plan):
    draft = ActionItemPageFactory(parent=sample_plan.participation, title=SECRET, number="1-9", publish=False)
    assert_absent(api, sample_plan.plan, draft)
    assert everything(api, sample_plan.plan)["plan_counts"]["item_count"] == 4


def test_an_unpublished_page(api, sample_plan, secret_item):
    secret_item.unpublish()
    assert_absent(api, sample_plan.plan, secret_item)
    seen = everything(api, sample_plan.plan)
    assert seen["plan_counts"]["item_count"] == 4
    assert seen["summary_totals"] == [4, 4]


def test_a_newer_draft_of_a_live_item_shows_the_live_values(api, sample_plan):
    item = sample_plan.women_members
    item.title = SECRET
    item.progress.add(ProgressRow(fiscal_year=2025, status=ProgressStatus.COMPLETED, narrative=SECRET))
    item.save_revision()
    detail = api.json(f"/items/{item.pk}")
    assert detail["title"] == "女性委員の登用促進"
    assert [row["fiscal_year"] for row in detail["progress"]] == [2023, 2024]
    seen = everything(api, sample_plan.plan)
    assert SECRET not in str(seen)
    assert api.ids("/items", {"q": SECRET}) == []
    assert api.json("/progress", {"item": item.pk})["count"] == 2


@pytest.mark.parametrize("restriction", ["password", "login", "groups"])
@pytest.mark.parametrize("where", ["item", "measure", "plan"])
def test_private_pages_and_their_descendants(api, sample_plan, secret_item, restriction, where):
    page = {"item": secret_item, "measure": sample_plan.participation, "plan": sample_plan.plan}[where]
    view_restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=restriction, password="kyodo-secret" if restriction == "password" else ""
    )
    if restriction == "groups":
        view_restriction.groups.add(Group.objects.get_or_create(name="職員")[0])
    assert_absent(api, sample_plan.plan, secret_item)
    if where == "plan":
        assert api.get(f"/plans/{sample_plan.plan.pk}").status_code == 404
        assert sample_plan.plan.pk not in api.ids("/plans")
        assert api.json("/progress-summaries", {"plan": sample_plan.plan.pk})["count"] == 0
        assert api.get(f"/progress-summaries/{sample_plan.plan.pk}/2024").status_code == 404
        assert everything(api, sample_plan.plan)["measures"] == []
    if where == "measure":
        assert api.get(f"/measures/{sample_plan.participation.pk}").status_code == 404
        assert everything(api, sample_plan.plan)["plan_counts"] == {"measure_count": 2, "item_count": 2}


def test_pages_under_an_unpublished_plan(api, sample_plan, secret_item):
    sample_plan.plan.unpublish()
    assert_absent(api, sample_plan.plan, secret_item)
    for item in (sample_plan.public_members, sample_plan.proposal_system):
        assert api.get(f"/items/{item.pk}").status_code == 404
    assert api.get(f"/measures/{sample_plan.proposals.pk}").status_code == 404
    assert api.get(f"/plans/{sample_plan.plan.pk}").status_code == 404
    assert api.json("/items", {"plan": sample_plan.plan.pk})["count"] == 0
    assert api.json("/measures", {"plan": sample_plan.plan.pk})["count"] == 0
    assert api.json("/progress", {"plan": sample_plan.plan.pk})["count"] == 0
    assert api.json("/progress-summaries", {"plan": sample_plan.plan.pk})["count"] == 0
    assert "participation-3" not in api.get("/measures.csv").content.decode("utf-8-sig")


def test_an_item_under_an_unpublished_measure(api, sample_plan):
    measure = MeasurePageFactory(parent=sample_plan.plan, number="8", title="未公開の施策")
    item = ActionItemPageFactory(parent=measure, title=SECRET, number="8-1")
    measure.unpublish()
    assert_absent(api, sample_plan.plan, item)
    assert api.get(f"/measures/{measure.pk}").status_code == 404


def test_a_replaced_plan_that_is_private_is_not_linked(api, sample_plan, previous_plan):
    PageViewRestriction.objects.create(page=previous_plan, restriction_type="login")
    assert api.json(f"/plans/{sample_plan.plan.pk}")["replaces"] is None


def test_a_relisting_under_a_private_measure_is_not_shown(api, sample_plan):
    PageViewRestriction.objects.create(page=sample_plan.proposals, restriction_type="login")
    assert api.json(f"/items/{sample_plan.public_members.pk}")["relisted_under"] == []
