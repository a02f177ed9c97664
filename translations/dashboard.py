"""The dashboard panel of those who send pages for translation: the translations whose
Japanese page has changed since (out of date), per language, with a link to 「翻訳状況」."""

from __future__ import annotations

from collections import Counter

from wagtail.admin.ui.components import Component

from .access import allowed_locales, can_translate
from .status import plan_translation_status, target_locales


class OutOfDatePanel(Component):
    name = "kyodo_out_of_date_translations"
    template_name = "translations/admin/dashboard/out_of_date.html"
    order = 60

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        locales = allowed_locales(self.request.user, target_locales())
        counts: Counter = Counter()
        for plan in plan_translation_status(locales=locales):
            for row in plan.locales:
                counts[row.locale] += len(row.out_of_date)
        return {"rows": [(locale, counts[locale]) for locale in locales if counts[locale]]}


def homepage_panels(request, panels) -> None:
    if can_translate(request.user):
        panels.append(OutOfDatePanel(request))
