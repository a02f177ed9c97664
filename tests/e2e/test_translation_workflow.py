"""A translator's whole round, over HTTP against the site served as in production: the
demo's first participation plan is sent for translation into English with every page below
it by a member of 「翻訳者（English）」, translated through the plan's PO bundle (a ZIP
downloaded, filled in, uploaded with publishing), and every page of it read at ``/en/…``
with the language switcher and hreflang alternates both ways; a page with no Korean
translation is the marked Japanese page; the easy-Japanese version shows ruby.

The served site runs the production settings (secure cookies, HTTPS behind a proxy), so
the client says it came through an HTTPS proxy (``X-Forwarded-Proto``) and keeps the
secure cookies although it talks plain HTTP to the loopback address.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile

import polib
import pytest

from .web import Browser

PLAN_PATH = "/plans/participation-plan-1/"
ENGLISH_TITLE = "Aoba City Citizen Participation Plan (1st)"
EASY_TITLE = "市民が 参加する まちづくりの 計画（1回目）"


@pytest.fixture(scope="module")
def site(staff_site) -> str:
    return staff_site


def _plan_id(base_url: str, slug: str) -> int:
    status, _headers, text = Browser(base_url).get(
        f"/api/v2/pages/?type=plans.PlanPage&slug={slug}&locale=ja"
    )
    assert status == 200, text
    (plan,) = json.loads(text)["items"]
    return plan["id"]


def _descendants(base_url: str, plan_id: int) -> list[str]:
    """The paths of the live pages below the Japanese plan, from the API."""
    status, _headers, text = Browser(base_url).get(f"/api/v2/pages/?descendant_of={plan_id}&limit=100")
    assert status == 200, text
    body = json.loads(text)
    assert body["meta"]["total_count"] == len(body["items"])
    return [urllib.parse.urlsplit(item["meta"]["html_url"]).path for item in body["items"]]


def _locale_choice(form_html: str, label: str) -> str:
    """The value of the submit form's checkbox for the language shown as ``label``."""
    for value, rest in re.findall(
        r'<input[^>]*name="locales"[^>]*value="(\d+)"[^>]*>(.{0,400})', form_html, re.S
    ):
        if label in rest:
            return value
    raise AssertionError(f"no {label} among the languages offered")


def _translate_through_po(browser: Browser, page_id: int, language: str, strings: dict[str, str]) -> str:
    """Send the page for translation, fill its PO file with ``strings`` (Japanese → target;
    anything else gets a marked placeholder), upload it and publish. The translated page's
    admin edit URL."""
    submit = f"/admin/localize/submit/page/{page_id}/"
    status, _headers, form = browser.get(submit)
    assert status == 200, "the translator cannot open the submit form"
    status, headers, _text = browser.post(submit, [("locales", _locale_choice(form, language))])
    assert status == 302, "the translation was not created"
    edit_url = urllib.parse.urlsplit(headers["Location"]).path
    assert re.fullmatch(r"/admin/pages/\d+/edit/", edit_url), edit_url

    status, _headers, editor = browser.get(edit_url)
    assert status == 200
    translation_id = re.search(r"/admin/localize/translate/(\d+)/pofile/download/", editor).group(1)
    status, _headers, po_text = browser.get(f"/admin/localize/translate/{translation_id}/pofile/download/")
    assert status == 200 and "msgid" in po_text
    with tempfile.NamedTemporaryFile("w", suffix=".po", encoding="utf-8") as handle:
        handle.write(po_text)
        handle.flush()
        po = polib.pofile(handle.name)
    assert len(po) > 0
    for number, entry in enumerate(po, start=1):
        entry.msgstr = strings.get(entry.msgid, f"[{language}] {number}")
    status, _headers, _text = browser.post(
        f"/admin/localize/translate/{translation_id}/pofile/upload/",
        {"next": edit_url},
        files={"file": ("translation.po", str(po).encode("utf-8"))},
    )
    assert status == 302, "the PO file was not taken"

    status, _headers, _text = browser.post(edit_url, {"action": "publish"})
    assert status == 302, "the translation was not published"
    return edit_url


