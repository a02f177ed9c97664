"""The real site served as in production, for tests that talk to it over HTTP, and the
databases it runs on.

:func:`site_database` makes a database of its own for the served site (on the suite's
PostgreSQL server: empty, a copy of the test database or a copy of the demo database; on
SQLite a file), and :func:`serve_site` fills it, collects static files and runs gunicorn
with the production settings until the ``with`` block ends.

Every database made here is named after the test database pytest-django makes
(``test_<name>``, ``<name>`` from DATABASE_URL), with the xdist worker's id when there is
one (``test_kyodo_gw0_e2e``), so that parallel workers and parallel runs under other names
never share one.

The demo database (:func:`copy_demo`): ``test_<name>_demo_template`` is built once per test
run, by ``manage.py migrate`` and ``manage.py load_demo`` on an empty database as a new
installation gets them, and whatever needs the demo gets a copy of it (``CREATE DATABASE …
TEMPLATE``, a second or two) instead of loading the demo again. The first worker that
needs it builds it while it holds a PostgreSQL advisory lock named after it; the others
wait for the lock and then find it built, marked with the run's id as the database's
comment. Nothing ever connects to the template once it is built (PostgreSQL refuses to
copy a database while another session is connected to it), and the copies are made under
the same lock.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
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


# The id of this test run: xdist gives every worker the same one; a run without xdist is a
# single process and makes its own.
RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex
MIGRATE = ["migrate", "--noinput", "-v0"]
LOAD_DEMO = ["load_demo"]


def on_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def database_name(suffix: str, *, worker: bool = True) -> str:
    """``test_<name>[_<worker>]_<suffix>``: after the test database pytest-django makes."""
    source = dj_database_url.parse(os.environ.get("DATABASE_URL", ""))
    name = f"test_{source.get('NAME') or 'kyodo'}"
    if worker and os.environ.get("PYTEST_XDIST_WORKER"):
        name += f"_{os.environ['PYTEST_XDIST_WORKER']}"
    return f"{name}_{suffix}"


def database_url(name: str) -> str:
    config = settings.DATABASES["default"]
    user = config["USER"] or ""
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    return f"postgres://{user}{password}@{config['HOST']}:{config['PORT'] or 5432}/{name}"


@contextmanager
def server() -> Iterator:
    """A cursor on the server's ``postgres`` database, outside any transaction."""
    config = settings.DATABASES["default"]
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def run(sql: str, params: list | None = None) -> None:
    with server() as cursor:
        cursor.execute(sql, params)


def remove_database(name: str) -> None:
    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(commands: list[list[str]], env: dict[str, str]) -> None:
    """Run each ``manage.py`` command of ``commands`` in a process of its own."""
    for command in commands:
        completed = subprocess.run(
            [sys.executable, str(REPO / "manage.py"), *command],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode:
            raise RuntimeError(
                f"manage.py {' '.join(command)} failed (exit {completed.returncode}):\n"
                + (completed.stdout + completed.stderr)[-3000:]
            )


def production_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    """The environment of a ``manage.py`` process or a gunicorn worker with the production
    settings on ``database_url``; static and media files under ``tmp_path``."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "served-" + "k" * 60,
        # The host settings.test names: the demo loaded here and again in the suite's own
        # process gives the site the same host, so a second load changes nothing.
        "BASE_URL": "http://testserver",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        # The suite's own tests of the limits run in its process (settings.test); the served
        # site answers the crawls, the schema fuzzing and the browser rounds without them.
        "RATE_LIMITS_ENABLED": "false",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEBUG": "false",
    }


def _build_demo_template(cursor, name: str) -> None:
    cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    cursor.execute(f'CREATE DATABASE "{name}"')
    with tempfile.TemporaryDirectory(prefix="kyodo-demo-") as tmp:
        manage([MIGRATE, LOAD_DEMO], production_env(Path(tmp), database_url(name)))
    cursor.execute(f'COMMENT ON DATABASE "{name}" IS %s', [RUN_ID])


def copy_demo(name: str) -> None:
    """Create the database ``name`` as a copy of the demo template, building the template
    first if this run has not built it yet."""
    template = database_name("demo_template", worker=False)
    with server() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
        try:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [template],
            )
            row = cursor.fetchone()
            if row is None or row[0] != RUN_ID:
                _build_demo_template(cursor, template)
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])


def site_database(
    tmp_path: Path, suffix: str, *, copy_test_database: bool = False, demo: bool = False
) -> tuple[str, Callable]:
    """A database for the served site (``test_<name>[_<worker>]_<suffix>``) and a function
    that removes it.

    With ``copy_test_database`` it starts as a copy of the test database (``CREATE DATABASE …
    TEMPLATE``), so the site serves the suite's session data. With ``demo`` it holds the demo
    municipality, as ``migrate`` and ``load_demo`` leave it: a copy of the demo template on
    PostgreSQL, an SQLite file filled by those two commands otherwise."""
    if not on_postgresql():
        url = f"sqlite:///{tmp_path / f'{suffix}.sqlite3'}"
        if demo:
            manage([MIGRATE, LOAD_DEMO], production_env(tmp_path, url))
        return url, lambda: None
    name = database_name(suffix)
    if demo:
        copy_demo(name)
    else:
        remove_database(name)
        if copy_test_database:
            connections.close_all()  # a template database must have no open connection
            run(f'CREATE DATABASE "{name}" TEMPLATE "{settings.DATABASES["default"]["NAME"]}"')
        else:
            run(f'CREATE DATABASE "{name}"')
    return database_url(name), lambda: remove_database(name)


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
    environment: dict[str, str] | None = None,
) -> Iterator[str]:
    """Run the ``manage.py`` commands of ``fill`` and ``collectstatic`` against
    ``database_url``, serve the site with gunicorn (production settings, two workers, and the
    variables of ``environment``) and yield its base URL once ``ready_path`` answers; stop it
    and drop the database after."""
    env = {**production_env(tmp_path, database_url), **(environment or {})}
    try:
        manage([*fill, ["collectstatic", "--noinput", "-v0"]], env)
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
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:  # a busy machine: workers slow to stop
                    process.kill()
                    process.wait()
    finally:
        drop_database()
