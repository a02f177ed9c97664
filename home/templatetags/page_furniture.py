"""What every public page carries besides its content (docs/public-site.md): the head's
description, canonical link and OGP tags with absolute URLs on the configured host, and the
foot's 更新日 and 「このページに関するお問い合わせ」."""

from __future__ import annotations

from django import template
from django.utils.text import Truncator
from django.utils.translation import get_language

from wagtail.fields import StreamField
from wagtail.models import Page, Site

from plans.models import ActionItemPage, Department, MeasurePage, PlanPage, ProgressReportPage
from plans.selectors import public_department_ids
from plans.templatetags.kyodo import site_title

from ..municipality import settings_for_request, text_for_request
from .languages import content_language

register = template.Library()

# How long a description made from the page's text may be (search engines show about this
# many Japanese characters).
DESCRIPTION_CHARACTERS = 120

# The fields a page's description is taken from when it has no search_description, first
# filled one wins: summaries and introductions before the body.
DESCRIPTION_FIELDS = ("lead", "summary", "intro", "introduction", "description", "overall_evaluation", "body")

# og:locale for each language (easy Japanese is Japanese).
OG_LOCALES = {
    "ja": "ja_JP",
    "ja-x-easy": "ja_JP",
    "en": "en_US",
    "zh-hans": "zh_CN",
    "zh-hant": "zh_TW",
    "ko": "ko_KR",
    "pt-br": "pt_BR",
    "vi": "vi_VN",
}


def _plain_text(page: Page, name: str) -> str:
    value = getattr(page, name, None)
    if not value:
        return ""
    field = type(page)._meta.get_field(name)
    if isinstance(field, StreamField):
        # The blocks' own searchable text: words without markup, nothing rendered.
        parts = field.stream_block.get_searchable_content(value)
        return " ".join(part for part in parts if isinstance(part, str))
    return str(value)


def page_description(page: Page) -> str:
    """The page's search_description, else the start of its first text field, one line."""
    text = page.search_description or ""
    if not text:
        for name in DESCRIPTION_FIELDS:
            if hasattr(page, name):
                text = _plain_text(page, name)
            if text.strip():
                break
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_CHARACTERS)


def canonical_url(request, page: Page | None) -> str:
    """This page's address on the configured host: the requested path (a plan's sub-pages
    included), or the Japanese page's own address when it is shown under another language's
    prefix because that language has no translation."""
    if page is not None and page.alias_of_id and page.alias_of.live:
        return page.alias_of.specific.get_full_url(request)
    site = Site.find_for_request(request) if request is not None else None
    if site is not None:
        return site.root_url + request.path
    return page.get_full_url(request) if page is not None else ""


@register.inclusion_tag("includes/page_meta.html", takes_context=True)
def page_meta(context) -> dict:
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    language = content_language(context)
    if page is not None and language != (get_language() or "") and request is not None:
        url = page.get_full_url(request)  # the Japanese page, not its fallback under /en/
    else:
        url = canonical_url(request, page)
    municipality = text_for_request(request)
    site_name = " ".join(part for part in (municipality.name if municipality else "", site_title()) if part)
    title = (page.seo_title or page.title) if page is not None else context.get("meta_title", "")
    return {
        "description": page_description(page) if page is not None else "",
        "url": url,
        "title": title or site_name,
        "type": "website" if page is not None and page.depth <= 2 else "article",
        "site_name": site_name,
        "og_locale": OG_LOCALES.get(language, "ja_JP"),
    }


@register.simple_tag(takes_context=True)
def municipality_text(context):
    """The municipality's name and contact texts in the reader's language, else Japanese
    (``home.municipality``); None before any is entered."""
    return text_for_request(context.get("request"))


@register.simple_tag(takes_context=True)
def municipality_settings(context):
    """The municipality's settings (code, phone, e-mail, accessibility policy page) for the
    request's site (``home.municipality``)."""
    return settings_for_request(context.get("request"))


def contact_candidates(page: Page) -> list[Department | None]:
    """Whom to ask about a page, in order: an item's lead department, then its plan's
    issuing department; a plan's issuing department; a measure's or report's plan's."""
    if isinstance(page, ActionItemPage):
        return [page.lead_department, page.plan.issuing_department if page.plan else None]
    if isinstance(page, PlanPage):
        return [page.issuing_department]
    if isinstance(page, MeasurePage | ProgressReportPage):
        return [page.plan.issuing_department if page.plan else None]
    return []


@register.simple_tag(takes_context=True)
def contact_department(context) -> Department | None:
    """The first public department among :func:`contact_candidates`; None sends the reader
    to the site's own contact (the municipality's settings)."""
    page = context.get("page")
    if not isinstance(page, Page):
        return None
    candidates = [department for department in contact_candidates(page) if department is not None]
    if not candidates:
        return None
    public = public_department_ids()
    return next((department for department in candidates if department.pk in public), None)
