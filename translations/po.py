"""A plan's translation as one ZIP of PO files, for translators who work in their own tools.

``export_plan_po`` writes one PO file per page of the plan that has a translation into the
locale (plan, measures, items, reports) and one per published indicator of the plan that
has one (after the pages), each as wagtail-localize's editor would download it, plus the
plan and the locale in its header. ``import_plan_po`` reads such a ZIP back:
every file is checked first (readable, a translation of this plan, into this locale) and
nothing is written unless all of them are.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation

import polib

from plans.models import Indicator, PlanPage

from .indicators import source_indicators

PLAN_HEADER = "X-Kyodo-Plan"
LOCALE_HEADER = "X-Kyodo-Locale"
TRANSLATION_HEADER = "X-WagtailLocalize-TranslationID"
MAX_FILES = 5000


class BundleError(Exception):
    """A bundle that cannot be exported or imported; the message is for the user."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else messages
        super().__init__("\n".join(self.messages))


@dataclass
class ImportedPage:
    title: str
    file_name: str
    updated: int
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    plan: PlanPage
    locale: Locale
    pages: list[ImportedPage]
    published: bool

    @property
    def updated(self) -> int:
        return sum(page.updated for page in self.pages)

    def lines(self) -> list[str]:
        lines = [
            _("%(plan)s（%(language)s）: %(files)d件のファイルから%(strings)d件の訳文を更新しました。")
            % {
                "plan": self.plan.title,
                "language": self.locale.get_display_name() or self.locale.language_code,
                "files": len(self.pages),
                "strings": self.updated,
            }
        ]
        for page in self.pages:
            lines.append(
                _("・%(title)s（%(file)s）: %(count)d件")
                % {"title": page.title, "file": page.file_name, "count": page.updated}
            )
            lines.extend(f"  {warning}" for warning in page.warnings)
        if self.published:
            lines.append(_("翻訳したページを公開しました。"))
        return lines


def plan_translations(plan: PlanPage, locale: Locale) -> list[tuple[Page | Indicator, Translation]]:
    """The pages of ``plan`` in tree order, then its published indicators, each with its
    enabled translation into ``locale``."""
    pages = list(Page.objects.descendant_of(plan, inclusive=True).filter(locale=plan.locale).order_by("path"))
    objects = [*pages, *source_indicators([plan.pk])]
    translations = {
        translation.source.object_id: translation
        for translation in Translation.objects.filter(
            source__object_id__in=[obj.translation_key for obj in objects],
            source__locale=plan.locale,
            target_locale=locale,
            enabled=True,
        ).select_related("source", "target_locale")
    }
    return [
        (obj, translations[obj.translation_key]) for obj in objects if obj.translation_key in translations
    ]


def title_of(obj: Page | Indicator) -> str:
    return obj.title if isinstance(obj, Page) else str(obj)


def _check_plan_and_locale(plan: PlanPage, locale: Locale) -> None:
    if plan.locale.language_code != settings.LANGUAGE_CODE:
        raise BundleError(_("翻訳の元になる日本語の計画を指定してください。"))
    if locale.pk == plan.locale_id:
        raise BundleError(
            _("日本語の計画を日本語に翻訳することはできません。翻訳先の言語を指定してください。")
        )


def file_name(position: int, obj: Page | Indicator) -> str:
    slug = obj.slug if isinstance(obj, Page) else f"indicator-{obj.pk}"
    return f"{position:03d}-{slug}.po"


