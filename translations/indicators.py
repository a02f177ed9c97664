"""A plan's indicators (成果指標) travel with the plan's translation.

Indicators are snippets, not pages below the plan, so wagtail-localize's "Translate this
page" with the pages below it never reaches them: a plan sent for translation would have
been published in English with every indicator still in Japanese, and nobody told. These
functions are the one place that says which indicators go with a plan and what a plan's
submission and sync do to them; the subtree task (:mod:`translations.jobs`), the sync screen
(:mod:`translations.localize_views`), 「翻訳状況」 and the plan's PO bundle call them.

Only published (live) Japanese indicators go: a draft indicator is not on the Japanese site
either, and its translation is made when it is published and the plan is synced. Nothing
here publishes a translation unless the person asked for it on the sync screen, and nothing
unpublishes one: wagtail-localize saves a snippet translation as a draft by setting it
offline, so an indicator already translated is never saved again as a draft here — its
source is brought up to date, and 「翻訳状況」 lists it as out of date until it is synced
with publication or published from its editor.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator

from plans.models import Indicator


@dataclass
class IndicatorSync:
    """What a submission or a sync did to a plan's indicators."""

    submitted: int = 0  # translations created (drafts)
    updated: int = 0  # existing translations whose source was brought up to date
    published: int = 0


def source_indicators(plan_ids: Iterable[int]) -> QuerySet[Indicator]:
    """The published source-language indicators of the plans ``plan_ids``, in the plans' order."""
    return Indicator.objects.filter(
        plan_id__in=list(plan_ids), live=True, locale__language_code=settings.LANGUAGE_CODE
    ).order_by("plan__path", "sort_order", "pk")


def submit_indicators(plan_ids: Iterable[int], locales: Iterable[Locale], user=None) -> IndicatorSync:
    """Send the plans' indicators for translation into ``locales``, as their pages are sent.

    An indicator without a translation into a locale gets one, a draft whose texts are the
    Japanese ones until translated and whose numbers are copied; one already translated keeps
    its translation as it is (live or draft) and has its source brought up to date.
    """
    locales = list(locales)
    report = IndicatorSync()
    for indicator in source_indicators(plan_ids):
        source, created = TranslationSource.update_or_create_from_instance(indicator)
        existing = set(
            Indicator.objects.filter(translation_key=indicator.translation_key).values_list(
                "locale_id", flat=True
            )
        )
        missing = [locale for locale in locales if locale.pk not in existing]
        report.updated += len([locale for locale in locales if locale.pk in existing])
        if missing:
            TranslationCreator(user, missing).create_translations(indicator)
            report.submitted += len(missing)
    return report


def sync_indicators(
    plan_ids: Iterable[int],
    locales: Iterable[Locale],
    user=None,
    *,
    publish: bool = False,
    machine_translator=None,
) -> IndicatorSync:
    """What 「同期」 of a plan does to its indicators, in the plan's translated languages:
    indicators published since get their translation (a draft); every translation takes the
    current Japanese texts and numbers; with ``machine_translator`` the strings still
    untranslated are pre-filled by it (marked as machine-made, as on pages); with ``publish``
    the translations are published."""
    # The editor's own function: it records each string as machine-made.
    from wagtail_localize.views.edit_translation import apply_machine_translation  # a view module

    plan_ids, locales = list(plan_ids), list(locales)
    report = submit_indicators(plan_ids, locales, user)
    if not (publish or machine_translator):
        return report
    keys = list(source_indicators(plan_ids).values_list("translation_key", flat=True))
    translations = Translation.objects.filter(
        source__object_id__in=keys, target_locale__in=locales, enabled=True
    ).select_related("source", "target_locale")
    for translation in translations:
        if machine_translator is not None and machine_translator.can_translate(
            translation.source.locale, translation.target_locale
        ):
            apply_machine_translation(translation.pk, user, machine_translator)
        if publish:
            with contextlib.suppress(ValidationError):
                translation.save_target(user=user, publish=True)
                report.published += 1
    return report
