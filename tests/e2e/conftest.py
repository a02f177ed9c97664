"""End-to-end fixtures: the real site, served as in production, read by a real browser.

``running_site`` serves the demo municipality from a database of its own (``test_<name>_e2e``
on the suite's PostgreSQL server, a copy of the demo as ``migrate`` and ``load_demo`` leave
it), with collected static files, gunicorn and the production settings (``tests/served.py``).
Tests talk to it over HTTP only. ``staff_site`` is a second copy of the demo, with the staff
accounts of the admin's end-to-end rounds (translation, reporting) added, which those tests
change as they go.
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


# The accounts of the admin rounds, made in the served database after the demo is loaded:
# a translator of English (the group load_demo set up), a superuser (who edits easy
# Japanese, for which the demo sets up no group), a member of 広報担当 who also belongs to
# 情報公開課, and a member of 担当課職員 in 情報公開課.
STAFF = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from plans.models import Department
from translations.models import TranslatorGroup
User = get_user_model()
translator = User.objects.create_user("honyaku-en", "honyaku@example.jp", "honyaku-pass-2026")
translator.groups.add(TranslatorGroup.objects.get(locale__language_code="en").group)
User.objects.create_superuser("kanri", "kanri@example.jp", "kanri-pass-2026")
pr = User.objects.create_user("koho", "koho@example.jp", "koho-pass-2026")
pr.groups.add(Group.objects.get(name="広報担当"))
staff = User.objects.create_user("joho", "joho@example.jp", "joho-pass-2026")
staff.groups.add(Group.objects.get(name="担当課職員"))
joho = Department.objects.get(name="情報公開課", locale__language_code="ja")
joho.members.add(staff)
joho.members.add(pr)  # the office also keeps 情報公開課's items up to date
"""


@pytest.fixture(scope="session")
def staff_site(tmp_path_factory) -> Iterator[str]:
    tmp_path = tmp_path_factory.mktemp("staff_site")
    database_url, drop_database = site_database(tmp_path, "e2e_staff", demo=True)
    with serve_site(
        tmp_path, database_url, fill=[["shell", "-c", STAFF]], drop_database=drop_database
    ) as base:
        yield base


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
