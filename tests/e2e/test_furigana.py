"""Furigana in a real browser with scripts off: the header's link turns ruby on and off,
pages with ruby still meet the automated accessibility rules, reflow at 320 px and print."""

from __future__ import annotations

import pytest

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The largest pages of the demo: an item, a measure, a progress report and a guideline.
RUBY_PAGES = [
    "/plans/participation-plan-2/measure-4/item-4-1/",
    "/plans/participation-plan-2/measure-4/",
    "/plans/participation-plan-2/report-2024/",
    "/guidelines/collaboration-guideline/",
]


@pytest.fixture
def page_without_scripts(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_the_toggle_works_without_javascript(running_site, page_without_scripts):
    page = page_without_scripts
    page.goto(running_site + RUBY_PAGES[0])
    assert page.locator("main ruby").count() == 0
    link = page.get_by_role("link", name="ふりがなを表示")
    link.click()
    page.wait_for_load_state()
    assert page.locator("main h1 ruby").count() > 0
    assert page.locator("main rt").first.is_visible()
    # The cookie keeps ruby on the next page.
    page.goto(running_site + RUBY_PAGES[1])
    assert page.locator("main ruby").count() > 0
    page.get_by_role("link", name="ふりがなを消す").click()
    page.wait_for_load_state()
    assert page.locator("ruby").count() == 0


def test_pages_with_ruby_pass_the_accessibility_rules_and_reflow(running_site, browser):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 320, "height": 800})
    context.add_cookies([{"name": "kyodo_ruby", "value": "1", "url": running_site}])
    page = context.new_page()
    axe = Axe()
    failures: dict[str, list[str]] = {}
    overflowing: dict[str, int] = {}
    for path in RUBY_PAGES:
        page.goto(running_site + path)
        assert page.locator("main ruby").count() > 0, path
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        if result.response["violations"]:
            failures[path] = [
                f"{violation['id']}: {violation['nodes'][0]['target']}"
                for violation in result.response["violations"]
            ]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            overflowing[path] = width
    context.close()
    assert failures == {}
    assert overflowing == {}


def test_ruby_prints(running_site, browser):
    context = browser.new_context()
    context.add_cookies([{"name": "kyodo_ruby", "value": "1", "url": running_site}])
    page = context.new_page()
    page.goto(running_site + RUBY_PAGES[0])
    page.emulate_media(media="print")
    assert page.locator("main rt").first.is_visible()
    assert page.locator("main rp").first.is_hidden()
    context.close()
