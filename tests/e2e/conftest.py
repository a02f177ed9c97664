"""End-to-end fixtures: the real site, served as in production, read by a real browser.

``running_site`` builds a database of its own (``<name>_e2e`` on the suite's PostgreSQL
server), loads the demo municipality with ``load_demo``, collects static files and serves
the site with gunicorn and the production settings. Tests talk to it over HTTP only.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

import dj_database_url
import psycopg2
import pytest

REPO = Path(__file__).resolve().parents[2]
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _e2e_database_url(tmp_path: Path) -> tuple[str, callable]:
    """A fresh database for the served site, and a function that removes it."""
    config = settings.DATABASES["default"]
    if config["ENGINE"] != "django.db.backends.postgresql":
        path = tmp_path / "e2e.sqlite3"
        return f"sqlite:///{path}", lambda: None
    source = dj_database_url.parse(os.environ.get("DATABASE_URL", ""))
    name = f"{source.get('NAME') or 'kyodo'}_e2e"
    admin = {
        "dbname": "postgres",
        "user": config["USER"],
        "password": config["PASSWORD"],
        "host": config["HOST"],
        "port": config["PORT"] or 5432,
    }

    def run(sql: str) -> None:
        connection = psycopg2.connect(**admin)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
        finally:
            connection.close()

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    user = config["USER"] or ""
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    url = f"postgres://{user}{password}@{config['HOST']}:{config['PORT'] or 5432}/{name}"
    return url, lambda: run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the site stopped while starting (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (loopback URL we built)
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise RuntimeError(f"the site did not answer at {url} within {seconds} s")


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="session")
def running_site(tmp_path_factory) -> Iterator[str]:
    tmp_path = tmp_path_factory.mktemp("site")
    database_url, drop_database = _e2e_database_url(tmp_path)
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "e2e-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEBUG": "false",
    }
    manage = [sys.executable, str(REPO / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(manage + command, env=env, cwd=REPO, check=True, capture_output=True)
    gunicorn = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--pythonpath",
        str(REPO / "site"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "wsgi",
    ]
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(gunicorn, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base_url + "/", process)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
        drop_database()


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
