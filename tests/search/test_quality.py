"""The search-quality set (tests/search/cases.py) on PostgreSQL, over the demo
municipality and the pages the hard cases need: every expected page among the first 20
results of a live, public, Japanese search; no forbidden page at all. The same cases run
on SQLite in tests/search/test_backend_sqlite.py."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

import pytest

from demo.loader import load_demo

from ..demo.test_loader import fresh_install
from .cases import CASES, add_case_pages, check, search_titles


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo and the case pages, loaded once for the module inside a transaction that is
    rolled back at the end (each test runs in a savepoint inside it)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        fresh_install()
        load_demo()
        add_case_pages()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()


@pytest.fixture
def loaded(demo, db):
    return demo


def test_the_set_is_large_and_varied():
    kinds = " ".join(case.kind for case in CASES)
    assert len(CASES) >= 40
    for kind in (
        "full-width",
        "half-width",
        "hiragana",
        "mixed-script",
        "multi-word",
        "department",
        "negative",
    ):
        assert kind in kinds, kind


@pytest.mark.parametrize("case", CASES, ids=[f"{n:02d}-{case.query}" for n, case in enumerate(CASES)])
def test_case(loaded, case):
    assert check(case) == [], search_titles(case.query)
