"""The search page in a real browser against the demo site served as in production:
accessibility of its states, the suggestion combobox by keyboard, the form without
scripts, highlights found through normalisation, reflow on a narrow phone."""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STATES = {
    "results": "/search/?q=" + quote("協働"),
    "facets": "/search/?q=" + quote("協働") + "&type=actionitempage&actor=joint",
    "second page": "/search/?q=" + quote("協働") + "&page=2",
    "no results": "/search/?q=" + quote("存在しない言葉"),
    "empty": "/search/",
    "english": "/en/search/?q=plan",
}


def _violations(axe, page) -> list[str]:
    result = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [f"{v['id']}: {v['nodes'][0]['target']}" for v in result.response["violations"]]


def test_every_state_of_the_search_page_passes_the_automated_accessibility_rules(running_site, browser):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = browser.new_page()
    failures = {}
    for name, path in STATES.items():
        page.goto(running_site + path)
        assert page.locator("main h1").count() == 1, name
        violations = _violations(axe, page)
        if violations:
            failures[name] = violations
    # And with the suggestion list open.
    page.goto(running_site + "/search/")
    page.locator("#search-page-query").press_sequentially("協働", delay=30)
    page.wait_for_selector("#search-page-query-suggestions[role=listbox]:not([hidden])")
    page.keyboard.press("ArrowDown")
    violations = _violations(axe, page)
    if violations:
        failures["suggestions open"] = violations
    page.close()
    assert failures == {}


def test_the_results_page_shows_counts_facets_and_highlights_found_through_normalisation(
    running_site, browser
):
    page = browser.new_page()
    page.goto(running_site + "/search/?q=" + quote("せみなー"))
    assert page.locator("mark").first.inner_text() == "セミナー"
    page.goto(running_site + "/search/?q=" + quote("協働"))
    heading = page.locator("#search-results-heading").inner_text()
    assert heading.startswith("「協働」の検索結果：")
    assert page.locator(".search-result").count() == 20
    assert page.locator("fieldset.search-facet legend").all_inner_texts()[:2] == ["計画", "ページの種類"]
    # Ticking a facet and applying it keeps the query and the choice in the URL.
    page.get_by_label("実施事業", exact=False).first.check()
    # The types are read only once the filtered page has loaded, not while it is on its way.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="この条件で絞り込む").click()
    query = urlsplit(page.url).query
    assert "type=actionitempage" in query and "q=" + quote("協働") in query
    assert (
        page.locator(".search-result__type").all_inner_texts()
        == ["実施事業"] * page.locator(".search-result").count()
    )
    page.close()


def test_the_suggestions_are_a_combobox_used_with_the_keyboard(running_site, browser):
    page = browser.new_page()
    page.goto(running_site + "/search/")
    box = page.locator("#search-page-query")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    listbox_id = box.get_attribute("aria-controls")
    listbox = page.locator(f"#{listbox_id}")
    assert listbox.get_attribute("role") == "listbox"

    box.focus()
    box.press_sequentially("協働", delay=30)
    page.wait_for_selector(f"#{listbox_id}:not([hidden])")
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.locator("[role=option]")
    count = options.count()
    assert 1 <= count <= 8
    status = page.locator(".search-form--page .search-suggest [role=status]")
    assert status.inner_text() == f"候補が{count}件あります。上下の矢印キーで選べます。"

    page.keyboard.press("ArrowDown")
    first = options.nth(0)
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    page.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")

    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert listbox.is_hidden()
    assert page.evaluate("document.activeElement.id") == "search-page-query"

    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-expanded") == "true"
    url = options.nth(0).get_attribute("data-url")
    assert url
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == running_site + url
    page.close()


def test_enter_without_a_chosen_suggestion_searches(running_site, browser):
    page = browser.new_page()
    page.goto(running_site + "/search/")
    page.locator("#search-page-query").press_sequentially("市民参加", delay=30)
    page.wait_for_selector("#search-page-query-suggestions:not([hidden])")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert unquote(urlsplit(page.url).query) == "q=市民参加"
    assert page.locator(".search-result").count() > 0
    page.close()


def test_without_scripts_the_form_and_the_facets_still_work(running_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(running_site + "/search/")
    box = page.locator("#search-page-query")
    assert box.get_attribute("role") is None
    box.fill("パブリックコメント")
    with page.expect_navigation():
        box.press("Enter")
    assert page.locator(".search-result").count() > 0
    assert page.locator("mark").first.inner_text() == "パブリックコメント"
    assert page.locator("details.search-facets__details").get_attribute("open") == ""
    context.close()


def test_the_search_page_reflows_at_320_css_pixels(running_site, browser):
    page = browser.new_page(viewport={"width": 320, "height": 800})
    overflowing = {}
    for name, path in STATES.items():
        page.goto(running_site + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            overflowing[name] = width
    page.close()
    assert overflowing == {}


ITEM_PAGE = "/plans/collaboration-action-plan/measure-5/item-11/"  # 協働フェスタの開催


def test_the_header_box_on_an_item_page_suggests_pages_and_words_read_as_typed(running_site, browser):
    page = browser.new_page()
    page.goto(running_site + ITEM_PAGE)
    assert page.locator("main h1").inner_text().endswith("協働フェスタの開催")
    box = page.locator("#header-search")
    assert box.get_attribute("role") == "combobox"
    listbox = page.locator("#" + box.get_attribute("aria-controls"))

    # Typed as it sounds, in half-width katakana: the word 協働 and what holds it.
    box.press_sequentially("ｷｮｳﾄﾞｳ", delay=30)
    page.wait_for_selector("#header-search-suggestions:not([hidden])")
    labels = listbox.locator(".search-suggest__label").all_inner_texts()
    assert labels[0] == "協働"
    assert len(labels) > 1
    status = page.locator(".site-header [role=status]")
    assert status.inner_text() == f"候補が{len(labels)}件あります。上下の矢印キーで選べます。"

    # The list is readable on the header's colours (its own text colour on white).
    option = listbox.locator("[role=option]").nth(1)
    colours = option.evaluate(
        "e => [getComputedStyle(e).color, getComputedStyle(e.parentElement).backgroundColor]"
    )
    assert colours[0] != colours[1]

    page.keyboard.press("ArrowDown")
    from axe_playwright_python.sync_playwright import Axe

    assert _violations(Axe(), page) == []
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert unquote(urlsplit(page.url).query) == "q=協働"
    assert page.locator(".search-result").count() == 20
    page.close()


def test_the_header_box_without_scripts_submits_the_search(running_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(running_site + ITEM_PAGE)
    box = page.locator("#header-search")
    assert box.get_attribute("role") is None
    box.fill("パブコメ")  # a demo synonym of パブリックコメント
    with page.expect_navigation():
        box.press("Enter")
    assert page.locator(".search-result").count() > 0
    assert "パブリックコメント" in page.locator(".search-result").first.inner_text()
    context.close()
