"""Elasticsearch/OpenSearch configuration (no server in the suite): SEARCH_BACKEND selects
it, and the index settings give every text field a Japanese analyser with ICU
normalisation, short units and kana folding."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from search.backends.elasticsearch import backend_settings, index_settings

ROOT = Path(__file__).resolve().parent.parent.parent


def settings_with(**env) -> dict:
    """WAGTAILSEARCH_BACKENDS as the settings compute it with these environment variables."""
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "settings.dev", **env}
    code = (
        "import json, sys; sys.path[:0] = ['site', '.'];"
        "from django.conf import settings;"
        "print(json.dumps(settings.WAGTAILSEARCH_BACKENDS))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60
    )
    if completed.returncode:
        raise RuntimeError(completed.stderr.strip().splitlines()[-1])
    return json.loads(completed.stdout)


def test_the_database_backend_is_the_default():
    assert settings_with(SEARCH_BACKEND="") == {"default": {"BACKEND": "search.backends.database"}}


def test_opensearch_with_kuromoji_and_a_user_dictionary():
    backends = settings_with(
        SEARCH_BACKEND="opensearch",
        SEARCH_URL="https://search.example.jp:9200",
        SEARCH_ANALYSER="kuromoji",
        SEARCH_USER_DICTIONARY="userdict_ja.txt",
    )
    default = backends["default"]
    assert default["BACKEND"] == "wagtail.search.backends.opensearch2"
    assert default["URLS"] == ["https://search.example.jp:9200"]
    tokenizer = default["INDEX_SETTINGS"]["settings"]["analysis"]["tokenizer"]["kyodo_japanese"]
    assert tokenizer == {
        "type": "kuromoji_tokenizer",
        "mode": "search",
        "discard_punctuation": True,
        "user_dictionary": "userdict_ja.txt",
    }


def test_elasticsearch_with_sudachi():
    default = settings_with(SEARCH_BACKEND="elasticsearch", SEARCH_USER_DICTIONARY="kyodo.dic")["default"]
    assert default["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    tokenizer = default["INDEX_SETTINGS"]["settings"]["analysis"]["tokenizer"]["kyodo_japanese"]
    assert tokenizer["type"] == "sudachi_tokenizer"
    assert tokenizer["split_mode"] == "A"
    assert json.loads(tokenizer["additional_settings"]) == {"userDict": ["kyodo.dic"]}


def test_an_unknown_backend_stops_the_start():
    with pytest.raises(RuntimeError, match="SEARCH_BACKEND must be database, elasticsearch or opensearch"):
        settings_with(SEARCH_BACKEND="solr")


def test_the_default_analyser_normalises_splits_and_folds_kana():
    analysis = index_settings()["settings"]["analysis"]
    default = analysis["analyzer"]["default"]
    assert default["char_filter"] == ["kyodo_nfkc_cf"]
    assert analysis["char_filter"]["kyodo_nfkc_cf"] == {
        "type": "icu_normalizer",
        "name": "nfkc_cf",
        "mode": "compose",
    }
    assert analysis["filter"]["kyodo_kana"] == {"type": "icu_transform", "id": "Katakana-Hiragana"}
    assert default["filter"] == ["kyodo_kana"]
    assert analysis["analyzer"]["default_search"] == default
    assert analysis["analyzer"]["edgengram_analyzer"]["tokenizer"] == "kyodo_japanese"


def test_bad_choices_are_refused():
    with pytest.raises(ValueError, match="analyser"):
        index_settings(analyser="mecab")
    with pytest.raises(ValueError, match="engine"):
        backend_settings("solr", "http://localhost:8983")
