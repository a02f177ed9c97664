"""How far each plan is translated into each language (「翻訳状況」).

The plan's published indicators (成果指標) are counted beside its pages: they are sent for
translation with the plan (:mod:`translations.indicators`), and a plan is not translated
while its indicators are not. Their strings count in the share of strings translated.

Every figure comes from a fixed number of queries (eight, and one per language for the
strings), however many pages and indicators a plan has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q

from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from plans.models import Indicator, PlanPage

from .indicators import source_indicators


@dataclass
class StalePage:
    """A translation whose source page (or indicator) was published again after it was last
    synced."""

    title: str
    source_page_id: int
    translated_page_id: int
    source_id: int
    source_published_at: datetime
    synced_at: datetime
    # An indicator's translation: the ids are the Japanese and the translated indicator's.
    indicator: bool = False


@dataclass
class LocaleProgress:
    locale: Locale
    pages: int = 0
    translated: int = 0
    published: int = 0
    strings: int = 0
    strings_translated: int = 0
    indicators: int = 0
    indicators_translated: int = 0
    indicators_published: int = 0
    out_of_date: list[StalePage] = field(default_factory=list)

    @property
    def percent(self) -> int | None:
        """Share of the strings of the translated pages that have a translation (what
        wagtail-localize's ``Translation.get_progress()`` counts, summed over the plan)."""
        if not self.strings:
            return None
        return self.strings_translated * 100 // self.strings


@dataclass
class PlanProgress:
    plan: PlanPage
    locales: list[LocaleProgress]


def target_locales() -> list[Locale]:
    return list(Locale.objects.exclude(language_code=settings.LANGUAGE_CODE).order_by("language_code"))


def plan_translation_status(*, plans=None, locales: list[Locale] | None = None) -> list[PlanProgress]:
    """For each source-language plan (or those given) and each other locale: the plan's pages
    (plan, measures, items, reports) and published indicators, how many have a translation,
    how many of those are live, the share of strings translated, and the translations that
    are out of date."""
    locales = target_locales() if locales is None else locales
    if plans is None:
        plans = PlanPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    plans = list(plans.order_by("path").only("pk", "path", "title", "short_title", "translation_key"))
    if not plans or not locales:
        return [PlanProgress(plan=plan, locales=[]) for plan in plans]

    pages = list(
        Page.objects.filter(reduce(or_, (Q(path__startswith=plan.path) for plan in plans)))
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .values("pk", "path", "title", "translation_key", "last_published_at")
    )
    indicators = list(
        source_indicators([plan.pk for plan in plans]).values(
            "pk", "plan_id", "name", "translation_key", "last_published_at"
        )
    )
    keys = [page["translation_key"] for page in pages]
    indicator_keys = [indicator["translation_key"] for indicator in indicators]
    translated = {
        (row["translation_key"], row["locale_id"]): row
        for row in Page.objects.filter(translation_key__in=keys, locale__in=locales).values(
            "pk", "translation_key", "locale_id", "live"
        )
    }
    translated_indicators = {
        (row["translation_key"], row["locale_id"]): row
        for row in Indicator.objects.filter(translation_key__in=indicator_keys, locale__in=locales).values(
            "pk", "translation_key", "locale_id", "live"
        )
    }
    sources = {
        row["object_id"]: row
        for row in TranslationSource.objects.filter(
            object_id__in=keys + indicator_keys, locale__language_code=settings.LANGUAGE_CODE
        ).values("pk", "object_id", "last_updated_at")
    }
    enabled = set(
        Translation.objects.filter(
            source_id__in=[source["pk"] for source in sources.values()],
            target_locale__in=locales,
            enabled=True,
        ).values_list("source_id", "target_locale_id")
    )
    strings = {locale.pk: _string_counts([s["pk"] for s in sources.values()], locale) for locale in locales}

    def count(entry, row, target, *, indicator: bool) -> None:
        """Add the translation ``target`` of the page or indicator ``row`` to ``entry``."""
        source = sources.get(row["translation_key"])
        if source is None or (source["pk"], entry.locale.pk) not in enabled:
            return
        total, done = strings[entry.locale.pk].get(source["pk"], (0, 0))
        entry.strings += total
        entry.strings_translated += done
        published_at = row["last_published_at"]
        if published_at and published_at > source["last_updated_at"]:
            entry.out_of_date.append(
                StalePage(
                    title=row["name"] if indicator else row["title"],
                    source_page_id=row["pk"],
                    translated_page_id=target["pk"],
                    source_id=source["pk"],
                    source_published_at=published_at,
                    synced_at=source["last_updated_at"],
                    indicator=indicator,
                )
            )

    result = []
    for plan in plans:
        members = [page for page in pages if page["path"].startswith(plan.path)]
        measures = [indicator for indicator in indicators if indicator["plan_id"] == plan.pk]
        progress = []
        for locale in locales:
            entry = LocaleProgress(locale=locale, pages=len(members), indicators=len(measures))
            for page in members:
                target = translated.get((page["translation_key"], locale.pk))
                if target is not None:
                    entry.translated += 1
                    entry.published += target["live"]
                    count(entry, page, target, indicator=False)
            for indicator in measures:
                target = translated_indicators.get((indicator["translation_key"], locale.pk))
                if target is not None:
                    entry.indicators_translated += 1
                    entry.indicators_published += target["live"]
                    count(entry, indicator, target, indicator=True)
            progress.append(entry)
        result.append(PlanProgress(plan=plan, locales=progress))
    return result


def _string_counts(source_ids: list[int], locale: Locale) -> dict[int, tuple[int, int]]:
    """Per translation source: its strings, and how many have a translation into ``locale``."""
    if not source_ids:
        return {}
    translated = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=locale.pk,
        has_error=False,
    )
    rows = (
        StringSegment.objects.filter(source_id__in=source_ids)
        .annotate(is_translated=Exists(translated))
        .values("source_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(is_translated=True)))
    )
    return {row["source_id"]: (row["total"], row["done"]) for row in rows}
