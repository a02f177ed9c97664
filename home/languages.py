"""The languages the site is published in: their Wagtail locales, their names, their BCP 47
tags, and the language switcher's links to the same page in each of them.

``settings.LANGUAGES`` (chosen by ``KYODO_LANGUAGES``) is the one list; locales, URL
prefixes, the switcher and ``hreflang`` all follow it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.conf import settings
from django.db.models import BooleanField, CharField, Exists, ExpressionWrapper, F, OuterRef, Q, Value
from django.db.models.lookups import StartsWith
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import Locale, Page, PageViewRestriction

from plans.content_cache import cached

SOURCE_LANGUAGE = "ja"


# Codes, tags and names --------------------------------------------------------------------


def bcp47(code: str) -> str:
    """Django's lower-case code as a BCP 47 tag: ``zh-hans`` → ``zh-Hans``, ``pt-br`` →
    ``pt-BR``; private-use subtags stay as they are (``ja-x-easy``)."""
    parts = code.replace("_", "-").split("-")
    tag = [parts[0].lower()]
    private = False
    for part in parts[1:]:
        if private or part.lower() == "x":
            private = True
            tag.append(part.lower())
        elif len(part) == 4:
            tag.append(part.title())  # script: Hans, Hant
        elif len(part) == 2:
            tag.append(part.upper())  # region: BR
        else:
            tag.append(part.lower())
    return "-".join(tag)


def is_japanese(code: str | None) -> bool:
    """Japanese and easy Japanese (``ja-x-easy``): the languages that print 和暦 and read
    Japanese labels in tables and downloads."""
    return (code or SOURCE_LANGUAGE).lower().split("-")[0] == SOURCE_LANGUAGE


def native_name(code: str) -> str:
    """The language's name in itself, as the switcher shows it (``한국어``, ``やさしい日本語``).

    Django's ``get_language_info`` knows nothing of ``ja-x-easy`` and would call it 日本語."""
    return dict(settings.LANGUAGE_CHOICES).get(code) or translation.get_language_info(code)["name_local"]


def configured_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


# Locales --------------------------------------------------------------------------------


def sync_locales(*, using: str = "default") -> list[str]:
    """Create the Wagtail locale of every configured language that has none; returns the
    codes created. Locales of languages no longer configured are kept: their pages stay in
    the database, and the site simply stops serving them."""
    existing = set(Locale.objects.using(using).values_list("language_code", flat=True))
    missing = [code for code in configured_languages() if code not in existing]
    Locale.objects.using(using).bulk_create([Locale(language_code=code) for code in missing])
    return missing


_locale_codes: dict[int, str] = {}


def locale_language(locale_id: int) -> str:
    """The language code of a locale id, read once per process (and again after a locale
    is saved or deleted), so templates can mark content of another language without a
    query per object."""
    if locale_id not in _locale_codes:
        _locale_codes.update(Locale.objects.values_list("pk", "language_code"))
    return _locale_codes.get(locale_id, SOURCE_LANGUAGE)


def _forget_locales(**kwargs) -> None:
    _locale_codes.clear()


post_save.connect(_forget_locales, sender=Locale, dispatch_uid="kyodo_forget_locales_on_save")
post_delete.connect(_forget_locales, sender=Locale, dispatch_uid="kyodo_forget_locales_on_delete")


def language_of(value) -> str | None:
    """The language code of a code, a Locale or anything with a ``locale_id``. An alias page
    is in the language of the page it mirrors (one query, for aliases only)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, Locale):
        return value.language_code
    if getattr(value, "alias_of_id", None):
        source = Page.objects.filter(pk=value.alias_of_id).values_list("locale_id", flat=True).first()
        return locale_language(source) if source else None
    locale_id = getattr(value, "locale_id", None)
    return locale_language(locale_id) if locale_id else None


# The language switcher and hreflang -------------------------------------------------------


@dataclass(frozen=True)
class LanguageLink:
    code: str  # Django's code: zh-hans
    tag: str  # BCP 47: zh-Hans
    name: str  # in the language itself: 中文（简体）
    url: str  # relative to the site: /zh-hans/plans/
    full_url: str  # absolute, for hreflang
    current: bool
    is_translation: bool  # the page in that language (False: shown in Japanese, or a home page)
    machine: str = ""  # "machine translation" in that language, when the page still holds some


@cache
def _flagged_page_models() -> tuple[type[Page], ...]:
    """The page types whose own table holds ``machine_translated`` (read once per process)."""
    return tuple(
        model
        for model in apps.get_models()
        if issubclass(model, Page) and any(f.name == "machine_translated" for f in model._meta.local_fields)
    )


def _machine_translated():
    """An expression true for a page whose published translation still holds machine-made
    strings. The flag lives in each page type's own table, so one EXISTS per page type."""
    condition = Q(Value(False))
    for model in _flagged_page_models():
        condition |= Q(Exists(model._base_manager.filter(pk=OuterRef("pk"), machine_translated=True)))
    return condition


