"""Kyodo's Japanese catalogue for the admin (``admin_locale/ja``).

Wagtail's and wagtail-localize's own Japanese catalogues leave many strings in English. Kyodo
keeps the missing translations in ``admin_locale/ja/LC_MESSAGES/`` (``django.po`` and
``djangojs.po``); being in ``LOCALE_PATHS`` it wins over the apps' catalogues. This module
finds the msgids those apps leave untranslated and adds them, empty, to Kyodo's catalogue
(``manage.py admin_catalogue``, docs/languages.md).

The source of the msgids is each app's English template catalogue,
``<app>/locale/en/LC_MESSAGES/<domain>.po``; a msgid counts as translated by the app when its
``locale/ja`` catalogue has a non-empty msgstr that is not fuzzy (what msgfmt compiles).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

import polib

PACKAGES = ("wagtail", "wagtail_localize")
# The admin's templates and Python code use "django"; its JavaScript reads "djangojs" through
# Django's JavaScriptCatalog (the admin's /admin/jsi18n/ and wagtail-localize's own).
DOMAINS = ("django", "djangojs")
LANGUAGE = "ja"

HEADER = (
    "Japanese for the strings of the Wagtail and wagtail-localize admin that their own\n"
    "Japanese catalogues leave untranslated. `manage.py admin_catalogue --update` adds the\n"
    "new msgids; docs/languages.md."
)
METADATA = {
    "Project-Id-Version": "Kyodo admin",
    "Last-Translator": "Kyodo",
    "Language-Team": "Kyodo",
    "Language": LANGUAGE,
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}

Key = tuple[str | None, str]


@dataclass(frozen=True)
class SourceCatalogue:
    """One app's English template catalogue and its Japanese catalogue (which may not exist)."""

    app: str  # dotted module name, "wagtail.admin"
    domain: str
    english: Path
    japanese: Path


def admin_locale_dir() -> Path:
    """``admin_locale/``, the second entry of LOCALE_PATHS."""
    return Path(settings.BASE_DIR) / "admin_locale"


def admin_catalogue_path(domain: str) -> Path:
    return admin_locale_dir() / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"


def source_catalogues(domain: str) -> list[SourceCatalogue]:
    """Every English catalogue of the domain under the installed packages, by app name."""
    found = []
    for package in PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        root = Path(next(iter(spec.submodule_search_locations)))
        for english in root.rglob(f"locale/en/LC_MESSAGES/{domain}.po"):
            app_dir = english.parents[3]
            app = ".".join((package, *app_dir.relative_to(root).parts))
            japanese = app_dir / "locale" / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"
            found.append(SourceCatalogue(app, domain, english, japanese))
    return sorted(found, key=lambda catalogue: catalogue.app)


def key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def is_translated(entry: polib.POEntry) -> bool:
    """What msgfmt compiles: a non-empty msgstr (every plural form) that is not fuzzy."""
    if entry.obsolete or entry.fuzzy or not entry.msgid:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def entries(path: Path) -> list[polib.POEntry]:
    """The live entries of a catalogue (none when the file does not exist)."""
    if not path.exists():
        return []
    return [entry for entry in polib.pofile(str(path)) if entry.msgid and not entry.obsolete]


def translated_keys(path: Path) -> set[Key]:
    return {key(entry) for entry in entries(path) if is_translated(entry)}


def missing_entries(domain: str) -> dict[Key, tuple[polib.POEntry, list[str]]]:
    """The English entries that some app's own Japanese catalogue leaves untranslated, each
    with the apps that lack it, in the order of the apps."""
    missing: dict[Key, tuple[polib.POEntry, list[str]]] = {}
    for catalogue in source_catalogues(domain):
        translated = translated_keys(catalogue.japanese)
        for entry in entries(catalogue.english):
            if key(entry) in translated:
                continue
            missing.setdefault(key(entry), (entry, []))[1].append(catalogue.app)
    return missing


def new_catalogue() -> polib.POFile:
    po = polib.POFile(wrapwidth=100)
    po.header = HEADER
    po.metadata = dict(METADATA)
    return po


def update(domain: str) -> tuple[list[Key], list[Key]]:
    """Add the missing msgids to Kyodo's catalogue (empty msgstr) and mark obsolete the entries
    no English catalogue has any more. Returns (added, made obsolete)."""
    path = admin_catalogue_path(domain)
    po = polib.pofile(str(path), wrapwidth=100) if path.exists() else new_catalogue()
    po.header, po.metadata = HEADER, {**METADATA, **po.metadata}
    present = {key(entry): entry for entry in po if entry.msgid and not entry.obsolete}
    added = []
    for entry_key, (source, apps) in missing_entries(domain).items():
        comment = "\n".join([", ".join(apps), *filter(None, [source.comment])])
        if entry_key in present:
            present[entry_key].comment = comment
            continue
        po.append(
            polib.POEntry(
                msgctxt=source.msgctxt,
                msgid=source.msgid,
                msgid_plural=source.msgid_plural,
                msgstr="",
                msgstr_plural={0: ""} if source.msgid_plural else {},
                flags=[flag for flag in source.flags if flag != "fuzzy"],
                comment=comment,
            )
        )
        added.append(entry_key)
    english = {key(entry) for catalogue in source_catalogues(domain) for entry in entries(catalogue.english)}
    gone = [entry_key for entry_key, entry in present.items() if entry_key not in english]
    for entry_key in gone:
        present[entry_key].obsolete = True
    if added or gone or "PO-Revision-Date" not in po.metadata:
        po.metadata["PO-Revision-Date"] = timezone.localtime().strftime("%Y-%m-%d %H:%M%z")
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return added, gone


def coverage(domain: str) -> tuple[int, int, int, list[tuple[str, Key]]]:
    """(msgids, translated by the apps' own catalogues, translated with Kyodo's, the
    untranslated ones with their app) over every app's English catalogue of the domain."""
    ours = translated_keys(admin_catalogue_path(domain))
    total = by_apps = with_ours = 0
    untranslated = []
    for catalogue in source_catalogues(domain):
        theirs = translated_keys(catalogue.japanese)
        for entry in entries(catalogue.english):
            total += 1
            by_apps += key(entry) in theirs
            if key(entry) in theirs or key(entry) in ours:
                with_ours += 1
            else:
                untranslated.append((catalogue.app, key(entry)))
    return total, by_apps, with_ours, untranslated
