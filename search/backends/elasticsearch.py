"""Settings for Elasticsearch or OpenSearch with Japanese analysis, for installations that
outgrow one database (``SEARCH_BACKEND=elasticsearch|opensearch`` and ``SEARCH_URL``).

The stock modelsearch backends are used as they are; :func:`backend_settings` gives them
index settings whose ``default`` analyser does in the search server what
:mod:`search.text` does for the database backend:

- ``icu_normalizer`` (analysis-icu plugin, ``nfkc_cf``) before tokenising: NFKC and case
  folding, so ﾊﾟﾌﾞﾘｯｸ and ＡＢＣ read as パブリック and abc;
- a Japanese tokenizer giving short units: ``sudachi_tokenizer`` with split mode A
  (analysis-sudachi plugin, the same analyser and dictionary as the database backend) or
  ``kuromoji_tokenizer`` in ``search`` mode (analysis-kuromoji, bundled with both servers);
- an optional user dictionary for local words (department and place names): Sudachi's
  compiled ``.dic`` file or Kuromoji's CSV file, in the server's ``config`` folder;
- ``icu_transform`` Katakana-Hiragana after tokenising, so せみなー finds セミナー.

Text fields without an analyser of their own use ``default``; searches use it too, so a
phrase query (``Phrase`` or quoted words) matches units next to each other. Autocomplete
fields keep modelsearch's edge n-grams, rebuilt here on the Japanese tokenizer.
Nothing here is tested against a running server (the test suite has none): the
dictionaries built by :func:`index_settings` are checked for shape only.
"""

from __future__ import annotations

import json

ANALYSERS = ("sudachi", "kuromoji")
ENGINES = {
    "elasticsearch": "wagtail.search.backends.elasticsearch8",
    "opensearch": "wagtail.search.backends.opensearch2",
}


def _tokenizer(analyser: str, user_dictionary: str | None) -> dict:
    if analyser == "sudachi":
        tokenizer = {"type": "sudachi_tokenizer", "split_mode": "A", "discard_punctuation": True}
        if user_dictionary:
            tokenizer["additional_settings"] = json.dumps({"userDict": [user_dictionary]})
        return tokenizer
    if analyser == "kuromoji":
        # "search" splits compounds (関西国際空港 → 関西, 国際, 空港) and keeps the whole.
        tokenizer = {"type": "kuromoji_tokenizer", "mode": "search", "discard_punctuation": True}
        if user_dictionary:
            tokenizer["user_dictionary"] = user_dictionary
        return tokenizer
    raise ValueError(f"analyser must be one of {', '.join(ANALYSERS)}, not {analyser!r}")


def index_settings(*, analyser: str = "sudachi", user_dictionary: str | None = None) -> dict:
    """The ``INDEX_SETTINGS`` merged into modelsearch's index settings."""
    tokenizer = _tokenizer(analyser, user_dictionary)
    japanese = {
        "type": "custom",
        "char_filter": ["kyodo_nfkc_cf"],
        "tokenizer": "kyodo_japanese",
        "filter": ["kyodo_kana"],
    }
    return {
        "settings": {
            "analysis": {
                "char_filter": {
                    "kyodo_nfkc_cf": {"type": "icu_normalizer", "name": "nfkc_cf", "mode": "compose"}
                },
                "tokenizer": {"kyodo_japanese": tokenizer},
                "filter": {"kyodo_kana": {"type": "icu_transform", "id": "Katakana-Hiragana"}},
                "analyzer": {
                    "default": japanese,
                    "default_search": japanese,
                    # Autocomplete: prefixes of the Japanese units.
                    "edgengram_analyzer": {**japanese, "filter": ["kyodo_kana", "edgengram"]},
                },
            }
        }
    }


def backend_settings(
    engine: str, url: str, *, analyser: str = "sudachi", user_dictionary: str | None = None
) -> dict:
    """One ``WAGTAILSEARCH_BACKENDS`` entry for ``engine`` (elasticsearch or opensearch)."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    return {
        "BACKEND": ENGINES[engine],
        "URLS": [url],
        "INDEX_PREFIX": "kyodo_",
        "TIMEOUT": 10,
        "INDEX_SETTINGS": index_settings(analyser=analyser, user_dictionary=user_dictionary),
    }
