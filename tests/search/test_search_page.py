"""The public search page: results with their context and highlights, facets with counts,
pagination, the empty and no-result pages, bad input, locale and query counts."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from ..factories import (
    ActionItemPageFactory,
    MeasurePageFactory,
    PlanPageFactory,
    add_item_rows,
    add_many_items,
)
from .conftest import WORD, english_page


def results(response) -> list[str]:
    """The titles of the results on the page, in order, without the highlight markup."""
    html = response.content.decode()
    titles = re.findall(r'<h3 class="search-result__title"><a href="[^"]*">(.*?)</a></h3>', html, re.S)
    return [unescape(re.sub(r"</?mark>", "", title)) for title in titles]


def result_html(response, url: str) -> str:
    """The markup of the result that links to ``url``."""
    html = response.content.decode()
    for block in re.findall(r'<li class="search-result">(.*?)</li>', html, re.S):
        if f'<h3 class="search-result__title"><a href="{url}">' in block:
            return block
    raise AssertionError(f"no result links to {url}")


def facet_counts(response, name: str) -> dict[str, int]:
    """``{value: count}`` of one facet, read from the checkboxes' labels."""
    html = response.content.decode()
    pattern = (
        rf'name="{name}" value="([^"]+)"(?: checked)?>\s*<label [^>]*>.*?'
        r'<span class="search-facet__count">（(\d+)件）</span>'
    )
    return {value: int(count) for value, count in re.findall(pattern, html, re.S)}


def checked(response, name: str) -> set[str]:
    return set(re.findall(rf'name="{name}" value="([^"]+)" checked>', response.content.decode()))


def test_results_show_type_plan_measure_departments_status_and_a_highlighted_snippet(client, content, tree):
    response = client.get("/search/", {"q": WORD})

    assert response.status_code == 200
    html = response.content.decode()
    assert set(results(response)) == {
        content.plan.title,
        content.measure.title,
        content.meeting.title,
        content.newsletter.title,
        content.course.title,
        content.report.title,
        content.guideline.title,
        tree.glossary.title,  # through the term ひまわり基金
    }
    assert "「ひまわり」の検索結果：8件" in html
    meeting = result_html(response, content.meeting.url)
    assert '<p class="search-result__type">実施事業</p>' in meeting
    assert "「<mark>ひまわり</mark>」交流会の開催" in meeting
    assert f'<dt>計画</dt><dd><a href="{content.plan.url}">{content.plan.title}</a></dd>' in meeting
    assert f'<dt>施策</dt><dd><a href="{content.measure.url}">1 {content.measure.title}</a></dd>' in meeting
    assert "<dt>担当部署</dt><dd>市民協働推進課</dd>" in meeting
    assert '<span class="status status--on_track">順調</span>' in meeting  # 2024, not 2023's 実施中
    assert "令和6年度" in meeting

    course = result_html(response, content.course.url)
    assert "<dt>担当部署</dt><dd>広聴課、市民協働推進課</dd>" in course
    # The title does not contain the word; the snippet shows it in the description.
    assert "講座の名前は「<mark>ひまわり</mark>」セミナーです。" in course

    plan = result_html(response, content.plan.url)
    assert '<p class="search-result__type">計画</p>' in plan
    assert '<span class="plan-status plan-status--in_force">計画期間中</span>' in plan
    assert "市民と市が「<mark>ひまわり</mark>」のように" in plan

    glossary = result_html(response, tree.glossary.url)
    assert "<mark>ひまわり</mark>基金：協働事業を支える基金。" in glossary


def test_drafts_private_pages_and_other_languages_are_not_found(client, content, tree):
    english = english_page(tree, f"Sunflower 「{WORD}」 network")

    titles = results(client.get("/search/", {"q": WORD}))
    assert content.draft.title not in titles
    assert content.private.title not in titles
    assert english.title not in titles

    english_results = client.get("/en/search/", {"q": WORD})
    assert english_results.status_code == 200
    assert results(english_results) == [english.title]
    assert '<html lang="en" ' in english_results.content.decode()
    assert "Search" in english_results.content.decode()


def test_a_department_name_is_highlighted_where_it_matched(client, content, departments):
    item = ActionItemPageFactory(parent=content.measure, title="点字版「ひまわり通信」の発行")
    add_item_rows(item, departments=[departments.koho, departments.kyodo])
    item.save_revision().publish()

    response = client.get("/search/", {"q": departments.koho.name})

    assert results(response) == [item.title]
    found = result_html(response, item.url)
    assert f"<dt>担当部署</dt><dd><mark>{departments.koho.name}</mark>、市民協働推進課</dd>" in found