def export_plan_po(plan: PlanPage, locale: Locale) -> bytes:
    _check_plan_and_locale(plan, locale)
    pairs = plan_translations(plan, locale)
    if not pairs:
        raise BundleError(
            _("「%(plan)s」には%(language)sの翻訳がまだありません。先に計画を翻訳に出してください。")
            % {"plan": plan.title, "language": locale.get_display_name() or locale.language_code}
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for position, (page, translation) in enumerate(pairs, start=1):
            po = translation.export_po()
            po.metadata[PLAN_HEADER] = str(plan.translation_key)
            po.metadata[LOCALE_HEADER] = locale.language_code
            po.metadata["X-Kyodo-Page"] = title_of(page)
            bundle.writestr(file_name(position, page), str(po))
    return buffer.getvalue()


def _read_bundle(data: bytes) -> list[tuple[str, polib.POFile]]:
    try:
        bundle = zipfile.ZipFile(io.BytesIO(data))
        names = [
            name for name in bundle.namelist() if name.endswith(".po") and not name.startswith("__MACOSX/")
        ]
    except zipfile.BadZipFile as exc:
        raise BundleError(
            _("ZIPファイルとして読めません。書き出したZIPファイルをそのまま取り込んでください。")
        ) from exc
    if not names:
        raise BundleError(_("ZIPファイルにPOファイル（.po）がありません。"))
    if len(names) > MAX_FILES:
        raise BundleError(_("POファイルが多すぎます（%(count)d件）。") % {"count": len(names)})
    files, errors = [], []
    for name in sorted(names):
        try:
            files.append((name, parse_po(bundle.read(name))))
        except (UnicodeDecodeError, OSError, ValueError, zipfile.BadZipFile):
            errors.append(
                _("%(file)s: POファイルとして読めません（UTF-8のPO形式で保存してください）。")
                % {"file": name}
            )
    if errors:
        raise BundleError(errors)
    return files


def parse_po(data: bytes) -> polib.POFile:
    """Parse a PO file from its bytes. polib takes a string as a file *name* when it looks
    like one, so the bytes go through a temporary file and never reach it as a string."""
    data.decode("utf-8")  # UnicodeDecodeError for anything but UTF-8
    handle, path = tempfile.mkstemp(suffix=".po")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        return polib.pofile(path, encoding="utf-8")
    finally:
        os.unlink(path)


def import_plan_po(
    plan: PlanPage, locale: Locale, data: bytes, *, user=None, publish: bool = False
) -> ImportReport:
    """Store the translations of a bundle made by :func:`export_plan_po`; all or nothing."""
    _check_plan_and_locale(plan, locale)
    files = _read_bundle(data)
    translations = {
        str(translation.uuid): (page, translation) for page, translation in plan_translations(plan, locale)
    }
    language = locale.get_display_name() or locale.language_code
    checked, errors = [], []
    for name, po in files:
        if po.metadata.get(PLAN_HEADER) not in (None, str(plan.translation_key)):
            errors.append(
                _("%(file)s: 別の計画のファイルです。「%(plan)s」から書き出したファイルを使ってください。")
                % {"file": name, "plan": plan.title}
            )
            continue
        file_locale = po.metadata.get(LOCALE_HEADER)
        if file_locale and file_locale != locale.language_code:
            errors.append(
                _("%(file)s: %(found)sの翻訳のファイルです。%(language)sの翻訳としては取り込めません。")
                % {"file": name, "found": file_locale, "language": language}
            )
            continue
        match = translations.get(po.metadata.get(TRANSLATION_HEADER, ""))
        if match is None:
            if Translation.objects.filter(uuid=po.metadata.get(TRANSLATION_HEADER) or None).exists():
                errors.append(_("%(file)s: この計画のページの翻訳ではありません。") % {"file": name})
            else:
                errors.append(
                    _("%(file)s: どの翻訳のファイルか分かりません（ヘッダーが壊れています）。")
                    % {"file": name}
                )
            continue
        checked.append((name, po, *match))
    if errors:
        raise BundleError(errors)

    pages = []
    with transaction.atomic():
        for name, po, page, translation in checked:
            current = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in translation.export_po()}
            updated = sum(
                1
                for entry in po
                if not entry.obsolete
                and entry.msgstr
                and current.get((entry.msgctxt, entry.msgid)) != entry.msgstr
            )
            warnings = translation.import_po(po, user=user, tool_name="PO")
            pages.append(
                ImportedPage(
                    title=title_of(page),
                    file_name=name,
                    updated=updated,
                    warnings=[describe_warning(warning) for warning in warnings],
                )
            )
            if publish:
                translation.save_target(user=user, publish=True)
    return ImportReport(plan=plan, locale=locale, pages=pages, published=publish)


def describe_warning(warning) -> str:
    """wagtail-localize's warning about one entry of a PO file, for the report."""
    return _("%(number)d番目の項目は使いませんでした（このページの原文にない文です）：%(text)s") % {
        "number": warning.index + 1,
        "text": getattr(warning, "string", "") or getattr(warning, "context", ""),
    }
