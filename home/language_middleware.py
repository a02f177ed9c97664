"""The language of each request: Django's ``LocaleMiddleware``, with the language of an
address's first segment worked out once instead of on every request.

Django asks ``get_language_from_path`` three times per request, and for an address whose
first segment is no language (``/search/``, ``/plans/…``) each time raises and catches a
``LookupError`` that its own ``lru_cache`` does not keep. On a page the page cache answers
that was a third of the whole cost (docs/benchmarks.md). The answer depends only on the
segment and on ``LANGUAGES``, so it is remembered per segment (a bounded number of them) and
forgotten when the languages change.

Everything else is Django's: where the address decides the language (Kyodo's
``i18n_patterns`` without a prefix for Japanese), it is the address's language or
``LANGUAGE_CODE``, as Django would choose; where it does not (no language patterns, or a
prefix for the default language), Django's own code runs, with the cookie and
``Accept-Language``. A 404 takes Django's own way too, for its redirect to the prefixed
address.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.signals import setting_changed
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import language_code_prefix_re


@lru_cache(maxsize=512)
def _language_of_segment(segment: str) -> str | None:
    return translation.get_language_from_path(f"/{segment}/")


def language_from_path(path: str) -> str | None:
    """``django.utils.translation.get_language_from_path``, remembered per first segment."""
    match = language_code_prefix_re.match(path)
    return _language_of_segment(match[1]) if match else None


def _forget(*, setting: str, **kwargs) -> None:
    if setting in ("LANGUAGES", "LANGUAGE_CODE"):
        _language_of_segment.cache_clear()


setting_changed.connect(_forget, dispatch_uid="kyodo_language_of_segment")


def address_language(request) -> tuple[bool, str | None]:
    """Whether the address alone gives the language, and the language its prefix names
    (``None`` at the root, which is ``LANGUAGE_CODE``'s)."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    patterns_used, prefixed_default = is_language_prefix_patterns_used(urlconf)
    if not patterns_used:
        return False, None
    from_path = language_from_path(request.path_info)
    return (from_path is not None or not prefixed_default), from_path


class LanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        decides, from_path = address_language(request)
        if not decides:
            return super().process_request(request)
        translation.activate(from_path or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        decides, from_path = address_language(request)
        if not decides or response.status_code == 404:
            return super().process_response(request, response)
        if from_path is None:
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
