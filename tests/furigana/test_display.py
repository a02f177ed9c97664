"""Ruby on the public pages: the header's toggle (no JavaScript), the defaults per language,
the content it covers, and the cache of the transformed content."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Locale

import pytest
from bs4 import BeautifulSoup

from furigana.models import ReadingEntry
from furigana.preference import COOKIE_NAME

EASY = "ja-x-easy"
EASY_LANGUAGES = [("ja", "日本語"), (EASY, "やさしい日本語"), ("en", "English")]


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def toggle(soup: BeautifulSoup):
    return soup.select_one(".site-header .ruby-toggle__link")


def main_readings(soup: BeautifulSoup) -> list[str]:
    return [rt.get_text() for rt in soup.find("main").find_all("rt")]


def test_a_japanese_page_has_no_ruby_by_default_and_offers_it(client, sample_plan):
    soup = soup_of(client.get(sample_plan.public_members.url))
    assert soup.find("ruby") is None
    link = toggle(soup)
    assert link.get_text(strip=True) == "ふりがなを表示"
    assert link["href"] == f"{sample_plan.public_members.url}?ruby=1"


def test_ruby_on_with_the_link_and_kept_in_a_cookie(client, sample_plan):
    item = sample_plan.public_members
    response = client.get(item.url, {"ruby": "1"})
    soup = soup_of(response)
    assert response.cookies[COOKIE_NAME].value == "1"
    assert "Cookie" in response["Vary"]
    h1 = soup.find("main").find("h1")
    assert h1.find("ruby") is not None
    assert "しみん" in main_readings(soup)
    assert toggle(soup).get_text(strip=True) == "ふりがなを消す"
    assert toggle(soup)["href"] == f"{item.url}?ruby=0"

    # The next page, without the parameter: the cookie keeps ruby on.
    soup = soup_of(client.get(sample_plan.plan.url))
    assert soup.find("main").find("ruby") is not None

    # Off again.
    response = client.get(item.url, {"ruby": "0"})
    assert response.cookies[COOKIE_NAME].value == "0"
    assert soup_of(response).find("ruby") is None
    assert soup_of(client.get(item.url)).find("ruby") is None


def test_ruby_covers_the_main_content_not_the_header_or_footer(client, sample_plan):
    soup = soup_of(client.get(sample_plan.public_members.url, {"ruby": "1"}))
    assert soup.find("main").find("ruby") is not None
    assert soup.find("header").find("ruby") is None
    assert soup.find("footer").find("ruby") is None
    assert soup.find("title").find("ruby") is None
    assert "<ruby>" not in soup.find("title").get_text()


def test_the_toggle_keeps_the_other_query_parameters(client, tree, sample_plan):
    response = client.get("/search/", {"q": "協働", "page": "1"})
    link = toggle(soup_of(response))
    assert link["href"].startswith("/search/?")
    query = link["href"].split("?", 1)[1].split("&")
    assert sorted(query) == sorted(["q=%E5%8D%94%E5%83%8D", "page=1", "ruby=1"])


def test_the_search_page_gets_ruby_without_the_cache(client, tree, sample_plan):
    soup = soup_of(client.get("/search/", {"q": "協働", "ruby": "1"}))
    assert soup.find("main").find("ruby") is not None


def test_no_toggle_and_no_ruby_in_english(client, tree, sample_plan):
    response = client.get("/en/search/", {"q": "協働", "ruby": "1"})
    soup = soup_of(response)
    assert toggle(soup) is None
    assert soup.find("ruby") is None
    # (The page still varies on Cookie: every page follows the reader's 文字サイズ and 背景色.)


def test_the_toggle_is_a_plain_link_with_a_translated_label(client, sample_plan):
    soup = soup_of(client.get(sample_plan.public_members.url))
    link = toggle(soup)
    assert link.name == "a" and link.get("rel") == ["nofollow"]
    with translation.override("en"):
        assert translation.gettext("ふりがなを表示") == "Show furigana"
        assert translation.gettext("ふりがなを消す") == "Hide furigana"


def test_a_dictionary_entry_reaches_the_page_and_a_change_is_seen_at_once(client, sample_plan):
    """The item's title is 審議会等への市民公募委員の参加促進; the analyser reads 等 as とう."""
    item = sample_plan.public_members

    def h1_readings() -> str:
        soup = soup_of(client.get(item.url))
        return "".join(rt.get_text() for rt in soup.find("main").find("h1").find_all("rt"))

    client.cookies[COOKIE_NAME] = "1"
    assert h1_readings().startswith("しんぎかいとう")
    entry = ReadingEntry.objects.create(surface="審議会等", reading="しんぎかいなど")
    assert h1_readings().startswith("しんぎかいなど")
    entry.reading = "しんぎかいとう"
    entry.save()
    assert h1_readings().startswith("しんぎかいとう")
    entry.delete()
    assert h1_readings().startswith("しんぎかいとう")


