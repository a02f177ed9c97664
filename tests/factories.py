"""Factories for Kyodo's models, and the base page tree every test stands on.

Pages are created the way an editor creates them: added under their parent, then a
revision saved and (unless ``publish=False``) published.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.models import Locale, Page

import factory
import PIL.Image

from home.models import MunicipalityText, StandardPage
from plans.models import (
    ActionItemDepartment,
    ActionItemPage,
    Department,
    EvaluationLevel,
    GlossaryTerm,
    GuidelinePage,
    Indicator,
    IndicatorItem,
    IndicatorMeasure,
    IndicatorTarget,
    IndicatorValue,
    MeasurePage,
    PlanPage,
    ProgressReportPage,
    ProgressRow,
    Relisting,
    ScheduleRow,
)
from plans.vocabularies import Actor, GuidelineKind, PlanKind, PlanStatus, ProgressStatus


def default_locale() -> Locale:
    return Locale.objects.get(language_code="ja")


# Snippets ----------------------------------------------------------------------------


def municipality_text(site, locale: Locale | None = None, **values) -> MunicipalityText:
    """The site's 自治体の表記 in ``locale`` (Japanese by default), created or changed; a
    translation gets the Japanese text's translation key, as wagtail-localize gives it."""
    locale = locale or default_locale()
    japanese = MunicipalityText.objects.filter(site=site, locale=default_locale()).first()
    text = MunicipalityText.objects.filter(site=site, locale=locale).first()
    if text is None:
        text = japanese.copy_for_translation(locale) if japanese and locale != default_locale() else None
        text = text or MunicipalityText(site=site, locale=locale)
    for field, value in values.items():
        setattr(text, field, value)
    text.save()
    return text


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"地域振興第{n}課")
    reading = factory.Sequence(lambda n: f"ちいきしんこうだい{n}か")
    locale = factory.LazyFunction(default_locale)
    phone = "045-000-0000"


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    term = factory.Sequence(lambda n: f"協働用語{n}")
    reading = factory.Sequence(lambda n: f"きょうどうようご{n}")
    definition = "市民と市が対等な立場で協力して地域の課題に取り組むことに関わる言葉です。"
    locale = factory.LazyFunction(default_locale)


# Pages -------------------------------------------------------------------------------


