"""The admin in Japanese: Kyodo's catalogue (admin_locale/ja) fills what Wagtail's and
wagtail-localize's own Japanese catalogues leave in English, Django reads it, its
placeholders are the English ones, and its compiled files match it (docs/languages.md)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation

from wagtail.admin.views.i18n import localized_js_catalog

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
ADMIN_LOCALE = ROOT / "admin_locale" / "ja" / "LC_MESSAGES"
DOMAINS = ["django", "djangojs"]
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]")
# %(name)s, %d, %s, %%, {name}, {}, {{ var }} and HTML tags: what a translation must keep.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif%]|\{\{.*?\}\}|\{\w*\}|</?[a-zA-Z][^>]*>")
MINIMUM_COVERAGE = 0.99


def is_wagtail_app(name: str) -> bool:
    return name == "wagtail" or name.startswith(("wagtail.", "wagtail_localize"))


def translations(path: Path) -> dict[tuple[str | None, str], str]:
    """(msgctxt, msgid) → msgstr (the plural one for plural entries) of the entries msgfmt
    compiles: a non-empty msgstr, not fuzzy."""
    if not path.exists():
        return {}
    return {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural[0]
        for entry in polib.pofile(str(path))
        if not entry.obsolete
        and not entry.fuzzy
        and (entry.msgstr or (entry.msgstr_plural and all(entry.msgstr_plural.values())))
    }


def looked_up(entry: polib.POEntry) -> tuple[str, str]:
    """(what Django's gettext returns in the active language, the English it returns when
    nothing translates the entry)."""
    if entry.msgid_plural:
        context, msgid, plural = entry.msgctxt, entry.msgid, entry.msgid_plural
        if context:
            return translation.npgettext(context, msgid, plural, 2), plural
        return translation.ngettext(msgid, plural, 2), plural
    if entry.msgctxt:
        return translation.pgettext(entry.msgctxt, entry.msgid), entry.msgid
    return translation.gettext(entry.msgid), entry.msgid


def test_admin_locale_is_the_second_locale_path():
    # makemessages --all takes its languages from the first entry: locale/ must stay first.
    assert [Path(path) for path in settings.LOCALE_PATHS] == [ROOT / "locale", ROOT / "admin_locale"]


def test_nearly_every_wagtail_msgid_has_japanese():
    ours = translations(ADMIN_LOCALE / "django.po")
    total, untranslated, catalogues = 0, [], 0
    with translation.override("ja"):
        for config in apps.get_app_configs():
            english = Path(config.path) / "locale" / "en" / "LC_MESSAGES" / "django.po"
            if not is_wagtail_app(config.name) or not english.exists():
                continue
            catalogues += 1
            theirs = translations(Path(config.path) / "locale" / "ja" / "LC_MESSAGES" / "django.po")
            for entry in polib.pofile(str(english)):
                if entry.obsolete or not entry.msgid:
                    continue
                total += 1
                result, source = looked_up(entry)
                key = (entry.msgctxt, entry.msgid)
                # Django returns the English: untranslated, unless a catalogue translates the
                # entry by the English itself ("URL", "ID").
                if result == source and source not in (theirs.get(key), ours.get(key)):
                    untranslated.append(f"{config.name}: {entry.msgid!r}")

    assert catalogues >= 14 and total > 1800  # wagtail, admin, images, …, wagtail_localize
    coverage = 1 - len(untranslated) / total
    assert coverage >= MINIMUM_COVERAGE, (
        f"{coverage:.1%} of {total} msgids have Japanese; untranslated "
        f"(run `manage.py admin_catalogue --update`, docs/languages.md):\n" + "\n".join(untranslated)
    )


@pytest.mark.parametrize(
    "msgid",
    [
        "Your pages and snippets in a workflow",  # dashboard
        "Bulk actions",
        "Are you sure you want to publish these pages?",  # bulk action
        "Workflow started",  # page history
        "Approved at '%(task)s'. Next step '%(next_task)s'",
        "Schedule to publish",
        "Checks",  # the checks panel
        "Translate this page",  # wagtail-localize
        "Sync translated pages",
        "Locales",
    ],
)
def test_admin_strings_are_japanese(msgid):
    with translation.override("ja"):
        assert JAPANESE.search(translation.gettext(msgid)), msgid


def test_plural_admin_strings_are_japanese_for_every_count():
    with translation.override("ja"):
        for count in (1, 2, 5):
            text = translation.ngettext("Delete 1 page", "Delete %(counter)s pages", count)
            assert text % {"counter": count} == f"{count}件のページを削除"


def test_the_admin_javascript_catalogue_is_japanese():
    request = RequestFactory().get("/admin/jsi18n/")
    request.user = AnonymousUser()
    with translation.override("ja"):
        catalogue = localized_js_catalog(request).content.decode()
    # The catalogue is JavaScript holding JSON strings (non-ASCII escaped).
    assert json.dumps("すべて折りたたむ") in catalogue  # "Collapse all", from admin_locale
    assert json.dumps("保存") in catalogue  # "Save", from Wagtail's own catalogue


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_translation_keeps_the_placeholders(domain):
    po = polib.pofile(str(ADMIN_LOCALE / f"{domain}.po"))
    assert len(po) > 50
    wrong = []
    for entry in po:
        if entry.obsolete:
            continue
        # Japanese has one plural form: msgstr[0] serves every count, as the English plural does.
        source = entry.msgid_plural or entry.msgid
        for msgstr in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            if msgstr and placeholders(msgstr) != placeholders(source):
                wrong.append(f"{entry.msgid!r}: {msgstr!r}")
    assert wrong == []


def test_the_placeholder_check_sees_a_lost_placeholder():
    assert placeholders("%(count)s件の<b>ページ</b>") == placeholders("<b>%(count)s</b> pages")
    assert placeholders("ページ") != placeholders("%(count)s pages")
    assert placeholders("{title}を編集") != placeholders("Edit {name}")


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_compiled_catalogue_matches_the_source(domain):
    po = polib.pofile(str(ADMIN_LOCALE / f"{domain}.po"))
    mo = polib.mofile(str(ADMIN_LOCALE / f"{domain}.mo"))

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
