"""How staff appear in the admin: their names family name first when written in Japanese
(or another script that puts it first).
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

# Kana, kanji (with 々) and hangul: names in these scripts are written family name first.
_FAMILY_NAME_FIRST = re.compile(
    "["
    "\u3005"  # 々
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # kanji
    "\uff66-\uff9f"  # half-width katakana
    "\uac00-\ud7af"  # hangul
    "]"
)


def writes_family_name_first(first_name: str, last_name: str) -> bool:
    return bool(_FAMILY_NAME_FIRST.search(first_name + last_name))


def full_name(user) -> str:
    """「山田 太郎」 for 山田 (last name) 太郎 (first name); "John Smith" stays as it is."""
    first, last = user.first_name.strip(), user.last_name.strip()
    names = (last, first) if writes_family_name_first(first, last) else (first, last)
    return " ".join(name for name in names if name)


def put_family_name_first() -> None:
    """Make ``User.get_full_name()`` put the family name first in Japanese.

    Wagtail names a user through ``get_full_name()`` everywhere (``get_user_display_name``,
    the history's ``user_display_name``, the users' listing, comments, notification e-mails)
    and has no setting or hook for the order; a proxy model would not reach ``request.user``
    or the users that foreign keys load. So Django's default ``User`` model, which Kyodo
    uses (there is no ``AUTH_USER_MODEL``), gets this method when the app registry is ready
    (``HomeConfig.ready()``). Remove it when Kyodo adopts a custom user model (give that
    model this ``get_full_name()``) or when Wagtail offers a display-name hook or setting.
    """
    if get_user_model() is User:
        User.get_full_name = full_name