class PageFactory(factory.django.DjangoModelFactory):
    """``Factory(parent=page, publish=True, **fields)``: add under ``parent``, save a revision,
    publish it unless ``publish=False`` (then the page is a draft that was never live)."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent: Page, publish: bool = True, **kwargs):
        page = model_class(*args, **kwargs)
        page.live = publish
        page.has_unpublished_changes = not publish
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        return model_class.objects.get(pk=page.pk)


class PlanPageFactory(PageFactory):
    class Meta:
        model = PlanPage

    title = factory.Sequence(lambda n: f"第{n + 1}次市民参加推進計画")
    kind = PlanKind.PROMOTION
    status = PlanStatus.IN_FORCE
    period_start = 2021
    period_end = 2025
    summary = "市民が市政に参加する機会を広げ、市民と市の協働を進めるための計画です。"


class MeasurePageFactory(PageFactory):
    class Meta:
        model = MeasurePage

    title = factory.Sequence(lambda n: f"市民参加の機会の拡充（{n}）")
    number = factory.Sequence(lambda n: str(n + 1))
    area = "I 市民参加の機会の充実"


class ActionItemPageFactory(PageFactory):
    class Meta:
        model = ActionItemPage

    title = factory.Sequence(lambda n: f"地域懇談会の開催（{n}）")
    actor = Actor.JOINT
    description = factory.LazyFunction(
        lambda: [("paragraph", "<p>市民と市が地域の課題について話し合う場を設けます。</p>")]
    )


class StandardPageFactory(PageFactory):
    class Meta:
        model = StandardPage

    title = "ウェブアクセシビリティ方針"
    summary = "このサイトは JIS X 8341-3:2016 の適合レベルAAに準拠することを目標としています。"
    body = factory.LazyFunction(
        lambda: [
            ("heading", {"text": "対象範囲", "level": "h2"}),
            ("paragraph", "<p>このサイトのすべてのページを対象とします。</p>"),
        ]
    )


class ProgressReportPageFactory(PageFactory):
    class Meta:
        model = ProgressReportPage

    title = factory.Sequence(lambda n: f"市民参加推進レポート（{n}）")
    fiscal_year = 2024
    overall_evaluation = "全体として概ね順調に進んでいます。"


class GuidelinePageFactory(PageFactory):
    class Meta:
        model = GuidelinePage

    title = factory.Sequence(lambda n: f"協働の指針（{n}）")
    kind = GuidelineKind.GUIDELINE
    audience = "市民・市民活動団体、市職員"
    summary = "市民と市が協働するときの基本的な考え方と進め方をまとめた指針です。"
    body = factory.LazyFunction(
        lambda: [
            ("heading", {"text": "第1章 協働の基本的な考え方", "level": "h2"}),
            ("paragraph", "<p>協働とは、市民と市が対等な立場で協力することです。</p>"),
            ("heading", {"text": "1 協働の原則", "level": "h3"}),
            (
                "commitments",
                {
                    "heading": "協働の原則",
                    "items": [
                        {"title": "目的の共有", "text": "何のために協働するのかを確かめ合います。"},
                        {"title": "対等の関係", "text": "互いの立場を尊重します。"},
                    ],
                },
            ),
        ]
    )


def add_item_rows(
    item: ActionItemPage,
    *,
    departments: list[Department] = (),
    progress: dict[int, str] | None = None,
    schedule: dict[int, str] | None = None,
    relisted_under: list[MeasurePage] = (),
) -> ActionItemPage:
    """Attach the rows an item carries straight to the live item (as a published edit would)."""
    for order, department in enumerate(departments):
        ActionItemDepartment.objects.create(
            item=item, department=department, sort_order=order, role="lead" if order == 0 else "partner"
        )
    for order, (year, status) in enumerate((progress or {}).items()):
        ProgressRow.objects.create(
            item=item, fiscal_year=year, status=status, sort_order=order, narrative=f"{year}年度の取組実績。"
        )
    for order, (year, phase) in enumerate((schedule or {}).items()):
        ScheduleRow.objects.create(item=item, fiscal_year=year, phase=phase, sort_order=order)
    for order, measure in enumerate(relisted_under):
        Relisting.objects.create(item=item, measure=measure, sort_order=order)
    return item


# A city's own evaluation scale: A to D, C and D both counted as 遅れ.
A_TO_D = (
    ("A", ProgressStatus.ON_TRACK, "計画どおり進んでいる"),
    ("B", ProgressStatus.MOSTLY_ON_TRACK, "概ね計画どおり進んでいる"),
    ("C", ProgressStatus.DELAYED, "やや遅れている"),
    ("D", ProgressStatus.DELAYED, "大幅に遅れている"),
)


def add_levels(plan: PlanPage, levels=A_TO_D) -> dict[str, EvaluationLevel]:
    """Give ``plan`` an evaluation scale of its own (label, status, description), published
    as an editor publishes the plan; the stored levels by label."""
    plan = PlanPage.objects.get(pk=plan.pk)
    plan.evaluation_levels = [
        EvaluationLevel(label=label, status=status, description=description, sort_order=order)
        for order, (label, status, description) in enumerate(levels)
    ]
    plan.save_revision().publish()
    return {level.label: level for level in EvaluationLevel.objects.filter(page=plan)}


def grade_row(item: ActionItemPage, fiscal_year: int, level: EvaluationLevel | None, narrative: str) -> None:
    """Set the item's live progress row of ``fiscal_year`` to ``level`` (None: 評価なし)."""
    ProgressRow.objects.update_or_create(
        item=item,
        fiscal_year=fiscal_year,
        defaults={
            "status": level.status if level else "",
            "grade": str(level.translation_key) if level else "",
            "narrative": narrative,
            "locale_id": item.locale_id,
        },
    )


