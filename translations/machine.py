"""Machine translation: which published translations still hold machine-made strings.

Pages and indicators alike: both have a ``machine_translated`` column, set when their
translation is published."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation

from plans.models import Indicator


def has_machine_strings(page: Page | Indicator) -> bool:
    """Whether the translation ``page`` (a page or an indicator) is made from has any string
    whose current translation was made by a machine translator and not edited by a person
    since (one query)."""
    machine = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=page.locale_id,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    )
    return (
        StringSegment.objects.filter(
            source__object_id=page.translation_key,
            source__translations__target_locale_id=page.locale_id,
            source__translations__enabled=True,
        )
        .filter(Exists(machine))
        .exists()
    )


def record_machine_translation(page: Page | Indicator) -> bool:
    """Store on a just-published page or indicator whether readers must be told it is
    machine translated.

    Written with ``update()``: the flag is not content, so it adds no revision, and the page's
    rendering reads it from the row it loads anyway."""
    flag = has_machine_strings(page)
    if flag != getattr(page, "machine_translated", flag):
        type(page).objects.filter(pk=page.pk).update(machine_translated=flag)
        page.machine_translated = flag
    return flag
