"""The language middleware (home/language_middleware.py) decides as Django's
LocaleMiddleware does, for every kind of address, with the language of a prefix
remembered."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseNotFound
from django.middleware.locale import LocaleMiddleware
from django.test import RequestFactory
from django.utils import translation

import pytest

from home.language_middleware import LanguageMiddleware, language_from_path

PATHS = [
    "/",
    "/search/",
    "/en/",
    "/en/search/",
    "/ko/plans/",
    "/zh-hans/",
    "/ja-x-easy/plans/",
    "/pt-br/",
    "/EN/",
    "/en-us/",
    "/zh/",
    "/xx/",
    "/api/v2/pages/",
    "/admin/",
    "/sitemap.xml",
    "/robots.txt",
]
HEADERS = [{}, {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.8"}, {"HTTP_COOKIE": "django_language=ko"}]


def _run(middleware_class, path: str, headers: dict, status: int) -> tuple:
    def view(request):
        answer = HttpResponse("ok") if status == 200 else HttpResponseNotFound("missing")
        answer["X-Seen-Language"] = request.LANGUAGE_CODE
        return answer

    with translation.override(None):
        response = middleware_class(view)(RequestFactory().get(path, **headers))
    return (
        response.status_code,
        response.get("X-Seen-Language"),
        response.get("Content-Language"),
        response.get("Vary"),
        response.get("Location"),
    )


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("headers", HEADERS, ids=["plain", "accept-language", "cookie"])
@pytest.mark.parametrize("status", [200, 404])
def test_it_decides_as_djangos_locale_middleware(path, headers, status):
    assert _run(LanguageMiddleware, path, headers, status) == _run(LocaleMiddleware, path, headers, status)


@pytest.mark.parametrize("path", PATHS)
def test_the_language_of_a_prefix_is_djangos(path):
    assert language_from_path(path) == translation.get_language_from_path(path)


def test_a_change_of_the_languages_is_followed(settings):
    assert language_from_path("/fr/") is None
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "Français")]
    assert language_from_path("/fr/") == "fr"
    settings.LANGUAGES = [pair for pair in settings.LANGUAGES if pair[0] != "fr"]
    assert language_from_path("/fr/") is None


def test_with_a_prefix_for_the_default_language_django_decides(settings):
    """Where the cookie or Accept-Language chooses (i18n_patterns with the default language
    prefixed), the middleware leaves the whole decision to Django."""
    settings.ROOT_URLCONF = "tests.site.prefixed_urls"
    for headers in HEADERS:
        for path in ("/", "/en/", "/ja/", "/search/"):
            for status in (200, 404):
                assert _run(LanguageMiddleware, path, headers, status) == _run(
                    LocaleMiddleware, path, headers, status
                ), (path, headers, status)
