"""Who may translate what, and who may read the source pages.

Two questions every translators' screen asks:

- **Into which languages** may a user send and import translations? A member of a
  translators' group (:class:`translations.models.TranslatorGroup`) works in their group's
  language only; superusers, and users whose translation permission comes from any other
  group (editors, administrators), work in every language.
- **May a user read the source-language pages** in the admin? Whoever may send pages for
  translation may read the pages they would send: see
  :class:`translations.page_policy.SourceReadingPagePermissionPolicy`.
"""

from __future__ import annotations

from django.conf import settings

from wagtail.models import Locale, Page
from wagtail.permissions import policy_registry

SUBMIT_TRANSLATION = "wagtail_localize.submit_translation"


def can_translate(user) -> bool:
    """May send pages and snippets for translation (and so sees 「翻訳状況」)."""
    return user.is_active and user.has_perm(SUBMIT_TRANSLATION)


def reads_source_pages(user) -> bool:
    """May explore and read (never change) the pages of the source language."""
    return can_translate(user)


def translator_locale_ids(user) -> set[int] | None:
    """The locales ``user`` translates into: ``None`` for every locale, else the ids of their
    translators' groups' locales. One query, cached on the user for the request."""
    if not user.is_active:
        return set()
    if user.is_superuser:
        return None
    if "_kyodo_translator_locales" not in user.__dict__:
        locales = set(
            user.groups.filter(translator_locale__isnull=False).values_list(
                "translator_locale__locale_id", flat=True
            )
        )
        user._kyodo_translator_locales = locales or None
    return user._kyodo_translator_locales


def locale_allowed(user, locale: Locale) -> bool:
    """Translators work in their own language; other users with the permission anywhere."""
    locales = translator_locale_ids(user)
    return locales is None or locale.pk in locales


def allowed_locales(user, locales):
    """``locales`` (a queryset or a list) narrowed to those ``user`` translates into."""
    ids = translator_locale_ids(user)
    if ids is None:
        return locales
    if hasattr(locales, "filter"):
        return locales.filter(pk__in=ids)
    return [locale for locale in locales if locale.pk in ids]


def source_pages():
    """Every page of the source language (the root node excepted)."""
    return Page.objects.filter(locale__language_code=settings.LANGUAGE_CODE, depth__gt=1)


def source_locale_id(user) -> int | None:
    """The source language's locale id, cached on the user for the request."""
    if "_kyodo_source_locale_id" not in user.__dict__:
        user._kyodo_source_locale_id = (
            Locale.objects.filter(language_code=settings.LANGUAGE_CODE).values_list("pk", flat=True).first()
        )
    return user._kyodo_source_locale_id


def can_read_page(user, page: Page) -> bool:
    """May open ``page``'s read-only view: it is one of the pages the user may explore (a
    source-language page is answered without a query, for the explorer's rows)."""
    if page.is_root() or not user.is_active:
        return False
    if reads_source_pages(user) and page.locale_id == source_locale_id(user):
        return True
    policy = policy_registry.get_by_type(Page)
    return policy.explorable_instances(user).filter(pk=page.pk).exists()
