"""Every configured language as a reader meets it: the URL prefix, ``<html lang>``, the
language switcher, the ``hreflang`` alternates, translated labels and fiscal years, and
``lang="ja"`` on what stays Japanese.

Translations are made as Wagtail makes them: ``copy_for_translation`` of the Japanese page
(with its untranslated parents), then a published revision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Locale, Page, PageViewRestriction, Site

import pytest
from bs4 import BeautifulSoup

from home.languages import bcp47, configured_languages, language_links
from plans.models import ActionItemPage, GlossaryTerm
from tests.factories import municipality_text

EASY = settings.KYODO_EASY_JAPANESE
OTHER_LANGUAGES = [code for code in configured_languages() if code != "ja"]
ALL_LANGUAGES = configured_languages()
# 順調 (the FY2024 status of item 1-1) in each language; easy Japanese keeps simple words.
ON_TRACK = {
    "en": "On track",
    "zh-hans": "进展顺利",
    "zh-hant": "進展順利",
    "ko": "순조로움",
    "pt-br": "Dentro do previsto",
    "vi": "Thuận lợi",
    EASY: "よてい どおり",
}


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def get(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return soup_of(response)


def translate(page: Page, language: str, *, publish: bool = True) -> Page:
    """The page copied into ``language`` (with any parent not yet translated), published."""
    locale = Locale.objects.get(language_code=language)
    copy = page.specific.copy_for_translation(locale, copy_parents=True)
    if publish:
        copy.save_revision().publish()
    return Page.objects.get(pk=copy.pk).specific


def publish_parents(page: Page) -> None:
    """copy_parents leaves the copied parents as drafts; an editor would publish them."""
    for ancestor in page.get_ancestors().filter(depth__gt=1, live=False):
        ancestor.specific.save_revision().publish()


def japanese_pages(tree, sample_plan) -> dict[str, Page]:
    return {
        "home": tree.home,
        "plan_index": tree.plan_index,
        "plan": sample_plan.plan,
        "measure": sample_plan.participation,
        "item": sample_plan.public_members,
        "report": sample_plan.report,
        "glossary": tree.glossary,
    }


@pytest.fixture
def translated(tree, sample_plan):
    """The home page and the sample plan's pages translated into one language, published."""

    def make(language: str) -> dict[str, Page]:
        pages = {}
        for name, page in japanese_pages(tree, sample_plan).items():
            pages[name] = translate(page, language)
            publish_parents(pages[name])
        return pages

    return make


def alternates(soup) -> dict[str, str]:
    links = soup.find_all("link", rel="alternate", hreflang=True)
    hreflangs = [link["hreflang"] for link in links]
    assert len(hreflangs) == len(set(hreflangs)), hreflangs
    return {link["hreflang"]: link["href"] for link in links}


def switcher(soup) -> dict[str, dict]:
    nav = soup.find("nav", class_="language-switcher")
    assert nav is not None and nav.get("aria-label")
    return {
        link["hreflang"]: {
            "href": link["href"],
            "lang": link["lang"],
            "text": link.get_text(strip=True),
            "current": link.get("aria-current"),
        }
        for link in nav.find_all("a")
    }


# Settings and locales -----------------------------------------------------------------


def test_every_configured_language_has_a_locale(db):
    assert set(configured_languages()) <= set(Locale.objects.values_list("language_code", flat=True))
    assert configured_languages() == ["ja", EASY, "en", "zh-hans", "zh-hant", "ko", "pt-br", "vi"]


def test_sync_locales_creates_what_is_missing_once(db, capsys):
    from django.core.management import call_command

    Locale.objects.filter(language_code="vi").delete()

    call_command("sync_locales")
    call_command("sync_locales")

    output = capsys.readouterr().out
    assert output.count("Locale vi: created") == 1
    assert Locale.objects.filter(language_code="vi").count() == 1


@pytest.mark.parametrize(
    ("code", "tag"),
    [("ja", "ja"), ("zh-hans", "zh-Hans"), ("zh-hant", "zh-Hant"), ("pt-br", "pt-BR"), (EASY, "ja-x-easy")],
)
def test_codes_become_bcp47_tags(code, tag):
    assert bcp47(code) == tag


