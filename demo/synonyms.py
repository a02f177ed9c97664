"""The demo municipality's search synonyms (「同義語」 in the admin): the short and
misspelt forms residents type for the words the plans use."""

from __future__ import annotations

SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("パブコメ", ("パブリックコメント",)),
    ("意見公募", ("パブリックコメント",)),
    ("共働", ("協働",)),
    ("住民参加", ("市民参加",)),
)
