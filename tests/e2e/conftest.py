"""End-to-end fixtures: the real site, served as in production, read by a real browser.

``running_site`` serves the demo municipality from a database of its own (``test_<name>_e2e``
on the suite's PostgreSQL server, a copy of the demo as ``migrate`` and ``load_demo`` leave
it), with collected static files, gunicorn and the production settings (``tests/served.py``).
Tests talk to it over HTTP only.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from ..served import serve_site, site_database

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="session")
def running_site(tmp_path_factory) -> Iterator[str]:
    tmp_path = tmp_path_factory.mktemp("site")
    database_url, drop_database = site_database(tmp_path, "e2e", demo=True)
    with serve_site(tmp_path, database_url, fill=[], drop_database=drop_database) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser(monkeypatch_module):
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required for the end-to-end tests in CI (apt-get install chromium)")
        pytest.skip("Chromium is not installed here: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API keeps an event loop in the test thread while the browser
    # is open; these tests make no database calls, but pytest-django's teardown does.
    monkeypatch_module.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
