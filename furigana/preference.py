"""Whether a request sees ruby: on Japanese pages only, off by default except in easy
Japanese, and the reader's own choice (``?ruby=1`` / ``?ruby=0``, then kept in a cookie)
above both."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

__all__ = ["COOKIE_NAME", "PARAMETER", "easy_japanese", "is_japanese", "ruby_on", "toggle_url"]

PARAMETER = "ruby"
COOKIE_NAME = "kyodo_ruby"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
CHOICES = {"1": True, "0": False}


def easy_japanese() -> str:
    return getattr(settings, "KYODO_EASY_JAPANESE", "ja-x-easy")


def is_japanese(language: str | None) -> bool:
    language = (language or "").lower()
    return language == "ja" or language.startswith("ja-")


def explicit_choice(request: HttpRequest) -> bool | None:
    """The reader's choice: this request's ``?ruby=``, else the cookie, else None."""
    choice = CHOICES.get(request.GET.get(PARAMETER, ""))
    if choice is None:
        choice = CHOICES.get(request.COOKIES.get(COOKIE_NAME, ""))
    return choice


def ruby_on(request: HttpRequest | None, language: str | None) -> bool:
    """Whether ruby is shown on this request's page in ``language``."""
    if request is None or not is_japanese(language):
        return False
    # The page now depends on the cookie: the middleware adds Vary: Cookie.
    request.kyodo_ruby_varies = True
    choice = explicit_choice(request)
    if choice is not None:
        return choice
    return language.lower() == easy_japanese().lower()


def toggle_url(request: HttpRequest, *, on: bool) -> str:
    """This page's address with ``ruby`` set to ``on``, other parameters kept."""
    query = request.GET.copy()
    query[PARAMETER] = "1" if on else "0"
    return f"{request.path}?{query.urlencode()}"
