"""A 再掲 row that carries a number of its own still links to its original, found by title."""

from plans.models import ActionItemPage, Relisting
from plans.services.imports import import_plan_file

from ...factories import PlanPageFactory
from .sheets import xlsx

HEADERS = ["施策番号", "施策", "番号", "事業名", "担当"]


def test_a_relisted_row_with_its_own_number_links_the_item_created_earlier_in_the_file(tree):
    plan = PlanPageFactory(parent=tree.plan_index, period_start=2024, period_end=2028)
    data = xlsx(
        [
            HEADERS,
            ["1", "市民自治の意識づくり", "2", "市民自治講座の開催", "市民協働推進課"],
            ["3", "意見を聴く仕組みの充実", "4", "市民自治講座の開催（再掲）", ""],
        ]
    )

    report = import_plan_file(data, "plan.xlsx", plan=plan, publish=True)

    assert not report.has_errors
    assert [message.row for message in report.warnings] == []
    assert any("事業名で再掲の元の事業を見つけました" in message.text for message in report.messages)
    items = ActionItemPage.objects.filter(plan=plan)
    assert items.count() == 1
    assert Relisting.objects.filter(item=items.get(), measure__number="3").exists()


def test_a_relisted_row_with_its_own_number_links_an_item_already_in_the_plan(tree):
    plan = PlanPageFactory(parent=tree.plan_index, period_start=2024, period_end=2028)
    first = xlsx([HEADERS, ["1", "市民自治の意識づくり", "2", "市民自治講座の開催", "市民協働推進課"]])
    assert not import_plan_file(first, "plan.xlsx", plan=plan, publish=True).has_errors

    second = xlsx(
        [
            HEADERS,
            ["1", "市民自治の意識づくり", "2", "市民自治講座の開催", "市民協働推進課"],
            ["3", "意見を聴く仕組みの充実", "4", "市民自治講座の開催［再掲］", ""],
        ]
    )
    report = import_plan_file(second, "plan.xlsx", plan=plan, publish=True)

    assert not report.has_errors
    assert ActionItemPage.objects.filter(plan=plan).count() == 1
    assert Relisting.objects.filter(item__plan=plan, measure__number="3").count() == 1
