"""The municipality's name and contact texts for a reader: those of the reader's language,
else the Japanese ones (``MunicipalityText``); the admin and other Japanese places read the
Japanese ones."""

from __future__ import annotations

from django.utils.translation import get_language

from wagtail.models import Site

from plans.content_cache import cached

from .languages import SOURCE_LANGUAGE
from .models import MunicipalitySettings, MunicipalityText

__all__ = ["japanese_name", "settings_for_request", "text_for", "text_for_request"]


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
    site = Site.find_for_request(request)
    if site is None:
        return None
    # Kept under the content generation, which every saved text starts anew (home.page_cache).
    return cached("municipality_text", (site.pk, language), lambda: text_for(site, language))


def _settings_for_site(site: Site) -> MunicipalitySettings:
    # Read, never created: a page read writes nothing (Wagtail's ``for_site`` would save an
    # empty row). Unsaved, the settings are blank, as a new row would be.
    found = MunicipalitySettings.objects.filter(site=site).select_related("accessibility_policy_page").first()
    return found if found is not None else MunicipalitySettings(site=site)


def settings_for_request(request) -> MunicipalitySettings | None:
    """The site's ``MunicipalitySettings`` with its accessibility policy page, kept under
    the content generation (the footer and each page's contact read them)."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    return cached("municipality_settings", (site.pk,), lambda: _settings_for_site(site))


def japanese_name(site: Site | None) -> str:
    """The Japanese name of the site's municipality, or ""."""
    if site is None:
        return ""
    names = MunicipalityText.objects.filter(site=site, locale__language_code=SOURCE_LANGUAGE)
    return (names.values_list("name", flat=True).first() or "").strip()
