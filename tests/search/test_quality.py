"""The search-quality set (tests/search/cases.py) on PostgreSQL, over the demo
municipality and the pages the hard cases need: every expected page among the first 20
results of a live, public, Japanese search; no forbidden page at all. The same cases run
on SQLite in tests/search/test_backend_sqlite.py."""

from __future__ import annotations

import pytest

from demo.loader import load_demo

from ..tree import demo_database
from .cases import CASES, SUGGESTION_CASES, add_case_pages, check, check_suggestion, search_titles

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo and the case pages, on a copy of the demo made for the module (see
    ``demo_database``); each test runs in a transaction inside it."""
    with demo_database(django_db_blocker, load_demo):
        with django_db_blocker.unblock():
            add_case_pages()
        yield


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


@pytest.mark.parametrize(("query", "word"), SUGGESTION_CASES)
def test_suggestion_case(loaded, query, word):
    assert check_suggestion(query, word) == []
