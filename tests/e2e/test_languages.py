"""The language switcher in a real browser against the demo site: reachable and usable by
keyboard, and the English, easy-Japanese and fallback pages (Japanese shown under another
language's prefix) pass the automated accessibility rules."""

from __future__ import annotations

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_the_switcher_comes_right_after_the_skip_link_and_the_site_name_and_works_by_keyboard(
    running_site, browser
):
    page = browser.new_page()
    page.goto(running_site + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Tab")
    # The site's name comes first in the header (on a phone it stands beside the menu button).
    assert page.evaluate("document.activeElement.closest('.site-name') !== null")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({text: document.activeElement.textContent, lang: document.activeElement.lang,"
        " nav: document.activeElement.closest('nav').getAttribute('aria-label')})"
    )
    assert focused == {"text": "日本語", "lang": "ja", "nav": "Language"}
    page.keyboard.press("Enter")
    page.wait_for_url(running_site + "/")
    assert page.locator("html").get_attribute("lang") == "ja"
    current = page.locator(".language-switcher a[aria-current]")
    assert current.inner_text() == "日本語"

    # Back to English, still by keyboard: Tab to the English link and press Enter.
    english = page.locator(".language-switcher a[hreflang=en]")
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.getAttribute('hreflang')") != "en":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(running_site + "/en/")
    assert english.get_attribute("aria-current") == "true"
    page.close()


def test_english_and_easy_japanese_pages_pass_the_automated_accessibility_rules(running_site, browser):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = browser.new_page()
    failures = {}
    # /ko/plans/participation-plan-1/ has no Korean translation: the Japanese page, marked.
    for path in (
        "/en/",
        "/en/plans/",
        "/ja-x-easy/",
        "/ja-x-easy/plans/",
        "/ko/search/?q=plan",
        "/ko/plans/participation-plan-1/",
    ):
        page.goto(running_site + path)
        assert page.locator(".language-switcher a[aria-current]").count() == 1, path
        if path.startswith("/ko/plans/"):
            assert page.locator(".notice--untranslated").get_attribute("lang") == "ko"
            assert page.locator("main").get_attribute("lang") == "ja"
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        violations = [f"{v['id']}: {v['nodes'][0]['target']}" for v in result.response["violations"]]
        if violations:
            failures[path] = violations
    page.close()
    assert failures == {}


def test_easy_japanese_is_read_as_japanese(running_site, browser):
    page = browser.new_page()
    page.goto(running_site + "/ja-x-easy/")
    assert page.locator("html").get_attribute("lang") == "ja-x-easy"
    assert page.evaluate("document.documentElement.matches(':lang(ja)')")
    assert page.locator(".language-switcher a[aria-current]").inner_text() == "やさしい日本語"
    page.close()
