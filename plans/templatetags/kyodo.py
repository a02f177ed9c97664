"""Display helpers for templates: fiscal years, circled numbers, the site's sections, stream
headings, file sizes and contact links."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, pgettext

from wagtail.models import Site

from ..fiscal_years import date_ja, fiscal_year_label, fiscal_year_short_label, writes_era
from ..indicators import format_quantity
from ..selectors import locale_sections

register = template.Library()


@register.filter
def fiscal_year(value) -> str:
    """``2024`` → ``令和6年度（2024年度）`` on Japanese and easy-Japanese pages, ``FY2024`` elsewhere."""
    if value in (None, ""):
        return ""
    return fiscal_year_label(int(value), get_language())


@register.filter
def fiscal_year_short(value) -> str:
    """``2024`` → ``令和6年度`` on Japanese and easy-Japanese pages (table headers), ``FY2024`` elsewhere."""
    if value in (None, ""):
        return ""
    return fiscal_year_short_label(int(value), get_language())


@register.filter
def japanese_date(value) -> str:
    """A date (or a moment, taken in the site's time zone) as the page's language writes it:
    ``令和5年（2023年）4月1日`` on Japanese and easy-Japanese pages, the language's own date
    format elsewhere (``April 1, 2023``)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if writes_era(get_language()):
        return date_ja(value)
    return date_format(value, "DATE_FORMAT")


@register.filter
def fiscal_period(plan) -> str:
    """A plan's period: ``令和3年度（2021年度）～令和7年度（2025年度）``."""
    return gettext("%(start)s～%(end)s") % {
        "start": fiscal_year(plan.period_start),
        "end": fiscal_year(plan.period_end),
    }


_CIRCLED_1_TO_20 = 0x2460
_CIRCLED_21_TO_35 = 0x3251
_CIRCLED_36_TO_50 = 0x32B1


@register.filter
def circled(value) -> str:
    """``1`` → ``①`` up to 50, the numbering of commitments in guidelines."""
    number = int(value)
    if 1 <= number <= 20:
        return chr(_CIRCLED_1_TO_20 + number - 1)
    if 21 <= number <= 35:
        return chr(_CIRCLED_21_TO_35 + number - 21)
    if 36 <= number <= 50:
        return chr(_CIRCLED_36_TO_50 + number - 36)
    return f"({number})"


# Site structure -----------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def site_sections(context) -> dict:
    """The current language's home page and its main sections, for the header and footer.

    Looked up once per request (one query) and kept on the request, so the header, the
    footer and any block that links to the glossary share the answer.
    """

    request = context.get("request")
    if request is None:
        return {}
    cached = getattr(request, "_kyodo_sections", None)
    if cached is None:
        site = Site.find_for_request(request)
        cached = locale_sections(site, get_language()) if site else {}
        request._kyodo_sections = cached
    return cached


@register.simple_tag
def site_title() -> str:
    """The name of the site when the municipality has not filled in its settings."""
    return str(settings.KYODO_DEFAULT_SITE_TITLE)


@register.filter
def is_within(page, section) -> bool:
    """Whether ``page`` is ``section`` or below it (for ``aria-current`` in the menu)."""
    if page is None or section is None or not getattr(page, "path", None):
        return False
    return page.path.startswith(section.path)


# StreamFields -------------------------------------------------------------------------


@register.filter
def with_heading_levels(stream, base=1) -> list[tuple]:
    """Pair each block of a stream with the heading level its own heading should take.

    Blocks such as checklists or FAQs carry an optional heading; it sits one level below
    the last heading block before it (or below ``base``, the page's level), so the page's
    outline never skips a level.
    """
    try:
        current = int(base)
    except (TypeError, ValueError):
        current = 1
    pairs = []
    for block in stream or []:
        if block.block_type == "heading":
            current = int(str(block.value["level"]).lstrip("h"))
            pairs.append((block, current))
        else:
            pairs.append((block, min(current + 1, 6)))
    return pairs


# Files, contacts and labels -----------------------------------------------------------


@register.filter
def file_size(value) -> str:
    """``1250000`` → ``1.2MB``: the size written beside a download link."""
    if value in (None, ""):
        return ""
    size = int(value)
    if size < 1024:
        return gettext("%(size)dバイト") % {"size": size}
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))}KB"
    return f"{size / (1024 * 1024):.1f}MB"


@register.filter
def tel_href(value) -> str:
    """``045-123-4567`` → ``tel:045-123-4567``, keeping only what a dialler understands."""
    kept = "".join(char for char in str(value or "") if char.isdigit() or char in "+-")
    return f"tel:{kept}" if kept else ""


@register.filter
def verbose_name(value) -> str:
    """The human name of an object's type, e.g. 計画 for a plan page."""
    return str(type(value)._meta.verbose_name) if hasattr(type(value), "_meta") else ""


@register.filter
def model_name(value) -> str:
    """``homepage``, ``planpage`` …: the page type, for ``data-page-type`` and styling hooks."""
    return type(value)._meta.model_name if hasattr(type(value), "_meta") else ""


@register.filter
def status_summary(counts) -> str:
    """``完了 2件、順調 3件`` from a list of StatusCount, leaving out the statuses with no item."""
    parts = [
        gettext("%(label)s %(count)d件") % {"label": entry.label, "count": entry.count}
        for entry in counts or []
        if entry.count
    ]
    return pgettext("list separator", "、").join(parts)


@register.filter
def percent(value) -> str:
    """``33.333`` → ``33``: shares written as whole percents."""
    if value in (None, ""):
        return ""
    return f"{float(value):.0f}"


@register.filter
def quantity(value, unit="") -> str:
    """An indicator's number with its unit, as the page's language writes it: ``1,200人``,
    ``26.8%`` (plans.indicators.format_quantity); empty for no number."""
    if value in (None, ""):
        return ""
    return format_quantity(Decimal(value), unit or "")


@register.simple_tag
def page_numbers(page_obj, on_each_side: int = 2, on_ends: int = 1) -> list:
    """Page numbers around the current one, with ``…`` (Paginator.ELLIPSIS) for the gaps."""
    return list(
        page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends)
    )
