"""A page not yet translated is never presented as the reader's language: under another
language's prefix the site shows the Japanese page, marked as Japanese with a notice in the
reader's language, and neither hreflang, search nor the APIs count it as a translation."""

from __future__ import annotations

from wagtail.models import Locale, Page

import pytest

from .test_languages import alternates, get, publish_parents, switcher, translate

pytestmark = pytest.mark.django_db

NOTICE = {
    "en": "This page has not been translated yet",
    "ko": "이 페이지는 아직 번역되지 않았습니다",
    "ja-x-easy": "この ページは まだ やさしい 日本語に なって いません",
}


@pytest.fixture
def english_home(tree, sample_plan):
    """The English home page and plan list, published; the sample plan itself untranslated."""
    index = translate(tree.plan_index, "en")
    publish_parents(index)
    return index


@pytest.mark.parametrize("language", ["en", "ko", "ja-x-easy"])
def test_an_untranslated_item_is_shown_in_japanese_marked_as_such(
    client, english_home, sample_plan, language
):
    item = sample_plan.public_members
    url = f"/{language}{item.url}"

    soup = get(client, url)

    assert soup.html["lang"] == language
    main = soup.find("main")
    assert main["lang"] == "ja"
    assert soup.find("h1").get_text(strip=True) == item.title
    notice = main.select_one(".notice--untranslated")
    assert notice["lang"] == language
    assert NOTICE[language] in notice.get_text()
    original = notice.find("a", hreflang="ja")
    assert original["href"] == item.url
    # Not a translation: no alternate claims this URL as the reader's language.
    found = alternates(soup)
    assert language not in found and "http://localhost" + url not in found.values()
    assert found["ja"] == f"http://localhost{item.url}"


def test_a_draft_translation_is_not_served_the_japanese_page_is(client, english_home, sample_plan, tree):
    draft = translate(sample_plan.plan, "en", publish=False)
    assert not draft.live

    soup = get(client, "/en" + sample_plan.plan.url)

    assert soup.find("main")["lang"] == "ja"
    assert soup.find("h1").get_text(strip=True) == sample_plan.plan.title
    assert soup.select_one(".notice--untranslated") is not None


def test_a_published_translation_is_served_without_notice(client, english_home, sample_plan):
    english = translate(sample_plan.plan, "en")
    english.title = "Minato City Citizen Participation Plan (3rd)"
    english.save_revision().publish()

    soup = get(client, english.url)

    assert soup.find("main").get("lang") is None
    assert soup.find("h1").get_text(strip=True) == "Minato City Citizen Participation Plan (3rd)"
    assert soup.select_one(".notice--untranslated") is None
    assert set(alternates(soup)) == {"ja", "en", "x-default"}


def test_a_path_that_exists_in_no_language_is_still_not_found(client, english_home):
    assert client.get("/en/plans/no-such-plan/").status_code == 404


def test_a_japanese_draft_is_not_reached_through_another_prefix(client, english_home, sample_plan):
    sample_plan.public_members.unpublish()

    assert client.get("/en" + sample_plan.public_members.url).status_code == 404
    assert client.get(sample_plan.public_members.url).status_code == 404


def test_the_fallback_page_offers_every_language(client, english_home, sample_plan):
    soup = get(client, "/en" + sample_plan.plan.url)

    links = switcher(soup)
    assert links["en"]["current"] == "true"
    assert links["ja"]["href"] == sample_plan.plan.url
    assert links["ko"]["href"] == "/ko" + sample_plan.plan.url
    assert len(links) == Locale.objects.count()


def test_the_apis_do_not_list_draft_translations(client, english_home, sample_plan):
    translate(sample_plan.plan, "en", publish=False)

    v2 = client.get("/api/v2/pages/", {"locale": "en", "type": "plans.PlanPage"}).json()
    assert v2["meta"]["total_count"] == 0
    open_data = client.get("/api/open/plans", {"locale": "en"}, HTTP_HOST="localhost").json()
    assert open_data["count"] == 0
    english = Page.objects.get(locale__language_code="en", translation_key=sample_plan.plan.translation_key)
    assert client.get(f"/api/v2/pages/{english.pk}/").status_code == 404


def test_search_in_another_language_finds_untranslated_pages_marked_japanese(
    client, english_home, sample_plan
):
    english = translate(sample_plan.plan, "en")
    english.title = "Minato City Citizen Participation Plan (3rd)"
    english.save_revision().publish()
    item = sample_plan.public_members

    soup = get(client, "/en/search/?q=公募委員")

    titles = {
        result.select_one(".search-result__title").get_text(strip=True): result
        for result in soup.select(".search-result")
    }
    found = titles[item.title]
    heading = found.select_one(".search-result__title")
    assert heading["lang"] == "ja"
    assert heading.a["href"] == "/en" + item.url
    assert get(client, heading.a["href"]).find("main")["lang"] == "ja"
    # The item's plan is named as the item knows it (Japanese, marked so); its link, the
    # same path under /en/, reaches the published English plan.
    plan = found.find("dt", string="Plan").find_next_sibling("dd")
    assert plan["lang"] == "ja"
    assert plan.a["href"] == english.url
    assert get(client, plan.a["href"]).find("h1").get_text(strip=True) == english.title


def test_search_in_another_language_does_not_list_a_translated_page_twice(client, english_home, sample_plan):
    english = translate(sample_plan.plan, "en")
    english.title = "Minato City Citizen Participation Plan (3rd)"
    english.save_revision().publish()

    soup = get(client, "/en/search/?q=市民参加推進計画")

    links = [a["href"] for a in soup.select(".search-result__title a")]
    assert "/en" + sample_plan.plan.url in links  # the English plan (its Japanese strings)
    assert links.count("/en" + sample_plan.plan.url) == 1
