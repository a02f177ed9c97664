"""No draft, unpublished or private page reaches a public listing or URL."""

from __future__ import annotations

from wagtail.models import Page, PageViewRestriction

import pytest

from home.models import FeaturedPlan
from plans.models import ActionItemPage, MeasurePage, PlanPage, ProgressReportPage, Relisting
from plans.selectors import home_overview, measure_rows, plan_overview, plans_for_index
from plans.visibility import visible
from plans.vocabularies import PlanStatus, ProgressStatus

from ..factories import (
    ActionItemPageFactory,
    MeasurePageFactory,
    ProgressReportPageFactory,
    add_item_rows,
)


def listed_items(measure) -> list[int]:
    return [row.item.pk for group in measure_rows(measure) for row in group.rows]


def overview_measures(plan) -> list[int]:
    return [measure.pk for area in plan_overview(plan)["areas"] for measure in area.measures]


def index_plans(tree) -> list[int]:
    return [plan.pk for group in plans_for_index(tree.plan_index) for plan in group.plans]


def make_private(page: Page) -> PageViewRestriction:
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="kyodo-secret"
    )


# The sample data as citizens see it ---------------------------------------------------


def test_a_measure_lists_its_items_then_those_relisted_here(sample_plan):
    groups = measure_rows(sample_plan.participation)
    assert [(group.heading, [row.item.pk for row in group.rows]) for group in groups] == [
        ("■ 公募委員制度の運用", [sample_plan.public_members.pk, sample_plan.women_members.pk])
    ]

    groups = measure_rows(sample_plan.proposals)
    rows = [(row.item.pk, row.relisted_here) for group in groups for row in group.rows]
    assert rows == [(sample_plan.proposal_system.pk, False), (sample_plan.public_members.pk, True)]


def test_item_rows_carry_their_departments_lead_first(sample_plan, departments):
    row = measure_rows(sample_plan.participation)[0].rows[0]
    assert [department.name for department in row.departments] == ["市民協働推進課", "広報課"]
    assert row.departments[0].full_name == "市民局 市民協働推進課"


def test_the_plan_overview_groups_measures_by_area_and_counts_items(sample_plan):
    overview = plan_overview(sample_plan.plan)

    assert [(area.area, [m.number for m in area.measures]) for area in overview["areas"]] == [
        ("I 市政への市民参加の推進", ["1", "2"]),
        ("II 市民と市の協働の推進", ["3"]),
    ]
    assert {m.number: m.item_count for area in overview["areas"] for m in area.measures} == {
        "1": 2,
        "2": 1,
        "3": 1,
    }
    assert (overview["measure_count"], overview["item_count"]) == (3, 4)
    assert overview["reports"] == [sample_plan.report]


def test_the_plan_overview_links_the_plan_it_replaced_and_back(sample_plan, previous_plan):
    assert plan_overview(sample_plan.plan)["predecessor"] == previous_plan
    assert plan_overview(previous_plan)["successor"] == sample_plan.plan


def test_the_plan_index_groups_plans_by_status_in_force_first(tree, sample_plan, action_plan, previous_plan):
    groups = plans_for_index(tree.plan_index)

    assert [group.status for group in groups] == [PlanStatus.IN_FORCE, PlanStatus.ENDED]
    assert [str(group.label) for group in groups] == ["計画期間中", "終了"]
    assert [plan.pk for plan in groups[0].plans] == [action_plan.pk, sample_plan.plan.pk]  # newest first
    assert [plan.pk for plan in groups[1].plans] == [previous_plan.pk]


# Drafts ------------------------------------------------------------------------------


def test_a_draft_item_is_not_listed(sample_plan):
    draft = ActionItemPageFactory(
        parent=sample_plan.participation,
        title="審議会の夜間開催の試行",
        publish=False,
        group="■ 公募委員制度の運用",
    )
    add_item_rows(draft, progress={2024: ProgressStatus.PLANNING})

    assert draft.pk not in listed_items(sample_plan.participation)
    assert not visible(ActionItemPage.objects.filter(pk=draft.pk)).exists()
    overview = plan_overview(sample_plan.plan)
    assert overview["item_count"] == 4


def test_a_draft_measure_and_its_items_are_not_listed(sample_plan):
    draft = MeasurePageFactory(
        parent=sample_plan.plan, title="若者の市政参加の促進", number="4", publish=False
    )
    child = ActionItemPage(title="若者会議の開催", slug="youth-council", number="4-1")
    draft.add_child(instance=child)  # a live child under a draft measure

    assert draft.pk not in overview_measures(sample_plan.plan)
    assert not visible(ActionItemPage.objects.filter(pk=child.pk)).exists()


def test_a_draft_report_is_not_listed(sample_plan, tree):
    draft = ProgressReportPageFactory(
        parent=sample_plan.plan, title="令和5年度 市民参加推進レポート", fiscal_year=2023, publish=False
    )

    assert draft.pk not in [report.pk for report in plan_overview(sample_plan.plan)["reports"]]
    assert draft.pk not in [report.pk for report in home_overview(tree.home)["latest_reports"]]


def test_a_draft_change_to_a_relisting_does_not_show(sample_plan):
    item = ActionItemPage.objects.get(pk=sample_plan.women_members.pk)
    item.relistings = [Relisting(measure=sample_plan.comments)]
    item.save_revision()  # not published

    assert item.pk not in listed_items(sample_plan.comments)


# Unpublished plans -------------------------------------------------------------------