def test_facets_count_the_matched_pages(client, content, departments):
    response = client.get("/search/", {"q": WORD})

    assert facet_counts(response, "type") == {
        "planpage": 1,
        "measurepage": 1,
        "actionitempage": 3,
        "progressreportpage": 1,
        "guidelinepage": 1,
        "glossarypage": 1,
    }
    assert facet_counts(response, "plan") == {str(content.plan.pk): 6}
    assert facet_counts(response, "department") == {
        str(departments.kyodo.pk): 3,  # the plan (issued by it), 交流会 and 講座
        str(departments.koho.pk): 1,
        str(departments.kocho.pk): 1,
    }
    assert facet_counts(response, "actor") == {"citizen": 1, "city": 1, "joint": 1}
    assert facet_counts(response, "status") == {"on_track": 1, "delayed": 1, "in_force": 1}
    assert facet_counts(response, "year") == {"2026": 1, "2025": 1, "2024": 4, "2023": 1}
    html = response.content.decode()
    assert '<legend class="search-facet__legend">担当部署</legend>' in html
    assert "令和6年度（2024年度）" in html


def test_facets_combine_with_the_query_and_with_each_other(client, content, departments):
    response = client.get(
        "/search/", {"q": WORD, "type": "actionitempage", "department": departments.kyodo.pk}
    )

    assert set(results(response)) == {content.meeting.title, content.course.title}
    # Each facet counts with the other facets applied, not its own.
    assert facet_counts(response, "type") == {"planpage": 1, "actionitempage": 2}
    assert facet_counts(response, "department") == {
        str(departments.kyodo.pk): 2,
        str(departments.koho.pk): 1,
        str(departments.kocho.pk): 1,
    }
    assert facet_counts(response, "actor") == {"citizen": 1, "joint": 1}
    # Two choices in one facet are alternatives.
    both = client.get(
        "/search/",
        {"q": WORD, "type": "actionitempage", "department": [departments.koho.pk, departments.kocho.pk]},
    )
    assert set(results(both)) == {content.newsletter.title, content.course.title}
    status = client.get("/search/", {"q": WORD, "status": "delayed", "year": "2024"})
    assert results(status) == [content.newsletter.title]


def test_the_url_keeps_every_choice_and_the_form_reflects_them(client, content, departments):
    params = {"q": WORD, "type": ["actionitempage", "planpage"], "department": str(departments.kyodo.pk)}
    response = client.get("/search/", params)
    html = response.content.decode()

    assert checked(response, "type") == {"actionitempage", "planpage"}
    assert checked(response, "department") == {str(departments.kyodo.pk)}
    assert 'name="q" value="ひまわり"' in html
    # Each selected choice has a link that removes only it.
    removes = [unescape(url) for url in re.findall(r'class="search-selected__chip" href="([^"]+)"', html)]
    assert len(removes) == 3
    for url in removes:
        query = parse_qs(urlsplit(url).query)
        assert query["q"] == [WORD]
        chosen = [(name, value) for name in ("type", "department") for value in query.get(name, [])]
        assert len(chosen) == 2
    # Following one round-trips to the same search without that choice.
    without_plans = next(url for url in removes if "planpage" not in url)
    again = client.get("/search/" + without_plans)
    assert checked(again, "type") == {"actionitempage"}
    assert checked(again, "department") == {str(departments.kyodo.pk)}


def test_pagination_keeps_the_query_and_facets(client, tree, departments):
    plan = PlanPageFactory(parent=tree.plan_index, slug="big", title="大きな計画")
    add_many_items(MeasurePageFactory(parent=plan, number="1"), 25, departments=[departments.kyodo])
    params = {"q": "地域の協働事業", "department": departments.kyodo.pk}

    first = client.get("/search/", params)
    html = first.content.decode()
    assert len(results(first)) == 20
    assert "「地域の協働事業」の検索結果：25件" in html
    assert "2ページ中1ページ目を表示しています。" in html
    next_url = unescape(re.search(r'<a href="([^"]+)" rel="next">次のページ</a>', html).group(1))
    assert parse_qs(urlsplit(next_url).query) == {
        "q": ["地域の協働事業"],
        "department": [str(departments.kyodo.pk)],
        "page": ["2"],
    }
    assert 'rel="prev"' not in html

    second = client.get("/search/" + next_url)
    assert len(results(second)) == 5
    assert '<ol class="search-results" start="21"' in second.content.decode()
    assert 'rel="prev">前のページ</a>' in second.content.decode()
    assert not set(results(first)) & set(results(second))


def test_the_results_page_runs_the_same_number_of_queries_for_3_and_20_results(client, tree, departments):
    plan = PlanPageFactory(parent=tree.plan_index, slug="big", title="大きな計画")
    measure = MeasurePageFactory(parent=plan, number="1")
    add_many_items(measure, 3, departments=[departments.kyodo, departments.koho], progress={2024: "on_track"})
    params = {"q": "地域の協働事業"}
    client.get("/search/", params)  # warm the caches of sites and content types

    with CaptureQueriesContext(connection) as few:
        assert len(results(client.get("/search/", params))) == 3
    measure2 = MeasurePageFactory(parent=plan, number="2")
    add_many_items(
        measure2, 17, departments=[departments.kyodo, departments.koho], progress={2024: "delayed"}
    )
    with CaptureQueriesContext(connection) as many:
        assert len(results(client.get("/search/", params))) == 20

    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]


