"""Synthetic plans for trying the site at scale: many measures and items with realistic
Japanese text, departments, actors, flags, schedules, progress and 再掲 links.

The text is assembled from parts (a topic, a kind of measure, a kind of item, a few
sentences), drawn from a seeded random generator, so the same seed on the same database
gives the same plans.

Pages are written by the bulk page writer the plan-table import uses
(:class:`plans.services.bulk_pages.BulkPageWriter`): each page is saved once at its place in
the tree, and its rows, its revision (the latest, and the live one when published), its
history entries and its parent's child count are written in bulk, as Wagtail's
``add_child()``, ``save_revision()`` and ``publish()`` would leave them. The search index is
written once, in bulk, when a plan is complete (rows included); the reference index is not
updated (see ``_deferred_indexing``).
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from modelsearch.backends import get_search_backends
from wagtail.models import Locale, Page, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from .models import (
    ActionItemDepartment,
    ActionItemPage,
    Department,
    MeasurePage,
    PlanIndexPage,
    PlanPage,
    ProgressReportPage,
    ProgressRow,
    Relisting,
    ScheduleRow,
)
from .search_indexing import deferred_search_indexing
from .services.bulk_pages import BulkPageWriter
from .vocabularies import Actor, DepartmentRole, Phase, PlanKind, PlanStatus, ProgressStatus

SLUG_PREFIX = "synthetic-"
TITLE_MARK = "合成"
PLAN_YEARS = 5
DEFAULT_START_YEAR = 2021

# Parts the titles and texts are made of -------------------------------------------------

AREAS = (
    "I 市民参加の機会の充実",
    "II 市民活動の活性化",
    "III 協働によるまちづくりの推進",
    "IV 情報の共有と発信",
    "V 協働を支える仕組みづくり",
)
# (topic, short form used in item titles)
TOPICS = (
    ("地域活動", "地域活動"),
    ("地域防災", "防災"),
    ("子育て支援", "子育て"),
    ("高齢者の見守り", "見守り"),
    ("環境保全", "環境"),
    ("多文化共生", "多文化共生"),
    ("生涯学習", "生涯学習"),
    ("公園の維持管理", "公園愛護"),
    ("地域福祉", "地域福祉"),
    ("青少年の健全育成", "青少年"),
    ("商店街の活性化", "商店街"),
    ("スポーツ振興", "スポーツ"),
    ("文化芸術活動", "文化芸術"),
    ("地域の交通安全", "交通安全"),
    ("空き家の活用", "空き家活用"),
    ("食品ロスの削減", "食品ロス削減"),
)
MEASURE_PATTERNS = (
    "{topic}の担い手育成",
    "{topic}への市民参加の促進",
    "{topic}に取り組む団体への支援の充実",
    "{topic}に関する情報の共有と発信",
    "{topic}における協働の推進",
    "{topic}の拠点づくり",
    "{topic}を支えるネットワークの形成",
)
ITEM_PATTERNS = (
    "{short}講座の開催",
    "{short}ボランティアの養成",
    "{short}フォーラムの開催",
    "{short}ガイドブックの作成",
    "{short}活動への助成",
    "{short}に関する出前講座の実施",
    "{short}ワークショップの開催",
    "{short}の担い手交流会の開催",
    "{short}活動団体の登録制度の運用",
    "{short}に関する市民意識調査の実施",
    "{short}情報のウェブサイトでの発信",
    "{short}推進会議の運営",
    "{short}モデル事業の実施",
    "{short}アドバイザーの派遣",
)
GROUPS = ("■ 人材の育成", "■ 活動の場づくり", "■ 情報の発信", "■ 連携の強化")
MEASURE_SENTENCES = (
    "{topic}に関わる市民や団体が増えるよう、参加のきっかけとなる機会を広げます。",
    "市民、市民活動団体、事業者と市がそれぞれの役割を生かし、{topic}に協働して取り組みます。",
    "{topic}の現状と課題を共有し、地域の実情に合った取組を進めます。",
    "活動を続けていくための人材や資金、場所の確保を支援します。",
)
ITEM_SENTENCES = (
    "{topic}に関心のある市民を対象に、{title}を行います。",
    "地区の自治会・町内会や市民活動団体と連携して実施します。",
    "参加者の声をもとに内容を見直し、翌年度の取組に生かします。",
    "若い世代や働く世代も参加しやすいよう、休日や夜間の開催、オンラインでの参加を取り入れます。",
    "実施結果は市のウェブサイトで公表します。",
    "区役所や地区センターなど身近な場所で実施し、参加の機会を広げます。",
    "専門的な知識を持つ団体や大学の協力を得て進めます。",
)
NARRATIVES = {
    ProgressStatus.NOT_STARTED: "実施に向けた課題を整理しています。",
    ProgressStatus.PLANNING: "関係課と実施方法を検討しました。",
    ProgressStatus.IN_PROGRESS: "年間を通じて取組を進めました。",
    ProgressStatus.ON_TRACK: "計画どおり{count}回実施し、延べ{people}人が参加しました。",
    ProgressStatus.MOSTLY_ON_TRACK: (
        "{count}回実施し、延べ{people}人が参加しました。一部の回は参加者が少なく、周知方法を見直しています。"
    ),
    ProgressStatus.DELAYED: "担い手の確保が難しく、予定の{count}回のうち一部を翌年度に延期しました。",
    ProgressStatus.COMPLETED: "予定していた取組をすべて終えました。",
    ProgressStatus.SUSPENDED: "感染症対策のため実施を見合わせました。",
}
# Weights of the statuses in the latest year: most items go well, a few are late.
STATUS_WEIGHTS = {
    ProgressStatus.ON_TRACK: 30,
    ProgressStatus.MOSTLY_ON_TRACK: 25,
    ProgressStatus.IN_PROGRESS: 20,
    ProgressStatus.COMPLETED: 8,
    ProgressStatus.PLANNING: 6,
    ProgressStatus.DELAYED: 6,
    ProgressStatus.NOT_STARTED: 3,
    ProgressStatus.SUSPENDED: 2,
}
# Departments created when the site has too few to spread the items over.
BUREAUS = (
    ("市民局", ("市民協働推進課", "地域活動推進課", "広聴課")),
    ("こども青少年局", ("青少年育成課", "子育て支援課")),
    ("環境創造局", ("環境活動支援課", "公園緑地課")),
    ("健康福祉局", ("地域福祉保健課", "高齢健康福祉課")),
    ("総務局", ("危機管理課",)),
)
MIN_DEPARTMENTS = 5


class SyntheticError(Exception):
    """The database lacks what synthetic plans are built on (the site and its plan index)."""


@dataclass
class SyntheticSummary:
    plans: list[PlanPage] = field(default_factory=list)
    measures: int = 0
    items: int = 0
    relistings: int = 0
    departments_created: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        return [
            f"Created {len(self.plans)} plan(s), {self.measures} measures, {self.items} items, "
            f"{self.relistings} re-listings in {self.seconds:.1f} s"
            + (f"; {self.departments_created} departments created." if self.departments_created else "."),
            *(f"  {plan.url_path}  {plan.title}" for plan in self.plans),
        ]


def generate_plans(
    *,
    plans: int,
    measures: int,
    items: int,
    seed: int | None = None,
    start_year: int = DEFAULT_START_YEAR,
    progress_years: int = 2,
    publish: bool = True,
    revisions: bool = True,
    index_search: bool = True,
) -> SyntheticSummary:
    """Create ``plans`` plans under the default site's plan index, each with ``measures``
    measures of ``items`` items (``measures × items`` items per plan); all or nothing."""
    if plans < 1 or measures < 1 or items < 0:
        raise SyntheticError("--plans and --measures must be at least 1, --items at least 0.")
    if not 0 <= progress_years < PLAN_YEARS:
        raise SyntheticError(f"--progress-years must be between 0 and {PLAN_YEARS - 1}.")
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 (made-up content, not secrets)
    summary = SyntheticSummary()
    with transaction.atomic():
        index = _plan_index()
        departments = _departments(index.locale, summary)
        numbers = _free_numbers(index, plans)
        for number in numbers:
            builder = _PlanBuilder(
                rng=rng,
                index=index,
                number=number,
                departments=departments,
                start_year=start_year,
                progress_years=progress_years,
                writer=BulkPageWriter(publish=publish, revisions=revisions),
            )
            with _deferred_indexing(search=index_search) as pending:
                plan = builder.build(measures, items)
                builder.writer.finish()
                pending.extend(builder.pages)
            summary.plans.append(plan)
            summary.measures += measures
            summary.items += measures * items
            summary.relistings += builder.relisting_count
    summary.seconds = time.perf_counter() - started
    return summary


def _plan_index() -> PlanIndexPage:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise SyntheticError("There is no default site. Run `python manage.py load_demo` first.")
    index = PlanIndexPage.objects.child_of(site.root_page).first()
    if index is None:
        raise SyntheticError(
            f"The site {site.site_name or site.hostname} has no plan index page (計画一覧). "
            "Run `python manage.py load_demo` first, or add one in the admin."
        )
    return index


def _departments(locale: Locale, summary: SyntheticSummary) -> list[Department]:
    """The departments items are spread over: the sections (課) of the site's language, or
    bureaus and sections created for the purpose when there are too few."""
    sections = list(Department.objects.filter(locale=locale, parent__isnull=False).order_by("pk"))
    if len(sections) >= MIN_DEPARTMENTS:
        return sections
    for bureau_name, section_names in BUREAUS:
        bureau, created = Department.objects.get_or_create(locale=locale, parent=None, name=bureau_name)
        summary.departments_created += created
        for name in section_names:
            section, created = Department.objects.get_or_create(locale=locale, parent=bureau, name=name)
            summary.departments_created += created
            if section not in sections:
                sections.append(section)
    return sections


def _free_numbers(index: PlanIndexPage, count: int) -> list[int]:
    """The next ``count`` plan numbers whose slugs are free under the plan index."""
    taken = set(
        Page.objects.child_of(index).filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True)
    )
    numbers: list[int] = []
    number = 1
    while len(numbers) < count:
        if f"{SLUG_PREFIX}{number}" not in taken:
            numbers.append(number)
        number += 1
    return numbers


def plan_slug(number: int) -> str:
    return f"{SLUG_PREFIX}{number}"


def plan_title(number: int) -> str:
    return f"協働推進アクションプラン（{TITLE_MARK}{number:03d}）"


def _paragraph_blocks(sentences: list[str]) -> list[dict[str, str]]:
    return [{"type": "paragraph", "value": f"<p>{''.join(sentences)}</p>"}]


class _PlanBuilder:
    def __init__(
        self,
        *,
        rng: random.Random,
        index: PlanIndexPage,
        number: int,
        departments: list[Department],
        start_year: int,
        progress_years: int,
        writer: BulkPageWriter,
    ) -> None:
        self.rng = rng
        self.index = index
        self.number = number
        self.departments = departments
        self.start_year = start_year
        self.end_year = start_year + PLAN_YEARS - 1
        # Progress is reported for the years before the last of the plan (the fourth year of
        # five is the latest reported one), as a plan in its final year would have.
        last = self.end_year - 1
        self.progress_years = list(range(last - progress_years + 1, last + 1))
        self.writer = writer
        self.pages: list[Page] = []
        self.relisting_count = 0

    # Pages -------------------------------------------------------------------------

    def _add(self, parent: Page, page: Page) -> Page:
        # Saved at once, live or a draft; its rows, revision and history are written with
        # the plan's other pages when the plan is complete (BulkPageWriter.finish).
        self.writer.add(parent, page)
        self.pages.append(page)
        return page

    def build(self, measure_count: int, item_count: int) -> PlanPage:
        rng = self.rng
        plan = self._add(
            self.index,
            PlanPage(
                title=plan_title(self.number),
                short_title=f"アクションプラン{TITLE_MARK}{self.number:03d}",
                slug=plan_slug(self.number),
                kind=PlanKind.ACTION,
                status=PlanStatus.IN_FORCE,
                period_start=self.start_year,
                period_end=self.end_year,
                issuing_department=self.departments[0],
                summary=(
                    "市民、市民活動団体、事業者と市が協働してまちづくりを進めるため、"
                    f"{self.start_year}年度から{self.end_year}年度までの5年間に取り組む"
                    f"{measure_count}の施策と{measure_count * item_count}の事業をまとめた計画です。"
                ),
            ),
        )
        measures = []
        measure_topics = []
        for m in range(1, measure_count + 1):
            topic, short = rng.choice(TOPICS)
            title = rng.choice(MEASURE_PATTERNS).format(topic=topic)
            sentences = rng.sample(MEASURE_SENTENCES, rng.randint(2, 3))
            measure = self._add(
                plan,
                MeasurePage(
                    title=title,
                    slug=f"measure-{m}",
                    number=str(m),
                    area=AREAS[(m - 1) * len(AREAS) // measure_count],
                    description=_paragraph_blocks([s.format(topic=topic) for s in sentences]),
                ),
            )
            measures.append(measure)
            measure_topics.append((topic, short))

        items: list[ActionItemPage] = []
        item_measures: list[int] = []
        for m, measure in enumerate(measures):
            topic, short = measure_topics[m]
            patterns = rng.sample(ITEM_PATTERNS, min(item_count, len(ITEM_PATTERNS)))
            for k in range(1, item_count + 1):
                pattern = patterns[(k - 1) % len(patterns)]
                title = pattern.format(short=short)
                if k > len(patterns):
                    title = f"{title}（第{(k - 1) // len(patterns) + 1}期）"
                sentences = [ITEM_SENTENCES[0].format(topic=topic, title=title)]
                sentences += rng.sample(ITEM_SENTENCES[1:], rng.randint(1, 2))
                pickup = rng.random() < 0.03
                item = self._add(
                    measure,
                    ActionItemPage(
                        title=title,
                        slug=f"item-{k}",
                        number=f"{m + 1}-{k}",
                        external_id=f"SYN{self.number:03d}-{m + 1:03d}-{k:03d}",
                        group=GROUPS[(k - 1) * len(GROUPS) // item_count] if item_count >= 4 else "",
                        description=_paragraph_blocks(sentences),
                        actor=rng.choice((Actor.CITIZEN, Actor.CITY, Actor.CITY, Actor.JOINT, Actor.JOINT)),
                        is_new=rng.random() < 0.15,
                        is_enhanced=rng.random() < 0.2,
                        is_pickup=pickup,
                        pickup_text=f"{topic}の新しい取組として、特に力を入れて進めます。" if pickup else "",
                    ),
                )
                items.append(item)
                item_measures.append(m)
        self._add_rows(items, item_measures, measures)

        latest = self.progress_years[-1] if self.progress_years else None
        if latest is not None:
            self._add(
                plan,
                ProgressReportPage(
                    title=f"{latest}年度 協働推進アクションプラン進捗報告（{TITLE_MARK}{self.number:03d}）",
                    slug=f"report-{latest}",
                    fiscal_year=latest,
                    overall_evaluation="多くの事業が概ね計画どおりに進みました。担い手の確保に課題が残る事業があります。",
                ),
            )
        return plan

    # Rows --------------------------------------------------------------------------

    def _add_rows(
        self, items: list[ActionItemPage], item_measures: list[int], measures: list[MeasurePage]
    ) -> None:
        rng = self.rng
        rows: dict[str, list[tuple[ActionItemPage, Any]]] = {
            "departments": [],
            "schedule": [],
            "progress": [],
            "relistings": [],
        }
        statuses = list(STATUS_WEIGHTS)
        weights = list(STATUS_WEIGHTS.values())
        relisted_target = max(1, len(items) // 50) if len(measures) > 1 and items else 0
        relisted = set(rng.sample(range(len(items)), min(relisted_target, len(items))))
        for position, item in enumerate(items):
            chosen = rng.sample(self.departments, min(len(self.departments), rng.choice((1, 1, 1, 2, 2, 3))))
            for order, department in enumerate(chosen):
                role = DepartmentRole.LEAD if order == 0 else DepartmentRole.PARTNER
                rows["departments"].append(
                    (
                        item,
                        ActionItemDepartment(
                            item=item,
                            department=department,
                            role=role,
                            sort_order=order,
                            locale_id=item.locale_id,
                        ),
                    )
                )
            first = rng.randint(0, 2)
            for order, offset in enumerate(range(first, PLAN_YEARS)):
                if offset == first and first > 0:
                    phase = Phase.IMPLEMENT
                elif offset == first:
                    phase = rng.choice((Phase.STUDY, Phase.PREPARE, Phase.IMPLEMENT))
                else:
                    phase = Phase.CONTINUE
                rows["schedule"].append(
                    (
                        item,
                        ScheduleRow(
                            item=item,
                            fiscal_year=self.start_year + offset,
                            phase=phase,
                            onwards=offset == PLAN_YEARS - 1,
                            sort_order=order,
                        ),
                    )
                )
            # A few items have no report for the latest year (stale).
            years = self.progress_years[:-1] if rng.random() < 0.05 else self.progress_years
            for order, year in enumerate(years):
                status = rng.choices(statuses, weights)[0]
                narrative = NARRATIVES[status].format(
                    count=rng.randint(2, 12), people=rng.randint(3, 60) * 10
                )
                percent = {ProgressStatus.COMPLETED: 100, ProgressStatus.NOT_STARTED: 0}.get(status)
                rows["progress"].append(
                    (
                        item,
                        ProgressRow(
                            item=item,
                            fiscal_year=year,
                            status=status,
                            percent=percent,
                            narrative=narrative,
                            sort_order=order,
                            locale_id=item.locale_id,
                        ),
                    )
                )
            if position in relisted:
                own = item_measures[position]
                other = rng.choice([n for n in range(len(measures)) if n != own])
                rows["relistings"].append((item, Relisting(item=item, measure=measures[other], sort_order=0)))
                self.relisting_count += 1

        by_item: dict[int, dict[str, list]] = {item.pk: {name: [] for name in rows} for item in items}
        for name, pairs in rows.items():
            for item, row in pairs:
                by_item[item.pk][name].append(row)
        # Each item's rows in memory (assigning to a saved cluster writes nothing): the bulk
        # page writer inserts them, all items' together, before it writes the revisions.
        for item in items:
            for name, item_rows in by_item[item.pk].items():
                setattr(item, name, item_rows)


@contextmanager
def _deferred_indexing(*, search: bool = True) -> Iterator[list[Page]]:
    """Index the pages put in the yielded list once, in bulk, instead of on every save.

    Saving a page normally updates the search index and the reference index at once; for
    thousands of new pages that is most of the time spent. The search index is written in
    bulk at the end (unless ``search`` is false: then ``manage.py update_index`` does it
    later); the reference index (the admin's "usage" counts) is left to
    ``manage.py rebuild_references_index``.
    """
    pending: list[Page] = []
    with deferred_search_indexing(), disable_reference_index_auto_update():
        yield pending
    if not search:
        return
    by_model: dict[type[Page], list[int]] = {}
    for page in pending:
        by_model.setdefault(type(page), []).append(page.pk)
    for backend in get_search_backends(with_auto_update=True):
        for model, pks in by_model.items():
            backend.add_bulk(model, list(model.get_indexed_objects().filter(pk__in=pks)))
