"""HTML to PDF in headless Chromium (through Playwright), with no web server and no network.

The document is loaded at its real address on the site, so its links point at the site; every
request the page makes is answered here (route interception): the document itself, static
files from the static storage (or the apps' folders when they are not collected) and media
from the default storage. Anything else is refused, so a PDF never waits on the network.
JavaScript is off: the printed pages need none.

The PDF is A4, tagged (Chromium's structure tree, for screen readers), with an outline
(bookmarks) built from the headings, the page number in the footer, and the fonts embedded
(VL PGothic for Japanese, DejaVu Sans for Latin text, Noto CJK for Chinese and
Korean; static/css/pdf.css says why).
"""

from __future__ import annotations

import mimetypes
import os
import shutil
from html import escape
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The page box of static/css/print.css: the footer is drawn in the bottom margin.
MARGIN = {"top": "15mm", "right": "12mm", "bottom": "18mm", "left": "12mm"}
FOOTER = (
    '<div style="width:100%;margin:0 12mm;font-size:8pt;color:#000;'
    "font-family:'VL PGothic','DejaVu Sans','Noto Sans CJK JP',sans-serif;"
    'display:flex;justify-content:space-between">'
    '<span>{title}</span><span><span class="pageNumber"></span> / '
    '<span class="totalPages"></span></span></div>'
)


class ChromiumMissing(RuntimeError):
    """The Chromium named by KYODO_CHROMIUM is not there."""


def chromium_path() -> str | None:
    """The Chromium to print with, or None when it is not installed."""
    configured = getattr(settings, "KYODO_CHROMIUM", "") or ""
    found = shutil.which(configured) if configured else None
    if found and os.access(found, os.X_OK):
        return found
    return None


def available() -> bool:
    return chromium_path() is not None


def _static_file(path: str) -> bytes | None:
    name = path[len(settings.STATIC_URL) :]
    try:
        with staticfiles_storage.open(name) as handle:
            return handle.read()
    except (OSError, ValueError):
        found = finders.find(name)
        if found:
            with open(found, "rb") as handle:
                return handle.read()
    return None


def _media_file(path: str) -> bytes | None:
    name = path[len(settings.MEDIA_URL) :]
    try:
        with default_storage.open(name) as handle:
            return handle.read()
    except (OSError, ValueError):
        return None


def html_to_pdf(html: str, *, url: str, title: str) -> bytes:
    """The PDF of ``html`` as if loaded from ``url``."""
    executable = chromium_path()
    if executable is None:
        raise ChromiumMissing(settings.KYODO_CHROMIUM)
    # Playwright is imported only to print (it starts its driver): not on every request.
    from playwright.sync_api import sync_playwright

    origin = urlsplit(url)
    document_path = origin.path
    # The PDF's fonts (static/css/pdf.css), after the page's own style sheets.
    stylesheet = f'<link rel="stylesheet" href="{settings.STATIC_URL}css/pdf.css">'
    html = html.replace("</head>", f"{stylesheet}</head>", 1)

    def answer(route) -> None:
        request_url = urlsplit(route.request.url)
        if (request_url.scheme, request_url.netloc) != (origin.scheme, origin.netloc):
            route.abort()
            return
        path = unquote(request_url.path)
        body = None
        if path == document_path:
            route.fulfill(status=200, body=html, content_type="text/html; charset=utf-8")
            return
        if path.startswith(settings.STATIC_URL):
            body = _static_file(path)
        elif settings.MEDIA_URL and path.startswith(settings.MEDIA_URL):
            body = _media_file(path)
        if body is None:
            route.fulfill(status=404, body=b"")
            return
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        route.fulfill(status=200, body=body, content_type=content_type)

    timeout = getattr(settings, "KYODO_PDF_TIMEOUT_SECONDS", 120) * 1000
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS, timeout=timeout)
        try:
            context = browser.new_context(java_script_enabled=False)
            page = context.new_page()
            page.set_default_timeout(timeout)
            page.route("**/*", answer)
            page.goto(url, wait_until="load")
            return page.pdf(
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER.format(title=escape(title)),
                margin=MARGIN,
                outline=True,
                tagged=True,
            )
        finally:
            browser.close()
