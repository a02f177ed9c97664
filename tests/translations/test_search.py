"""Search per language: a translated item is found in its own language, on the search page
(with its facets) and in both APIs, and never in the other language's results."""

from __future__ import annotations

import re

from .conftest import fill_strings, publish_translated_path, translate_to

ENGLISH_TITLE = "Appointing members of the public to advisory councils"


def publish_english_item(item, tree, capture):
    publish_translated_path(item, tree.en, capture)
    translation = translate_to(item, tree.en)
    fill_strings(translation, {item.title: ENGLISH_TITLE})
    with capture(execute=True):
        translation.save_target(publish=True)
    return item.get_translation(tree.en)


def results_of(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", title).strip()
        for title in re.findall(r"<h3[^>]*>\s*<a[^>]*>(.*?)</a>", html, re.S)
    ]


def test_a_search_in_english_finds_the_english_page(
    client, sample_plan, tree, english_departments, django_capture_on_commit_callbacks
):
    item = sample_plan.public_members
    english = publish_english_item(item, tree, django_capture_on_commit_callbacks)
    assert english.live and english.title == ENGLISH_TITLE

    html = client.get("/en/search/", {"q": "advisory councils"}).content.decode()
    assert results_of(html) == [ENGLISH_TITLE]
    # Its facets are English too: the department the English item points at.
    facets = html.split('aria-labelledby="search-facets-heading"', 1)[1]
    assert "Citizen Collaboration Division" in facets
    # The Japanese page is not among the English results, nor the English one among the Japanese.
    assert item.title not in results_of(client.get("/en/search/", {"q": item.title}).content.decode())
    assert results_of(client.get("/search/", {"q": "advisory councils"}).content.decode()) == []
    assert item.title in results_of(client.get("/search/", {"q": item.title}).content.decode())


def test_the_apis_search_per_language(client, sample_plan, tree, django_capture_on_commit_callbacks):
    item = sample_plan.public_members
    english = publish_english_item(item, tree, django_capture_on_commit_callbacks)

    found = client.get("/api/v2/pages/", {"search": "advisory councils", "locale": "en"}).json()
    assert [page["id"] for page in found["items"]] == [english.pk]
    assert client.get("/api/v2/pages/", {"search": "advisory councils", "locale": "ja"}).json()["items"] == []

    items = client.get("/api/open/items", {"q": "advisory councils", "locale": "en"}).json()
    assert [row["title"] for row in items["results"]] == [ENGLISH_TITLE]
    assert client.get("/api/open/items", {"q": "advisory councils", "locale": "ja"}).json()["results"] == []
