"""How staff appear in the admin: their names family name first when written in Japanese
(or another script that puts it first), and initials instead of an outside avatar service.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

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
# Dark backgrounds for white initials (contrast above 4.5:1), one per user in turn.
AVATAR_COLOURS = ("#1d4f91", "#2d6a34", "#8a2c3b", "#5b3f8f", "#00605a", "#7a4a00")


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


def initials(user) -> str:
    """「山」 for 山田 太郎 (the family name's first character); "JS" for John Smith."""
    first, last = user.first_name.strip(), user.last_name.strip()
    if writes_family_name_first(first, last):
        return (last or first)[0]
    letters = "".join(name[0] for name in (first, last) if name).upper()
    return letters or (user.get_username()[:1].upper() or "?")


def initials_avatar_url(user) -> str:
    """An SVG image of the user's initials, as a data: URL: nothing leaves the server."""
    text = initials(user)
    colour = AVATAR_COLOURS[(user.pk or 0) % len(AVATAR_COLOURS)]
    size = 50 if len(text) == 1 else 40
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" fill="{colour}"/>'
        f'<text x="50" y="50" dy=".35em" text-anchor="middle" font-size="{size}" fill="#fff" '
        "font-family=\"'Hiragino Sans','Noto Sans CJK JP','Yu Gothic',Meiryo,sans-serif\">"
        f"{escape(text)}</text></svg>"
    )
    return "data:image/svg+xml," + quote(svg, safe="=:/,()")


def has_uploaded_avatar(user) -> bool:
    # The profile is a reverse one-to-one: a user without one raises an AttributeError.
    profile = getattr(user, "wagtail_userprofile", None)
    return bool(profile and profile.avatar)
