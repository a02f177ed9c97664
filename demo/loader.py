"""Load the demo municipality (青葉市) into the database, idempotently.

Every page is published through a revision, as if an editor had written it. A second run
finds each object by its natural key (pages by slug under their parent, snippets by locale
and name, rows by their item and key), compares, and saves only what differs, so running
the loader twice adds no duplicate and no revision.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar, get_args

from django.db import models, transaction

from wagtail.blocks import StreamValue
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from home.models import HomePage, MunicipalitySettings, StandardPage
from plans.models import (
    ActionItemPage,
    Department,
    GlossaryPage,
    GlossaryTerm,
    GuidelineIndexPage,
    GuidelinePage,
    MeasurePage,
    PlanIndexPage,
    PlanPage,
    ProgressReportPage,
)
from plans.services.plans import create_plan
from plans.vocabularies import DepartmentRole
from translations.groups import setup_translator_groups

from . import municipality
from .action_plan import COLLABORATION_ACTION_PLAN
from .departments import DEPARTMENTS
from .glossary import TERMS
from .guidelines import GUIDELINES
from .participation_plan import PARTICIPATION_PLAN_1, PARTICIPATION_PLAN_2
from .response_table import COUNCIL_RESPONSE
from .specs import (
    DepartmentRef,
    DepartmentSpec,
    GuidelineSpec,
    ItemSpec,
    PlanSpec,
    SectionSpec,
    TermRef,
    paragraphs,
)

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

# Rows that hang off a page, and the fields that identify a row within its page.
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "departments": ("department",),
    "relistings": ("measure",),
    "schedule": ("fiscal_year",),
    "progress": ("fiscal_year",),
    "featured_plans": ("plan",),
}

Outcome = Literal["created", "updated", "unchanged", "removed"]
P = TypeVar("P", bound=Page)
M = TypeVar("M", bound=models.Model)


class Writer(Protocol):
    def write(self, text: str) -> Any: ...


class DemoError(Exception):
    """The database holds something the demo cannot build on (e.g. a page of another type)."""


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
    def changed(self) -> bool:
        return any(value != "unchanged" for value in self.outcomes.values())

    def lines(self) -> list[str]:
        counts = {outcome: self.count(outcome) for outcome in get_args(Outcome)}
        width = max((len(kind) for kind in self.totals), default=0)
        rows = []
        for kind, total in self.totals.items():
            details = ", ".join(
                f"{outcome} {counter[kind]}"
                for outcome, counter in counts.items()
                if counter[kind] or outcome != "removed"
            )
            rows.append(f"  {kind:<{width}}  {total:>3}  ({details})")
        verdict = "Demo content loaded." if self.changed else "Demo content was already up to date."
        return [verdict, *rows]


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

    def __init__(self) -> None:
        self.summary = DemoSummary()
        self.departments: dict[str, Department] = {}
        self.terms: dict[str, GlossaryTerm] = {}
        self.changed_pages: set[int] = set()
        self.sort_order = 0

    def run(self) -> None:
        self.locale = self._locale(SOURCE_LANGUAGE)
        self.locale_en = self._locale(TRANSLATION_LANGUAGE)
        self._sync_departments(DEPARTMENTS, parent=None)
        for spec in TERMS:
            term = self._sync_snippet(
                GlossaryTerm, {"term": spec.term}, {"reading": spec.reading, "definition": spec.definition}
            )
            self.terms[spec.term] = term

        home = self._sync_home()
        site_record = self._sync_site(home)
        plan_index = self._sync_section(home, PlanIndexPage, municipality.PLAN_INDEX)
        guideline_index = self._sync_section(home, GuidelineIndexPage, municipality.GUIDELINE_INDEX)
        glossary_page = self._sync_section(home, GlossaryPage, municipality.GLOSSARY_PAGE)
        policy = self._sync_standard_page(home, municipality.ACCESSIBILITY_PAGE)
        self._sync_settings(site_record, accessibility_policy_page=policy)
        plans = {spec.slug: self._sync_plan(plan_index, spec) for spec in PLANS}
        for spec in GUIDELINES:
            self._sync_guideline(guideline_index, spec)
        # The home page is saved again now that the plans it features exist.
        home = self._sync_home(featured=[plans[slug] for slug in FEATURED_PLANS])

        self._translate(home, municipality.HOME_ENGLISH)
        self._translate(plan_index, municipality.PLAN_INDEX.english)
        self._translate(guideline_index, municipality.GUIDELINE_INDEX.english)
        self._translate(glossary_page, municipality.GLOSSARY_PAGE.english)
        self._sync_translator_groups()

    def _sync_translator_groups(self) -> None:
        """One translators' group per language, with the English home page as the English
        group's tree (``setup_translator_groups``)."""
        for report in setup_translator_groups(source_language=SOURCE_LANGUAGE):
            self.summary.record("Group", report.group.name, "created" if report.created else "unchanged")

    # Locales, snippets and settings -----------------------------------------------

    def _locale(self, language_code: str) -> Locale:
        locale, created = Locale.objects.get_or_create(language_code=language_code)
        self.summary.record("Locale", language_code, "created" if created else "unchanged")
        return locale

    def _sync_departments(self, specs: tuple[DepartmentSpec, ...], parent: Department | None) -> None:
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
            self.departments[spec.name] = department
            self._sync_departments(spec.children, parent=department)

    def _sync_snippet(self, model: type[M], key: dict[str, Any], values: dict[str, Any]) -> M:
        instance = model.objects.filter(locale=self.locale, **key).first()
        outcome: Outcome = "unchanged"
        if instance is None:
            instance = model(locale=self.locale, **key, **values)
            outcome = "created"
        elif _assign(instance, values):
            outcome = "updated"
        if outcome != "unchanged":
            instance.full_clean()
            instance.save()
        self.summary.record(model.__name__, str(instance), outcome)
        return instance

    def _sync_site(self, home: HomePage) -> Site:
        site_record = (
            Site.objects.filter(is_default_site=True).first()
            or Site.objects.filter(hostname="localhost", port=80).first()
        )
        values = {
            "hostname": "localhost",
            "port": 80,
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
        self.summary.record("Site", "default", outcome)
        return site_record

    def _sync_settings(self, site_record: Site, *, accessibility_policy_page: Page) -> None:
        settings = MunicipalitySettings.objects.filter(site=site_record).first()
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
        self.summary.record("MunicipalitySettings", site_record.hostname, outcome)

    # Pages ------------------------------------------------------------------------

    def _sync_home(self, featured: list[PlanPage] | None = None) -> HomePage:
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
        if welcome.numchild:
            # Someone built on it: keep it, but free its slug for the home page.
            welcome.slug = "wagtail-welcome"
            welcome.save()
            return
        # Sites point at their root page with on_delete=CASCADE: move them before deleting.
        Site.objects.filter(root_page=welcome).update(root_page=root)
        welcome.delete()
        self.summary.record("Page (Wagtail's welcome page)", WELCOME_PAGE_SLUG, "removed")

    def _sync_section(self, home: HomePage, model: type[P], spec: SectionSpec) -> P:
        return self._sync_page(home, model, spec.slug, {"title": spec.title, "intro": spec.intro})

    def _sync_standard_page(self, home: HomePage, spec: dict[str, Any]) -> StandardPage:
        values = {key: value for key, value in spec.items() if key != "slug"}
        return self._sync_page(home, StandardPage, spec["slug"], values)

    def _sync_plan(self, index: PlanIndexPage, spec: PlanSpec) -> PlanPage:
        replaces = PlanPage.objects.child_of(index).get(slug=spec.replaces) if spec.replaces else None
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
                "issuing_department": self.departments[spec.issuing_department],
                "summary": spec.summary,
                "chapters": list(spec.chapters),
            },
        )
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
        for measure in spec.measures:
            for item in measure.items:
                self._sync_item(spec, measures[measure.number], item, measures)
        for report in spec.reports:
            self._sync_page(
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
        return plan

    def _sync_item(
        self, plan: PlanSpec, measure: MeasurePage, item: ItemSpec, measures: dict[str, MeasurePage]
    ) -> ActionItemPage:
        last_year = max((index for index, phase in enumerate(item.schedule) if phase), default=None)
        rows = {
            "departments": [
                {
                    "department": self.departments[name],
                    "role": DepartmentRole.LEAD if position == 0 else DepartmentRole.PARTNER,
                }
                for position, name in enumerate(item.departments)
            ],
            "relistings": [{"measure": measures[number]} for number in item.relisted_under],
            "schedule": [
                {
                    "fiscal_year": plan.period_start + index,
                    "phase": phase,
                    "onwards": item.onwards and index == last_year,
                }
                for index, phase in enumerate(item.schedule)
                if phase
            ],
            "progress": [
                {
                    "fiscal_year": row.fiscal_year,
                    "status": row.status,
                    "percent": row.percent,
                    "narrative": row.narrative,
                }
                for row in item.progress
            ],
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

    def _sync_guideline(self, index: GuidelineIndexPage, spec: GuidelineSpec) -> GuidelinePage:
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
        parent: Page,
        model: type[P],
        slug: str,
        values: dict[str, Any],
        rows: dict[str, list[dict[str, Any]]] | None = None,
    ) -> P:
        """Find the page by slug under its parent; create, update or leave it; publish changes."""
        values = {name: self._resolve(value) for name, value in values.items()}
        rows = rows or {}
        page = model.objects.child_of(parent).filter(slug=slug, locale=self.locale).first()
        kind = model.__name__
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
                _assign(page, values)
                for relation, specs in rows.items():
                    _assign_rows(page, relation, specs)
            else:
                page = model(slug=slug, live=False)
                _assign(page, values)
                for relation, specs in rows.items():
                    _assign_rows(page, relation, specs)
                parent.add_child(instance=page)
            outcome: Outcome = "created"
        else:
            changed = _assign(page, values)
            for relation, specs in rows.items():
                changed = _assign_rows(page, relation, specs) or changed
            outcome = "updated" if changed or not page.live else "unchanged"
        if outcome != "unchanged":
            page.save_revision().publish()
            self.changed_pages.add(page.pk)
        self.summary.record(kind, page.url_path, outcome)
        return page

    def _resolve(self, value: Any) -> Any:
        """Replace the department and term references inside stream data by primary keys."""
        if isinstance(value, DepartmentRef):
            return self.departments[value.name].pk
        if isinstance(value, TermRef):
            return self.terms[value.term].pk
        if isinstance(value, dict):
            return {key: self._resolve(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self._resolve(item) for item in value]
        return value

    # Translations -----------------------------------------------------------------

    def _translate(self, page: Page, english: dict[str, str]) -> Page:
        """Keep an English translation of the page through wagtail-localize.

        The English strings are stored as translations of the Japanese segments, so the
        page stays in sync with its source and translators can carry on in the editor.
        """
        source, created = TranslationSource.get_or_create_from_instance(page)
        stale = not created and page.pk in self.changed_pages
        if stale:
            source, _ = TranslationSource.update_or_create_from_instance(page)
        translation, _ = Translation.objects.get_or_create(source=source, target_locale=self.locale_en)
        strings_changed = self._store_strings(source, english)

        target = page.get_translation_or_none(self.locale_en)
        if target is None:
            outcome: Outcome = "created"
        elif stale or strings_changed or not target.live:
            outcome = "updated"
        else:
            outcome = "unchanged"
        if outcome != "unchanged":
            # Saved as a draft and published here rather than on commit, so the
            # translation is live whether or not the caller's transaction commits.
            translation.save_target(publish=False)
            target = page.get_translation(self.locale_en)
            target.get_latest_revision().publish()
        self.summary.record(f"{type(page.specific).__name__} (en)", page.url_path, outcome)
        return target

    def _store_strings(self, source: TranslationSource, english: dict[str, str]) -> bool:
        segments = {
            segment.context.path: segment
            for segment in StringSegment.objects.filter(source=source).select_related("string", "context")
        }
        changed = False
        for path, text in english.items():
            if path not in segments:
                raise DemoError(f"{source.object_repr} has no translatable field {path!r}.")
            segment = segments[path]
            string_translation, created = StringTranslation.objects.get_or_create(
                translation_of=segment.string,
                locale=self.locale_en,
                context=segment.context,
                defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
            )
            if not created and string_translation.data != text:
                string_translation.data = text
                string_translation.save()
            changed = changed or created or string_translation.data != text
        return changed


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
