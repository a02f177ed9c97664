"""Printing in a real browser: the served plan page and its whole-plan print view with the
print style sheet applied (print media), as Chromium lays them out."""

from __future__ import annotations

PLAN_PATH = "/plans/participation-plan-2/"

HIDDEN_IN_PRINT = (".language-switcher", ".ruby-toggle", ".main-nav", "form[role=search]", ".print-links")


def _print_view_path(page, running_site) -> str:
    page.goto(running_site + PLAN_PATH)
    return page.locator("a.print-links__print").get_attribute("href")


def test_the_plan_page_prints_without_language_bar_switches_or_navigation(running_site, browser):
    page = browser.new_page()
    page.goto(running_site + PLAN_PATH)
    assert page.locator(".language-switcher").is_visible()
    assert page.locator(".ruby-toggle").first.is_visible()
    page.emulate_media(media="print")
    for selector in HIDDEN_IN_PRINT:
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("main h1").is_visible()
    # An e-mail address is printed once: as the link's text, with nothing written after it.
    mailto = page.locator('a[href^="mailto:"]')
    assert mailto.count() > 0
    after = page.evaluate(
        "[...document.querySelectorAll('a[href^=\"mailto:\"]')]"
        ".map(a => getComputedStyle(a, '::after').content)"
    )
    assert set(after) == {"none"}
    page.close()


def test_the_whole_plan_prints_on_a4_with_headings_kept_with_what_follows(running_site, browser):
    page = browser.new_page()
    path = _print_view_path(page, running_site)
    page.goto(running_site + path)
    assert page.locator(".print-toolbar").is_visible()
    measures = page.locator("section.document-measure")
    assert measures.count() == 8  # the demo plan's eight measures
    page.emulate_media(media="print")
    assert not page.locator(".print-toolbar").is_visible()
    assert page.locator("nav.document-toc").is_visible()
    styles = page.evaluate(
        """() => {
            const style = (selector, property) =>
                getComputedStyle(document.querySelector(selector))[property];
            return {
                h2: style("main h2", "breakAfter"),
                h3: style("section.document-item h3", "breakAfter"),
                itemHead: style(".document-item__head", "breakInside"),
                measure: style("section.document-measure", "breakBefore"),
            };
        }"""
    )
    assert styles == {"h2": "avoid", "h3": "avoid", "itemHead": "avoid", "measure": "page"}
    page.close()
