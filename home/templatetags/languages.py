"""The page's language for ``<html lang>`` and inline passages, the language switcher and
the ``hreflang`` alternates (see ``home.languages``)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

from wagtail.models import Page

from plans.content_cache import cached as kept_between_requests
from plans.templatetags.kyodo import site_sections

from .. import languages

register = template.Library()


def current_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


@register.simple_tag
def html_lang() -> str:
    """The current language as a BCP 47 tag: ``zh-Hans``, ``pt-BR``, ``ja-x-easy`` (which
    browsers and screen readers read as Japanese: its primary subtag is ``ja``)."""
    return languages.bcp47(current_language())


@register.simple_tag(takes_context=True)
def content_language(context) -> str:
    """The language the page's own content is in: the current language, except for a
    Japanese page (or an alias of one) shown under another language's prefix because that
    language has no page there. ``base.html`` renders ``<main>`` in it, so the labels
    around the content speak the same language as the content and ``lang`` is true."""
    page = context.get("page")
    if not isinstance(page, Page):
        return current_language()
    if not hasattr(page, "_kyodo_language"):
        page._kyodo_language = languages.language_of(page)
    return page._kyodo_language or current_language()


@register.simple_tag
def lang_attr(value) -> str:
    """`` lang="ja"`` when ``value`` (a language code, a Locale, or a page or snippet with a
    locale) is in another language than the page around it, else nothing: for passages that
    stay Japanese on a translated page, such as the municipality's name, a department with no
    translation, or a section of the Japanese tree shown because this language has none."""
    language = languages.language_of(value)
    if not language or language == current_language():
        return ""
    return format_html(' lang="{}"', languages.bcp47(language))


def _links(context) -> list[languages.LanguageLink]:
    """The switcher's links, worked out once per request (the head and the header share them)."""
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    key = (page.pk if page else None, current_language())
    cached = getattr(request, "_kyodo_language_links", None)
    if cached is None or cached[0] != key:
        home = site_sections(context).get("home")
        if page is None:
            links = languages.language_links(request, page, home)
        else:
            # A page's links depend on its address and the live translations only: kept
            # between requests under the content generation (plans.content_cache).
            parts = (request.get_host(), request.get_full_path(), *key, home.pk if home else None)
            links = kept_between_requests(
                "language_links", parts, lambda: languages.language_links(request, page, home)
            )
        cached = (key, links)
        request._kyodo_language_links = cached
    return cached[1]


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context) -> dict:
    links = _links(context)
    return {"links": links if len(links) > 1 else []}


@register.inclusion_tag("includes/hreflang.html", takes_context=True)
def hreflang_alternates(context) -> dict:
    return {"alternates": languages.alternates(_links(context))}
