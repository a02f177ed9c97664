"""The ranking rules (search/ranking.py) on PostgreSQL, through Wagtail's search API, the
search page and the headless API: title matches first, then plans and guidelines, measures,
items; current plans before superseded ones; pagination and the exclusions unchanged.
The same rules on SQLite are checked by the quality set (sqlite_check.py)."""

from __future__ import annotations

from wagtail.models import Locale, Page, PageViewRestriction

import pytest

from plans.models import PlanPage
from plans.vocabularies import PlanKind, PlanStatus

from ..factories import (
    ActionItemPageFactory,
    GuidelinePageFactory,
    MeasurePageFactory,
    PlanPageFactory,
)

WORD = "きらめき"  # in no page of the session's tree


def body(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


def search_results(query: str = WORD):
    ja = Locale.objects.get(language_code="ja")
    return Page.objects.live().public().filter(locale=ja).search(query)


def search_titles(query: str = WORD) -> list[str]:
    return [page.title for page in search_results(query)]


@pytest.fixture
def ranked(tree):
    """A plan, a guideline, a measure and an item, each with the word in its title, and an
    item with the word only in its text (many times over)."""
    plan = PlanPageFactory(parent=tree.plan_index, title=f"{WORD}推進計画", slug="kirameki-plan")
    guideline = GuidelinePageFactory(
        parent=tree.guideline_index, title=f"{WORD}の指針", slug="kirameki-guide"
    )
    measure = MeasurePageFactory(parent=plan, title=f"{WORD}の輪", number="1", slug="kirameki-measure")
    item = ActionItemPageFactory(
        parent=measure, title=f"{WORD}講座の開催", number="1-1", slug="kirameki-item"
    )
    in_text = ActionItemPageFactory(
        parent=measure,
        title="地域の交流会",
        number="1-2",
        slug="kirameki-text",
        description=body(f"{WORD}、{WORD}、{WORD}。{WORD}を広げます。"),
    )
    return plan, guideline, measure, item, in_text


def test_title_matches_come_first_then_plans_guidelines_measures_items(ranked):
    plan, guideline, measure, item, in_text = ranked
    found = search_titles()
    assert set(found[:2]) == {plan.title, guideline.title}
    assert found[2:] == [measure.title, item.title, in_text.title]


def test_a_title_match_on_an_item_beats_a_text_match_on_a_plan(tree):
    plan = PlanPageFactory(
        parent=tree.plan_index, title="地域づくり計画", slug="chiiki", summary=f"{WORD}を育てる計画です。"
    )
    measure = MeasurePageFactory(parent=plan, title="交流の場", number="1", slug="kouryu")
    item = ActionItemPageFactory(parent=measure, title=f"{WORD}祭りの開催", number="1-1", slug="matsuri")
    assert search_titles() == [item.title, plan.title]


def test_a_plan_s_short_title_counts_as_a_title(tree):
    # Sudachi reads 青葉市市民参加 as 青葉 / 市市 / 民 / 参加: only the short title holds 市民参加.
    plan = PlanPageFactory(
        parent=tree.plan_index,
        title=f"青葉市{WORD}参加推進計画（第2次）",
        short_title=f"{WORD}参加推進計画（第2次）",
        slug="short-title",
        summary="計画の概要です。",
    )
    measure = MeasurePageFactory(parent=plan, title=f"{WORD}参加の意識啓発", number="1", slug="ishiki")
    assert search_titles(f"{WORD}参加") == [plan.title, measure.title]


def test_current_plans_come_before_superseded_ones_and_so_do_their_pages(tree):
    old = PlanPageFactory(
        parent=tree.plan_index,
        title=f"{WORD}計画（第1次）",
        slug="first",
        status=PlanStatus.SUPERSEDED,
        period_start=2016,
        period_end=2020,
    )
    ended = PlanPageFactory(
        parent=tree.plan_index, title=f"{WORD}行動計画", slug="ended", status=PlanStatus.ENDED
    )
    replaced = PlanPageFactory(parent=tree.plan_index, title=f"{WORD}計画（第2次）", slug="second")
    current = PlanPageFactory(
        parent=tree.plan_index, title=f"{WORD}計画（第3次）", slug="third", replaces=replaced
    )
    old_measure = MeasurePageFactory(parent=old, title=f"{WORD}の普及", number="1", slug="old-measure")
    new_measure = MeasurePageFactory(parent=current, title=f"{WORD}の普及", number="1", slug="new-measure")

    order = [page.pk for page in search_results()]
    assert order[0] == current.pk
    assert set(order[1:4]) == {old.pk, ended.pk, replaced.pk}
    assert order[4:] == [new_measure.pk, old_measure.pk]


def test_a_successor_still_in_preparation_leaves_its_predecessor_current(tree):
    current = PlanPageFactory(parent=tree.plan_index, title=f"{WORD}計画（第2次）", slug="second")
    PlanPageFactory(
        parent=tree.plan_index,
        title=f"{WORD}計画（第3次）",
        slug="third",
        status=PlanStatus.PREPARING,
        replaces=current,
    )
    superseded = PlanPageFactory(
        parent=tree.plan_index, title=f"{WORD}計画（第1次）", slug="first", status=PlanStatus.SUPERSEDED
    )
    found = search_titles()
    assert found[-1] == superseded.title
    assert current.title in found[:2]


def test_a_response_table_comes_after_the_plans_themselves(tree):
    # The table mentions the word more often: by text rank alone it would come first.
    response = PlanPageFactory(
        parent=tree.plan_index,
        title=f"{WORD}審議会答申への対応表",
        slug="response",
        kind=PlanKind.RESPONSE,
        summary=f"{WORD}、{WORD}、{WORD}についての答申への対応です。",
    )
    plan = PlanPageFactory(parent=tree.plan_index, title=f"{WORD}推進計画", slug="promotion")
    assert search_titles() == [plan.title, response.title]


def test_drafts_private_pages_and_pagination_are_unchanged(ranked, tree):
    plan, guideline, measure, item, in_text = ranked
    PlanPageFactory(parent=tree.plan_index, title=f"{WORD}計画（下書き）", slug="draft", publish=False)
    hidden = PlanPageFactory(parent=tree.plan_index, title=f"{WORD}計画（限定）", slug="private")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)

    results = search_results()
    assert results.count() == 5
    assert [page.title for page in results[:2]] + [page.title for page in results[2:5]] == search_titles()
    assert PlanPage.objects.get(slug="draft").title not in search_titles()
    assert hidden.title not in search_titles()


def test_the_search_page_and_the_headless_api_rank_alike(ranked, client):
    plan, guideline, measure, item, in_text = ranked
    expected = search_titles()

    response = client.get("/search/", {"q": WORD})
    assert [result.page.title for result in response.context["results"]] == expected

    data = client.get("/api/v2/pages/", {"search": WORD, "fields": "title", "locale": "ja"}).json()
    assert [page["title"] for page in data["items"]] == expected


def test_a_title_holding_one_word_of_several_counts_as_a_title_match(tree):
    guideline = GuidelinePageFactory(
        parent=tree.guideline_index,
        title="協働の手引き",
        slug="tebiki",
        summary=f"{WORD}講座と交流フェアのご案内です。",
    )
    plan = PlanPageFactory(parent=tree.plan_index, title="交流の計画", slug="koryu-plan")
    measure = MeasurePageFactory(parent=plan, title="交流の場", number="1", slug="ba")
    item = ActionItemPageFactory(
        parent=measure,
        title="交流フェアの開催",
        number="1-1",
        slug="fair",
        description=body(f"{WORD}講座の参加者も招きます。"),
    )
    assert search_titles(f"{WORD}講座 交流フェア") == [item.title, guideline.title]