def test_an_unpublished_plan_hides_its_measures_items_and_reports(sample_plan, tree, client):
    sample_plan.plan.unpublish()

    assert sample_plan.plan.pk not in index_plans(tree)
    assert not visible(MeasurePage.objects.filter(plan=sample_plan.plan)).exists()
    assert not visible(ActionItemPage.objects.filter(plan=sample_plan.plan)).exists()
    assert not visible(ProgressReportPage.objects.filter(plan=sample_plan.plan)).exists()
    assert sample_plan.plan.pk not in [plan.pk for plan in home_overview(tree.home)["featured_plans"]]
    assert sample_plan.report.pk not in [report.pk for report in home_overview(tree.home)["latest_reports"]]


@pytest.mark.parametrize("page", ["plan", "participation", "public_members", "report"])
def test_an_unpublished_plans_pages_answer_404(sample_plan, client, page):
    url = getattr(sample_plan, page).url
    sample_plan.plan.unpublish()

    assert client.get(url).status_code == 404


def test_an_item_under_an_unpublished_measure_answers_404(sample_plan, client):
    url = sample_plan.public_members.url
    sample_plan.participation.unpublish()

    assert client.get(url).status_code == 404
    assert sample_plan.public_members.pk not in [
        entry.pk for entry in visible(ActionItemPage.objects.filter(plan=sample_plan.plan))
    ]


def test_an_unpublished_plan_is_not_featured_on_the_home_page(sample_plan, tree):
    FeaturedPlan.objects.create(page=tree.home, plan=sample_plan.plan, sort_order=0)
    assert [plan.pk for plan in home_overview(tree.home)["featured_plans"]] == [sample_plan.plan.pk]

    sample_plan.plan.unpublish()

    assert home_overview(tree.home)["featured_plans"] == []


def test_a_predecessor_that_is_not_public_is_not_linked(sample_plan, previous_plan):
    previous_plan.unpublish()

    assert plan_overview(sample_plan.plan)["predecessor"] is None


# Private pages -----------------------------------------------------------------------


def test_a_private_plan_is_listed_nowhere_and_neither_are_its_children(sample_plan, tree):
    make_private(sample_plan.plan)

    assert sample_plan.plan.pk not in index_plans(tree)
    assert not visible(PlanPage.objects.filter(pk=sample_plan.plan.pk)).exists()
    assert not visible(MeasurePage.objects.filter(plan=sample_plan.plan)).exists()
    assert not visible(ActionItemPage.objects.filter(plan=sample_plan.plan)).exists()
    overview = home_overview(tree.home)
    assert sample_plan.plan.pk not in [plan.pk for plan in overview["featured_plans"]]
    assert sample_plan.report.pk not in [report.pk for report in overview["latest_reports"]]


def test_a_private_item_is_not_listed_under_its_measures(sample_plan):
    make_private(sample_plan.public_members)

    assert sample_plan.public_members.pk not in listed_items(sample_plan.participation)
    # nor where it is re-listed (再掲)
    assert sample_plan.public_members.pk not in listed_items(sample_plan.proposals)
    assert plan_overview(sample_plan.plan)["item_count"] == 3


def test_a_private_section_is_not_on_the_home_page(tree):
    sections = [page.pk for page in home_overview(tree.home)["sections"]]
    assert sections == [tree.plan_index.pk, tree.guideline_index.pk, tree.glossary.pk]

    make_private(tree.guideline_index)

    assert tree.guideline_index.pk not in [page.pk for page in home_overview(tree.home)["sections"]]


def test_private_pages_do_not_show_their_content(sample_plan, client):
    make_private(sample_plan.plan)

    for page in (sample_plan.plan, sample_plan.participation, sample_plan.public_members):
        response = client.get(page.url)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'name="password"' in html  # Wagtail's password form instead of the page
        assert page.title not in html


def test_visible_keeps_public_live_pages(sample_plan):
    ids = set(visible(ActionItemPage.objects.filter(plan=sample_plan.plan)).values_list("pk", flat=True))
    assert ids == {
        sample_plan.public_members.pk,
        sample_plan.women_members.pk,
        sample_plan.public_comment.pk,
        sample_plan.proposal_system.pk,
    }


def test_home_overview_features_plans_in_force_without_a_choice(
    tree, sample_plan, action_plan, previous_plan
):
    featured = [plan.pk for plan in home_overview(tree.home)["featured_plans"]]
    assert featured == [action_plan.pk, sample_plan.plan.pk]  # in force, newest first; ended plans left out


def test_home_overview_keeps_the_editors_order_of_featured_plans(
    tree, sample_plan, action_plan, previous_plan
):
    for order, plan in enumerate([previous_plan, sample_plan.plan]):
        FeaturedPlan.objects.create(page=tree.home, plan=plan, sort_order=order)

    assert [plan.pk for plan in home_overview(tree.home)["featured_plans"]] == [
        previous_plan.pk,
        sample_plan.plan.pk,
    ]


def test_home_overview_lists_the_latest_reports(tree, sample_plan, action_plan):
    older = ProgressReportPageFactory(
        parent=sample_plan.plan, title="令和5年度 市民参加推進レポート", fiscal_year=2023
    )
    ProgressReportPageFactory(
        parent=action_plan, title="令和6年度 協働推進レポート", fiscal_year=2024, slug="r2024"
    )

    reports = home_overview(tree.home)["latest_reports"]

    assert [report.fiscal_year for report in reports] == [2024, 2024, 2023]
    assert reports[-1].pk == older.pk
