"""The demo site as a citizen meets it: every link works, every page meets JIS X 8341-3 AA
as far as axe-core can tell, pages reflow at 320 px, the skip link works, print hides
navigation."""

from __future__ import annotations

import urllib.request
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

PAGE_TYPES = {
    "homepage",
    "planindexpage",
    "planpage",
    "measurepage",
    "actionitempage",
    "progressreportpage",
    "guidelineindexpage",
    "guidelinepage",
    "glossarypage",
    "standardpage",
}
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.page_type = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "body":
            self.page_type = attributes.get("data-page-type", "")


def _crawl(base_url: str, limit: int = 400) -> dict[str, tuple[int, str]]:
    """Every same-site page reachable by links from the home pages: path → (status, type)."""
    seen: dict[str, tuple[int, str]] = {}
    queue = ["/", "/en/"]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        try:
            with urllib.request.urlopen(base_url + path, timeout=30) as response:  # noqa: S310
                status = response.status
                # Downloads (the plan tables) are checked for their status only.
                is_html = response.headers.get_content_type() == "text/html"
                body = response.read().decode("utf-8") if is_html else ""
        except urllib.error.HTTPError as error:
            seen[path] = (error.code, "")
            continue
        parser = _Links()
        parser.feed(body)
        seen[path] = (status, parser.page_type)
        for href in parser.links:
            url = urlparse(urljoin(base_url + path, urldefrag(href).url))
            if url.netloc != urlparse(base_url).netloc or url.path.startswith(SKIPPED_PREFIXES):
                continue
            if "ruby=" in url.query:
                continue  # the furigana toggle: the same pages again (tests/e2e/test_furigana.py)
            if "/pdf/" in url.path:
                continue  # PDFs are printed by Chromium on request (tests/printing/test_pdf.py)
            if url.path.endswith("/preferences/"):
                continue  # 文字サイズ and 背景色: the same pages again (tests/e2e/test_phone.py)
            target = url.path + (f"?{url.query}" if url.query else "")
            if target not in seen and target not in queue:
                queue.append(target)
    return seen


@pytest.fixture(scope="session")
def site_pages(running_site) -> dict[str, tuple[int, str]]:
    return _crawl(running_site)


def test_every_page_type_is_reachable_from_home_and_every_link_works(site_pages):
    broken = {path: status for path, (status, _) in site_pages.items() if status != 200}
    assert broken == {}
    assert {page_type for _, page_type in site_pages.values()} >= PAGE_TYPES


def _pages_to_audit(site_pages, per_type: int | None = None) -> list[str]:
    """Rendered pages, or the first ``per_type`` of each page type (every template, with the
    varied content of the first pages of each kind)."""
    chosen: dict[str, list[str]] = {}
    for path, (status, page_type) in site_pages.items():
        if status == 200 and page_type and (per_type is None or len(chosen.get(page_type, [])) < per_type):
            chosen.setdefault(page_type, []).append(path)
    return [path for paths in chosen.values() for path in paths]


def test_every_page_passes_the_automated_accessibility_rules(running_site, site_pages, browser):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = browser.new_page()
    failures: dict[str, list[str]] = {}
    for path in _pages_to_audit(site_pages, per_type=5):
        page.goto(running_site + path)
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        violations = result.response["violations"]
        if violations:
            failures[path] = [
                f"{violation['id']}: {violation['nodes'][0]['target']}" for violation in violations
            ]
    page.close()
    assert failures == {}


def test_pages_reflow_at_320_css_pixels(running_site, site_pages, browser):
    """WCAG 1.4.10: no page scrolls sideways on a narrow phone (wide tables scroll inside
    their own labelled region instead)."""
    page = browser.new_page(viewport={"width": 320, "height": 800})
    overflowing = {}
    for path in _pages_to_audit(site_pages):
        page.goto(running_site + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            overflowing[path] = width
    page.close()
    assert overflowing == {}


def test_the_first_tab_stop_is_a_visible_skip_link_to_the_main_content(running_site, browser):
    page = browser.new_page()
    page.goto(running_site + "/plans/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const el = document.activeElement; const box = el.getBoundingClientRect();"
        " return {text: el.textContent.trim(), href: el.getAttribute('href'),"
        " visible: box.width > 0 && box.height > 0 && box.top >= 0}; })()"
    )
    assert focused == {"text": "本文へ移動", "href": "#main", "visible": True}
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.evaluate("document.getElementById('main').tagName") == "MAIN"
    page.close()


def test_printing_hides_navigation_and_search_but_keeps_the_content(running_site, browser):
    page = browser.new_page()
    page.goto(running_site + "/plans/")
    page.emulate_media(media="print")
    assert not page.locator("form[role=search]").first.is_visible()
    assert page.locator("main h1").is_visible()
    page.close()
