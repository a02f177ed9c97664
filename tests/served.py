"""The real site served as in production, for tests that talk to it over HTTP.

:func:`site_database` makes a database of its own for the served site (on the suite's
PostgreSQL server, empty or a copy of the test database; on SQLite a file), and
:func:`serve_site` fills it, collects static files and runs gunicorn with the production
settings until the ``with`` block ends.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connections

import dj_database_url
import psycopg2

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_database(tmp_path: Path, suffix: str, *, copy_test_database: bool = False) -> tuple[str, Callable]:
    """A database for the served site (``<name>_<suffix>``) and a function that removes it.

    With ``copy_test_database`` it starts as a copy of the test database (``CREATE DATABASE …
    TEMPLATE``), so the site serves the suite's session data."""
    config = settings.DATABASES["default"]
    if config["ENGINE"] != "django.db.backends.postgresql":
        return f"sqlite:///{tmp_path / f'{suffix}.sqlite3'}", lambda: None
    source = dj_database_url.parse(os.environ.get("DATABASE_URL", ""))
    name = f"{source.get('NAME') or 'kyodo'}_{suffix}"
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
    if copy_test_database:
        connections.close_all()  # a template database must have no open connection
        run(f'CREATE DATABASE "{name}" TEMPLATE "{config["NAME"]}"')
    else:
        run(f'CREATE DATABASE "{name}"')
    user = config["USER"] or ""
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    url = f"postgres://{user}{password}@{config['HOST']}:{config['PORT'] or 5432}/{name}"
    return url, lambda: run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_for(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the site stopped while starting (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=10):  # noqa: S310 (loopback URL we built)
                return
        except OSError:  # refused, reset or timed out while the workers start
            time.sleep(0.3)
    raise RuntimeError(f"the site did not answer at {url} within {seconds} s")


@contextmanager
def serve_site(
    tmp_path: Path,
    database_url: str,
    *,
    fill: list[list[str]],
    ready_path: str = "/",
    drop_database: Callable = lambda: None,
) -> Iterator[str]:
    """Run the ``manage.py`` commands of ``fill`` and ``collectstatic`` against
    ``database_url``, serve the site with gunicorn (production settings, two workers) and
    yield its base URL once ``ready_path`` answers; stop it and drop the database after."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "served-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEBUG": "false",
    }
    manage = [sys.executable, str(REPO / "manage.py")]
    try:
        for command in [*fill, ["collectstatic", "--noinput", "-v0"]]:
            subprocess.run(manage + command, env=env, cwd=REPO, check=True, capture_output=True)
        gunicorn = [
            str(Path(sys.executable).with_name("gunicorn")),
            "--pythonpath",
            str(REPO / "site"),
            "--bind",
            f"127.0.0.1:{free_port()}",
            "--workers",
            "2",
            "wsgi",
        ]
        base_url = f"http://{gunicorn[4]}"
        with (tmp_path / "gunicorn.log").open("w") as log:
            process = subprocess.Popen(gunicorn, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
            try:
                wait_for(base_url + ready_path, process)
                yield base_url
            finally:
                process.terminate()
                process.wait(timeout=10)
    finally:
        drop_database()