# Pages in every language ----------------------------------------------------------------


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_each_page_type_is_served_under_its_prefix_in_its_language(
    client, translated, tree, sample_plan, language
):
    pages = translated(language)
    originals = japanese_pages(tree, sample_plan)
    tag = bcp47(language)
    for name in ("home", "plan", "measure", "item", "report", "glossary"):
        url = pages[name].url
        assert url.startswith(f"/{language}/"), url
        soup = get(client, url)
        assert soup.html["lang"] == tag, url
        assert soup.find("main").get("lang") is None, url  # the content is in the page's language

        found = alternates(soup)
        japanese = originals[name]
        assert set(found) == {"ja", tag, "x-default"}, url
        assert found[tag] == f"http://localhost{url}"
        assert found["ja"] == found["x-default"] == f"http://localhost{japanese.url}"

        links = switcher(soup)
        assert links[tag]["current"] == "true" and links[tag]["href"] == url
        assert links[tag]["lang"] == tag
        assert links["ja"] == {"href": japanese.url, "lang": "ja", "text": "日本語", "current": None}
        # Every configured language is offered; one without a translation gets the same path,
        # where the Japanese page is shown marked as Japanese.
        assert set(links) == {bcp47(code) for code in ALL_LANGUAGES}, url
        other = next(code for code in OTHER_LANGUAGES if code != language)
        assert links[bcp47(other)]["href"] == f"/{other}{japanese.url}", url


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_labels_and_fiscal_years_follow_the_language(client, translated, language):
    pages = translated(language)

    soup = get(client, pages["item"].url)

    progress = soup.find("table", class_="progress-table") or soup.find("main")
    assert ON_TRACK[language] in progress.get_text(), language
    if language == EASY:
        assert "令和6年度（2024年度）" in soup.find("main").get_text()
        assert "FY2024" not in soup.find("main").get_text()
    else:
        assert "FY2024" in soup.find("main").get_text()
        assert "令和6年度" not in soup.find("main").get_text()


def test_drafts_and_private_translations_get_no_alternate_nor_link(client, translated, sample_plan):
    translated("en")
    translate(sample_plan.plan, "ko", publish=False)  # a draft, under aliases of its parents
    private = translate(sample_plan.plan, "vi")
    publish_parents(private)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    soup = get(client, sample_plan.plan.url)

    assert set(alternates(soup)) == {"ja", "en", "x-default"}
    links = switcher(soup)
    assert links["en"]["href"] == "/en/plans/participation-3/"
    # The Korean draft is not offered: its path shows the Japanese plan, marked as such.
    assert links["ko"]["href"] == "/ko/plans/participation-3/"
    korean = get(client, links["ko"]["href"])
    assert korean.html["lang"] == "ko"
    assert korean.find("main")["lang"] == "ja"
    assert korean.find("h1").get_text(strip=True) == sample_plan.plan.title
    assert korean.select_one(".notice--untranslated")["lang"] == "ko"
    # The private Vietnamese plan would ask for a login: its language's home page instead.
    assert links["vi"]["href"] == "/vi/"
    assert set(links) == {bcp47(code) for code in ALL_LANGUAGES}


def test_an_alias_is_no_alternate_and_its_content_is_marked_japanese(client, tree, sample_plan):
    """copy_parents makes aliases of the parents: live pages of the Korean tree that still
    show the Japanese text."""
    translate(sample_plan.plan, "ko")
    alias_index = Page.objects.get(
        locale__language_code="ko", translation_key=tree.plan_index.translation_key
    )
    assert alias_index.alias_of_id == tree.plan_index.pk

    soup = get(client, alias_index.url)

    assert soup.html["lang"] == "ko"
    assert soup.find("main")["lang"] == "ja"
    assert set(alternates(soup)) == {"ja", "x-default"}
    assert switcher(soup)["ko"] == {"href": "/ko/plans/", "lang": "ko", "text": "한국어", "current": "true"}


def test_a_private_parent_hides_the_translation_below_it(client, translated, sample_plan):
    pages = translated("en")
    PageViewRestriction.objects.create(page=pages["plan_index"], restriction_type=PageViewRestriction.LOGIN)

    soup = get(client, sample_plan.plan.url)

    assert set(alternates(soup)) == {"ja", "x-default"}
    assert switcher(soup)["en"]["href"] == "/en/"  # the English home page is still public


def test_a_language_without_its_own_page_shows_the_japanese_page_marked_japanese(client, tree, sample_plan):
    """/ko/ with no Korean home page: Wagtail serves the Japanese tree. The header, menus and
    footer are Korean; the page's content, with the labels around it, is Japanese and
    marked lang="ja", and so are the menu's Japanese titles."""
    municipality_text(tree.site, name="みなと市")

    soup = get(client, f"/ko{sample_plan.plan.url}")

    assert soup.html["lang"] == "ko"
    main = soup.find("main")
    assert main["lang"] == "ja"
    assert "計画期間中" in main.get_text() and "令和3年度（2021年度）" in main.get_text()
    assert "계획 기간 중" not in main.get_text() and "FY2021" not in main.get_text()
    assert soup.find("label", class_="search-form__label").get_text(strip=True) == "사이트 내 검색"
    assert soup.find("a", class_="skip-link").get_text(strip=True) == "본문 바로가기"
    assert soup.find(class_="site-name__municipality")["lang"] == "ja"
    menu = soup.find("nav", class_="main-nav")
    assert menu.find("a", string="計画一覧")["lang"] == "ja"
    links = switcher(soup)
    assert links["ko"]["current"] == "true"
    assert links["ja"]["href"] == sample_plan.plan.url
    assert set(alternates(soup)) == {"ja", "x-default"}  # this URL is not an alternate of its own


