"""Reading and writing the cells of a plan table.

Each ``parse_*`` function takes the text of a cell and returns a value or raises
:class:`CellError` with a message for the user; each ``format_*`` function writes the form
an export uses, which the matching ``parse_*`` reads back unchanged.
"""

from __future__ import annotations

import re
from contextlib import nullcontext

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from ..scales import DEFAULT_SCALE, SLIGHTLY_DELAYED, Level, Scale
from ..vocabularies import ACTOR_MARKS, ALIASES, TABLE_WORDS, Actor, Phase, ProgressStatus
from .text import title_key


class CellError(ValueError):
    """A cell that cannot be read; the message names the problem in the user's language."""


def clean_text(value) -> str:
    """A cell as text: ``None`` is empty, numbers lose a trailing ``.0``, ends are trimmed,
    Windows line breaks become ``\\n``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


# Words in cells compare as titles do: NFKC, no white space, case-folded.
_key = title_key


# Flags ---------------------------------------------------------------------------------

TRUE_MARKS = ("○", "◯", "〇", "●", "✓", "✔", "1", "yes", "true", "y", "有")
FALSE_MARKS = ("-", "－", "ー", "×", "0", "no", "false", "n", "無")
_TRUE = {_key(mark) for mark in TRUE_MARKS}
_FALSE = {_key(mark) for mark in FALSE_MARKS} | {""}
FLAG_TRUE = "○"


def parse_flag(text: str) -> tuple[bool, bool]:
    """``(value, recognised)``: any other text counts as a mark, and ``recognised`` is false
    so that the report can warn about it."""
    key = _key(text)
    if key in _FALSE:
        return False, True
    return True, key in _TRUE


def format_flag(value: bool) -> str:
    return FLAG_TRUE if value else ""


RELISTED_SUFFIX = re.compile(r"\s*[\[［(（]再掲[\]］)）]\s*$")


def split_relisted_title(title: str) -> tuple[str, bool]:
    """``「職員研修の充実（再掲）」`` → ``("職員研修の充実", True)``."""
    stripped = RELISTED_SUFFIX.sub("", title)
    return stripped, stripped != title


# Vocabularies --------------------------------------------------------------------------

PLAIN_MARKS = ("●", "○", "◯", "〇", "◎", "→", "⇒", "➡", "━", "―", "─", "✓", "✔", "■", "□", "▲", "△")


def _vocabulary_index(vocabulary: type[models.TextChoices]) -> dict[str, str]:
    index: dict[str, str] = {}
    with translation.override("ja"):
        for choice in vocabulary:
            index[_key(choice.value)] = choice.value
            index[_key(str(choice.label))] = choice.value
    for code, words in ALIASES.get(vocabulary, {}).items():
        for word in words:
            index[_key(word)] = code
    for code, word in TABLE_WORDS.get(vocabulary, {}).items():
        index[_key(word)] = code
    return index


_INDEXES: dict[type[models.TextChoices], dict[str, str]] = {}


def parse_choice(vocabulary: type[models.TextChoices], text: str) -> str | None:
    """The code of a word of ``vocabulary`` (code, Japanese word or alias); ``None`` when the
    cell is empty. Unknown words raise :class:`CellError` listing the accepted ones."""
    if not text.strip():
        return None
    if vocabulary not in _INDEXES:
        _INDEXES[vocabulary] = _vocabulary_index(vocabulary)
    code = _INDEXES[vocabulary].get(_key(text))
    if code is None and vocabulary is Phase and _key(text) in {_key(mark) for mark in PLAIN_MARKS}:
        code = Phase.IMPLEMENT
    if code is None:
        raise CellError(
            _("「%(text)s」は使える語ではありません。使える語：%(words)s")
            % {"text": text, "words": "、".join(table_words(vocabulary))}
        )
    return code


def table_words(vocabulary: type[models.TextChoices]) -> list[str]:
    """The Japanese word of each code, as exports write them."""
    return [format_choice(vocabulary, choice.value) for choice in vocabulary]


def format_choice(vocabulary: type[models.TextChoices], code: str, *, english: bool = False) -> str:
    if not code:
        return ""
    if english:
        return code
    word = TABLE_WORDS.get(vocabulary, {}).get(code)
    if word:
        return word
    with translation.override("ja"):
        return str(vocabulary(code).label)


_ACTOR_MARKS = "".join(ACTOR_MARKS.values())
_COMBINED_MARKS = re.compile(rf"^[{_ACTOR_MARKS}](?:[\s・、,，/／]*[{_ACTOR_MARKS}])+$")


def actor_marks(text: str) -> list[str]:
    """The marks of a cell that combines several actor marks (「★ ◎」, 「★◎」), as some
    printed plans do; an empty list for any other cell."""
    compact = text.strip()
    if not _COMBINED_MARKS.match(compact):
        return []
    return [char for char in compact if char in _ACTOR_MARKS]


def parse_actor(text: str) -> str | None:
    """The actor of a cell (word, mark or code). Of combined marks (「★ ◎」) the first is
    the actor; the import report says so (see :func:`actor_marks`)."""
    marks = actor_marks(text)
    return parse_choice(Actor, marks[0] if marks else text)


def actor_label(mark: str) -> str:
    """The table word of an actor mark: 「★」→「市民」."""
    return format_choice(Actor, parse_choice(Actor, mark) or "")


def parse_phase(text: str) -> str | None:
    return parse_choice(Phase, text)


def parse_status(text: str, scale: Scale = DEFAULT_SCALE) -> Level | None:
    """The level of ``scale`` a status cell names; ``None`` when the cell is empty.

    A plan's own scale accepts its levels' labels. The default scale accepts what the
    status vocabulary does (code, Japanese word, alias) and its own level やや遅れ. An
    unknown word is an error listing the scale's labels."""
    if not text.strip():
        return None
    if scale.own:
        level = scale.find(text)
    elif _key(text) in _SLIGHTLY_DELAYED:
        level = scale.level(SLIGHTLY_DELAYED)
    else:
        try:
            level = scale.level(parse_choice(ProgressStatus, text) or "")
        except CellError:
            level = None
    if level is None:
        raise CellError(
            _("「%(text)s」は使える語ではありません。使える語：%(words)s")
            % {"text": text, "words": "、".join(status_words(scale))}
        )
    return level


