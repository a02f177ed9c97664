"""Fixtures shared by the whole suite.

The base page tree, the departments, the glossary and one sample plan are built once, when
the session starts (see ``tests/tree.py``); every test runs in a transaction that is rolled
back, so the data a test adds or changes never leaks into the next one.

Markers: every test under ``tests/e2e`` is marked ``e2e`` here; ``slow`` is set in the test
files. ``make test-fast`` leaves both out. Under pytest-xdist (``make test``) the tests of a
file stay together on one worker, so that a module's fixtures are built once, and the
longest files are handed out first (see docs/testing.md).
"""

from __future__ import annotations

from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.utils import translation

import pytest

from plans.models import PlanPage

from .tree import ACTION_PLAN_SLUG, PREVIOUS_PLAN_SLUG, BaseTree, Departments, SamplePlan, build_session_data

E2E = Path(__file__).resolve().parent / "e2e"
# Under pytest-xdist (`make test`, --dist loadfile --no-loadscope-reorder) whole files are
# handed out to the workers in the order of the collection. These go first, longest first:
# the first builds the demo template (tests/served.py) while the other worker runs the next
# two, which need no demo; the other e2e and slow files follow, then the rest.
FIRST = (
    "tests/e2e/test_public_site.py",
    "tests/api/open/test_schema_fuzz.py",
    "tests/search/test_backend_sqlite.py",
)


def pytest_itemcollected(item):
    if E2E in item.path.parents:
        item.add_marker(pytest.mark.e2e)


def _rank(item) -> tuple[int, int]:
    path = item.nodeid.split("::")[0]
    if path in FIRST:
        return (0, FIRST.index(path))
    return (1 if item.get_closest_marker("e2e") or item.get_closest_marker("slow") else 2, 0)


@pytest.hookimpl(trylast=True)  # after pytest-django's own ordering
def pytest_collection_modifyitems(config, items):
    if hasattr(config, "workerinput"):  # an xdist worker; every worker sorts the same way
        items.sort(key=_rank)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _compact_kept_database()
        build_session_data()


def _compact_kept_database() -> None:
    """Every test is a rolled-back transaction, and each leaves dead rows behind: a test
    database kept between runs (``--reuse-db``) grows run after run (250 MB against 33 MB
    fresh, seen after a day's work) and the suite slows down with it. Rewrite it compactly
    before the session's data is built; on a fresh database this takes a moment."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (FULL, ANALYZE)")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Wagtail caches site root paths; a rolled-back test must not leave its sites behind."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request (LocaleMiddleware) or a test may leave a language active in the thread; every
    test starts and ends with none (so LANGUAGE_CODE, ja), whatever ran before it on the same
    worker."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def tree(db) -> BaseTree:
    return BaseTree.load()


@pytest.fixture
def departments(db) -> Departments:
    return Departments.load()


@pytest.fixture
def sample_plan(db) -> SamplePlan:
    return SamplePlan.load()


@pytest.fixture
def action_plan(db) -> PlanPage:
    """協働推進アクションプラン: measure 1 (市民活動団体との対話の場づくり), item 1-1 (協働カフェの開催)."""
    return PlanPage.objects.get(slug=ACTION_PLAN_SLUG)


@pytest.fixture
def previous_plan(db) -> PlanPage:
    """第2次市民参加推進計画 (ended, replaced by the sample plan)."""
    return PlanPage.objects.get(slug=PREVIOUS_PLAN_SLUG)
