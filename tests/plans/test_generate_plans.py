"""`generate_plans`: synthetic plans at scale with realistic Japanese text, a valid page tree,
published through revisions, and the same plans for the same seed."""

from __future__ import annotations

import re
from io import StringIO

from django.core.management import CommandError, call_command

from wagtail.models import Page, PageLogEntry

import pytest

from plans.models import (
    ActionItemDepartment,
    ActionItemPage,
    Department,
    MeasurePage,
    PlanPage,
    ProgressReportPage,
    ProgressRow,
    Relisting,
    ScheduleRow,
)
from plans.synthetic import ITEM_PATTERNS, MEASURE_PATTERNS, TOPICS, SyntheticError, generate_plans
from plans.visibility import visible

pytestmark = pytest.mark.django_db

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def run(*args: str) -> str:
    out = StringIO()
    call_command("generate_plans", *args, stdout=out)
    return out.getvalue()


def new_plans() -> list[PlanPage]:
    return list(PlanPage.objects.filter(slug__startswith="synthetic-").order_by("slug"))


def plan_shape(plan: PlanPage) -> list[tuple]:
    """Everything the generator chose for a plan, without primary keys or dates."""
    shape = []
    for measure in MeasurePage.objects.filter(plan=plan).order_by("path"):
        shape.append(
            ("measure", measure.number, measure.title, measure.area, measure.description.raw_data[0]["value"])
        )
        for item in ActionItemPage.objects.filter(measure=measure).order_by("path"):
            shape.append(
                (
                    "item",
                    item.number,
                    item.title,
                    item.group,
                    item.actor,
                    item.is_new,
                    item.is_enhanced,
                    item.is_pickup,
                    item.pickup_text,
                    item.external_id.split("-", 1)[1],  # without the plan number
                    item.description.raw_data[0]["value"],
                    [(row.department.name, row.role) for row in item.departments.order_by("sort_order")],
                    [
                        (row.fiscal_year, row.phase, row.onwards)
                        for row in item.schedule.order_by("sort_order")
                    ],
                    [
                        (row.fiscal_year, row.status, row.percent, row.narrative)
                        for row in item.progress.order_by("sort_order")
                    ],
                    [row.measure.number for row in item.relistings.all()],
                )
            )
    return shape


def test_creates_the_requested_plans_measures_and_items(tree):
    output = run("--plans", "2", "--measures", "3", "--items", "4", "--seed", "7")

    plans = new_plans()
    assert [plan.slug for plan in plans] == ["synthetic-1", "synthetic-2"]
    assert "Created 2 plan(s), 6 measures, 24 items" in output
    for plan in plans:
        assert plan.get_parent().pk == tree.plan_index.pk
        assert (plan.period_start, plan.period_end) == (2021, 2025)
        assert MeasurePage.objects.filter(plan=plan).count() == 3
        items = ActionItemPage.objects.filter(plan=plan)
        assert items.count() == 12
        for measure in MeasurePage.objects.filter(plan=plan):
            assert ActionItemPage.objects.child_of(measure).filter(measure=measure).count() == 4
        report = ProgressReportPage.objects.get(plan=plan)
        assert report.fiscal_year == 2024
        # Every item has a lead department, a schedule up to the plan's end, and progress.
        assert ActionItemDepartment.objects.filter(item__plan=plan, role="lead").count() == 12
        assert ScheduleRow.objects.filter(item__plan=plan, fiscal_year=2025).count() == 12
        assert set(ProgressRow.objects.filter(item__plan=plan).values_list("fiscal_year", flat=True)) == {
            2023,
            2024,
        }
        # A few 再掲 links, each to another measure of the same plan.
        relistings = Relisting.objects.filter(item__plan=plan)
        assert relistings.count() >= 1
        for relisting in relistings:
            assert relisting.measure.plan_id == plan.pk
            assert relisting.measure_id != relisting.item.measure_id


def test_items_per_measure_times_measures_gives_the_plan_size(tree):
    summary = generate_plans(plans=1, measures=5, items=6, seed=1)

    assert summary.items == 30
    assert ActionItemPage.objects.filter(plan=summary.plans[0]).count() == 30
    numbers = list(ActionItemPage.objects.filter(plan=summary.plans[0]).values_list("number", flat=True))
    assert len(set(numbers)) == 30
    assert "5-6" in numbers


def test_titles_and_texts_are_japanese_built_from_the_parts(tree):
    run("--measures", "4", "--items", "5", "--seed", "3")
    plan = new_plans()[0]

    assert plan.title == "協働推進アクションプラン（合成001）"
    topics = [topic for topic, _short in TOPICS]
    shorts = [short for _topic, short in TOPICS]
    for measure in MeasurePage.objects.filter(plan=plan):
        assert JAPANESE.search(measure.title) and not LATIN.search(measure.title)
        assert any(
            pattern.format(topic=topic) == measure.title for pattern in MEASURE_PATTERNS for topic in topics
        )
        text = measure.description.raw_data[0]["value"]
        assert 2 <= text.count("。") <= 3
    for item in ActionItemPage.objects.filter(plan=plan):
        assert JAPANESE.search(item.title) and not LATIN.search(item.title)
        assert any(pattern.format(short=short) == item.title for pattern in ITEM_PATTERNS for short in shorts)
        text = item.description.raw_data[0]["value"]
        assert text.startswith("<p>") and 2 <= text.count("。") <= 3
        assert item.title in text
        for row in item.progress.all():
            assert JAPANESE.search(row.narrative)


