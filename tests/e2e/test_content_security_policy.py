"""The served site works under its Content-Security-Policy: Chromium reports no violation on
the home page, a progress report (its status chart), the admin's sign-in page and the
open-data API's Swagger UI."""

from __future__ import annotations

import json
import urllib.request
from contextlib import suppress

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .web import Browser

pytestmark = pytest.mark.e2e


def _first_report_path(base_url: str) -> str:
    url = f"{base_url}/api/v2/pages/?type=plans.ProgressReportPage&fields=_,html_url&limit=1"
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
        html_url = json.load(response)["items"][0]["meta"]["html_url"]
    return "/" + html_url.split("/", 3)[3]


def _watch_violations(page) -> list[str]:
    """The policy violations Chromium reports on ``page``'s console, as they come."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return violations


def test_pages_load_with_no_policy_violation(running_site, browser):
    paths = ["/", _first_report_path(running_site), "/admin/login/", "/api/open/docs"]
    context = browser.new_context(extra_http_headers={"X-Forwarded-Proto": "https"})
    page = context.new_page()
    violations = _watch_violations(page)
    try:
        for path in paths:
            response = page.goto(running_site + path, wait_until="networkidle")
            assert response.status == 200, path
            assert "Content-Security-Policy" in {name.title() for name in response.headers}, path
        operations = page.locator(".opblock").count()
    finally:
        context.close()

    assert violations == []
    assert operations > 0  # Swagger UI drew the API's operations from the schema it fetched


def test_the_page_editor_works_under_the_admins_policy(staff_site, browser):
    """A member of 広報担当 opens a plan in the page editor: Wagtail's widgets start from
    inline scripts, and the evaluation levels' InlinePanel adds a row."""
    context = browser.new_context(extra_http_headers={"X-Forwarded-Proto": "https"})
    page = context.new_page()
    violations = _watch_violations(page)
    try:
        # Signed in over HTTP, the session handed to Chromium: the site sets Secure cookies
        # (it believes the request came through an HTTPS proxy), which Chromium would not
        # keep from a plain-HTTP address.
        office = Browser(staff_site)
        office.log_in("koho", "koho-pass-2026")
        context.add_cookies([{"name": c.name, "value": c.value, "url": staff_site} for c in office.jar])
        url = f"{staff_site}/api/v2/pages/?type=plans.PlanPage&locale=ja&fields=title&limit=1"
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            plan_id = json.load(response)["items"][0]["id"]
        response = page.goto(f"{staff_site}/admin/pages/{plan_id}/edit/", wait_until="networkidle")
        assert response.status == 200, page.url
        assert "/edit/" in page.url, page.url  # signed in, not sent back to the sign-in page
        total = page.locator("#id_evaluation_levels-TOTAL_FORMS")
        before = int(total.input_value())
        page.locator("#id_evaluation_levels-ADD").click()
        # Until the count changes (10 s at most; if it never does, the assertion below says so).
        with suppress(PlaywrightTimeoutError):
            page.wait_for_function(
                f"document.getElementById('id_evaluation_levels-TOTAL_FORMS').value !== '{before}'",
                timeout=10_000,
            )
        after = int(total.input_value())
    finally:
        context.close()

    assert violations == []
    assert after == before + 1  # InlinePanel, started by an inline script, added a level
