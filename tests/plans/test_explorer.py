"""The page explorer lists a plan's measures and a measure's items in number order, each
titled with its number; the public title stays as it is."""

from __future__ import annotations

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from plans.models import ActionItemPage, MeasurePage
from plans.wagtail_hooks import number_order

from ..factories import ActionItemPageFactory, MeasurePageFactory, PlanPageFactory, ProgressReportPageFactory


@pytest.fixture
def plan(tree):
    """Measures and items made out of order: neither the tree's order nor that of their last
    change (Wagtail's default) is the numbers'."""
    plan = PlanPageFactory(parent=tree.plan_index, slug="explorer")
    for number, title in [("2", "市民意見募集の充実"), ("10", "協働の担い手づくり"), ("1", "対話の場づくり")]:
        MeasurePageFactory(parent=plan, number=number, title=title)
    first = MeasurePage.objects.get(plan=plan, number="1")
    for number, title in [("1-2", "協働カフェの開催"), ("1-10", "協働フォーラム"), ("1-1", "地域懇談会")]:
        ActionItemPageFactory(parent=first, number=number, title=title)
    ProgressReportPageFactory(parent=plan, title="令和6年度 進捗報告", fiscal_year=2024)
    return plan


def listed_titles(client, page, **params) -> list[str]:
    response = client.get(reverse("wagtailadmin_explore", args=[page.pk]), params)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return [cell.get_text(" ", strip=True) for cell in html.select("table.listing tbody .title-wrapper a")]


def test_a_plans_measures_are_listed_in_number_order_with_their_numbers(admin_client, plan):
    titles = listed_titles(admin_client, plan)

    assert titles == [
        "1 対話の場づくり",
        "2 市民意見募集の充実",
        "10 協働の担い手づくり",
        "令和6年度 進捗報告",  # no number: after the measures
    ]


def test_a_measures_items_are_listed_in_number_order(admin_client, plan):
    measure = MeasurePage.objects.get(plan=plan, number="1")

    titles = listed_titles(admin_client, measure)

    assert titles == ["1-1 地域懇談会", "1-2 協働カフェの開催", "1-10 協働フォーラム"]


def test_sorting_by_a_column_keeps_wagtails_order(admin_client, plan):
    measure = MeasurePage.objects.get(plan=plan, number="1")

    titles = listed_titles(admin_client, measure, ordering="latest_revision_created_at")

    assert titles == ["1-2 協働カフェの開催", "1-10 協働フォーラム", "1-1 地域懇談会"]  # oldest change first


def test_the_sidebar_explorer_lists_items_in_number_order(admin_client, plan):
    measure = MeasurePage.objects.get(plan=plan, number="1")

    response = admin_client.get(
        reverse("wagtailadmin_api:pages:listing"),
        {"child_of": measure.pk, "for_explorer": "1", "fields": "admin_display_title"},
    )

    assert response.status_code == 200
    titles = [item["admin_display_title"] for item in response.json()["items"]]
    assert titles == ["1-1 地域懇談会", "1-2 協働カフェの開催", "1-10 協働フォーラム"]


def test_the_public_title_has_no_number(client, plan):
    item = ActionItemPage.objects.get(plan=plan, number="1-2")

    assert item.title == "協働カフェの開催"
    assert item.get_admin_display_title() == "1-2 協働カフェの開催"
    html = BeautifulSoup(client.get(item.url).content, "html.parser")
    assert html.title.get_text().startswith("協働カフェの開催")


def test_numbers_sort_naturally():
    numbers = ["1-10", "10", "1-2", "2", "１-３", "1", "1-1", "I-1"]
    assert sorted(numbers, key=number_order) == ["1", "1-1", "1-2", "１-３", "1-10", "2", "10", "I-1"]
