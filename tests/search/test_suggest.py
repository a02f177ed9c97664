"""Suggestions while typing: titles of public pages and glossary terms of the current
language, a short list, 400 in JSON for bad input."""

from __future__ import annotations

from django.test import TestCase

from wagtail.models import PageViewRestriction

import pytest

from plans.models import GlossaryTerm
from search import readings

from ..factories import ActionItemPageFactory, GlossaryTermFactory, MeasurePageFactory, PlanPageFactory
from .conftest import english_page


def suggest(client, query, path="/search/suggest/"):
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_titles_and_glossary_terms_are_suggested(client, content, tree):
    data = suggest(client, "ひまわ")

    labels = [entry["label"] for entry in data["suggestions"]]
    assert "ひまわり基金" in labels
    assert content.meeting.title in labels
    term = next(entry for entry in data["suggestions"] if entry["label"] == "ひまわり基金")
    assert term == {
        "label": "ひまわり基金",
        "url": f"{tree.glossary.url}#{content.term.anchor}",
        "kind": "用語",
    }
    meeting = next(entry for entry in data["suggestions"] if entry["label"] == content.meeting.title)
    assert meeting == {"label": content.meeting.title, "url": content.meeting.url, "kind": "実施事業"}
    assert data["query"] == "ひまわ"
    assert data["announcement"] == f"候補が{len(labels)}件あります。上下の矢印キーで選べます。"
    # What begins with the typed text comes first.
    assert labels[0] == "ひまわり基金"


def test_drafts_private_pages_and_other_languages_are_not_suggested(client, content, tree):
    english = english_page(tree, "ひまわり English page")
    labels = [entry["label"] for entry in suggest(client, "ひまわり")["suggestions"]]
    assert content.draft.title not in labels
    assert content.private.title not in labels
    assert english.title not in labels

    english_labels = [
        entry["label"] for entry in suggest(client, "ひまわり", "/en/search/suggest/")["suggestions"]
    ]
    assert english.title in english_labels
    assert "ひまわり基金" not in english_labels  # the term exists only in Japanese


def test_the_list_is_short(client, content):
    for n in range(12):
        ActionItemPageFactory(
            parent=content.other_measure, title=f"ひまわり講座 第{n + 1}回", number=f"9-{n}"
        )
    data = suggest(client, "ひまわり")
    assert len(data["suggestions"]) == 8


def test_nothing_typed_and_nothing_found(client, content):
    assert suggest(client, "  ") == {"query": "", "suggestions": [], "announcement": ""}
    assert suggest(client, "存在しない言葉") == {
        "query": "存在しない言葉",
        "suggestions": [],
        "announcement": "候補はありません。",
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "検索する言葉をパラメータ q で1つ指定してください。"),
        ({"q": ["a", "b"]}, "検索する言葉をパラメータ q で1つ指定してください。"),
        ({"q": "あ" * 201}, "検索する言葉は200文字以内で指定してください。"),
    ],
)
def test_bad_input_answers_400_in_json(client, params, message):
    response = client.get("/search/suggest/", params)
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_the_english_error_is_translated(client):
    response = client.get("/en/search/suggest/")
    assert response.status_code == 400
    assert response.json() == {"error": "Give one search term in the q parameter."}


# Suggestions from readings (search/readings.py) -------------------------------------


@pytest.fixture
def plan(tree):
    return PlanPageFactory(parent=tree.plan_index, title="みなと市安全安心計画", slug="anshin")


@pytest.mark.parametrize("typed", ["きょうどう", "キョウドウ", "ｷｮｳﾄﾞｳ"])
def test_a_reading_suggests_the_word_and_what_holds_it(client, tree, plan, typed):
    measure = MeasurePageFactory(parent=plan, title="地域の取組", number="8", slug="chiiki")
    cafe = ActionItemPageFactory(parent=measure, title="協働カフェの開催", number="8-1", slug="cafe")
    term = GlossaryTerm.objects.filter(term="協働").first() or GlossaryTermFactory(
        term="協働", reading="きょうどう", definition="力を合わせること。"
    )

    entries = suggest(client, typed)["suggestions"]
    assert entries[0] == {"label": "協働", "url": "/search/?q=%E5%8D%94%E5%83%8D", "kind": "検索語"}
    assert {"label": "協働", "url": f"{tree.glossary.url}#{term.anchor}", "kind": "用語"} in entries
    assert {"label": cafe.title, "url": cafe.url, "kind": "実施事業"} in entries


def test_words_of_titles_are_suggested_by_their_reading_without_a_glossary_term(client, tree, plan):
    measure = MeasurePageFactory(parent=plan, title="安全な地域", number="8", slug="anzen")
    drill = ActionItemPageFactory(parent=measure, title="防災訓練の実施", number="8-1", slug="drill")
    labels = [entry["label"] for entry in suggest(client, "ぼうさい")["suggestions"]]
    assert labels[0] == "防災"
    assert drill.title in labels


def test_words_of_drafts_and_private_pages_are_not_suggested(client, tree, plan):
    measure = MeasurePageFactory(parent=plan, title="内部の事務", number="8", slug="naibu")
    ActionItemPageFactory(parent=measure, title="極秘会議の準備", number="8-1", slug="draft", publish=False)
    private = ActionItemPageFactory(parent=measure, title="機密文書の管理", number="8-2", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert suggest(client, "ごくひ")["suggestions"] == []
    assert suggest(client, "きみつ")["suggestions"] == []


def test_a_newly_published_page_s_words_are_suggested(client, tree, plan):
    measure = MeasurePageFactory(parent=plan, title="安全な地域", number="8", slug="anzen")
    assert suggest(client, "ひなん")["suggestions"] == []  # the table is cached now
    with TestCase.captureOnCommitCallbacks(execute=True):
        ActionItemPageFactory(parent=measure, title="避難所の運営", number="8-1", slug="hinan")
    assert [entry["label"] for entry in suggest(client, "ひなん")["suggestions"]][:1] == ["避難"]


def test_only_kana_is_looked_up_by_reading(db):
    assert readings.is_reading("ｷｮｳﾄﾞｳ")
    assert readings.is_reading("きょう どう")
    assert not readings.is_reading("き")  # too short
    assert not readings.is_reading("協働")
    assert not readings.is_reading("kyodo")
