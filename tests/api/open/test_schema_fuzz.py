"""Property-based test of the open-data API: schemathesis reads /api/open/openapi.json from
the real site, served by gunicorn with the production settings on a database of its own, and
sends generated requests to every operation. No answer may be a server error, and every
answer must match the schema (status codes, content types, bodies).

The served database is ``test_<name>_api``, a copy of the test database with the session's data
(three plans, their measures, items, progress, a report, departments), made and removed by
the fixture; on SQLite a temporary database with the demo municipality.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from ...served import serve_site, site_database

# The served database is a copy of the test database, which pytest-django creates only when
# some test of the run asks for the database.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def served_site(tmp_path_factory, django_db_setup) -> Iterator[str]:
    """On PostgreSQL a copy of the test database (``<name>_api``), so the site serves the
    session's data; on SQLite a new database with the demo municipality."""
    tmp_path = tmp_path_factory.mktemp("api-site")
    database_url, drop_database = site_database(tmp_path, "api", copy_test_database=True)
    fill = [] if database_url.startswith("postgres") else [["migrate", "--noinput", "-v0"], ["load_demo"]]
    with serve_site(
        tmp_path, database_url, fill=fill, ready_path="/api/open/openapi.json", drop_database=drop_database
    ) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def open_data_schema(served_site):
    return schemathesis.openapi.from_url(f"{served_site}/api/open/openapi.json")


def test_schemathesis_reads_every_operation(served_site, open_data_schema):
    operations = [result.ok() for result in open_data_schema.get_all_operations()]
    paths = {operation.path for operation in operations}
    assert {"/api/open/items", "/api/open/items/{item_id}", "/api/open/indicators/{indicator_id}"} <= paths
    assert len(operations) == 30
    with urllib.request.urlopen(f"{served_site}/api/open/docs") as response:  # noqa: S310
        assert b"openapi.json" in response.read()


# Examples per operation and generation mode; 30 operations make about 1,800 requests.
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
