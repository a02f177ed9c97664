"""Furigana in a real browser with scripts off: the header's link turns ruby on and off,
pages with ruby still meet the automated accessibility rules, reflow at 320 px and print."""

from __future__ import annotations

import io

import pytest
from PIL import Image

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
    with page.expect_navigation(wait_until="load"):
        link.click()
    assert page.locator("main h1 ruby").count() > 0
    assert page.locator("main rt").first.is_visible()
    # The cookie keeps ruby on the next page.
    page.goto(running_site + RUBY_PAGES[1])
    assert page.locator("main ruby").count() > 0
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="ふりがなを消す").click()
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


# The rubies over the first run of ``word`` in <main>, whatever the cut (one ruby or several).
_WORD_RUBIES = """word => {
  const rubies = [...document.querySelectorAll("main ruby")];
  const base = ruby => [...ruby.childNodes]
    .filter(node => node.nodeType === Node.TEXT_NODE).map(node => node.data).join("");
  for (let i = 0; i < rubies.length; i++) {
    let text = base(rubies[i]), j = i + 1;
    while (text.length < word.length && j < rubies.length && rubies[j - 1].nextSibling === rubies[j]) {
      text += base(rubies[j++]);
    }
    if (text.startsWith(word)) {
      const boxes = rubies.slice(i, j).map(ruby => ruby.getBoundingClientRect());
      const left = Math.min(...boxes.map(box => box.left));
      const right = Math.max(...boxes.map(box => box.right));
      const bottom = Math.max(...boxes.map(box => box.bottom));
      return {x: left + window.scrollX, bottom: bottom + window.scrollY, width: right - left,
              fontSize: parseFloat(getComputedStyle(rubies[i]).fontSize)};
    }
  }
  return null;
}"""


def widest_gap_in_em(page, word: str) -> float:
    """The widest blank stretch between the kanji of ``word`` under its readings, in ems: the
    base line of its rubies is photographed and its columns without ink are counted."""
    box = page.evaluate(_WORD_RUBIES, word)
    assert box is not None, f"no ruby over {word}"
    size = box["fontSize"]
    png = page.screenshot(
        clip={"x": box["x"], "y": box["bottom"] - size * 1.1, "width": box["width"], "height": size},
        full_page=True,
    )
    image = Image.open(io.BytesIO(png)).convert("L")
    ink = [any(image.getpixel((x, y)) < 128 for y in range(image.height)) for x in range(image.width)]
    columns = [x for x, inked in enumerate(ink) if inked]
    gaps, blank = [], 0
    for x in range(columns[0], columns[-1] + 1):
        if ink[x]:
            gaps.append(blank)
            blank = 0
        else:
            blank += 1
    return max(gaps) * box["width"] / image.width / size


def test_a_compound_under_a_long_reading_has_no_gap_inside(running_site, browser):
    """中学 read ちゅうがく is wider than its two kanji: a ruby of its own would push 生 away.
    Kanji next to each other are about 0.2 em apart; a gap of a ruby per unit is over 0.5 em."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "kyodo_ruby", "value": "1", "url": running_site}])
    page = context.new_page()
    page.goto(running_site + "/plans/participation-plan-2/measure-1/item-1-2/")
    assert widest_gap_in_em(page, "中学生") < 0.3
    context.close()
