"""The reader's display preferences: 文字サイズ (text size) and 背景色 (background colour).

Each is a cookie the server reads, so the choice works without JavaScript and holds on every
page: ``kyodo_text_size`` (``standard``, ``large``, ``larger``) and ``kyodo_background``
(``white``, ``black``, ``blue``). The header's links go to ``/preferences/?text_size=large&next=…``
(:func:`set_preferences`), which stores the cookie and sends the reader back to the page.
``base.html`` writes the choice as classes on ``<html>`` and the style sheet does the rest.
A page therefore depends on these cookies: :class:`DisplayPreferenceMiddleware` says so
(``Vary: Cookie``) to shared caches.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

__all__ = [
    "BACKGROUND",
    "PREFERENCES",
    "TEXT_SIZE",
    "DisplayPreferenceMiddleware",
    "Preference",
    "chosen",
    "html_classes",
    "safe_next",
    "set_preferences",
]

COOKIE_MAX_AGE = 365 * 24 * 60 * 60
NEXT_PARAMETER = "next"


@dataclass(frozen=True)
class Preference:
    """One switch: its query parameter, its cookie, and its values with their labels (the
    first value is the default)."""

    parameter: str
    cookie: str
    label: Promise
    choices: tuple[tuple[str, Promise], ...]

    @property
    def default(self) -> str:
        return self.choices[0][0]

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _label in self.choices)

    def read(self, request: HttpRequest | None) -> str:
        """The reader's value from the cookie; the default for none or a value not offered."""
        if request is None:
            return self.default
        value = request.COOKIES.get(self.cookie, "")
        return value if value in self.values else self.default


TEXT_SIZE = Preference(
    parameter="text_size",
    cookie="kyodo_text_size",
    label=gettext_lazy("文字サイズ"),
    # The words alone are short and ambiguous: each carries its switch as context.
    choices=(
        ("standard", pgettext_lazy("文字サイズ", "標準")),
        ("large", pgettext_lazy("文字サイズ", "拡大")),
        ("larger", pgettext_lazy("文字サイズ", "特大")),
    ),
)
BACKGROUND = Preference(
    parameter="background",
    cookie="kyodo_background",
    label=gettext_lazy("背景色"),
    choices=(
        ("white", pgettext_lazy("背景色", "白")),
        ("black", pgettext_lazy("背景色", "黒")),
        ("blue", pgettext_lazy("背景色", "青")),
    ),
)
PREFERENCES = (TEXT_SIZE, BACKGROUND)


def chosen(request: HttpRequest | None) -> dict[str, str]:
    """``{"text_size": …, "background": …}`` for this request. The page now depends on the
    cookies: the middleware adds ``Vary: Cookie``."""
    if request is not None:
        request.kyodo_display_varies = True
    return {preference.parameter: preference.read(request) for preference in PREFERENCES}


def html_classes(request: HttpRequest | None) -> str:
    """The classes of ``<html>``: ``text-size-standard background-white`` and so on."""
    values = chosen(request)
    return f"text-size-{values[TEXT_SIZE.parameter]} background-{values[BACKGROUND.parameter]}"


def safe_next(value: str | None) -> str | None:
    """``value`` when it is a path on this site (``/en/plans/``, with its query), else None:
    never another host, a scheme or a protocol-relative ``//host``."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return None
    if any(ord(character) < 32 or ord(character) == 127 for character in value):
        return None  # a line break would end the Location header
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=set()):
        return None
    return value


def _refuse(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "home/preferences_refused.html", {"message": message}, status=400)


@never_cache
@require_GET
def set_preferences(request: HttpRequest) -> HttpResponse:
    """``?text_size=…`` and/or ``?background=…``, and ``next``: store the choice for a year
    and go back to ``next`` (the site's home page without one). A value not offered, or a
    ``next`` that is not a path on this site, changes nothing and answers 400."""
    given = {
        preference: request.GET[preference.parameter]
        for preference in PREFERENCES
        if preference.parameter in request.GET
    }
    if not given:
        return _refuse(request, _("文字サイズか背景色を指定してください。"))
    for preference, value in given.items():
        if value not in preference.values:
            return _refuse(request, _("指定された文字サイズまたは背景色は選べません。"))
    target = "/"
    if NEXT_PARAMETER in request.GET:
        target = safe_next(request.GET[NEXT_PARAMETER])
        if target is None:
            return _refuse(request, _("このサイトの外のページには戻れません。"))
    response = HttpResponseRedirect(target)
    for preference, value in given.items():
        response.set_cookie(
            preference.cookie,
            value,
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response


class DisplayPreferenceMiddleware:
    """Adds ``Vary: Cookie`` to every response whose page read the display preferences, so a
    shared cache never gives a page in large text or on black to a reader without."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "kyodo_display_varies", False):
            patch_vary_headers(response, ["Cookie"])
        return response
