"""Fixtures of the translation tests: the English tree above the sample plan, translated
departments, the translators' groups with a translator of English, and a helper that fills
in English strings as a translator would."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
from django.utils import translation

from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

import pytest

from translations.groups import setup_translator_groups


def translate_to(page, locale, *, copy_parents: bool = True):
    """Submit ``page`` for translation into ``locale`` (what "Translate" does): a source, an
    enabled translation and a draft copy in the target tree."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    # Pages start as drafts; snippets without drafts are saved as they are.
    draft = isinstance(page, Page)
    source.create_or_update_translation(
        locale, copy_parent_pages=copy_parents, publish=not draft, fallback=True
    )
    return translation


def fill_strings(translation, english: dict[str, str], *, translation_type: str = "manual") -> None:
    """Translate every string of ``translation`` whose Japanese text is a key of ``english``;
    any other string gets an English placeholder of the same meaning."""
    segments = StringSegment.objects.filter(source=translation.source).select_related("string", "context")
    for segment in segments:
        text = english.get(segment.string.data, f"[en] {segment.context.path}")
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            defaults={"data": text, "translation_type": translation_type},
        )


def untranslated_count(translation) -> int:
    return (
        StringSegment.objects.filter(source=translation.source)
        .exclude(
            Exists(
                StringTranslation.objects.filter(
                    translation_of=OuterRef("string_id"),
                    context=OuterRef("context_id"),
                    locale=translation.target_locale,
                )
            )
        )
        .count()
    )


@pytest.fixture
def english_departments(departments, tree):
    """English translations of 市民局 and 市民協働推進課 (広聴課 and the others stay Japanese)."""
    shimin = departments.shimin.copy_for_translation(tree.en)
    shimin.name = "Citizens' Affairs Bureau"
    shimin.save()
    kyodo = departments.kyodo.copy_for_translation(tree.en)
    kyodo.name = "Citizen Collaboration Division"
    kyodo.parent = shimin
    kyodo.save()
    return {"shimin": shimin, "kyodo": kyodo}


def publish_translated_path(page, locale, capture) -> None:
    """Translate and publish the ancestors of ``page`` (home page, plan list, plan …) into
    ``locale``, their untranslated strings still in Japanese, so that the translation of
    ``page`` is reachable on the public site."""
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific():
        translation = translate_to(ancestor, locale)
        with capture(execute=True):  # wagtail-localize publishes on commit
            translation.save_target(publish=True)


@pytest.fixture
def translated(sample_plan, tree, english_departments, django_capture_on_commit_callbacks):
    """English and Korean trees above 審議会等への公募委員の登用, its English and Korean drafts,
    and the translators' groups."""
    ko, _ = Locale.objects.get_or_create(language_code="ko")
    item = sample_plan.public_members
    for locale in (tree.en, ko):
        publish_translated_path(item, locale, django_capture_on_commit_callbacks)
        translate_to(item, locale)
    setup_translator_groups()
    return {
        "ko": ko,
        "item": item,
        "en_item": item.get_translation(tree.en),
        "ko_item": item.get_translation(ko),
    }


@pytest.fixture
def en_translator(client, django_user_model, translated):
    """A member of 「翻訳者（English）」, logged in."""
    user = django_user_model.objects.create_user("honyaku-en", "en@translate.example.jp", "pw")
    user.groups.add(Group.objects.get(name="翻訳者（English）"))
    client.force_login(user)
    return client


@pytest.fixture
def admin_client_ja(client, django_user_model):
    user = django_user_model.objects.create_superuser("kanri", "kanri@city.minato.example.jp", "pw")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _japanese_admin():
    """Reports and messages are read in Japanese, whatever language an earlier request left active."""
    with translation.override("ja"):
        yield