_SLIGHTLY_DELAYED = {_key(SLIGHTLY_DELAYED), _key("やや遅れ")}


def status_words(scale: Scale = DEFAULT_SCALE) -> list[str]:
    """The words a status cell may hold, as exports write them: the scale's labels."""
    with translation.override("ja") if not scale.own else nullcontext():
        return scale.words()


def format_status(scale: Scale, status: str, grade: str = "", *, english: bool = False) -> str:
    """A progress row's status cell: the label of its level (for the default scale, the
    Japanese word, or the code under English headers); empty for 評価なし."""
    if not status:
        return ""
    level = scale.level_of(status, grade)
    if level is None:
        return format_choice(ProgressStatus, status, english=english)
    if scale.own:
        return str(level.label)
    if english:
        return level.key
    with translation.override("ja"):
        return str(level.label)


# Departments ---------------------------------------------------------------------------

DEPARTMENT_SEPARATORS = re.compile(r"[\n、，,／/\s\u3000]+")


def parse_departments(text: str) -> list[str]:
    """The department names of a cell, lead first. A cell of separators only is an error."""
    if not text.strip():
        return []
    names = [name for name in DEPARTMENT_SEPARATORS.split(text) if name]
    if not names:
        raise CellError(_("担当の欄に部署名がありません（区切り記号だけです）。"))
    return names


def format_departments(names: list[str]) -> str:
    return "\n".join(names)