def test_the_page_tree_stays_valid(tree):
    run("--plans", "2", "--measures", "3", "--items", "3", "--seed", "5")

    assert Page.find_problems() == ([], [], [], [], [])
    for plan in new_plans():
        assert plan.numchild == 4  # three measures and the progress report
        for item in ActionItemPage.objects.filter(plan=plan):
            parent = item.get_parent()
            assert parent.pk == item.measure_id
            assert item.url_path == f"{parent.url_path}{item.slug}/"
            assert item.depth == plan.depth + 2


def test_published_pages_have_a_live_revision_and_are_visible_on_the_site(tree, client):
    run("--measures", "2", "--items", "3", "--seed", "11")
    plan = new_plans()[0]
    items = ActionItemPage.objects.filter(plan=plan)

    for page in [plan, *MeasurePage.objects.filter(plan=plan), *items]:
        assert page.live and not page.has_unpublished_changes
        assert page.first_published_at is not None
        assert page.live_revision_id == page.latest_revision_id is not None
        assert page.latest_revision.as_object().title == page.title
    item = items.order_by("path").first()
    stored = item.latest_revision.as_object()
    assert [row.department_id for row in stored.departments.all()] == list(
        item.departments.values_list("department_id", flat=True)
    )
    assert [row.status for row in stored.progress.all()] == list(
        item.progress.values_list("status", flat=True)
    )
    assert PageLogEntry.objects.filter(page=item, action="wagtail.publish").count() == 1
    assert visible(ActionItemPage.objects.filter(plan=plan)).count() == 6

    response = client.get(plan.url)
    assert response.status_code == 200
    assert plan.title in response.content.decode()
    measure = MeasurePage.objects.filter(plan=plan).order_by("path").first()
    response = client.get(measure.url)
    assert response.status_code == 200
    for child in ActionItemPage.objects.filter(measure=measure):
        assert child.title in response.content.decode()
    assert client.get(item.url).status_code == 200
    assert client.get(ProgressReportPage.objects.get(plan=plan).url).status_code == 200
    assert item in list(ActionItemPage.objects.live().filter(plan=plan).search(item.title))


def test_drafts_are_saved_as_revisions_and_stay_off_the_site(tree, client):
    run("--measures", "1", "--items", "2", "--seed", "2", "--draft")
    plan = new_plans()[0]

    for page in [plan, *MeasurePage.objects.filter(plan=plan), *ActionItemPage.objects.filter(plan=plan)]:
        assert not page.live and page.has_unpublished_changes
        assert page.latest_revision_id is not None and page.live_revision_id is None
    assert client.get(f"/plans/{plan.slug}/").status_code == 404
    assert not visible(ActionItemPage.objects.filter(plan=plan)).exists()


def test_no_revisions_fast_path_publishes_without_history(tree, client):
    run("--measures", "1", "--items", "2", "--seed", "2", "--no-revisions", "--no-index")
    plan = new_plans()[0]

    items = ActionItemPage.objects.filter(plan=plan)
    assert items.count() == 2
    assert all(item.live and item.latest_revision_id is None for item in items)
    assert client.get(plan.url).status_code == 200


def test_the_same_seed_gives_the_same_plans(tree):
    run("--measures", "4", "--items", "6", "--seed", "42")
    run("--measures", "4", "--items", "6", "--seed", "42")
    run("--measures", "4", "--items", "6", "--seed", "43")
    first, second, third = new_plans()

    assert plan_shape(first) == plan_shape(second)
    assert plan_shape(first) != plan_shape(third)


def test_repeated_runs_number_the_plans_after_the_ones_there(tree):
    run("--measures", "1", "--items", "1", "--seed", "1")
    run("--plans", "2", "--measures", "1", "--items", "1", "--seed", "1")

    plans = new_plans()
    assert [plan.slug for plan in plans] == ["synthetic-1", "synthetic-2", "synthetic-3"]
    assert len({plan.title for plan in plans}) == 3
    assert plans[2].title == "協働推進アクションプラン（合成003）"


def test_departments_come_from_the_site_or_are_created(tree, departments):
    summary = generate_plans(plans=1, measures=2, items=5, seed=9)

    # The test site has three sections (課), too few to spread items over: more are added.
    assert summary.departments_created > 0
    assert Department.objects.filter(name="地域活動推進課", parent__name="市民局").exists()
    used = set(
        ActionItemDepartment.objects.filter(item__plan=summary.plans[0]).values_list("department", flat=True)
    )
    assert used <= set(Department.objects.filter(parent__isnull=False).values_list("pk", flat=True))

    # A second run finds enough departments and creates none.
    assert generate_plans(plans=1, measures=1, items=1, seed=9).departments_created == 0


def test_without_a_plan_index_it_asks_for_the_demo_first(tree):
    tree.plan_index.delete()

    with pytest.raises(CommandError, match="load_demo"):
        run("--measures", "1", "--items", "1")
    assert not PlanPage.objects.filter(slug__startswith="synthetic-").exists()


def test_bad_sizes_are_refused(tree):
    with pytest.raises(SyntheticError):
        generate_plans(plans=0, measures=1, items=1)
    with pytest.raises(CommandError, match="--progress-years"):
        run("--measures", "1", "--items", "1", "--progress-years", "5")
