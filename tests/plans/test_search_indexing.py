"""Kyodo's pages are indexed on every save, except inside ``deferred_search_indexing()``,
where the bulk writer indexes what it wrote; imported items are found by search."""

from django.contrib.contenttypes.models import ContentType

from wagtail.search.models import IndexEntry

from plans.models import ActionItemPage, MeasurePage
from plans.search_indexing import deferred_search_indexing
from plans.services.imports import import_plan_file

from ..factories import ActionItemPageFactory, MeasurePageFactory, PlanPageFactory
from .tables.sheets import xlsx


def found(model, title: str) -> bool:
    return model.objects.filter(title=title).search(title).count() == 1


def index_entries(page) -> int:
    """The search index rows written for ``page`` (the database backend's own table)."""
    return IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(page), object_id=str(page.pk)
    ).count()


def test_a_page_saved_normally_is_found_by_search(tree):
    plan = PlanPageFactory(parent=tree.plan_index)
    measure = MeasurePageFactory(parent=plan, number="1", title="地域活動の担い手育成")
    ActionItemPageFactory(parent=measure, number="1-1", title="協働カフェ")

    assert found(ActionItemPage, "協働カフェ")
    assert found(MeasurePage, "地域活動の担い手育成")


def test_inside_the_deferred_block_a_save_is_not_indexed_one_by_one(tree):
    plan = PlanPageFactory(parent=tree.plan_index)
    with deferred_search_indexing():
        measure = MeasurePageFactory(parent=plan, number="1", title="市民活動団体との対話")

    assert index_entries(measure) == 0

    measure.save_revision().publish()
    assert index_entries(measure) == 1
    assert found(MeasurePage, "市民活動団体との対話")


def test_items_written_by_an_import_are_found_by_search(tree):
    plan = PlanPageFactory(parent=tree.plan_index, period_start=2024, period_end=2028)
    data = xlsx(
        [
            ["施策番号", "施策", "番号", "事業名", "担当"],
            ["1", "市民参加の機会の充実", "1-1", "無作為抽出型市民討議会", "市民協働推進課"],
            ["1", "市民参加の機会の充実", "1-2", "ユース会議の開催", "市民協働推進課"],
        ]
    )

    report = import_plan_file(data, "plan.xlsx", plan=plan, publish=True)

    assert not report.has_errors
    assert found(ActionItemPage, "無作為抽出型市民討議会")
    assert found(ActionItemPage, "ユース会議の開催")
    assert found(MeasurePage, "市民参加の機会の充実")