def test_japanese_departments_on_a_translated_page_are_marked_japanese(client, translated, tree):
    pages = translated("en")

    soup = get(client, pages["item"].url)

    names = soup.find_all(class_="department-contact__name")
    assert names and {name.get("lang") for name in names} == {"ja"}
    assert {name.get_text(strip=True) for name in names} >= {"市民局 市民協働推進課"}

    japanese = get(client, ActionItemPage.objects.get(pk=pages["item"].pk).get_translation(tree.ja).url)
    assert {name.get("lang") for name in japanese.find_all(class_="department-contact__name")} == {None}


def test_the_japanese_site_keeps_lang_ja_without_inline_marks(client, tree, sample_plan):
    municipality_text(tree.site, name="みなと市")

    soup = get(client, sample_plan.public_members.url)

    assert soup.html["lang"] == "ja"
    assert soup.find(class_="site-name__municipality").get("lang") is None
    assert soup.find("main").get("lang") is None
    assert "令和6年度（2024年度）" in soup.find("main").get_text()


def test_easy_japanese_reads_as_japanese_and_keeps_municipal_names_unmarked(client, translated, tree):
    municipality_text(tree.site, name="みなと市")
    pages = translated(EASY)

    soup = get(client, pages["plan"].url)

    assert soup.html["lang"] == "ja-x-easy"
    assert soup.find(class_="site-name__municipality")["lang"] == "ja"  # standard Japanese inside
    assert switcher(soup)["ja-x-easy"]["text"] == "やさしい日本語"
    assert soup.find("nav", class_="language-switcher")["aria-label"] == "ことば"


# Search page and page not found ---------------------------------------------------------


def test_the_search_page_switches_to_the_same_search_in_each_language(client, translated):
    translated("en")
    translated("ko")

    soup = get(client, "/ko/search/?q=協働")

    assert soup.html["lang"] == "ko"
    links = switcher(soup)
    assert links["en"]["href"] == "/en/search/?q=%E5%8D%94%E5%83%8D"
    assert links["ja"]["href"] == "/search/?q=%E5%8D%94%E5%83%8D"
    assert links["ko"]["current"] == "true"
    # Every language's search works: a language with no translated pages searches the
    # Japanese ones, marked as Japanese.
    assert set(links) == {bcp47(code) for code in ALL_LANGUAGES}
    assert links["vi"]["href"] == "/vi/search/?q=%E5%8D%94%E5%83%8D"
    assert set(alternates(soup)) == {bcp47(code) for code in ALL_LANGUAGES} | {"x-default"}


def test_a_page_not_found_offers_the_home_page_of_each_language(client, translated):
    translated("pt-br")

    response = client.get("/pt-br/nao-existe/")

    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.html["lang"] == "pt-BR"
    assert soup.find("h1").get_text(strip=True) == "Página não encontrada"
    links = switcher(soup)
    # Each language's home page: a translated one, or the prefix that shows the Japanese one.
    hrefs = {code: link["href"] for code, link in links.items()}
    assert hrefs == {bcp47(code): "/" if code == "ja" else f"/{code}/" for code in ALL_LANGUAGES}
    assert alternates(soup) == {}


# Cost ------------------------------------------------------------------------------------


def test_the_switcher_costs_one_query_whatever_the_number_of_translations(
    client, translated, tree, sample_plan, rf, django_capture_on_commit_callbacks
):
    """language_links reads the translations of the page and of the home page in one query
    (kept under the content generation, so both requests below read none)."""
    url = sample_plan.plan.url
    client.get(url)
    with CaptureQueriesContext(connection) as one_language:
        client.get(url)
    for language in OTHER_LANGUAGES:
        with django_capture_on_commit_callbacks(execute=True):  # committed, as the site sees them
            translated(language)
    client.get(url)
    with CaptureQueriesContext(connection) as every_language:
        soup = soup_of(client.get(url))

    assert len(switcher(soup)) == len(configured_languages())
    assert len(every_language) == len(one_language)

    request = rf.get(url)
    Site.find_for_request(request)  # serving the page has found the site already
    with CaptureQueriesContext(connection) as queries, translation.override("ja"):
        links = language_links(request, sample_plan.plan, tree.home)
    assert len(queries) == 1, [query["sql"][:200] for query in queries.captured_queries]
    assert [link.code for link in links] == configured_languages()


def test_a_translated_glossary_falls_back_to_the_japanese_terms_marked_japanese(client, translated, tree):
    pages = translated("en")
    kyodo = GlossaryTerm.objects.get(term="協働", locale=tree.ja)
    english = kyodo.copy_for_translation(tree.en)
    english.term, english.reading = "Collaboration", ""
    english.definition = "Citizens and the city working together as equals on local issues."
    english.save()

    soup = get(client, pages["glossary"].url)

    entries = {
        entry.find("dt").get_text(strip=True): entry.get("lang") for entry in soup.select(".glossary__entry")
    }
    assert entries["Collaboration"] is None
    assert entries["パブリックコメント（ぱぶりっくこめんと）"] == "ja"
    assert "協働（きょうどう）" not in entries  # translated: only the English term is shown
    anchor = soup.find("dt", string="Collaboration").parent["id"]
    assert anchor == kyodo.anchor  # links to a term's anchor work in every language
