"""Pages inside a plan know their plan (and items their measure) from the page tree."""

from __future__ import annotations

from plans.models import ActionItemPage, MeasurePage, ProgressReportPage

from ..factories import (
    ActionItemPageFactory,
    MeasurePageFactory,
    PlanPageFactory,
    ProgressReportPageFactory,
)


def test_a_measure_saved_under_a_plan_belongs_to_it(tree):
    plan = PlanPageFactory(parent=tree.plan_index, title="協働推進アクションプラン")
    measure = MeasurePageFactory(parent=plan, title="審議会等への市民公募委員の参加促進", number="1")

    assert MeasurePage.objects.get(pk=measure.pk).plan_id == plan.pk


def test_an_item_saved_under_a_measure_belongs_to_its_plan_and_measure(tree):
    plan = PlanPageFactory(parent=tree.plan_index, title="協働推進アクションプラン")
    measure = MeasurePageFactory(parent=plan, title="審議会等への市民公募委員の参加促進")
    item = ActionItemPageFactory(parent=measure, title="審議会等への公募委員の登用")

    item = ActionItemPage.objects.get(pk=item.pk)
    assert item.plan_id == plan.pk
    assert item.measure_id == measure.pk


def test_a_draft_item_also_knows_its_plan(tree):
    plan = PlanPageFactory(parent=tree.plan_index)
    measure = MeasurePageFactory(parent=plan)
    item = ActionItemPageFactory(parent=measure, publish=False, title="女性委員の登用促進")

    item = ActionItemPage.objects.get(pk=item.pk)
    assert not item.live
    assert (item.plan_id, item.measure_id) == (plan.pk, measure.pk)


def test_a_progress_report_belongs_to_its_plan(tree):
    plan = PlanPageFactory(parent=tree.plan_index)
    report = ProgressReportPageFactory(parent=plan, title="令和6年度 市民参加推進レポート", fiscal_year=2024)

    assert ProgressReportPage.objects.get(pk=report.pk).plan_id == plan.pk


def test_a_measure_copied_to_another_plan_belongs_to_the_new_plan(tree):
    first = PlanPageFactory(parent=tree.plan_index, title="第2次市民参加推進計画", slug="second")
    second = PlanPageFactory(parent=tree.plan_index, title="第3次市民参加推進計画", slug="third")
    measure = MeasurePageFactory(parent=first, title="協働事業提案制度の推進", number="5")
    item = ActionItemPageFactory(parent=measure, title="協働事業提案制度の実施", number="5-1")

    copy = measure.copy(to=second, recursive=True, keep_live=True)

    copy = MeasurePage.objects.get(pk=copy.pk)
    assert copy.plan_id == second.pk
    item_copy = ActionItemPage.objects.child_of(copy).get()
    assert item_copy.pk != item.pk
    assert (item_copy.plan_id, item_copy.measure_id) == (second.pk, copy.pk)


def test_a_measure_moved_to_another_plan_belongs_to_the_new_plan(tree):
    first = PlanPageFactory(parent=tree.plan_index, title="第2次市民参加推進計画", slug="second")
    second = PlanPageFactory(parent=tree.plan_index, title="第3次市民参加推進計画", slug="third")
    measure = MeasurePageFactory(parent=first, title="協働事業提案制度の推進", number="5")
    item = ActionItemPageFactory(parent=measure, title="協働事業提案制度の実施", number="5-1")

    measure.move(second, pos="last-child")

    assert MeasurePage.objects.get(pk=measure.pk).plan_id == second.pk
    item = ActionItemPage.objects.get(pk=item.pk)
    assert (item.plan_id, item.measure_id) == (second.pk, measure.pk)


def test_an_item_moved_to_another_measure_belongs_to_it(tree):
    plan = PlanPageFactory(parent=tree.plan_index)
    first = MeasurePageFactory(parent=plan, title="市民意見募集の充実", number="2")
    second = MeasurePageFactory(parent=plan, title="協働事業提案制度の推進", number="3")
    item = ActionItemPageFactory(parent=first, title="パブリックコメント手続の周知")

    item.move(second, pos="last-child")

    item = ActionItemPage.objects.get(pk=item.pk)
    assert (item.plan_id, item.measure_id) == (plan.pk, second.pk)
