"""Property-based test of the open-data API: schemathesis reads /api/open/openapi.json from
the real site, served by gunicorn with the production settings on a database of its own, and
sends generated requests to every operation. No answer may be a server error, and every
answer must match the schema (status codes, content types, bodies).

The served database is ``<name>_api``, a copy of the test database with the session's data
(three plans, their measures, items, progress, a report, departments), made and removed by
the fixture; on SQLite a temporary database with the demo municipality.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings as django_settings
from django.db import connections

import dj_database_url
import psycopg2
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from ...e2e.conftest import REPO, _free_port

# The served database is a copy of the test database, which pytest-django creates only when
# some test of the run asks for the database.
pytestmark = pytest.mark.django_db


def _database(tmp_path: Path) -> tuple[str, list[list[str]], callable]:
    """A database for the served site, the commands that fill it, and its removal.

    On PostgreSQL it is a copy of the test database (``<name>_api``, made with ``CREATE
    DATABASE … TEMPLATE``), so the site serves the suite's session data; on SQLite it is
    migrated and given the demo municipality."""
    config = django_settings.DATABASES["default"]
    if config["ENGINE"] != "django.db.backends.postgresql":
        return (
            f"sqlite:///{tmp_path / 'api.sqlite3'}",
            [["migrate", "--noinput", "-v0"], ["load_demo"]],
            lambda: None,
        )
    source = dj_database_url.parse(os.environ.get("DATABASE_URL", ""))
    name = f"{source.get('NAME') or 'kyodo'}_api"
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
    connections.close_all()  # a template database must have no open connection
    run(f'CREATE DATABASE "{name}" TEMPLATE "{config["NAME"]}"')
    user = config["USER"] or ""
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    url = f"postgres://{user}{password}@{config['HOST']}:{config['PORT'] or 5432}/{name}"
    return url, [], lambda: run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the site stopped while starting (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=10):  # noqa: S310 (loopback URL we built)
                return
        except OSError:  # refused, reset or timed out while the workers start
            time.sleep(0.5)
    raise RuntimeError(f"the site did not answer at {url} within {seconds} s")


@pytest.fixture(scope="module")
def served_site(tmp_path_factory, django_db_setup) -> Iterator[str]:
    tmp_path = tmp_path_factory.mktemp("api-site")
    database_url, fill, drop_database = _database(tmp_path)
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "api-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEBUG": "false",
    }
    manage = [sys.executable, str(REPO / "manage.py")]
    for command in [*fill, ["collectstatic", "--noinput", "-v0"]]:
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
        _wait_for(base_url + "/api/open/openapi.json", process)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
        drop_database()


@pytest.fixture(scope="module")
def open_data_schema(served_site):
    return schemathesis.openapi.from_url(f"{served_site}/api/open/openapi.json")


def test_schemathesis_reads_every_operation(served_site, open_data_schema):
    operations = [result.ok() for result in open_data_schema.get_all_operations()]
    paths = {operation.path for operation in operations}
    assert {"/api/open/items", "/api/open/items/{item_id}", "/api/open/items.csv"} <= paths
    assert len(operations) == 23
    with urllib.request.urlopen(f"{served_site}/api/open/docs") as response:  # noqa: S310
        assert b"openapi.json" in response.read()


# Examples per operation and generation mode; 23 operations make about 1,400 requests.
EXAMPLES = {GenerationMode.POSITIVE: 40, GenerationMode.NEGATIVE: 20}


def test_no_server_error_and_every_answer_matches_the_schema(open_data_schema):
    """Every operation, with valid requests (which must succeed or answer 404 for an id
    that does not exist) and invalid ones (which must answer 400), through every check
    schemathesis has: no 5xx, documented status codes, content types and headers, bodies
    that match the schema."""
    failures: list[str] = []
    operations = [result.ok() for result in open_data_schema.get_all_operations()]
    for operation in operations:
        for mode, examples in EXAMPLES.items():

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            def check(case):
                case.call_and_validate()

            try:
                check()
            except Exception as error:
                failures.append(f"{operation.method.upper()} {operation.path} ({mode}): {error}")
    assert not failures, f"{len(failures)} failing:\n\n" + "\n\n".join(failures)


def test_details_of_existing_records_match_the_schema(served_site, open_data_schema):
    """Generated ids rarely exist; the first record of every list is read in both languages
    and checked the same way."""
    operations = {result.ok().path: result.ok() for result in open_data_schema.get_all_operations()}

    def first(name: str) -> dict:
        with urllib.request.urlopen(f"{served_site}/api/open/{name}?page_size=1") as response:  # noqa: S310
            return json.load(response)["results"][0]

    summary = first("progress-summaries")
    parameters = {
        "/api/open/plans/{plan_id}": {"plan_id": first("plans")["id"]},
        "/api/open/measures/{measure_id}": {"measure_id": first("measures")["id"]},
        "/api/open/items/{item_id}": {"item_id": first("items")["id"]},
        "/api/open/departments/{department_id}": {"department_id": first("departments")["id"]},
        "/api/open/progress-summaries/{plan_id}/{fiscal_year}": {
            "plan_id": summary["plan"]["id"],
            "fiscal_year": summary["fiscal_year"],
        },
    }
    for path, values in parameters.items():
        for language in ("ja", "en"):
            case = operations[path].Case(path_parameters=values, headers={"Accept-Language": language})
            response = case.call_and_validate()
            assert response.status_code == 200, path
