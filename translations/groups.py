"""The translators' groups: one per language other than Japanese."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import GroupPagePermission, Locale, Page

from .models import TranslatorGroup

INDICATOR_PERMISSIONS = [
    ("plans", "indicator", "change_indicator"),
    ("plans", "indicator", "publish_indicator"),
    ("plans", "indicator", "view_indicator"),
]
# What a translator may do anywhere: sign in to the admin, send pages and snippets for
# translation and synchronise them, and change (not add or delete) departments, glossary
# terms, the municipality's name and contact texts and indicators — of their own language
# only, see translations.permissions. Indicators have drafts: a translator publishes their
# language's indicators as they publish their language's pages (a department or a term is
# live as soon as it is saved).
GLOBAL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("wagtail_localize", "translation", "submit_translation"),
    ("plans", "department", "change_department"),
    ("plans", "department", "view_department"),
    ("plans", "glossaryterm", "change_glossaryterm"),
    ("plans", "glossaryterm", "view_glossaryterm"),
    ("home", "municipalitytext", "change_municipalitytext"),
    ("home", "municipalitytext", "view_municipalitytext"),
    *INDICATOR_PERMISSIONS,
]
# On their language's tree only: they publish the pages of their language themselves.
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


@dataclass
class GroupReport:
    locale: Locale
    group: Group
    created: bool
    tree_root: Page | None
    notes: list[str] = field(default_factory=list)


def group_name(locale: Locale) -> str:
    return _("翻訳者（%(language)s）") % {"language": locale.get_display_name() or locale.language_code}


def locale_root(locale: Locale) -> Page | None:
    """The home page of ``locale``: the translation of a site's root page."""
    roots = Page.objects.filter(depth=2).values_list("translation_key", flat=True)
    return Page.objects.filter(translation_key__in=roots, locale=locale, depth=2).first()


@transaction.atomic
def setup_translator_groups(
    *, source_language: str | None = None, leave: Collection[str] = ()
) -> list[GroupReport]:
    """Create or bring up to date a translators' group for every locale but the source one
    and those in ``leave`` (language codes: their groups are neither created nor changed).

    Safe to run again: it only adds what is missing. Page permissions are given on the
    language's home page; a language whose home page is not translated yet gets its group
    without them, and a note says so.
    """
    source_language = source_language or settings.LANGUAGE_CODE
    global_permissions = [
        Permission.objects.get(content_type__app_label=app, content_type__model=model, codename=codename)
        for app, model, codename in GLOBAL_PERMISSIONS
    ]
    page_type = ContentType.objects.get_for_model(Page)
    page_permissions = list(Permission.objects.filter(content_type=page_type, codename__in=PAGE_PERMISSIONS))
    reports = []
    locales = Locale.objects.exclude(language_code=source_language).exclude(language_code__in=list(leave))
    for locale in locales.order_by("language_code"):
        existing = TranslatorGroup.objects.filter(locale=locale).select_related("group").first()
        if existing:
            group, created = existing.group, False
        else:
            group, created = Group.objects.get_or_create(name=group_name(locale))
            TranslatorGroup.objects.update_or_create(group=group, defaults={"locale": locale})
        group.permissions.add(*global_permissions)
        report = GroupReport(locale=locale, group=group, created=created, tree_root=locale_root(locale))
        if report.tree_root is None:
            report.notes.append(
                _(
                    "この言語のトップページがまだないため、ページの権限は付けていません。トップページを翻訳してから、もう一度実行してください。"
                )
            )
        else:
            for permission in page_permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=report.tree_root, permission=permission
                )
        reports.append(report)
    return reports
