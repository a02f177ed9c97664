"""The admin's page search (Wagtail's own views, autocomplete on titles through the default
backend) understands Japanese: parts of compounds, half-width katakana and hiragana."""

from __future__ import annotations

import pytest

from ..factories import ActionItemPageFactory, MeasurePageFactory, PlanPageFactory


@pytest.fixture
def items(tree):
    plan = PlanPageFactory(parent=tree.plan_index, title="第9次市民参加推進計画")
    measure = MeasurePageFactory(parent=plan, number="1", title="情報公開と広聴の充実")
    ActionItemPageFactory(parent=measure, number="1-1", title="パブリックコメント手続の見直し")
    ActionItemPageFactory(parent=measure, number="1-2", title="協働セミナーの開催")
    ActionItemPageFactory(parent=measure, number="1-3", title="東京都との連携")
    return measure


def admin_search(admin_client, query) -> str:
    response = admin_client.get("/admin/pages/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ("ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ", "パブリックコメント手続の見直し", "協働セミナーの開催"),
        ("コメント", "パブリックコメント手続の見直し", "協働セミナーの開催"),
        ("せみなー", "協働セミナーの開催", "パブリックコメント手続の見直し"),
        ("協働", "協働セミナーの開催", "東京都との連携"),
        ("市民参加", "第9次市民参加推進計画", "協働セミナーの開催"),
        ("東京", "東京都との連携", "協働セミナーの開催"),
    ],
)
def test_admin_page_search(admin_client, items, query, found, not_found):
    html = admin_search(admin_client, query)
    assert found in html
    assert not_found not in html


def test_admin_page_search_keeps_words_whole(admin_client, items):
    assert "東京都との連携" not in admin_search(admin_client, "京都")


def test_admin_page_search_in_the_explorer_of_a_section(admin_client, items):
    response = admin_client.get(f"/admin/pages/{items.pk}/", {"q": "せみ"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "協働セミナーの開催" in html
    assert "パブリックコメント手続の見直し" not in html
