"""Load the demo municipality (青葉市) into the database, idempotently.

Every page is published through a revision, as if an editor had written it. A second run
finds each object again (through its record in ``demo.models.DemoObject``, or for an object
made before those records by its natural key: pages by slug under their parent, snippets by
locale and name, rows by their item and key), compares, and saves only what differs, so
running the loader twice adds no duplicate and no revision.

The demo is the loader's only as long as no person has touched it. An object with a log
entry or a revision by a user (saved, published, moved, unpublished, renamed, deleted … in
the admin, or through 「担当の事業」) is left as it is, with its rows; a translation is
left too when a user translated any of its strings; and an object the loader made that is
gone (someone deleted it) is not made again. The summary reports both per kind.

Translations (English, easy Japanese) go the way a translator's work goes: the Japanese
page or snippet is sent for translation with wagtail-localize, its PO file (for a plan, the
plan's bundle of ``translations.po``) is filled from the texts of the content modules and
imported, and the translation is published. Only what has no translation yet is created or
filled, so the loader never overwrites what a translator changed afterwards.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, Protocol, TypeVar, get_args
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import post_save

from wagtail.blocks import StreamValue
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    Locale,
    ModelLogEntry,
    Page,
    PageLogEntry,
    ReferenceIndex,
    Revision,
    Site,
    TranslatableMixin,
)
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail_localize.models import SegmentOverride, StringTranslation, Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator

import polib

from home.models import HomePage, MunicipalitySettings, MunicipalityText, StandardPage
from home.site_address import configured_address
from plans.models import (
    ActionItemPage,
    Department,
    EvaluationLevel,
    GlossaryPage,
    GlossaryTerm,
    GuidelineIndexPage,
    GuidelinePage,
    Indicator,
    MeasurePage,
    PlanIndexPage,
    PlanPage,
    ProgressReportPage,
)
from plans.search_indexing import deferred_search_indexing, reindex_pages
from plans.services.plans import create_plan
from plans.vocabularies import DepartmentRole, IndicatorRule
from search.models import Synonym
from translations.groups import group_name, setup_translator_groups
from translations.models import TranslatorGroup
from translations.po import TRANSLATION_HEADER, export_plan_po, import_plan_po, parse_po

from . import departments, glossary, municipality, participation_plan_easy, participation_plan_en
from .action_plan import COLLABORATION_ACTION_PLAN
from .departments import DEPARTMENTS
from .glossary import TERMS
from .guidelines import GUIDELINES
from .models import DemoObject
from .participation_plan import PARTICIPATION_PLAN_1, PARTICIPATION_PLAN_2
from .response_table import COUNCIL_RESPONSE
from .specs import (
    DepartmentRef,
    DepartmentSpec,
    GuidelineSpec,
    IndicatorSpec,
    ItemSpec,
    PlanSpec,
    Progress,
    SectionSpec,
    TermRef,
    paragraphs,
)
from .synonyms import SYNONYMS

SOURCE_LANGUAGE = "ja"
TRANSLATION_LANGUAGE = "en"
# Wagtail's first migration creates this page as the site root; the demo replaces it.
WELCOME_PAGE_SLUG = "home"
# A plan must exist before the plan that replaces it can point at it.
PLANS: tuple[PlanSpec, ...] = (
    PARTICIPATION_PLAN_1,
    PARTICIPATION_PLAN_2,
    COLLABORATION_ACTION_PLAN,
    COUNCIL_RESPONSE,
)
FEATURED_PLANS: tuple[str, ...] = (PARTICIPATION_PLAN_2.slug, COLLABORATION_ACTION_PLAN.slug)
# The plan shown translated: all of it in English, its overview and a few items in easy Japanese.
TRANSLATED_PLAN = PARTICIPATION_PLAN_2
# How a translation imported from a PO file is recorded (as translations.po does).
PO_TOOL = "PO"

# Rows that hang off a page, and the fields that identify a row within its page.
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "departments": ("department",),
    "relistings": ("measure",),
    "schedule": ("fiscal_year",),
    "progress": ("fiscal_year",),
    "evaluation_levels": ("label",),
    "featured_plans": ("plan",),
    "indicator_grade_bands": ("label",),
    # an indicator's rows
    "measure_links": ("measure",),
    "item_links": ("item",),
    "targets": ("fiscal_year",),
    "values": ("fiscal_year",),
}

# "kept": a person has touched it since the loader wrote it, so it is left as it is;
# "deleted": the loader made it and it is gone, so it is not made again.
Outcome = Literal["created", "updated", "unchanged", "removed", "kept", "deleted"]
# The outcomes that are shown only when they occur, and the notes that list them.
OCCASIONAL: tuple[Outcome, ...] = ("removed", "kept", "deleted")
LEFT_ALONE: dict[Outcome, str] = {
    "kept": "Edited by staff since the demo wrote them, so left as they are:",
    "deleted": "Deleted by staff, so not created again:",
}
# How many objects of a kind the notes name before "and N more".
NAMED_PER_KIND = 3
# The key of the Japanese content in DemoObject.language.
SOURCE_LANGUAGE_KEY = "ja"
P = TypeVar("P", bound=Page)
M = TypeVar("M", bound=models.Model)
T = TypeVar("T", bound=TranslatableMixin)
# Gives the translation of a PO entry, or None when the demo has none.
Lookup = Callable[[polib.POEntry], str | None]
# Fills the PO files of the given translations; returns the translation keys of the objects
# whose strings it filled.
Filler = Callable[[list[tuple[Any, Translation]]], set[UUID]]


# What a reference to a deleted department or term resolves to (see _DemoLoader._resolve).
_MISSING = object()


class Writer(Protocol):
    def write(self, text: str) -> Any: ...


class DemoError(Exception):
    """The database holds something the demo cannot build on (e.g. a page of another type)."""


@dataclass
class PlanPages:
    """The pages of one plan as the loader keeps them."""

    plan: PlanPage
    measures: list[tuple[MeasurePage, list[tuple[str, ActionItemPage]]]] = field(default_factory=list)
    reports: list[ProgressReportPage] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)

    def pages(self, items: Collection[str] | None = None) -> list[Page]:
        """Parents before children: every page of the plan, or (``items``: item numbers) the
        plan with those items and the measures above them."""
        pages: list[Page] = [self.plan]
        for measure, measure_items in self.measures:
            chosen = [page for number, page in measure_items if items is None or number in items]
            if chosen or items is None:
                pages += [measure, *chosen]
        if items is None:
            pages += self.reports
        return pages


@dataclass
class DemoSummary:
    """What a run of the loader did, per kind of object (model name, or "HomePage (en)")."""

    outcomes: dict[tuple[str, str], Outcome] = field(default_factory=dict)

    def record(self, kind: str, key: str, outcome: Outcome) -> None:
        previous = self.outcomes.get((kind, key))
        if previous == "created" or (previous == "updated" and outcome == "unchanged"):
            return
        self.outcomes[(kind, key)] = outcome

    def count(self, outcome: Outcome) -> Counter[str]:
        return Counter(kind for (kind, _key), value in self.outcomes.items() if value == outcome)

    @property
    def created(self) -> Counter[str]:
        return self.count("created")

    @property
    def updated(self) -> Counter[str]:
        return self.count("updated")

    @property
    def unchanged(self) -> Counter[str]:
        return self.count("unchanged")

    @property
    def removed(self) -> Counter[str]:
        return self.count("removed")

    @property
    def totals(self) -> Counter[str]:
        return Counter(kind for kind, _key in self.outcomes)

    @property
    def kept(self) -> Counter[str]:
        return self.count("kept")

    @property
    def deleted(self) -> Counter[str]:
        return self.count("deleted")

    def keys(self, outcome: Outcome) -> dict[str, list[str]]:
        """The keys (page paths, names) of the objects with ``outcome``, per kind."""
        found: dict[str, list[str]] = {}
        for (kind, key), value in self.outcomes.items():
            if value == outcome:
                found.setdefault(kind, []).append(key)
        return found

    @property
    def changed(self) -> bool:
        """Whether the loader wrote anything (what it left alone does not count)."""
        return any(value in ("created", "updated", "removed") for value in self.outcomes.values())

    def lines(self) -> list[str]:
        counts = {outcome: self.count(outcome) for outcome in get_args(Outcome)}
        width = max((len(kind) for kind in self.totals), default=0)
        rows = []
        for kind, total in self.totals.items():
            details = ", ".join(
                f"{outcome} {counter[kind]}"
                for outcome, counter in counts.items()
                if counter[kind] or outcome not in OCCASIONAL
            )
            rows.append(f"  {kind:<{width}}  {total:>3}  ({details})")
        for outcome, heading in LEFT_ALONE.items():
            keys = self.keys(outcome)
            if keys:
                rows.append(heading)
            for kind, names in keys.items():
                named = ", ".join(names[:NAMED_PER_KIND])
                if len(names) > NAMED_PER_KIND:
                    named += f" and {len(names) - NAMED_PER_KIND} more"
                rows.append(f"  {kind:<{width}}  {len(names):>3}  {named}")
        if self.kept or self.deleted:
            rows.append("The demo as it ships needs a fresh database (docs/demo.md).")
        verdict = "Demo content loaded." if self.changed else "Demo content was already up to date."
        return [verdict, *rows]


@dataclass
class PersonsWork:
    """What people did, as Wagtail and wagtail-localize record it: the pages and other
    objects with a log entry or a revision by a user, and the (translation key, locale) of
    the translations with a string or an override a user translated. The loader's own writes
    name no user. Read once per run, before it writes anything: five queries in all."""

    pages: set[int]
    objects: set[tuple[int, str]]  # (content type id, object id)
    strings: set[tuple[UUID, int]]  # (translation key, locale id)

    @classmethod
    def read(cls, models_: Iterable[type[models.Model]]) -> PersonsWork:
        page_type = ContentType.objects.get_for_model(Page)
        types = [ContentType.objects.get_for_model(model).pk for model in models_]
        # Without their default orderings, so that DISTINCT applies to these columns alone.
        by_person = {"user__isnull": False}
        pages = set(
            PageLogEntry.objects.filter(**by_person).order_by().values_list("page_id", flat=True).distinct()
        )
        objects = set(
            ModelLogEntry.objects.filter(content_type_id__in=types, **by_person)
            .order_by()
            .values_list("content_type_id", "object_id")
            .distinct()
        )
        revisions = (
            Revision.objects.filter(**by_person).order_by().values_list("base_content_type_id", "object_id")
        )
        for content_type_id, object_id in revisions.distinct():
            if content_type_id == page_type.pk:
                pages.add(int(object_id))
            else:
                objects.add((content_type_id, object_id))
        strings: set[tuple[UUID, int]] = set()
        for model in (StringTranslation, SegmentOverride):
            strings |= set(
                model.objects.filter(last_translated_by__isnull=False, context__isnull=False)
                .order_by()
                .values_list("context__object_id", "locale_id")
                .distinct()
            )
        return cls(pages=pages, objects=objects, strings=strings)

    def touched(self, model: type[models.Model], pk: Any) -> bool:
        """Whether a person has saved, published, moved, deleted … this object."""
        if issubclass(model, Page):
            return pk in self.pages
        return (ContentType.objects.get_for_model(model).pk, str(pk)) in self.objects

    def translated(self, translation_key: UUID, locale: Locale) -> bool:
        """Whether a person has translated a string of this object into ``locale``."""
        return (translation_key, locale.pk) in self.strings


class Ledger:
    """The loader's records of what it made (``DemoObject``): read once per run; the new
    ones are written together at the end."""

    def __init__(self) -> None:
        self.records: dict[tuple[int, str, str], str] = {
            (content_type_id, key, language): object_id
            for content_type_id, key, language, object_id in DemoObject.objects.values_list(
                "content_type_id", "key", "language", "object_id"
            )
        }
        self.new: dict[tuple[int, str, str], str] = {}

    def get(self, model: type[models.Model], key: str, language: str) -> str | None:
        return self.records.get((ContentType.objects.get_for_model(model).pk, key, language))

    def add(self, model: type[models.Model], pk: Any, key: str, language: str) -> None:
        entry = (ContentType.objects.get_for_model(model).pk, key, language)
        if self.records.get(entry) != str(pk):
            self.records[entry] = self.new[entry] = str(pk)

    def save(self) -> None:
        DemoObject.objects.bulk_create(
            [
                DemoObject(content_type_id=content_type_id, key=key, language=language, object_id=object_id)
                for (content_type_id, key, language), object_id in self.new.items()
            ],
            update_conflicts=True,
            unique_fields=["content_type", "key", "language"],
            update_fields=["object_id"],
        )
        self.new.clear()


def load_demo(*, stdout: Writer | None = None) -> DemoSummary:
    """Build or bring up to date the demo municipality; all or nothing."""
    loader = _DemoLoader()
    with transaction.atomic():
        loader.run()
    if stdout is not None:
        for line in loader.summary.lines():
            stdout.write(line + "\n")
    return loader.summary


class _DemoLoader:
    locale: Locale
    locale_en: Locale
    locale_easy: Locale
    ledger: Ledger
    persons: PersonsWork

    def __init__(self) -> None:
        self.summary = DemoSummary()
        self.departments: dict[str, Department] = {}
        self.terms: dict[str, GlossaryTerm] = {}
        self.municipality_text: MunicipalityText | None = None
        self.plan_pages: dict[str, PlanPages] = {}
        # Translation keys of the Japanese pages and snippets saved in this run, and of those
        # whose translation source has been brought up to date since.
        self.changed: set[UUID] = set()
        self.refreshed: set[UUID] = set()
        self.sort_order = 0
        # The key of each object the loader handled in this run (a page's path of slugs, a
        # snippet's name), by (Page or the snippet's model, primary key).
        self.keys: dict[tuple[type[models.Model], Any], str] = {}

    def run(self) -> None:
        # Each page is saved several times (created, revised, published; translations: sent,
        # filled, published): the search and reference indexes are written once per object
        # at the end instead of on every save.
        written: dict[tuple[type[models.Model], Any], models.Model] = {}
        # Read before the loader writes anything (its own writes name no user anyway).
        self.ledger = Ledger()
        self.persons = PersonsWork.read(
            [
                Department,
                GlossaryTerm,
                Site,
                MunicipalitySettings,
                MunicipalityText,
                Group,
                Synonym,
                Indicator,
            ]
        )

        def remember(sender, instance, raw=False, **kwargs) -> None:
            if not raw:
                written[(type(instance), instance.pk)] = instance

        post_save.connect(remember, dispatch_uid="kyodo_demo_loader_written")
        try:
            with disable_reference_index_auto_update(), deferred_search_indexing():
                self._load()
        finally:
            post_save.disconnect(dispatch_uid="kyodo_demo_loader_written")
        self._index(list(written.values()))
        self._sync_translator_groups()
        self.ledger.save()

    def _load(self) -> None:
        self.locale = self._locale(SOURCE_LANGUAGE)
        self.locale_en = self._locale(TRANSLATION_LANGUAGE)
        self.locale_easy = self._locale(settings.KYODO_EASY_JAPANESE)
        # What a person deleted is None from here on: what is under it or points at it is
        # skipped (a page under a deleted page, a row naming a deleted department).
        self._sync_departments(DEPARTMENTS, parent=None)
        for spec in TERMS:
            term = self._sync_snippet(
                GlossaryTerm, {"term": spec.term}, {"reading": spec.reading, "definition": spec.definition}
            )
            if term is not None:
                self.terms[spec.term] = term
        for term, equivalents in SYNONYMS:
            self._sync_synonym(term, equivalents)

        home = self._sync_home()
        site_record = self._sync_site(home)
        plan_index = self._sync_section(home, PlanIndexPage, municipality.PLAN_INDEX)
        guideline_index = self._sync_section(home, GuidelineIndexPage, municipality.GUIDELINE_INDEX)
        glossary_page = self._sync_section(home, GlossaryPage, municipality.GLOSSARY_PAGE)
        policy = self._sync_standard_page(home, municipality.ACCESSIBILITY_PAGE)
        self._sync_settings(site_record, accessibility_policy_page=policy)
        self.municipality_text = self._sync_municipality_text(site_record)
        plans: dict[str, PlanPage | None] = {}
        for spec in PLANS:
            plans[spec.slug] = self._sync_plan(plan_index, spec, plans)
        for spec in GUIDELINES:
            self._sync_guideline(guideline_index, spec)
        # The home page is saved again now that the plans it features exist.
        featured = [plan for slug in FEATURED_PLANS if (plan := plans[slug]) is not None]
        home = self._sync_home(featured=featured)

        self._translate_all(home, plan_index, guideline_index, glossary_page)

    def _translate_all(
        self,
        home: HomePage | None,
        plan_index: PlanIndexPage | None,
        guideline_index: GuidelineIndexPage | None,
        glossary_page: GlossaryPage | None,
    ) -> None:
        plan = self.plan_pages.get(TRANSLATED_PLAN.slug)
        english, easy = self.locale_en, self.locale_easy
        self._translate_page(home, english, municipality.HOME_ENGLISH)
        self._translate_page(plan_index, english, municipality.PLAN_INDEX.english)
        self._translate_page(guideline_index, english, municipality.GUIDELINE_INDEX.english)
        self._translate_page(glossary_page, english, municipality.GLOSSARY_PAGE.english)
        # The snippets the plan's pages point at come first, so that the pages point at
        # their translations. Easy Japanese keeps the departments' own (standard) names.
        self._translate_snippets(self.departments.values(), english, departments.ENGLISH)
        self._translate_snippets(self._terms(glossary.ENGLISH), english, glossary.ENGLISH)
        texts = [self.municipality_text] if self.municipality_text is not None else []
        self._translate_snippets(texts, english, municipality.MUNICIPALITY_TEXT_ENGLISH)
        if plan is not None:
            self._translate_plan(plan, plan.pages(), english, participation_plan_en.ENGLISH)
            # After the plan's pages, so that each points at the English plan and measures.
            for indicator in plan.indicators:
                unit = participation_plan_en.INDICATOR_UNITS.get(indicator.name)
                catalogue = {
                    **participation_plan_en.INDICATORS_ENGLISH,
                    **({indicator.unit: unit} if unit else {}),
                }
                self._translate_snippets([indicator], english, catalogue)

        self._translate_page(home, easy, municipality.HOME_EASY_JAPANESE)
        self._translate_page(plan_index, easy, municipality.PLAN_INDEX.easy_japanese)
        self._translate_snippets(self._terms(glossary.EASY_JAPANESE), easy, glossary.EASY_JAPANESE)
        self._translate_snippets(texts, easy, municipality.MUNICIPALITY_TEXT_EASY_JAPANESE)
        items = participation_plan_easy.ITEMS
        if plan is not None:
            self._translate_plan(plan, plan.pages(items), easy, participation_plan_easy.EASY_JAPANESE)
            # The indicators of the measures translated above, after them; units as they are.
            for indicator in plan.indicators:
                if indicator.name in participation_plan_easy.INDICATORS:
                    catalogue = {**participation_plan_easy.INDICATORS, indicator.unit: indicator.unit}
                    self._translate_snippets([indicator], easy, catalogue)

    @staticmethod
    def _index(written: list[models.Model]) -> None:
        """Index what this run saved (pages, snippets), and the pages found by the names of
        the departments and terms among them (plans.search_indexing)."""
        pages: dict[type[Page], list[int]] = {}
        for obj in written:
            if ReferenceIndex.is_indexed(type(obj)):
                current = type(obj)._default_manager.filter(pk=obj.pk).first()
                if current is not None:
                    ReferenceIndex.create_or_update_for_object(current)
            if isinstance(obj, Page):
                pages.setdefault(type(obj), []).append(obj.pk)
        for model, pks in pages.items():
            reindex_pages(model, model.objects.filter(pk__in=pks))
        departments = [obj for obj in written if isinstance(obj, Department)]
        if departments:
            items = ActionItemPage.objects.filter(departments__department__in=departments).distinct()
            reindex_pages(ActionItemPage, items)
            reindex_pages(PlanPage, PlanPage.objects.filter(issuing_department__in=departments))
        locales = {obj.locale_id for obj in written if isinstance(obj, GlossaryTerm)}
        if locales:
            reindex_pages(GlossaryPage, GlossaryPage.objects.filter(locale_id__in=locales))

    def _terms(self, catalogue: dict[str, str]) -> list[GlossaryTerm]:
        return [term for name, term in self.terms.items() if name in catalogue]

    def _sync_translator_groups(self) -> None:
        """One translators' group per language, with the English home page as the English
        group's tree (``setup_translator_groups``); a group a person edited or deleted is
        left alone."""
        groups = {link.locale_id: link.group for link in TranslatorGroup.objects.select_related("group")}
        leave = set()
        for locale in Locale.objects.exclude(language_code=SOURCE_LANGUAGE):
            code, group = locale.language_code, groups.get(locale.pk)
            if group is None and self.ledger.get(Group, "translators", code) is not None:
                self.summary.record("Group", group_name(locale), "deleted")
                leave.add(code)
            elif group is not None and self.persons.touched(Group, group.pk):
                self.summary.record("Group", group.name, "kept")
                leave.add(code)
        for report in setup_translator_groups(source_language=SOURCE_LANGUAGE, leave=leave):
            self.ledger.add(Group, report.group.pk, "translators", report.locale.language_code)
            self.summary.record("Group", report.group.name, "created" if report.created else "unchanged")

    # Locales, snippets and settings -----------------------------------------------

    def _locale(self, language_code: str) -> Locale:
        locale, created = Locale.objects.get_or_create(language_code=language_code)
        self.summary.record("Locale", language_code, "created" if created else "unchanged")
        return locale

    def _sync_departments(self, specs: tuple[DepartmentSpec, ...], parent: Department | None) -> None:
        """The departments of ``specs`` and below; below one a person deleted, none."""
        for spec in specs:
            self.sort_order += 10
            department = self._sync_snippet(
                Department,
                {"name": spec.name},
                {
                    "reading": spec.reading,
                    "parent": parent,
                    "phone": spec.phone,
                    "fax": spec.fax,
                    "email": spec.email,
                    "address": spec.address,
                    "aliases": "\n".join(spec.aliases),
                    "sort_order": self.sort_order,
                },
            )
            if department is not None:
                self.departments[spec.name] = department
                self._sync_departments(spec.children, parent=department)

    def _find(
        self, model: type[M], key: str, language: str, natural: Callable[[], M | None]
    ) -> tuple[M | None, bool]:
        """The object the loader keeps at ``key``: through its record, or for an object
        without one (made before the records were kept, or not yet made) ``natural()``.
        The second value says whether the loader made it and it is gone."""
        recorded = self.ledger.get(model, key, language)
        if recorded is None:
            return natural(), False
        instance = model._default_manager.filter(pk=recorded).first()
        return instance, instance is None

    def _leave(self, instance: models.Model | None, key: str, language: str, kind: str, gone: bool) -> bool:
        """Whether the loader leaves the object alone: it is gone, or a person touched it.
        An object that is there becomes the loader's to find at ``key`` from now on."""
        if gone:
            self.summary.record(kind, key, "deleted")
            return True
        if instance is None:
            return False
        self._own(instance, key, language)
        if self.persons.touched(type(instance), instance.pk):
            self.summary.record(kind, key, "kept")
            return True
        return False

    def _own(self, instance: models.Model, key: str, language: str) -> None:
        """Note the object as the loader's at ``key``, in this run and in its records."""
        base = Page if isinstance(instance, Page) else type(instance)
        self.keys[(base, instance.pk)] = key
        self.ledger.add(type(instance), instance.pk, key, language)

    def _key(self, instance: models.Model) -> str:
        base = Page if isinstance(instance, Page) else type(instance)
        return self.keys[(base, instance.pk)]

    def _sync_snippet(self, model: type[M], key: dict[str, Any], values: dict[str, Any]) -> M | None:
        """Create or bring up to date the snippet found by ``key`` (its name); None when a
        person deleted it."""
        name = str(next(iter(key.values())))
        instance, gone = self._find(
            model, name, SOURCE_LANGUAGE_KEY, lambda: model.objects.filter(locale=self.locale, **key).first()
        )
        if self._leave(instance, name, SOURCE_LANGUAGE_KEY, model.__name__, gone):
            return instance
        outcome: Outcome = "unchanged"
        if instance is None:
            instance = model(locale=self.locale, **key, **values)
            outcome = "created"
        elif _assign(instance, values):
            outcome = "updated"
        if outcome != "unchanged":
            instance.full_clean()
            instance.save()
            if isinstance(instance, TranslatableMixin):
                self.changed.add(instance.translation_key)
        self._own(instance, name, SOURCE_LANGUAGE_KEY)
        self.summary.record(model.__name__, name, outcome)
        return instance

    def _sync_synonym(self, term: str, equivalents: tuple[str, ...]) -> None:
        """Create or bring up to date the search synonym of ``term``; one a person edited or
        deleted is left as it is."""
        instance, gone = self._find(
            Synonym, term, SOURCE_LANGUAGE_KEY, lambda: Synonym.objects.filter(term=term).first()
        )
        if self._leave(instance, term, SOURCE_LANGUAGE_KEY, "Synonym", gone):
            return
        outcome: Outcome = "unchanged"
        values = {"equivalents": "\n".join(equivalents)}
        if instance is None:
            instance = Synonym(term=term, **values)
            outcome = "created"
        elif _assign(instance, values):
            outcome = "updated"
        if outcome != "unchanged":
            instance.full_clean()
            instance.save()
        self._own(instance, term, SOURCE_LANGUAGE_KEY)
        self.summary.record("Synonym", term, outcome)

    def _sync_site(self, home: HomePage | None) -> Site | None:
        site_record, gone = self._find(
            Site,
            "default",
            "",
            lambda: (
                Site.objects.filter(is_default_site=True).first()
                or Site.objects.filter(hostname="localhost", port=80).first()
            ),
        )
        if self._leave(site_record, "default", "", "Site", gone) or home is None:
            return site_record
        # The site's host follows BASE_URL, so page and API addresses name it (home.site_address).
        address = configured_address()
        values = {
            "hostname": address.hostname,
            "port": address.port,
            "is_default_site": True,
            "root_page": home,
            "site_name": municipality.HOME["title"],
        }
        outcome: Outcome = "unchanged"
        if site_record is None:
            site_record = Site(**values)
            outcome = "created"
        elif _assign(site_record, values):
            outcome = "updated"
        if outcome != "unchanged":
            site_record.full_clean()
            site_record.save()
        self._own(site_record, "default", "")
        self.summary.record("Site", "default", outcome)
        return site_record

    def _sync_settings(self, site_record: Site | None, *, accessibility_policy_page: Page | None) -> None:
        if site_record is None:
            return
        kind = "MunicipalitySettings"
        settings, gone = self._find(
            MunicipalitySettings,
            "default",
            "",
            lambda: MunicipalitySettings.objects.filter(site=site_record).first(),
        )
        if self._leave(settings, "default", "", kind, gone):
            return
        outcome: Outcome = "unchanged"
        if settings is None:
            settings = MunicipalitySettings(site=site_record)
            outcome = "created"
        values = {**municipality.MUNICIPALITY, "accessibility_policy_page": accessibility_policy_page}
        if _assign(settings, values) and outcome == "unchanged":
            outcome = "updated"
        if outcome != "unchanged":
            settings.full_clean()
            settings.save()
        self._own(settings, "default", "")
        self.summary.record(kind, "default", outcome)

    def _sync_municipality_text(self, site_record: Site | None) -> MunicipalityText | None:
        """The site's Japanese 自治体の表記 (its translations follow in ``_translate_all``);
        None when there is no site or a person deleted it."""
        if site_record is None:
            return None
        kind = "MunicipalityText"
        text, gone = self._find(
            MunicipalityText,
            "default",
            SOURCE_LANGUAGE_KEY,
            lambda: MunicipalityText.objects.filter(site=site_record, locale=self.locale).first(),
        )
        if self._leave(text, "default", SOURCE_LANGUAGE_KEY, kind, gone):
            return None if gone else text
        outcome: Outcome = "unchanged"
        if text is None:
            text = MunicipalityText(site=site_record, locale=self.locale)
            outcome = "created"
        if _assign(text, municipality.MUNICIPALITY_TEXT) and outcome == "unchanged":
            outcome = "updated"
        if outcome != "unchanged":
            text.full_clean()
            text.save()
            self.changed.add(text.translation_key)
        self._own(text, "default", SOURCE_LANGUAGE_KEY)
        self.summary.record(kind, "default", outcome)
        return text

    # Pages ------------------------------------------------------------------------

    def _sync_home(self, featured: list[PlanPage] | None = None) -> HomePage | None:
        root = Page.get_first_root_node()
        self._remove_welcome_page(root)
        values = {key: value for key, value in municipality.HOME.items() if key != "slug"}
        rows = {"featured_plans": [{"plan": plan} for plan in featured]} if featured is not None else None
        return self._sync_page(root, HomePage, municipality.HOME["slug"], values, rows)

    def _remove_welcome_page(self, root: Page) -> None:
        """Wagtail's placeholder root page goes; the demo's home page takes its place."""
        welcome = (
            Page.objects.child_of(root)
            .filter(slug=WELCOME_PAGE_SLUG, locale=self.locale, content_type__model="page")
            .filter(content_type__app_label="wagtailcore")
            .first()
        )
        if welcome is None:
            return
        if welcome.numchild or self.persons.touched(Page, welcome.pk):
            # Someone built on it or edited it: keep it, but free its slug for the home page.
            welcome.slug = "wagtail-welcome"
            welcome.save()
            return
        # Sites point at their root page with on_delete=CASCADE: move them before deleting.
        Site.objects.filter(root_page=welcome).update(root_page=root)
        welcome.delete()
        self.summary.record("Page (Wagtail's welcome page)", WELCOME_PAGE_SLUG, "removed")

    def _sync_section(self, home: HomePage | None, model: type[P], spec: SectionSpec) -> P | None:
        return self._sync_page(home, model, spec.slug, {"title": spec.title, "intro": spec.intro})

    def _sync_standard_page(self, home: HomePage | None, spec: dict[str, Any]) -> StandardPage | None:
        values = {key: value for key, value in spec.items() if key != "slug"}
        return self._sync_page(home, StandardPage, spec["slug"], values)

    def _sync_plan(
        self, index: PlanIndexPage | None, spec: PlanSpec, plans: dict[str, PlanPage | None]
    ) -> PlanPage | None:
        """The plan and its pages; ``plans``: the plans synchronised before it, by slug."""
        replaces = plans.get(spec.replaces) if spec.replaces else None
        plan = self._sync_page(
            index,
            PlanPage,
            spec.slug,
            {
                "title": spec.title,
                "short_title": spec.short_title,
                "kind": spec.kind,
                "status": spec.status,
                "period_start": spec.period_start,
                "period_end": spec.period_end,
                "replaces": replaces,
                "issuing_department": self.departments.get(spec.issuing_department),
                "summary": spec.summary,
                "chapters": list(spec.chapters),
                "indicator_rule": spec.indicator_rule or IndicatorRule.ACHIEVEMENT,
            },
            {
                "evaluation_levels": [
                    {"label": level.label, "status": level.status, "description": level.description}
                    for level in spec.levels
                ],
                "indicator_grade_bands": [
                    {"label": band.label, "threshold": band.threshold, "description": band.description}
                    for band in spec.indicator_bands
                ],
            },
        )
        if plan is None:
            return None
        # The plan's levels as stored (as the specs made them, or as a person edited them).
        levels = {level.label: level for level in PlanPage.objects.get(pk=plan.pk).evaluation_levels.all()}
        measures = {
            measure.number: self._sync_page(
                plan,
                MeasurePage,
                measure.page_slug,
                {
                    "title": measure.title,
                    "number": measure.number,
                    "area": measure.area,
                    "description": paragraphs(measure.description),
                },
            )
            for measure in spec.measures
        }
        pages = self.plan_pages[spec.slug] = PlanPages(plan)
        for measure in spec.measures:
            measure_page = measures[measure.number]
            if measure_page is None:
                continue
            items = [
                (item.number, item_page)
                for item in measure.items
                if (item_page := self._sync_item(spec, measure_page, item, measures, levels)) is not None
            ]
            pages.measures.append((measure_page, items))
        for report in spec.reports:
            report_page = self._sync_page(
                plan,
                ProgressReportPage,
                report.slug,
                {
                    "title": report.title,
                    "fiscal_year": report.fiscal_year,
                    "overall_evaluation": report.overall_evaluation,
                    "introduction": paragraphs(report.introduction),
                },
            )
            if report_page is not None:
                pages.reports.append(report_page)
        measure_pages = {measure.number: measure for measure, _items in pages.measures}
        item_pages = {number: item for _measure, items in pages.measures for number, item in items}
        for order, indicator in enumerate(spec.indicators, start=1):
            synced = self._sync_indicator(plan, indicator, order, measure_pages, item_pages)
            if synced is not None:
                pages.indicators.append(synced)
        return plan

    def _sync_indicator(
        self,
        plan: PlanPage,
        spec: IndicatorSpec,
        order: int,
        measures: dict[str, MeasurePage],
        items: dict[str, ActionItemPage],
    ) -> Indicator | None:
        """Create or bring up to date an indicator of the plan, published through a revision
        as the indicator editor publishes it; one a person edited (a draft, a publication) is
        left as it is, one a person deleted is not made again (None). Links to measures and
        items a person deleted are left out."""
        key, kind = spec.name, "Indicator"
        instance, gone = self._find(
            Indicator,
            key,
            SOURCE_LANGUAGE_KEY,
            lambda: Indicator.objects.filter(plan=plan, locale=self.locale, name=spec.name).first(),
        )
        if self._leave(instance, key, SOURCE_LANGUAGE_KEY, kind, gone):
            return instance
        values = {
            "plan": plan,
            "code": spec.code,
            "name": spec.name,
            "unit": spec.unit,
            "description": spec.description,
            "source": spec.source,
            "direction": spec.direction,
            "baseline_year": spec.baseline[0],
            "baseline_value": Decimal(spec.baseline[1]),
            "sort_order": order,
        }
        rows = {
            "measure_links": [
                {"measure": measures[number]} for number in spec.measures if number in measures
            ],
            "item_links": [{"item": items[number]} for number in spec.items if number in items],
            "targets": [{"fiscal_year": year, "value": Decimal(value)} for year, value in spec.targets],
            "values": [
                {"fiscal_year": year, "value": None if value is None else Decimal(value), "note": note}
                for year, value, note in spec.values
            ],
        }
        outcome: Outcome = "unchanged"
        if instance is None:
            instance = Indicator(locale=self.locale)
            outcome = "created"
        changed = _assign(instance, values)
        for relation, specs in rows.items():
            changed = _assign_rows(instance, relation, specs) or changed
        if outcome == "unchanged" and (changed or not instance.live):
            outcome = "updated"
        if outcome != "unchanged":
            instance.full_clean()
            instance.save()
            instance.save_revision().publish()
            self.changed.add(instance.translation_key)
        self._own(instance, key, SOURCE_LANGUAGE_KEY)
        self.summary.record(kind, key, outcome)
        return instance

    def _sync_item(
        self,
        plan: PlanSpec,
        measure: MeasurePage,
        item: ItemSpec,
        measures: dict[str, MeasurePage | None],
        levels: dict[str, EvaluationLevel],
    ) -> ActionItemPage | None:
        last_year = max((index for index, phase in enumerate(item.schedule) if phase), default=None)
        rows = {
            "departments": [
                {
                    "department": self.departments[name],
                    "role": DepartmentRole.LEAD if position == 0 else DepartmentRole.PARTNER,
                }
                for position, name in enumerate(item.departments)
                if name in self.departments
            ],
            "relistings": [
                {"measure": relisting}
                for number in item.relisted_under
                if (relisting := measures[number]) is not None
            ],
            "schedule": [
                {
                    "fiscal_year": plan.period_start + index,
                    "phase": phase,
                    "onwards": item.onwards and index == last_year,
                }
                for index, phase in enumerate(item.schedule)
                if phase
            ],
            "progress": [_progress_spec(row, levels) for row in item.progress],
        }
        values = {
            "title": item.title,
            "number": item.number,
            "group": item.group,
            "description": paragraphs(item.description),
            "actor": item.actor,
            "is_new": item.new,
            "is_enhanced": item.enhanced,
            "is_relisted": item.relisted,
            "is_pickup": bool(item.pickup_text),
            "pickup_text": item.pickup_text,
        }
        return self._sync_page(measure, ActionItemPage, item.slug, values, rows)

    def _sync_guideline(self, index: GuidelineIndexPage | None, spec: GuidelineSpec) -> GuidelinePage | None:
        return self._sync_page(
            index,
            GuidelinePage,
            spec.slug,
            {
                "title": spec.title,
                "kind": spec.kind,
                "audience": spec.audience,
                "revised_on": spec.revised_on,
                "summary": spec.summary,
                "body": list(spec.body),
            },
        )

    def _sync_page(
        self,
        parent: Page | None,
        model: type[P],
        slug: str,
        values: dict[str, Any],
        rows: dict[str, list[dict[str, Any]]] | None = None,
    ) -> P | None:
        """Find the page (through its record, else by slug under its parent); create, update
        or leave it; publish changes. A page a person touched is returned as it is; None for
        one a person deleted, and for any page under a deleted one."""
        if parent is None:
            return None
        # The path of slugs the specs give it, whatever a person renamed or moved above it.
        key = f"{self.keys.get((Page, parent.pk), parent.url_path)}{slug}/"
        kind = model.__name__
        page, gone = self._find(
            model,
            key,
            SOURCE_LANGUAGE_KEY,
            lambda: model.objects.child_of(parent).filter(slug=slug, locale=self.locale).first(),
        )
        if self._leave(page, key, SOURCE_LANGUAGE_KEY, kind, gone):
            return page
        values = {name: self._resolve(value) for name, value in values.items()}
        rows = rows or {}
        if page is None:
            if Page.objects.child_of(parent).filter(slug=slug, locale=self.locale).exists():
                raise DemoError(f"{parent.url_path}{slug}/ exists but is not a {kind}; move it away first.")
            if model is PlanPage:
                # Plans are created as any door creates them; the values follow below.
                page = create_plan(
                    index=parent,
                    slug=slug,
                    title=values["title"],
                    period_start=values["period_start"],
                    period_end=values["period_end"],
                )
            else:
                page = model(slug=slug, live=False)
            _assign(page, values)
            for relation, specs in rows.items():
                _assign_rows(page, relation, specs)
            if model is not PlanPage:
                parent.add_child(instance=page)
            outcome: Outcome = "created"
        else:
            changed = _assign(page, values)
            for relation, specs in rows.items():
                changed = _assign_rows(page, relation, specs) or changed
            outcome = "updated" if changed or not page.live else "unchanged"
        if outcome != "unchanged":
            page.save_revision().publish()
            self.changed.add(page.translation_key)
        self._own(page, key, SOURCE_LANGUAGE_KEY)
        self.summary.record(kind, key, outcome)
        return page

    def _resolve(self, value: Any) -> Any:
        """Replace the department and term references inside stream data by primary keys.
        A block naming a department or term that a person deleted is left out (the
        innermost list holding it loses that element)."""
        if isinstance(value, DepartmentRef):
            department = self.departments.get(value.name)
            return department.pk if department is not None else _MISSING
        if isinstance(value, TermRef):
            term = self.terms.get(value.term)
            return term.pk if term is not None else _MISSING
        if isinstance(value, dict):
            resolved = {key: self._resolve(item) for key, item in value.items()}
            return _MISSING if any(item is _MISSING for item in resolved.values()) else resolved
        if isinstance(value, list | tuple):
            return [resolved for item in value if (resolved := self._resolve(item)) is not _MISSING]
        return value

    # Translations -----------------------------------------------------------------

    def _translate_page(self, page: Page | None, locale: Locale, texts: dict[str, str]) -> None:
        """Keep a translation of a page outside the plans (the home page, a section) through
        its own PO file, as the translation editor downloads and uploads it; ``texts`` gives
        the translation of each field (``title``, ``intro`` …)."""

        def fill(pairs: list[tuple[Any, Translation]]) -> set[UUID]:
            filled = set()
            for obj, translation in pairs:
                po = translation.export_po()
                unknown = set(texts) - {entry.msgctxt for entry in po}
                if unknown:
                    raise DemoError(f"{obj} has no translatable field {sorted(unknown)[0]!r}.")
                if _fill(po, lambda entry: texts.get(entry.msgctxt)):
                    translation.import_po(po, tool_name=PO_TOOL)
                    filled.add(obj.translation_key)
            return filled

        self._translate([page] if page is not None else [], locale, fill)

    def _translate_snippets(self, snippets: Iterable[T], locale: Locale, catalogue: dict[str, str]) -> None:
        """Keep translations of snippets, each through its own PO file; ``catalogue`` gives
        the translation of each Japanese string."""

        def fill(pairs: list[tuple[Any, Translation]]) -> set[UUID]:
            filled = set()
            for obj, translation in pairs:
                po = translation.export_po()
                if _fill(po, lambda entry: catalogue.get(entry.msgid)):
                    translation.import_po(po, tool_name=PO_TOOL)
                    filled.add(obj.translation_key)
            return filled

        self._translate(list(snippets), locale, fill)

    def _translate_plan(
        self, plan: PlanPages, pages: list[Page], locale: Locale, catalogue: dict[str, str]
    ) -> None:
        """Keep a translation of the plan's ``pages`` through the plan's PO bundle, exported
        and imported with the functions behind 「翻訳ファイル（PO）」 and ``translation_po``.
        Files of other pages of the plan (sent for translation by someone) are left alone."""

        def fill(pairs: list[tuple[Any, Translation]]) -> set[UUID]:
            if not pairs:
                return set()  # every translation of these pages is someone's own
            ours = {str(translation.uuid): obj for obj, translation in pairs}
            filled, files = set(), []
            with zipfile.ZipFile(io.BytesIO(export_plan_po(plan.plan, locale))) as bundle:
                for name in bundle.namelist():
                    po = parse_po(bundle.read(name))
                    page = ours.get(po.metadata.get(TRANSLATION_HEADER, ""))
                    if page is not None and _fill(po, lambda entry: catalogue.get(entry.msgid)):
                        files.append((name, po))
                        filled.add(page.translation_key)
            if files:
                import_plan_po(plan.plan, locale, _bundle(files))
            return filled

        self._translate(pages, locale, fill)

    def _translate(self, objects: list[Any], locale: Locale, fill: Filler) -> None:
        """Bring the sources of the objects the loader changed up to date, send the objects
        that have no translation into ``locale`` for translation, fill what has no translation
        yet and publish the translations that were created or changed. A translation a person
        touched (its page or snippet, or one of its strings) is left alone, and one the loader
        made that is gone is not made again."""
        language = locale.language_code
        for obj in objects:
            self._refresh_source(obj)
        targets = self._targets(objects, locale)
        ours = []
        for obj in objects:
            kind, key = f"{type(obj).__name__} ({language})", self._key(obj)
            target = targets.get(obj.translation_key)
            if target is None:
                if self.ledger.get(type(obj), key, language) is not None:
                    self.summary.record(kind, key, "deleted")
                    continue
            else:
                self.ledger.add(type(obj), target, key, language)
                persons = self.persons
                if persons.touched(type(obj), target) or persons.translated(obj.translation_key, locale):
                    self.summary.record(kind, key, "kept")
                    continue
            ours.append(obj)
        sent = self._submit(ours, locale, set(targets))
        if sent:
            targets = self._targets([obj for obj in ours if obj.translation_key in sent], locale)
            for obj in ours:
                if obj.translation_key in targets:
                    self.ledger.add(type(obj), targets[obj.translation_key], self._key(obj), language)
        pairs = self._translations(ours, locale)
        refreshed = {obj.translation_key for obj, _ in pairs} & self.refreshed
        filled = fill(pairs)
        for obj, translation in pairs:
            key = obj.translation_key
            outcome: Outcome = (
                "created" if key in sent else "updated" if key in refreshed | filled else "unchanged"
            )
            if outcome != "unchanged":
                self._publish(obj, translation)
            self.summary.record(f"{type(obj).__name__} ({language})", self._key(obj), outcome)

    @staticmethod
    def _targets(objects: list[Any], locale: Locale) -> dict[UUID, int]:
        """The primary keys of the objects' translations into ``locale``, by translation key;
        one query per kind of object (pages, departments, terms)."""
        by_model: dict[type[models.Model], list[UUID]] = {}
        for obj in objects:
            by_model.setdefault(Page if isinstance(obj, Page) else type(obj), []).append(obj.translation_key)
        targets: dict[UUID, int] = {}
        for model, keys in by_model.items():
            found = model._default_manager.filter(translation_key__in=keys, locale=locale)
            if model is Page:
                found = found.filter(alias_of__isnull=True)  # an alias is no translation
            targets.update(found.values_list("translation_key", "pk"))
        return targets

    def _submit(self, objects: list[Any], locale: Locale, translated: set[UUID]) -> set[UUID]:
        """Send for translation the objects that have none in ``locale`` yet (``translated``:
        the translation keys of those that have), as "Translate" in the admin does
        (wagtail-localize's ``TranslationCreator``). Pages start as drafts: the site sets
        ``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False`` (with True, wagtail-localize
        would publish each untranslated draft on commit, after the loader's own publication).
        Objects are sent parents first; the snippets they point at are the loader's to
        translate, each once. A page whose parent has no translation is not sent (the parent's
        was deleted: wagtail-localize would copy the parent back). Returns the translation
        keys of the objects sent."""
        creator = TranslationCreator(user=None, target_locales=[locale])
        sent: set[UUID] = set()
        pages = {obj.path: obj for obj in objects if isinstance(obj, Page)}
        for obj in objects:
            if obj.translation_key in translated:
                continue
            if isinstance(obj, Page) and not self._parent_translated(obj, pages, translated | sent, locale):
                continue
            creator.create_translations(obj, include_related_objects=False)
            sent.add(obj.translation_key)
        return sent

    @staticmethod
    def _parent_translated(page: Page, pages: dict[str, Page], translated: set[UUID], locale: Locale) -> bool:
        if page.depth <= 2:
            return True  # a home page: its parent is the tree's root
        parent = pages.get(page.path[: -page.steplen])
        if parent is not None:
            return parent.translation_key in translated
        parent = page.get_parent()
        return Page.objects.filter(translation_key=parent.translation_key, locale=locale).exists()

    def _translations(self, objects: list[Any], locale: Locale) -> list[tuple[Any, Translation]]:
        """The objects with their synchronised translation into ``locale``; a translation
        someone took out of synchronisation (or made by hand) is theirs and left out."""
        translations = {
            translation.source.object_id: translation
            for translation in Translation.objects.filter(
                source__object_id__in=[obj.translation_key for obj in objects],
                source__locale=self.locale,
                target_locale=locale,
                enabled=True,
            ).select_related("source", "target_locale")
        }
        return [(obj, translations[key]) for obj in objects if (key := obj.translation_key) in translations]

    def _refresh_source(self, obj: Any) -> None:
        """Bring the translation source of an object the loader changed in this run up to
        date, once, so that its translations get the new text (what 「同期」 does)."""
        key = obj.translation_key
        if key not in self.changed or key in self.refreshed:
            return
        source = TranslationSource.objects.filter(object_id=key, locale=self.locale).first()
        if source is not None:
            TranslationSource.update_or_create_from_instance(obj)
            self.refreshed.add(key)

    def _publish(self, obj: Any, translation: Translation) -> Any:
        """Save the translation from its strings and publish it; the translated object."""
        if isinstance(obj, Page):
            # Saved as a draft and published here rather than on commit (as wagtail-localize
            # does), so the translation is live whether or not the caller's transaction commits.
            translation.save_target(publish=False)
            target = obj.get_translation(translation.target_locale).specific
            target.get_latest_revision().publish()
            return type(target).objects.get(pk=target.pk)
        if isinstance(obj, DraftStateMixin):
            # Saved as a draft (WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False), then
            # published through its revision, as an indicator's translator publishes it.
            translation.save_target(publish=False)
            target = obj.get_translation(translation.target_locale)
            target.get_latest_revision().publish()
            return type(target).objects.get(pk=target.pk)
        translation.save_target()  # other snippets have no drafts: saved as they are
        return obj.get_translation(translation.target_locale)


