"""The あかさたな index of the glossary: each term under the kana row of its reading.

A term is filed by the first character of its reading (よみがな), the way a Japanese
index is; a term without a reading is filed by its own first character when that is kana
(「パブリックコメント」 under は), and under その他 otherwise (a term in kanji with no
reading, or one in Latin letters such as 「NPO」), since its sound cannot be told from its
spelling. Katakana, half-width kana and voiced or small kana count as the plain hiragana
(ガ → か, ぱ → は, ゃ → や). Pages in other languages group by the first letter of the
term, A to Z, and put the rest under その他.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .fiscal_years import writes_era

# Each row: its label, the slug of its anchor, and the plain hiragana it holds.
KANA_ROWS: tuple[tuple[str, str, str], ...] = (
    ("あ", "a", "あいうえおぁぃぅぇぉゔ"),
    ("か", "ka", "かきくけこゕゖ"),
    ("さ", "sa", "さしすせそ"),
    ("た", "ta", "たちつてとっ"),
    ("な", "na", "なにぬねの"),
    ("は", "ha", "はひふへほ"),
    ("ま", "ma", "まみむめも"),
    ("や", "ya", "やゆよゃゅょ"),
    ("ら", "ra", "らりるれろ"),
    ("わ", "wa", "わゐゑをんゎ"),
)
_ROW_OF = {kana: (label, slug) for label, slug, members in KANA_ROWS for kana in members}
OTHER_SLUG = "other"
_KATAKANA_TO_HIRAGANA = 0x60


@dataclass
class IndexGroup:
    label: str
    slug: str  # the fragment of the group's heading: index-ka
    terms: list = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"index-{self.slug}"


def hiragana(text: str) -> str:
    """Full-width hiragana for kana in any form: ｶﾞ and ガ → が; other characters unchanged."""
    converted = []
    for char in unicodedata.normalize("NFKC", text):
        if "ァ" <= char <= "ヶ":
            char = chr(ord(char) - _KATAKANA_TO_HIRAGANA)
        converted.append(char)
    return "".join(converted)


def _plain(char: str) -> str:
    """The kana without its voicing mark: が → か, ぱ → は."""
    return unicodedata.normalize("NFD", char)[0]


def is_kana(char: str) -> bool:
    return _plain(hiragana(char)) in _ROW_OF


def sort_reading(term) -> str:
    """What a term is sorted by within its row: the reading, else the term itself, in hiragana."""
    return hiragana(term.reading or term.term)


def kana_row(term) -> tuple[str, str] | None:
    """``(label, slug)`` of the row a term is filed under, or None for その他."""
    source = (term.reading or "").strip() or (term.term or "").strip()
    if not source:
        return None
    first = _plain(hiragana(source[0]))
    return _ROW_OF.get(first)


def _kana_groups(terms: Iterable) -> list[IndexGroup]:
    groups = {slug: IndexGroup(label, slug) for label, slug, _members in KANA_ROWS}
    other = IndexGroup(_("その他"), OTHER_SLUG)
    for term in sorted(terms, key=sort_reading):
        row = kana_row(term)
        (groups[row[1]] if row else other).terms.append(term)
    return [*groups.values(), other]


def _letter_groups(terms: Iterable) -> list[IndexGroup]:
    groups = {chr(code): IndexGroup(chr(code), chr(code).lower()) for code in range(ord("A"), ord("Z") + 1)}
    other = IndexGroup(_("その他"), OTHER_SLUG)
    for term in sorted(terms, key=lambda term: unicodedata.normalize("NFKD", term.term).casefold()):
        first = unicodedata.normalize("NFKD", term.term.strip()[:1]).upper()[:1]
        groups.get(first, other).terms.append(term)
    return [*groups.values(), other]


def glossary_index(terms: Iterable, language: str | None) -> list[IndexGroup]:
    """Every row of the index in order (empty ones too, which the index shows unlinked):
    あ … わ and その他 on Japanese and easy-Japanese pages, A … Z and その他 elsewhere."""
    return _kana_groups(terms) if writes_era(language) else _letter_groups(terms)
