"""The message catalogues: English is complete; every other language translates at least the
vocabularies and the site's chrome; each compiled file matches its source, so a fresh machine
without GNU gettext shows what the catalogue says."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import translation

import polib
import pytest

from plans import vocabularies
from search.facets import TYPE_ORDER

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

# What a reader sees on every page, beside the vocabularies.
CHROME = [
    "本文へ移動",
    "メインメニュー",
    "パンくずリスト",
    "トップページ",
    "お問い合わせ",
    "サイトについて",
    "サイト内検索",
    "検索",
    "ウェブアクセシビリティ方針",
    "言語の切り替え",
    "市民参加・協働の計画",
    "ページが見つかりません",
    # the headings of the search page's facets
    "ページの種類",
    "担当部署",
    "主体",
    "状況",
    "年度",
]


def catalogue(language: str) -> Path:
    return LOCALE_DIR / translation.to_locale(language) / "LC_MESSAGES"


def source_of(label) -> tuple[str | None, str]:
    """(context, Japanese source) of a lazy gettext_lazy or pgettext_lazy label, whatever
    language is active."""
    args = label._args
    return (None, args[0]) if len(args) == 1 else (args[0], args[1])


def vocabulary_labels() -> list[tuple[str | None, str]]:
    """(context, Japanese label) of every vocabulary code and every page type of the search
    facets."""
    choices = [
        value
        for value in vars(vocabularies).values()
        if isinstance(value, type)
        and issubclass(value, models.TextChoices)
        and value is not models.TextChoices
    ]
    labels = [source_of(vocabulary(member).label) for vocabulary in choices for member in vocabulary]
    labels += [source_of(model._meta.verbose_name) for model in TYPE_ORDER]
    assert len(labels) >= 40
    return labels


def test_every_english_entry_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(catalogue("en") / "django.po"))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert (untranslated, fuzzy) == ([], [])
    assert len(po) > 300


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_vocabulary_label_and_the_chrome_are_translated(language):
    po = polib.pofile(str(catalogue(language) / "django.po"))
    entries = {(entry.msgctxt, entry.msgid): entry for entry in po if not entry.obsolete}
    wanted = vocabulary_labels() + [(None, msgid) for msgid in CHROME]

    missing = [key for key in wanted if key not in entries or not entries[key].msgstr]
    fuzzy = [key for key in wanted if key in entries and entries[key].fuzzy]
    assert (missing, fuzzy) == ([], []), language

    # And Django reads them: the label a page shows is the catalogue's.
    with translation.override(language):
        assert str(vocabularies.ProgressStatus.MOSTLY_ON_TRACK.label) == entries[(None, "概ね順調")].msgstr
        assert translation.pgettext("progress status", "完了") == entries[("progress status", "完了")].msgstr
        assert translation.gettext("本文へ移動") == entries[(None, "本文へ移動")].msgstr


def test_easy_japanese_uses_simpler_words():
    with translation.override(settings.KYODO_EASY_JAPANESE):
        assert str(vocabularies.ProgressStatus.MOSTLY_ON_TRACK.label) == "だいたい よてい どおり"
        assert str(vocabularies.ProgressStatus.DELAYED.label) == "おくれて いる"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_the_compiled_catalogue_matches_the_source(language):
    po = polib.pofile(str(catalogue(language) / "django.po"))
    mo = polib.mofile(str(catalogue(language) / "django.mo"))

    def entries(catalogue):
        return {
            (entry.msgctxt, entry.msgid): entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
            for entry in catalogue
            if entry.msgid
            and not entry.obsolete
            and (entry.msgstr or any(entry.msgstr_plural.values()))  # msgfmt leaves out the rest
            and "fuzzy" not in getattr(entry, "flags", ())
        }

    assert entries(mo) == entries(po)


# Where the strings a reader of the public site meets come from: the site's templates (not
# the admin's), the page models' labels, the vocabularies and template tags, the home app
# and both APIs; not the admin's screens, forms (the page editor's) and hooks.
ADMIN_ONLY = ("admin", "forms.py", "wagtail_hooks.py")
PUBLIC_SOURCES = (
    "templates/",
    "plans/vocabularies.py",
    "plans/scales.py",
    "plans/indicators.py",
    "plans/indicator_charts.py",
    "plans/indicator_figures.py",
    "plans/templatetags/",
    "plans/models/",
    "home/",
    "search/",
    "api/",
    "printing/",
)


def _is_public(occurrence: str) -> bool:
    return occurrence.startswith(PUBLIC_SOURCES) and not any(part in occurrence for part in ADMIN_ONLY)


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_string_of_the_public_site_is_translated(language):
    """A reader of a translated page never meets a Japanese label in the page's chrome."""
    po = polib.pofile(str(catalogue(language) / "django.po"))
    missing = [
        entry.msgid
        for entry in po
        if not entry.obsolete
        and any(_is_public(path) for path, _line in entry.occurrences)
        and (entry.fuzzy or not (entry.msgstr or any(entry.msgstr_plural.values())))
    ]
    assert missing == [], language
