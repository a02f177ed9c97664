"""Display helpers for templates: fiscal years, circled numbers and vocabulary marks."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from ..fiscal_years import fiscal_year_en, fiscal_year_ja, wareki

register = template.Library()

# Languages whose pages print fiscal years in the Japanese era.
ERA_LANGUAGES = ("ja",)


@register.filter
def fiscal_year(value) -> str:
    """``2024`` → ``令和6年度（2024年度）`` on Japanese pages, ``FY2024`` elsewhere."""
    if value in (None, ""):
        return ""
    year = int(value)
    language = (get_language() or "ja").lower()
    if language.split("-")[0] in ERA_LANGUAGES:
        return fiscal_year_ja(year)
    return fiscal_year_en(year)


@register.filter
def fiscal_year_short(value) -> str:
    """``2024`` → ``令和6年度`` on Japanese pages (table headers), ``FY2024`` elsewhere."""
    if value in (None, ""):
        return ""
    year = int(value)
    language = (get_language() or "ja").lower()
    if language.split("-")[0] in ERA_LANGUAGES:
        return wareki(year)
    return fiscal_year_en(year)


@register.filter
def fiscal_period(plan) -> str:
    """A plan's period: ``令和3年度（2021年度）～令和7年度（2025年度）``."""
    return f"{fiscal_year(plan.period_start)}～{fiscal_year(plan.period_end)}"


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