def _english_for(msgid: str, number: int) -> str:
    """What the translator types for a source string: the plan's English title, numbers and
    addresses as they are, and an English sentence for everything else."""
    if msgid == "青葉市市民参加推進計画（第1次）":
        return ENGLISH_TITLE
    if not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", msgid):
        return msgid
    return f"English text {number}"


def _zip_po_files(data: bytes) -> dict[str, polib.POFile]:
    files = {}
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        for name in bundle.namelist():
            with tempfile.NamedTemporaryFile("wb", suffix=".po") as handle:
                handle.write(bundle.read(name))
                handle.flush()
                files[name] = polib.pofile(handle.name, encoding="utf-8")
    return files


def _switcher_link(html: str, tag: str) -> str | None:
    switcher = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    match = re.search(rf'<a href="([^"]*)"[^>]*hreflang="{tag}"', switcher)
    return match and match.group(1)


def _alternate(html: str, tag: str) -> str | None:
    match = re.search(rf'<link rel="alternate" hreflang="{tag}" href="https?://[^/"]+([^"]*)"', html)
    return match and match.group(1)


def test_a_translator_translates_the_whole_plan_to_english_through_the_po_bundle(site):
    plan_id = _plan_id(site, "participation-plan-1")
    translator = Browser(site)
    translator.log_in("honyaku-en", "honyaku-pass-2026")

    # The Japanese plan, read-only, leads to the submit form and to the plan's PO bundle.
    status, _headers, read = translator.get(f"/admin/pages/{plan_id}/read/")
    assert status == 200, "the translator cannot read the Japanese plan"
    submit = f"/admin/localize/submit/page/{plan_id}/"
    bundle = f"/admin/kyodo/translations/plans/{plan_id}/po/"
    assert f'href="{submit}"' in read and f'href="{bundle}"' in read

    # Sent with every page below it.
    status, _headers, form = translator.get(submit)
    assert status == 200 and 'name="include_subtree"' in form
    status, _headers, _text = translator.post(
        submit, [("locales", _locale_choice(form, "English")), ("include_subtree", "on")]
    )
    assert status == 302, "the translation was not created"

    # Nothing of it is public in English yet: the plan under /en/ is the Japanese page, marked.
    reader = Browser(site)
    status, _headers, before = reader.get("/en" + PLAN_PATH)
    assert status == 200 and "notice--untranslated" in before
    assert _alternate(before, "en") is None

    # The bundle: one PO file per page of the plan, filled in and taken back with publishing.
    status, headers, data = translator.get_bytes(f"{bundle}?locale=en&download=1")
    assert status == 200 and headers["Content-Type"] == "application/zip"
    files = _zip_po_files(data)
    japanese_pages = _descendants(site, plan_id)
    assert len(files) == len(japanese_pages) + 1  # the plan and every page below it
    filled = io.BytesIO()
    with zipfile.ZipFile(filled, "w") as out:
        for name, po in files.items():
            for number, entry in enumerate(po, start=1):
                entry.msgstr = _english_for(entry.msgid, number)
            out.writestr(name, str(po))
    status, _headers, report = translator.post(
        bundle,
        {"locale": "en", "publish": "on"},
        files={"file": ("participation-plan-1-en.zip", filled.getvalue())},
    )
    assert status == 200, report
    assert "翻訳したページを公開しました。" in report

    # Every page of the plan answers in English, and names its Japanese original both ways.
    paths = [PLAN_PATH, *japanese_pages]
    assert sum("/measure-" in path and "/item-" not in path for path in paths) >= 2
    assert sum("/item-" in path for path in paths) >= 4
    for path in paths:
        status, _headers, english = reader.get("/en" + path)
        assert status == 200, path
        assert '<html lang="en"' in english, path
        assert "notice--untranslated" not in english and "English text" in english, path
        assert _switcher_link(english, "ja") == path, path
        assert _alternate(english, "ja") == path and _alternate(english, "en") == "/en" + path, path
        status, _headers, japanese = reader.get(path)
        assert _switcher_link(japanese, "en") == "/en" + path, path
        assert _alternate(japanese, "en") == "/en" + path, path
    status, _headers, english_plan = reader.get("/en" + PLAN_PATH)
    assert re.search(rf"<h1[^>]*>\s*{re.escape(ENGLISH_TITLE)}", english_plan)
    assert "translated by machine" not in english_plan

    # The API lists the same pages in English.
    status, _headers, text = reader.get(
        "/api/v2/pages/?locale=en&slug=participation-plan-1&type=plans.PlanPage"
    )
    (english_api_plan,) = json.loads(text)["items"]
    status, _headers, text = reader.get(f"/api/v2/pages/?descendant_of={english_api_plan['id']}&limit=100")
    assert json.loads(text)["meta"]["total_count"] == len(japanese_pages)

    # A page no one has translated into Korean is the Japanese page, marked in Korean.
    status, _headers, korean = reader.get("/ko" + PLAN_PATH)
    assert status == 200 and '<html lang="ko"' in korean
    assert "notice--untranslated" in korean
    assert '<main id="main" class="site-main" tabindex="-1" lang="ja"' in korean
    assert _alternate(korean, "ko") is None and _switcher_link(korean, "ko") == "/ko" + PLAN_PATH

    # The translator of English cannot publish the Japanese source.
    status, _headers, _text = translator.post(
        f"/admin/pages/{plan_id}/edit/", {"action-publish": "1", "title": "改ざん"}
    )
    assert status in (302, 403)
    status, _headers, japanese_again = reader.get(PLAN_PATH)
    assert "改ざん" not in japanese_again