def test_an_empty_query_gets_search_tips_and_links_to_browse(client, tree):
    response = client.get("/search/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "検索のしかた" in html
    assert "ひらがな・カタカナ、全角・半角の違いは区別しません。" in html
    assert f'href="{tree.plan_index.url}"' in html
    assert f'href="{tree.glossary.url}"' in html
    assert "search-results" not in html
    assert client.get("/search/", {"q": "　 "}).content.decode().count("検索のしかた") == 1


def test_a_query_without_results_gets_tips(client, content):
    response = client.get("/search/", {"q": "存在しない言葉"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "「存在しない言葉」に一致するページは見つかりませんでした" in html
    assert "言葉の数を減らす、または短い言葉にする" in html
    assert "ひらがな・カタカナ・漢字の書き方を変える、別の言葉に言い換える" in html
    assert "<title>「存在しない言葉」の検索結果（0件）" in html


def test_the_english_pages_are_translated(client, tree):
    english_page(tree, "Sunflower")
    html = client.get("/en/search/", {"q": "nothing-matches-this"}).content.decode()
    assert "Try the following" in html
    assert "Use fewer words, or shorter ones" in html
    assert "検索" not in html.split("<main", 1)[1].split("</main>")[0]


def test_the_page_is_labelled_and_announces_the_results(client, content):
    html = client.get("/search/", {"q": WORD}).content.decode()

    assert '<label class="search-form__label" for="search-page-query">検索する言葉</label>' in html
    assert 'role="search"' in html
    assert re.search(r'<div class="search-status" role="status" aria-live="polite">\s*<h2', html)
    assert (
        '<aside class="search-layout__facets search-facets" aria-labelledby="search-facets-heading">' in html
    )
    assert "<title>「ひまわり」の検索結果（8件）" in html
    assert '<html lang="ja" ' in html


def test_content_and_query_are_escaped(client, content):
    content.meeting.title = "<script>alert(1)</script>「ひまわり」交流会"
    content.meeting.save_revision().publish()

    html = client.get("/search/", {"q": "ひまわり <img src=x onerror=alert(1)>"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": WORD, "page": "abc"},
        {"q": WORD, "page": "-1"},
        {"q": WORD, "page": "１"},
        {"q": WORD, "page": "99999999999999999999"},
    ],
)
def test_a_page_number_that_is_not_a_number_shows_the_first_page_with_a_message(client, content, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert "ページ番号が正しくないため、1ページ目を表示しています。" in response.content.decode()
    assert len(results(response)) == 8


def test_a_page_after_the_last_shows_the_last_page(client, content):
    response = client.get("/search/", {"q": WORD, "page": "5"})
    assert "指定されたページはないため、最後のページを表示しています。" in response.content.decode()
    assert len(results(response)) == 8


def test_a_long_query_is_cut_and_the_citizen_is_told(client, content):
    response = client.get("/search/", {"q": WORD + " " + "あ" * 400})
    html = response.content.decode()
    assert response.status_code == 200
    assert "検索する言葉が長すぎるため、最初の200文字で検索しました。" in html
    value = re.search(r'id="search-page-query" name="q" value="([^"]*)"', html).group(1)
    assert len(value) == 200


@pytest.mark.parametrize(
    "query",
    [
        "\x00ひまわり",
        "ひまわり\u200b",
        "\U000f0000",
        "🌻ひまわり🌻",
        "ｈｉｍａｗａｒｉ",
        "'\"%_\\*:&|!()",
        "A" * 5000,
    ],
)
def test_odd_unicode_never_fails(client, content, query):
    assert client.get("/search/", {"q": query}).status_code == 200
    assert client.get("/search/suggest/", {"q": query[:200]}).status_code == 200


@pytest.mark.parametrize(
    ("params", "facet"),
    [
        ({"type": "bogus"}, "ページの種類"),
        ({"department": "abc"}, "担当部署"),
        ({"department": "999999"}, "担当部署"),
        ({"plan": "1e3"}, "計画"),
        ({"actor": "alien"}, "主体"),
        ({"status": "<b>"}, "状況"),
        ({"year": "12"}, "年度"),
    ],
)
def test_an_unknown_facet_value_is_ignored_with_a_message(client, content, params, facet):
    response = client.get("/search/", {"q": WORD, **params})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"絞り込みの値が正しくないため、無視しました: {facet}" in html
    assert len(results(response)) == 8


def test_a_plan_the_public_may_not_see_is_not_a_facet_value(client, content, tree):
    hidden = PlanPageFactory(
        parent=tree.plan_index, slug="hidden", title="「ひまわり」秘密の計画", publish=False
    )
    response = client.get("/search/", {"q": WORD, "plan": hidden.pk})
    html = response.content.decode()
    assert "絞り込みの値が正しくないため、無視しました: 計画" in html
    assert "秘密の計画" not in html


def test_the_page_answers_only_get(client):
    assert client.post("/search/", {"q": WORD}).status_code == 405