def add_indicator(
    plan: PlanPage,
    *,
    name: str = "審議会等の委員に占める公募委員の割合",
    unit: str = "%",
    measures: list[MeasurePage] = (),
    items: list[ActionItemPage] = (),
    baseline: tuple[int, str] | None = None,
    targets: dict[int, str] | None = None,
    values: dict[int, str | None] | None = None,
    notes: dict[int, str] | None = None,
    **fields,
) -> Indicator:
    """An indicator of ``plan`` with its targets and yearly values (numbers as strings),
    saved and published as the indicator editor does."""
    notes = notes or {}
    indicator = Indicator(
        plan=plan,
        locale=plan.locale,
        name=name,
        unit=unit,
        baseline_year=baseline[0] if baseline else None,
        baseline_value=Decimal(baseline[1]) if baseline else None,
        **fields,
    )
    indicator.measure_links = [
        IndicatorMeasure(measure=measure, sort_order=order) for order, measure in enumerate(measures)
    ]
    indicator.item_links = [IndicatorItem(item=item, sort_order=order) for order, item in enumerate(items)]
    indicator.targets = [
        IndicatorTarget(fiscal_year=year, value=Decimal(value), sort_order=order)
        for order, (year, value) in enumerate((targets or {}).items())
    ]
    indicator.values = [
        IndicatorValue(
            fiscal_year=year,
            value=None if value is None else Decimal(value),
            note=notes.get(year, ""),
            sort_order=order,
            locale=plan.locale,
        )
        for order, (year, value) in enumerate((values or {}).items())
    ]
    indicator.save()
    indicator.save_revision().publish()
    return Indicator.objects.get(pk=indicator.pk)


def add_many_items(
    measure: MeasurePage,
    count: int,
    *,
    departments: list[Department] = (),
    progress: dict[int, str] | None = None,
) -> list[ActionItemPage]:
    """Fill a measure with ``count`` live items (no revisions, rows in bulk): the fast way to
    build the large plans of the query-count tests."""
    actors = [Actor.CITIZEN, Actor.CITY, Actor.JOINT]
    items = []
    for n in range(1, count + 1):
        item = ActionItemPage(
            title=f"地域の協働事業 その{n}",
            slug=f"item-{n}",
            number=f"{measure.number}-{n}",
            actor=actors[n % 3],
            is_new=n % 2 == 0,
        )
        measure.add_child(instance=item)
        items.append(item)
    ActionItemDepartment.objects.bulk_create(
        ActionItemDepartment(
            item=item,
            department=department,
            sort_order=order,
            role="lead" if order == 0 else "partner",
            locale_id=item.locale_id,
        )
        for item in items
        for order, department in enumerate(departments)
    )
    ProgressRow.objects.bulk_create(
        ProgressRow(item=item, fiscal_year=year, status=status, locale_id=item.locale_id)
        for item in items
        for year, status in (progress or {}).items()
    )
    return items


# Media -------------------------------------------------------------------------------


def png_file(name: str = "forum.png", size: tuple[int, int] = (320, 200)) -> ImageFile:
    buffer = BytesIO()
    PIL.Image.new("RGB", size, "#2b6cb0").save(buffer, "PNG")
    return ImageFile(buffer, name=name)


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "wagtailimages.Image"

    title = "協働フォーラムの様子"
    file = factory.LazyFunction(png_file)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "wagtaildocs.Document"

    title = "みなと市市民参加推進計画（第3次）本編"
    file = factory.LazyFunction(
        lambda: ContentFile(b"%PDF-1.4\n% kyodo test document\n" * 40, name="plan.pdf")
    )
