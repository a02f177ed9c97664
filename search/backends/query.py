"""Turning a search query into the phrase queries of PostgreSQL and SQLite FTS5.

Both engines receive the same thing: for every phrase of the query, the short-unit token
sequences of :func:`search.text.phrase_variants`, each sequence matched as a phrase
(tokens next to each other, in order), the variants of one phrase joined by OR and the
phrases by the query's operator. Tokens are runs of word characters, so neither syntax
needs escaping beyond the quotes written here.
"""

from __future__ import annotations

import re
import unicodedata

from modelsearch.query import Phrase, PlainText

from .. import synonyms
from ..text import phrase_variants

# PostgreSQL also indexes every pair of neighbouring tokens as one lexeme, 市民ノ参加, without
# a position. A phrase query asks for its pairs as well as for its tokens in sequence: the
# pairs are what the GIN index and the planner's statistics can look up (two very common
# units such as 市民 and 参加 are rare together), the sequence keeps the match exact. The
# joiner is a katakana letter: normalisation folds katakana to hiragana, so no token holds
# one, and PostgreSQL's parser reads it as part of the word.
PAIR_JOINER = "ノ"

# Units of one or two kana (after folding, hiragana and the long-vowel mark): particles and
# endings such as の, に, が, ます, た. They sit between most content words, so their pairs
# would be two thirds of all pairs, and a page's index entry would outgrow the row and move
# to PostgreSQL's out-of-line storage (TOAST), which every ranked match then has to fetch.
# Nobody looks a page up by them: their pairs are left out, in the index and in the query.
SHORT_KANA = re.compile(r"[\u3041-\u309f\u30fc]{1,2}")


def _pairs_with_neighbours(token: str) -> bool:
    """Whether ``token`` pairs with its neighbours: not a short kana unit, and without an
    underscore, which PostgreSQL's parser splits."""
    return "_" not in token and not SHORT_KANA.fullmatch(token)


def pair_lexemes(tokens: list[str]) -> list[str]:
    """The lexemes of the neighbouring pairs of ``tokens``: [市民, 参加, の, 推進] gives 市民ノ参加
    (参加 and 推進 are not neighbours, and の pairs with nothing)."""
    return [
        f"{first}{PAIR_JOINER}{second}"
        for first, second in zip(tokens, tokens[1:], strict=False)
        if _pairs_with_neighbours(first) and _pairs_with_neighbours(second)
    ]


def expanded_variants(phrase: str) -> list[list[str]]:
    """:func:`search.text.phrase_variants` of ``phrase`` and of each of its synonyms
    (:mod:`search.synonyms`): any of them matches. The synonyms are looked up only for a
    phrase that holds a word."""
    variants = phrase_variants(phrase)
    if not variants:
        return []
    for word in synonyms.equivalents(phrase):
        for variant in phrase_variants(word):
            if variant not in variants:
                variants.append(variant)
    return variants


def query_phrases_of(query: PlainText | Phrase) -> list[list[list[str]]]:
    """The phrases of a plain-text query (split on spaces) or of a quoted phrase (one), each
    with its spellings and synonyms."""
    if isinstance(query, Phrase):
        variants = expanded_variants(query.query_string)
        return [variants] if variants else []
    parts = unicodedata.normalize("NFKC", query.query_string or "").split()
    return [variants for variants in map(expanded_variants, parts) if variants]


def _operator(query: PlainText | Phrase) -> str:
    return getattr(query, "operator", "and").lower()


def tsquery_source(query: PlainText | Phrase, *, prefix: bool = False) -> str:
    """PostgreSQL ``to_tsquery`` text:
    ``('市民ノ参加' & '市民' <-> '参加') & ('せみノなー' & 'せみ' <-> 'なー' | 'せみなー')``.

    With ``prefix`` (autocomplete) the last token of the last phrase matches as a prefix,
    and there are no pairs: the autocomplete column holds none, as a prefix would match
    the pairs that begin with it. An empty string when the query has no word at all."""
    phrases = query_phrases_of(query)
    parts = []
    for number, variants in enumerate(phrases):
        last = prefix and number == len(phrases) - 1
        alternatives = []
        for tokens in variants:
            quoted = [f"'{token}'" for token in tokens]
            pairs = [] if prefix else pair_lexemes(tokens)
            if last:
                quoted[-1] += ":*"
            sequence = " <-> ".join(quoted)
            alternatives.append(" & ".join([f"'{pair}'" for pair in pairs] + [f"({sequence})"]))
        parts.append("(" + " | ".join(alternatives) + ")")
    joiner = " | " if _operator(query) == "or" else " & "
    return joiner.join(parts)


def fts5_source(query: PlainText | Phrase, *, prefix: bool = False) -> str:
    """SQLite FTS5 query text: ``("市民 参加") AND ("せみ なー" OR "せみなー")``.

    With ``prefix`` (autocomplete) the last token of the last phrase matches as a prefix.
    An empty string when the query has no word at all."""
    phrases = query_phrases_of(query)
    parts = []
    for number, variants in enumerate(phrases):
        star = "*" if prefix and number == len(phrases) - 1 else ""
        alternatives = [f'"{" ".join(tokens)}"{star}' for tokens in variants]
        parts.append("(" + " OR ".join(alternatives) + ")")
    joiner = " OR " if _operator(query) == "or" else " AND "
    return joiner.join(parts)


def has_words(query) -> bool:
    """Whether a plain-text or phrase query holds at least one word to look for."""
    if isinstance(query, (PlainText, Phrase)):
        return bool(query_phrases_of(query))
    return True


def flatten(value) -> str:
    """A field's value as one text (StreamField content comes as a list of strings)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "\n".join(flatten(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(flatten(item) for item in value.values())
    return str(value)


# The fields written into the index entry's title column: a page's title and a plan's short
# title (略称), which readers search by as often as by the full title.
TITLE_FIELDS = frozenset({"title", "short_title"})


def index_columns(fields: list[str] | None) -> list[str] | None:
    """The index entry's columns that stand for the fields a caller restricts a search to.

    The entry keeps one tokenised text for the title and one for everything else; the
    model's own columns hold untokenised text that no phrase query can match. A search on
    the title alone searches the title column, any other restriction the whole entry."""
    if fields and set(fields) <= {"title"}:
        return ["title"]
    return None
