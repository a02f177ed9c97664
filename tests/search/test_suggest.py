"""Suggestions while typing: titles of public pages and glossary terms of the current
language, a short list, 400 in JSON for bad input."""

from __future__ import annotations

import pytest

from ..factories import ActionItemPageFactory
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