def test_the_easy_japanese_version_shows_ruby(site):
    plan_id = _plan_id(site, "participation-plan-1")
    editor = Browser(site)
    editor.log_in("kanri", "kanri-pass-2026")
    _translate_through_po(editor, plan_id, "やさしい日本語", {"青葉市市民参加推進計画（第1次）": EASY_TITLE})

    reader = Browser(site)
    status, _headers, easy = reader.get("/ja-x-easy" + PLAN_PATH)
    assert status == 200
    assert '<html lang="ja-x-easy"' in easy
    assert "まちづくりの" in easy and "（1回目）" in easy  # the easy-Japanese title, not the source's
    # Ruby is on by default in easy Japanese: 市民 read しみん, 参加 read さんか.
    assert re.search(r"<ruby>市民<rp>[（(]</rp><rt>しみん</rt>", easy)
    assert re.search(r"<ruby>参加<rp>[（(]</rp><rt>さんか</rt>", easy)
    # The Japanese page has none until the reader turns it on.
    status, _headers, japanese = reader.get(PLAN_PATH)
    assert "<rt>" not in japanese


def test_the_translation_editor_speaks_japanese(site, browser):
    """wagtail-localize's editor builds its heading and the publish menu's label in English;
    the translator of English reads them in Japanese (static/js/admin/localize-ja.js)."""
    status, _headers, text = Browser(site).get(
        "/api/v2/pages/?locale=en&slug=participation-plan-2&type=plans.PlanPage"
    )
    assert status == 200, text
    (english_plan,) = json.loads(text)["items"]
    translator = Browser(site)
    translator.log_in("honyaku-en", "honyaku-pass-2026")
    context = browser.new_context()
    try:
        context.add_cookies([{"name": c.name, "value": c.value, "url": site} for c in translator.jar])
        page = context.new_page()
        response = page.goto(f"{site}/admin/pages/{english_plan['id']}/edit/", wait_until="networkidle")
        assert response.status == 200
        editor = page.locator(".js-translation-editor")
        editor.get_by_text("日本語からEnglishへの翻訳").first.wait_for()
        shown = editor.inner_text()
        hidden = page.locator(".w-sr-only").all_text_contents()
    finally:
        context.close()
    assert " to English translation" not in shown
    assert "その他の操作" in hidden and "More actions" not in hidden