def test_the_transformed_content_is_cached_and_served_from_the_cache(client, sample_plan):
    item = sample_plan.public_members
    first = client.get(item.url, {"ruby": "1"}).content
    keys = [key for key in cache._cache if "furigana:html:" in key]  # local-memory cache
    assert len(keys) == 1
    second = client.get(item.url).content
    assert first.decode().split("<main", 1)[1] == second.decode().split("<main", 1)[1]
    assert len([key for key in cache._cache if "furigana:html:" in key]) == 1


def test_a_new_way_of_reading_transforms_the_content_again(client, sample_plan, monkeypatch):
    """The key holds the readings' version: ruby kept by an earlier version of the readings
    is not served after a change to them."""
    item = sample_plan.public_members
    client.get(item.url, {"ruby": "1"})
    monkeypatch.setattr("furigana.templatetags.furigana.READINGS_VERSION", 999)
    client.get(item.url)
    keys = [key for key in cache._cache if "furigana:html:" in key]
    assert len(keys) == 2 and len([key for key in keys if ":999:" in key]) == 1


def test_ruby_adds_no_query_once_the_dictionary_is_cached(client, sample_plan):
    item = sample_plan.public_members
    client.get(item.url)
    with CaptureQueriesContext(connection) as without:
        client.get(item.url)
    client.cookies[COOKIE_NAME] = "1"
    client.get(item.url)
    with CaptureQueriesContext(connection) as with_ruby:
        client.get(item.url)
    assert len(with_ruby.captured_queries) == len(without.captured_queries)


# Easy Japanese ---------------------------------------------------------------------------


@pytest.fixture
def easy_home(tree):
    """The home page translated into easy Japanese (its own locale), published."""
    locale, _ = Locale.objects.get_or_create(language_code=EASY)
    translation_ = tree.home.copy_for_translation(locale)
    translation_.title = "きょうどうの ページ"
    translation_.save_revision().publish()
    return translation_


@override_settings(LANGUAGES=EASY_LANGUAGES, WAGTAIL_CONTENT_LANGUAGES=EASY_LANGUAGES)
def test_easy_japanese_has_ruby_by_default_and_can_turn_it_off(client, easy_home, sample_plan):
    url = f"/{EASY}/"
    soup = soup_of(client.get(url))
    assert soup.find("html")["lang"] == EASY
    assert soup.find("main").find("ruby") is not None
    assert toggle(soup).get_text(strip=True) == "ふりがなを消す"

    response = client.get(url, {"ruby": "0"})
    assert response.cookies[COOKIE_NAME].value == "0"
    soup = soup_of(response)
    assert soup.find("ruby") is None
    assert toggle(soup).get_text(strip=True) == "ふりがなを表示"
    assert soup_of(client.get(url)).find("ruby") is None


def test_a_japanese_page_under_the_easy_japanese_prefix_has_ruby_by_default(client, tree, sample_plan):
    """No easy-Japanese translation yet: Wagtail serves the Japanese page under /ja-x-easy/.
    Its content stays Japanese (lang="ja") and gets ruby, as the header's toggle says; under
    /en/ the same Japanese page has neither ruby nor a toggle."""
    assert Locale.objects.filter(language_code=EASY).exists()
    item = sample_plan.public_members
    soup = soup_of(client.get(f"/{EASY}{item.url}"))
    assert soup.find("main").get("lang") == "ja"
    assert "しみん" in main_readings(soup)
    assert toggle(soup).get_text(strip=True) == "ふりがなを消す"

    soup = soup_of(client.get(f"/en{item.url}"))
    assert soup.find("ruby") is None
    assert toggle(soup) is None
