"""The served demo on a 375 px phone in Chromium: pages do not scroll sideways, the progress
narrative (取組実績) and whole status badges are on screen, the header is short and its menu
opens, the 文字サイズ and 背景色 switches work without JavaScript, and every background
passes the automated accessibility rules."""

from __future__ import annotations

import pytest

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 375, "height": 800}
ITEM = "/plans/participation-plan-2/measure-4/item-4-1/"
MEASURE = "/plans/participation-plan-2/measure-4/"
PLAN = "/plans/participation-plan-2/"
REPORT = "/plans/participation-plan-2/report-2024/"
PAGES = [ITEM, MEASURE, PLAN, REPORT]

INSIDE_VIEWPORT = """(element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.left >= 0 && box.right <= window.innerWidth
        && element.scrollWidth <= element.clientWidth;
}"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_without_scripts(browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_no_page_scrolls_sideways(running_site, phone):
    overflowing = {}
    for path in PAGES:
        phone.goto(running_site + path)
        width, inner = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width > inner:
            overflowing[path] = width
    assert overflowing == {}


def test_no_page_scrolls_sideways_at_320_px_in_the_largest_text(running_site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    context.add_cookies([{"name": "kyodo_text_size", "value": "larger", "url": running_site}])
    page = context.new_page()
    overflowing = {}
    for path in [*PAGES, "/ja-x-easy/plans/", "/en" + REPORT]:
        page.goto(running_site + path)
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "24px"
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            overflowing[path] = width
    context.close()
    assert overflowing == {}


def test_the_narrative_and_whole_badges_are_on_screen(running_site, phone):
    for path in (ITEM, REPORT):
        phone.goto(running_site + path)
        narrative = phone.locator("main .progress-table td.cell-wide").first
        assert narrative.get_attribute("data-label") == "取組実績"
        assert narrative.inner_text().strip()
        narrative.scroll_into_view_if_needed()
        assert narrative.is_visible()
        assert narrative.evaluate(INSIDE_VIEWPORT), path
        # The label is shown in front of the text, as the column header is on a wide screen.
        label = narrative.evaluate("(cell) => getComputedStyle(cell, '::before').content")
        assert "取組実績" in label
        badges = phone.locator("main .progress-table .status")
        assert badges.count() > 0
        for index in range(badges.count()):
            badge = badges.nth(index)
            badge.scroll_into_view_if_needed()
            assert badge.evaluate(INSIDE_VIEWPORT), (path, badge.inner_text())
    phone.goto(running_site + REPORT)
    assert phone.locator("main .progress-table .status", has_text="概ね順調").count() > 0


def test_the_header_is_short_and_its_menu_opens(running_site, phone):
    phone.goto(running_site + ITEM)
    header = phone.locator("header.site-header").bounding_box()
    assert header["height"] <= 80
    main_top = phone.evaluate("document.getElementById('main').getBoundingClientRect().top")
    assert main_top <= 130
    search = phone.locator("#header-search")
    nav = phone.get_by_role("navigation", name="メインメニュー")
    assert not search.is_visible()
    assert not nav.is_visible()
    button = phone.locator(".site-menu__button")
    assert button.get_attribute("aria-expanded") is None  # a <summary>: the browser says it
    button.click()
    assert search.is_visible()
    assert nav.is_visible()
    assert phone.get_by_role("link", name="English").is_visible()
    assert phone.locator(".ruby-toggle__link").is_visible()
    assert phone.get_by_role("group", name="文字サイズ").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    button.click()
    assert not nav.is_visible()


def test_on_a_wide_screen_the_menu_is_always_shown(running_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(running_site + ITEM)
    assert not page.locator(".site-menu__button").is_visible()
    assert page.locator("#header-search").is_visible()
    assert page.get_by_role("navigation", name="メインメニュー").is_visible()
    assert page.get_by_role("group", name="背景色").is_visible()
    # The languages above the site's name, the main menu below it, as before.
    languages = page.get_by_role("navigation", name="言語の切り替え").bounding_box()
    name = page.locator(".site-name").bounding_box()
    nav = page.get_by_role("navigation", name="メインメニュー").bounding_box()
    assert languages["y"] < name["y"] < nav["y"]
    assert page.locator("header.site-header").bounding_box()["height"] <= 170
    context.close()


def test_the_switches_work_without_javascript(running_site, phone_without_scripts):
    page = phone_without_scripts
    page.goto(running_site + ITEM)
    root_size = "getComputedStyle(document.documentElement).fontSize"
    background = "getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(root_size) == "16px"
    assert page.evaluate(background) == "rgb(255, 255, 255)"

    page.locator(".site-menu__button").click()
    sizes = page.get_by_role("group", name="文字サイズ")
    assert sizes.get_by_role("link", name="標準").get_attribute("aria-current") == "true"
    with page.expect_navigation(wait_until="load"):
        sizes.get_by_role("link", name="特大").click()
    assert page.url == running_site + ITEM
    assert page.evaluate(root_size) == "24px"
    assert "text-size-larger" in page.evaluate("document.documentElement.className")

    page.locator(".site-menu__button").click()
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("group", name="背景色").get_by_role("link", name="黒").click()
    assert page.url == running_site + ITEM
    assert page.evaluate(background) == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(255, 255, 255)"

    # The cookies hold on the next page, and the current choices are marked there.
    page.goto(running_site + REPORT)
    assert page.evaluate(root_size) == "24px"
    assert page.evaluate(background) == "rgb(0, 0, 0)"
    page.locator(".site-menu__button").click()
    current = page.locator(".display-switch__option[aria-current=true]")
    assert [text.strip() for text in current.all_inner_texts()] == ["特大", "黒"]

    # Under a language prefix the switch goes back to the same prefixed page.
    english = "/en" + ITEM
    page.goto(running_site + english)
    page.locator(".site-menu__button").click()
    with page.expect_navigation(wait_until="load"):
        page.locator(".display-switch__option--blue").click()
    assert page.url == running_site + english
    assert page.evaluate(background) == "rgb(0, 42, 102)"


@pytest.mark.parametrize("background", ["white", "black", "blue"])
def test_each_background_passes_the_accessibility_rules_on_a_phone(running_site, browser, background):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport=PHONE)
    context.add_cookies([{"name": "kyodo_background", "value": background, "url": running_site}])
    page = context.new_page()
    axe = Axe()
    failures: dict[str, list[str]] = {}
    for path in PAGES:
        page.goto(running_site + path)
        assert background in page.evaluate("document.documentElement.className")
        if path == ITEM:
            page.locator(".site-menu__button").click()  # the switches and menu, open
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        if result.response["violations"]:
            failures[path] = [
                f"{violation['id']}: {violation['nodes'][0]['target']}"
                for violation in result.response["violations"]
            ]
    context.close()
    assert failures == {}