def _live_translations(translation_keys: list) -> list[Page]:
    """Live pages with one of ``translation_keys``, with their locales and ``public`` (neither
    private nor below an unpublished or private page), in one query, kept under the content
    generation (``plans.content_cache``)."""
    keys = tuple(sorted(str(key) for key in translation_keys))
    return cached("live_translations", keys, lambda: _read_live_translations(translation_keys))


def _read_live_translations(translation_keys: list) -> list[Page]:
    outer_path = ExpressionWrapper(OuterRef("path"), output_field=CharField())
    restricted_above = PageViewRestriction.objects.filter(StartsWith(outer_path, F("page__path")))
    unpublished_above = Page.objects.filter(StartsWith(outer_path, F("path")), live=False)
    return list(
        Page.objects.filter(translation_key__in=translation_keys, live=True)
        .annotate(
            public=~Exists(restricted_above) & ~Exists(unpublished_above),
            machine=ExpressionWrapper(_machine_translated(), output_field=BooleanField()),
        )
        .select_related("locale")
        .order_by("depth", "path")
    )


# Views that are the same in every language (not Wagtail pages): the switcher links to the
# same view, with the same query, under each language's prefix.
SAME_VIEW_URL_NAMES = {"search"}


def language_root(code: str) -> str:
    """The home page's URL under ``code``'s prefix (``/ko/``; ``/`` for Japanese)."""
    with translation.override(code):
        return reverse("wagtail_serve", args=("",))


def language_links(request: HttpRequest, page: Page | None, home: Page | None) -> list[LanguageLink]:
    """One link per configured language, always.

    On a page: the live, public translation of ``page`` in that language where there is
    one; otherwise the same path under that language's prefix, where the site shows the
    Japanese page marked as such (``KyodoPage.route``) until a translator has published
    the translation. Without a page, the views of ``SAME_VIEW_URL_NAMES`` (search) link to
    themselves, with their query, in each language; anything else (a page not found) links
    to each language's home page. ``home`` is any translation of the site's home page. One
    query.
    """
    current = translation.get_language() or settings.LANGUAGE_CODE
    keys = [item.translation_key for item in (page, home) if item is not None]
    rows = _live_translations(keys) if keys else []
    for row in rows:
        _locale_codes.setdefault(row.locale_id, row.locale.language_code)
    same_page = {
        row.locale.language_code: row for row in rows if page and row.translation_key == page.translation_key
    }
    homes = {
        row.locale.language_code: row
        for row in rows
        if home and row.translation_key == home.translation_key and row.public
    }
    match = getattr(request, "resolver_match", None)
    same_view = page is None and match is not None and match.url_name in SAME_VIEW_URL_NAMES
    query = request.GET.urlencode()
    links = []
    for code in configured_languages():
        translated = same_page.get(code)
        if translated is not None and translated.alias_of_id is not None:
            # An alias (a copy Wagtail makes of an untranslated parent) shows the source text.
            translated = None
        url = full_url = None
        is_translation = False
        if same_view:
            url = request.get_full_path() if code == current else translate_url(request.path, code)
            url += f"?{query}" if query and code != current else ""
            is_translation = True
        elif code == current and page is not None:
            # This very page: a translation when it is this language's public page, not when
            # it is the Japanese page shown under this prefix.
            url = request.get_full_path()
            is_translation = translated is not None and translated.public
            if is_translation:
                full_url = translated.get_full_url(request)
        elif translated is not None and translated.public:
            url, full_url = translated.get_url(request), translated.get_full_url(request)
            is_translation = url is not None
        elif page is not None and translated is None:
            # Not translated yet (or a draft): the same path under that language's prefix
            # shows the Japanese page, marked as Japanese.
            url = translate_url(request.path, code)
        elif code in homes:
            # A page not found, or a private translation (its path would ask for a login).
            url, full_url = homes[code].get_url(request), homes[code].get_full_url(request)
        else:
            url = language_root(code)
        if url is None:
            continue
        full_url = full_url or request.build_absolute_uri(url)
        machine = ""
        if is_translation and translated is not None and translated.machine:
            with translation.override(code):
                machine = gettext("機械翻訳")
        links.append(
            LanguageLink(
                code=code,
                tag=bcp47(code),
                name=native_name(code),
                url=url,
                full_url=full_url,
                current=code == current,
                is_translation=is_translation,
                machine=machine,
            )
        )
    return links


def alternates(links: list[LanguageLink]) -> list[tuple[str, str]]:
    """``(hreflang, absolute URL)`` for each live, public translation of the page (or each
    language of a same-in-every-language view), plus ``x-default`` for the Japanese one. A
    link that falls back to a home page is not an alternate of this page."""
    pairs = [(link.tag, link.full_url) for link in links if link.is_translation]
    source = next((link for link in links if link.is_translation and link.code == SOURCE_LANGUAGE), None)
    if source is not None:
        pairs.append(("x-default", source.full_url))
    return pairs
