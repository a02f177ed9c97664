"""The Japanese search backend on SQLite (the embedded database of ``make run``), checked
in a child process on an on-disk database: the modelsearch internals it relies on, every
case of the quality set, the done-when queries, autocomplete and a rebuild with
``update_index`` (see sqlite_check.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .cases import CASES, SUGGESTION_CASES
from .sqlite_check import DONE_WHEN

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def sqlite_results(tmp_path_factory) -> dict:
    database = tmp_path_factory.mktemp("sqlite") / "kyodo.sqlite3"
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env.update(DATABASE_URL=f"sqlite:///{database}", DJANGO_SETTINGS_MODULE="settings.dev", DEBUG="false")
    completed = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "search" / "sqlite_check.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    results = json.loads(completed.stdout.strip().splitlines()[-1])
    assert database.exists()
    return results


def test_the_child_process_used_sqlite_on_disk(sqlite_results):
    assert sqlite_results["vendor"] == "sqlite"
    assert sqlite_results["database"].endswith("kyodo.sqlite3")
    assert sqlite_results["backend"] == "JapaneseSQLiteSearchBackend"


def test_the_sqlite_internals_are_as_expected(sqlite_results):
    assert sqlite_results["guards"] == []


@pytest.mark.parametrize("case", CASES, ids=[f"{n:02d}-{case.query}" for n, case in enumerate(CASES)])
def test_quality_case_on_sqlite(sqlite_results, case):
    assert sqlite_results["cases"][case.query] == []


@pytest.mark.parametrize(("query", "word"), SUGGESTION_CASES)
def test_suggestion_case_on_sqlite(sqlite_results, query, word):
    assert sqlite_results["suggestions"][query] == []


def test_done_when_queries_on_sqlite(sqlite_results):
    top = {query: titles[0] for query, titles in sqlite_results["done_when"].items() if titles}
    assert set(top) == set(DONE_WHEN)
    assert "協働" in top["協働"]
    assert top["市民参加"] == "青葉市市民参加推進計画（第2次）"
    assert "パブリックコメント" in top["コメント"]
    assert "パブリックコメント" in top["ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ"]
    assert top["せみなー"] == "市民活動入門講座・セミナーの開催"


def test_autocomplete_on_sqlite(sqlite_results):
    assert set(sqlite_results["autocomplete"]["ふぁしり"]) == {
        "ファシリテーターの養成",
        "市民ファシリテーターの派遣",
    }
    assert sqlite_results["autocomplete"]["協働 フェ"] == ["協働フェスタの開催"]


def test_update_index_rebuilds_the_same_index_on_sqlite(sqlite_results):
    assert sqlite_results["after_rebuild"] == sqlite_results["done_when"]