def _fill(po: polib.POFile, lookup: Lookup) -> int:
    """Fill the entries that have no translation yet (never one that has); how many."""
    filled = 0
    for entry in po:
        if entry.obsolete or entry.msgstr:
            continue
        text = lookup(entry)
        if text:
            entry.msgstr = text
            filled += 1
    return filled


def _bundle(files: list[tuple[str, polib.POFile]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, po in files:
            bundle.writestr(name, str(po))
    return buffer.getvalue()


def _progress_spec(row: Progress, levels: dict[str, EvaluationLevel]) -> dict[str, Any]:
    """A progress row's values. A row graded with a level of the plan's scale stores the
    level's key and the status it counts as; when a person removed or renamed that level,
    the row's stored grade is left as it is (it reads as the plan's level for its status)."""
    values: dict[str, Any] = {
        "fiscal_year": row.fiscal_year,
        "status": row.status,
        "percent": row.percent,
        "narrative": row.narrative,
    }
    level = levels.get(row.grade) if row.grade else None
    if level is not None:
        values.update(status=level.status, grade=str(level.translation_key))
    elif not row.grade:
        values["grade"] = ""
    return values


# Comparing and assigning values --------------------------------------------------------


def _assign(instance: models.Model, values: dict[str, Any]) -> bool:
    """Set the values on the instance; report whether any of them differed."""
    changed = False
    for name, value in values.items():
        model_field = instance._meta.get_field(name)
        if isinstance(model_field, StreamField):
            wanted = _canonical_stream(model_field, value)
            if _stream_data(model_field, getattr(instance, name)) != _stream_data(model_field, wanted):
                setattr(instance, name, wanted)
                changed = True
        elif isinstance(model_field, models.ForeignKey):
            wanted_pk = value.pk if value is not None else None
            if getattr(instance, model_field.attname) != wanted_pk:
                setattr(instance, name, value)
                changed = True
        elif getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _assign_rows(page: Page, relation: str, specs: list[dict[str, Any]]) -> bool:
    """Make the page's child rows match the specs, reusing rows that have the same key."""
    key_fields = ROW_KEYS[relation]
    row_model = getattr(type(page), relation).rel.related_model
    existing = list(getattr(page, relation).all()) if page.pk else []
    by_key = {_row_key(row, key_fields): row for row in existing}
    rows = []
    changed = False
    for position, spec in enumerate(specs):
        row = by_key.pop(_spec_key(spec, key_fields), None)
        if row is None:
            row = row_model(**spec)
            changed = True
        else:
            changed = _assign(row, spec) or changed
        if row.sort_order != position:
            row.sort_order = position
            changed = True
        rows.append(row)
    changed = changed or bool(by_key)
    if changed or not page.pk:
        setattr(page, relation, rows)
    return changed


def _row_key(row: models.Model, key_fields: tuple[str, ...]) -> tuple:
    return tuple(getattr(row, row._meta.get_field(name).attname) for name in key_fields)


def _spec_key(spec: dict[str, Any], key_fields: tuple[str, ...]) -> tuple:
    return tuple(spec[name].pk if isinstance(spec[name], models.Model) else spec[name] for name in key_fields)


def _canonical_stream(model_field: StreamField, raw: Any) -> StreamValue:
    """Stream data as Wagtail itself would store it (list items wrapped, blocks converted)."""
    value = model_field.to_python(raw)
    for _child in value:  # converting every block drops the raw, editor-unfriendly shapes
        pass
    return value


def _stream_data(model_field: StreamField, value: StreamValue) -> list:
    """The stored form of a stream without the block ids, for comparison."""
    return _without_ids(model_field.stream_block.get_prep_value(_canonical_stream(model_field, value)))


def _without_ids(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _without_ids(item) for key, item in data.items() if key != "id" or "type" not in data}
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    return data
