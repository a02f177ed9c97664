"""The headless API's ``?search=`` (Wagtail API v2, through the default backend) and the
open-data API's ``q`` match as the site's search does: Japanese short units, phrases,
folded width and kana, departments, and never a draft or private page."""

from __future__ import annotations

from wagtail.models import Page, PageViewRestriction

import pytest

from plans.models import ActionItemPage

from ..api.open.conftest import ApiClient as OpenApiClient
from ..api.v2.conftest import ApiClient as V2ApiClient
from ..factories import ActionItemPageFactory, MeasurePageFactory, PlanPageFactory, add_item_rows


@pytest.fixture
def plan(tree, departments):
    plan = PlanPageFactory(parent=tree.plan_index, title="第9次市民参加推進計画")
    measure = MeasurePageFactory(parent=plan, number="1", title="情報公開と広聴の充実")

    def item(number, title, text, **kwargs):
        page = ActionItemPageFactory(
            parent=measure, number=number, title=title, description=[("paragraph", f"<p>{text}</p>")]
        )
        return page

    comment = item("1-1", "意見募集の実施", "計画案についてパブリックコメントを実施します。")
    add_item_rows(comment, departments=[departments.koho])
    comment.save_revision().publish()
    item("1-2", "協働セミナーの開催", "市民活動団体向けのセミナーを開きます。")
    item("1-3", "意見交換会", "市民の皆様の参加をお待ちしています。地域で協力して働く人も募ります。")
    item("1-4", "首都圏の事例調査", "東京都の取組を調べます。")
    draft = item("1-5", "協働セミナーの準備（下書き）", "セミナーの準備をします。")
    draft.unpublish()
    private = item("1-6", "協働セミナーの記録（職員限定）", "セミナーの記録です。")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return plan


def v2_titles(client, query, **params) -> set[str]:
    data = V2ApiClient(client).pages({"search": query, "type": "plans.ActionItemPage", **params})
    assert data["meta"]["total_count"] == len(data["items"])
    return {item["title"] for item in data["items"]}


def open_titles(query) -> set[str]:
    payload = OpenApiClient().json("/items", {"q": query, "page_size": 200})
    return {result["title"] for result in payload["results"]}


QUERIES = {
    "ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ": {"意見募集の実施"},
    "コメント": {"意見募集の実施"},
    "せみなー": {"協働セミナーの開催"},
    "広報課": {"意見募集の実施"},
    "市民参加": set(),
    "協働": {"協働セミナーの開催"},
    "京都": set(),
    "東京": {"首都圏の事例調査"},
    "協働 セミナー": {"協働セミナーの開催"},
    "協働 コメント": set(),
}


def test_the_v2_search_parameter_matches_japanese(client, plan):
    found = {query: v2_titles(client, query, descendant_of=plan.pk) for query in QUERIES}
    assert found == QUERIES


def test_the_open_data_q_parameter_matches_japanese(plan):
    # The open-data API lists every plan's items: the suite's own plans may match too.
    plan_items = {page.title for page in Page.objects.descendant_of(plan)}
    found = {query: open_titles(query) & plan_items for query in QUERIES}
    assert found == QUERIES


def test_the_three_doors_find_the_same_pages(client, plan):
    plan_items = {page.title for page in ActionItemPage.objects.descendant_of(plan)}
    for query in QUERIES:
        site = {page.title for page in Page.objects.live().public().descendant_of(plan).search(query)}
        items = site & plan_items
        assert v2_titles(client, query, descendant_of=plan.pk) == items, query
        assert open_titles(query) & plan_items == items, query


def test_search_operator_or(client, plan):
    found = v2_titles(client, "京都 セミナー", descendant_of=plan.pk, search_operator="or")
    assert found == {"協働セミナーの開催"}


def test_the_open_data_departments_are_searched_by_part_of_their_name(departments):
    payload = OpenApiClient().json("/departments", {"q": "協働"})
    assert departments.kyodo.pk in {result["id"] for result in payload["results"]}
    assert departments.koho.pk not in {result["id"] for result in payload["results"]}
