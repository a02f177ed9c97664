"""The municipality's name and contact texts for a reader: those of the reader's language,
else the Japanese ones (``MunicipalityText``); the admin and other Japanese places read the
Japanese ones."""

from __future__ import annotations

from django.utils.translation import get_language

from wagtail.models import Site

from .languages import SOURCE_LANGUAGE
from .models import MunicipalityText

__all__ = ["japanese_name", "text_for", "text_for_request"]


def text_for(site: Site | None, language: str | None = None) -> MunicipalityText | None:
    """The site's texts in ``language`` (the active language by default), else in Japanese,
    else None; one query. The language of what is returned is its ``locale``: templates mark
    Japanese texts on other languages' pages with ``{% lang_attr text %}``."""
    if site is None:
        return None
    language = (language or get_language() or SOURCE_LANGUAGE).lower()
    found = {
        text.locale.language_code.lower(): text
        for text in MunicipalityText.objects.filter(
            site=site, locale__language_code__in=[language, SOURCE_LANGUAGE]
        ).select_related("locale")
    }
    return found.get(language) or found.get(SOURCE_LANGUAGE)


def text_for_request(request) -> MunicipalityText | None:
    """:func:`text_for` the request's site and the active language, once per request and
    language (the header, the footer, the title and the page's contact all ask)."""
    if request is None:
        return None
    language = (get_language() or SOURCE_LANGUAGE).lower()
    cache = request.__dict__.setdefault("_kyodo_municipality_text", {})
    if language not in cache:
        cache[language] = text_for(Site.find_for_request(request), language)
    return cache[language]


def japanese_name(site: Site | None) -> str:
    """The Japanese name of the site's municipality, or ""."""
    if site is None:
        return ""
    names = MunicipalityText.objects.filter(site=site, locale__language_code=SOURCE_LANGUAGE)
    return (names.values_list("name", flat=True).first() or "").strip()
