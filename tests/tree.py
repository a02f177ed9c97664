"""The data every test stands on, built once when the test session starts.

The tree is rebuilt from scratch at the start of every session (``--reuse-db`` keeps the
database between runs, so a stale tree from an older version of this file never survives),
and every test runs inside a transaction that is rolled back, so what a test adds or
changes on top is gone before the next one starts.

- A locale for every configured language (ja is the default); Wagtail's welcome page is
  replaced by a Japanese HomePage as the default site's root, with a PlanIndexPage, a
  GuidelineIndexPage and a GlossaryPage.
- Departments (市民局 → 市民協働推進課, 広聴課; 政策局 → 広報課) and glossary terms.
- One realistic plan (みなと市市民参加推進計画（第3次）) with three measures, four items and
  a progress report for FY2024, see :class:`SamplePlan`; the plan it replaced (第2次, ended)
  and a 協働推進アクションプラン, each with one measure and one item.

The tests about the demo municipality stand on :func:`demo_database` instead: a copy of the
demo as ``migrate`` and ``load_demo`` leave it (``tests/served.py``), in place of the test
database while they run.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connections, transaction

from wagtail.models import Locale, Page, Site

from home.languages import sync_locales
from home.models import HomePage
from plans.models import (
    ActionItemPage,
    Department,
    GlossaryPage,
    GlossaryTerm,
    GuidelineIndexPage,
    MeasurePage,
    PlanIndexPage,
    PlanPage,
    ProgressReportPage,
)
from plans.vocabularies import Actor, Phase, PlanKind, PlanStatus, ProgressStatus

from .factories import (
    ActionItemPageFactory,
    DepartmentFactory,
    GlossaryTermFactory,
    MeasurePageFactory,
    PageFactory,
    PlanPageFactory,
    ProgressReportPageFactory,
    add_item_rows,
)
from .served import copy_demo, database_name, on_postgresql, remove_database

HOME_SLUG = "kyodo"
SAMPLE_PLAN_SLUG = "participation-3"
PREVIOUS_PLAN_SLUG = "participation-2"
ACTION_PLAN_SLUG = "action-plan"


@dataclass
class BaseTree:
    ja: Locale
    en: Locale
    root: Page
    site: Site
    home: HomePage
    plan_index: PlanIndexPage
    guideline_index: GuidelineIndexPage
    glossary: GlossaryPage

    @classmethod
    def load(cls) -> BaseTree:
        home = HomePage.objects.get(slug=HOME_SLUG, depth=2)
        return cls(
            ja=Locale.objects.get(language_code="ja"),
            en=Locale.objects.get(language_code="en"),
            root=Page.get_first_root_node(),
            site=Site.objects.get(is_default_site=True),
            home=home,
            plan_index=PlanIndexPage.objects.child_of(home).get(),
            guideline_index=GuidelineIndexPage.objects.child_of(home).get(),
            glossary=GlossaryPage.objects.child_of(home).get(),
        )


@dataclass
class Departments:
    shimin: Department  # 市民局
    kyodo: Department  # 市民局 市民協働推進課
    kocho: Department  # 市民局 広聴課
    seisaku: Department  # 政策局
    koho: Department  # 政策局 広報課

    @classmethod
    def load(cls) -> Departments:
        by_name = {department.name: department for department in Department.objects.select_related("parent")}
        return cls(
            shimin=by_name["市民局"],
            kyodo=by_name["市民協働推進課"],
            kocho=by_name["広聴課"],
            seisaku=by_name["政策局"],
            koho=by_name["広報課"],
        )


@dataclass
class SamplePlan:
    """施策1 (2 items: 公募委員 on track in 2024 after mostly on track in 2023, i.e. changed;
    女性委員 delayed both years), 施策2 (パブリックコメント: no row for 2024), 施策3
    (協働事業提案制度: completed; it also re-lists 公募委員), and the FY2024 report."""

    plan: PlanPage
    participation: MeasurePage  # 1 審議会等への市民公募委員の参加促進
    comments: MeasurePage  # 2 市民意見募集（パブリックコメント）の充実
    proposals: MeasurePage  # 3 協働事業提案制度の推進
    public_members: ActionItemPage  # 1-1 ● 新規, re-listed under 3
    women_members: ActionItemPage  # 1-2 ◎ 充実
    public_comment: ActionItemPage  # 2-1 ●
    proposal_system: ActionItemPage  # 3-1 ★
    report: ProgressReportPage  # 令和6年度

    @classmethod
    def load(cls) -> SamplePlan:
        plan = PlanPage.objects.get(slug=SAMPLE_PLAN_SLUG)
        measures = {page.slug: page for page in MeasurePage.objects.filter(plan=plan)}
        items = {page.slug: page for page in ActionItemPage.objects.filter(plan=plan)}
        return cls(
            plan=plan,
            participation=measures["council-members"],
            comments=measures["public-comment"],
            proposals=measures["proposals"],
            public_members=items["public-members"],
            women_members=items["women-members"],
            public_comment=items["public-comment-notice"],
            proposal_system=items["proposal-system"],
            report=ProgressReportPage.objects.get(plan=plan, fiscal_year=2024),
        )


def clear_content() -> None:
    for page in Page.objects.filter(depth=2):
        page.delete()
    Page.objects.filter(depth__gt=1).delete()  # nothing should be left; belt and braces
    GlossaryTerm.objects.all().delete()
    while Department.objects.exists():
        Department.objects.filter(children__isnull=True).delete()


def _build_base_tree() -> None:
    sync_locales()  # migrate does it too; a reused test database may predate a new language
    ja = Locale.objects.get(language_code="ja")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", locale=ja)
    home = PageFactory._create(
        HomePage,
        parent=root,
        title="みなと市 市民参加・協働ポータル",
        slug=HOME_SLUG,
        locale=ja,
        lead="市民と市がともに進める、まちづくりの計画と取組",
        intro="みなと市の市民参加推進計画、協働推進アクションプラン、協働の指針を掲載しています。",
    )
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="みなと市"
    )
    home = HomePage.objects.get(pk=home.pk)
    PageFactory._create(
        PlanIndexPage,
        parent=home,
        title="計画一覧",
        slug="plans",
        intro="市民参加と協働に関する市の計画です。",
    )
    PageFactory._create(
        GuidelineIndexPage,
        parent=home,
        title="協働の指針・ハンドブック",
        slug="guidelines",
        intro="協働を進めるための指針、ハンドブック、手引きです。",
    )
    PageFactory._create(
        GlossaryPage,
        parent=home,
        title="用語解説",
        slug="glossary",
        intro="計画の中で「*」の付いた用語の解説です。",
    )


def _build_snippets() -> None:
    shimin = DepartmentFactory(name="市民局", reading="しみんきょく", sort_order=1)
    seisaku = DepartmentFactory(name="政策局", reading="せいさくきょく", sort_order=2)
    DepartmentFactory(
        name="市民協働推進課",
        reading="しみんきょうどうすいしんか",
        parent=shimin,
        phone="045-671-2222",
        email="kyodo@city.minato.example.jp",
        aliases="協働推進課\n市民活動推進課",
    )
    DepartmentFactory(name="広聴課", reading="こうちょうか", parent=shimin)
    DepartmentFactory(name="広報課", reading="こうほうか", parent=seisaku)
    GlossaryTermFactory(
        term="協働",
        reading="きょうどう",
        definition="市民と市が、それぞれの役割と責任を自覚し、対等な立場で協力して地域の課題に取り組むこと。",
    )
    GlossaryTermFactory(
        term="パブリックコメント",
        reading="ぱぶりっくこめんと",
        definition="市が計画や条例をつくるときに、案を公表して市民から意見を募る手続。",
    )
    GlossaryTermFactory(
        term="市民活動団体",
        reading="しみんかつどうだんたい",
        definition="市民が自主的に集まり、営利を目的とせず社会的な課題に取り組む団体。",
    )


def _build_other_plans(tree: BaseTree, departments: Departments) -> None:
    previous = PlanPageFactory(
        parent=tree.plan_index,
        title="みなと市市民参加推進計画（第2次）",
        short_title="第2次市民参加推進計画",
        slug=PREVIOUS_PLAN_SLUG,
        kind=PlanKind.PROMOTION,
        status=PlanStatus.ENDED,
        period_start=2016,
        period_end=2020,
        issuing_department=departments.kyodo,
    )
    measure = MeasurePageFactory(
        parent=previous,
        title="審議会等の会議の公開",
        slug="open-meetings",
        number="1",
        area="I 市政情報の共有",
    )
    add_item_rows(
        ActionItemPageFactory(
            parent=measure, title="会議録の公開", slug="minutes", number="1-1", actor=Actor.CITY
        ),
        departments=[departments.koho],
        progress={2020: ProgressStatus.COMPLETED},
    )
    action = PlanPageFactory(
        parent=tree.plan_index,
        title="協働推進アクションプラン",
        slug=ACTION_PLAN_SLUG,
        kind=PlanKind.ACTION,
        period_start=2022,
        period_end=2026,
        issuing_department=departments.kyodo,
    )
    measure = MeasurePageFactory(
        parent=action,
        title="市民活動団体との対話の場づくり",
        slug="dialogue",
        number="1",
        area="I 協働の土台づくり",
    )
    add_item_rows(
        ActionItemPageFactory(
            parent=measure,
            title="協働カフェの開催",
            slug="kyodo-cafe",
            number="1-1",
            actor=Actor.JOINT,
            is_new=True,
        ),
        departments=[departments.kyodo],
        progress={2024: ProgressStatus.IN_PROGRESS},
    )


def _build_sample_plan(tree: BaseTree, departments: Departments) -> None:
    plan = PlanPageFactory(
        parent=tree.plan_index,
        title="みなと市市民参加推進計画（第3次）",
        short_title="第3次市民参加推進計画",
        slug=SAMPLE_PLAN_SLUG,
        kind=PlanKind.PROMOTION,
        period_start=2021,
        period_end=2025,
        issuing_department=departments.kyodo,
        replaces=PlanPage.objects.get(slug=PREVIOUS_PLAN_SLUG),
    )
    participation = MeasurePageFactory(
        parent=plan,
        title="審議会等への市民公募委員の参加促進",
        slug="council-members",
        number="1",
        area="I 市政への市民参加の推進",
    )
    comments = MeasurePageFactory(
        parent=plan,
        title="市民意見募集（パブリックコメント）の充実",
        slug="public-comment",
        number="2",
        area="I 市政への市民参加の推進",
    )
    proposals = MeasurePageFactory(
        parent=plan,
        title="協働事業提案制度の推進",
        slug="proposals",
        number="3",
        area="II 市民と市の協働の推進",
    )
    add_item_rows(
        ActionItemPageFactory(
            parent=participation,
            title="審議会等への公募委員の登用",
            slug="public-members",
            number="1-1",
            external_id="KY-0101",
            actor=Actor.CITY,
            is_new=True,
            group="■ 公募委員制度の運用",
        ),
        departments=[departments.kyodo, departments.koho],
        progress={2023: ProgressStatus.MOSTLY_ON_TRACK, 2024: ProgressStatus.ON_TRACK},
        schedule={2021: Phase.STUDY, 2022: Phase.IMPLEMENT, 2023: Phase.CONTINUE},
        relisted_under=[proposals],
    )
    add_item_rows(
        ActionItemPageFactory(
            parent=participation,
            title="女性委員の登用促進",
            slug="women-members",
            number="1-2",
            actor=Actor.JOINT,
            is_enhanced=True,
            group="■ 公募委員制度の運用",
        ),
        departments=[departments.kocho],
        progress={2023: ProgressStatus.DELAYED, 2024: ProgressStatus.DELAYED},
    )
    add_item_rows(
        ActionItemPageFactory(
            parent=comments,
            title="パブリックコメント手続の周知",
            slug="public-comment-notice",
            number="2-1",
            actor=Actor.CITY,
        ),
        departments=[departments.koho],
        progress={2023: ProgressStatus.IN_PROGRESS},
    )
    add_item_rows(
        ActionItemPageFactory(
            parent=proposals,
            title="協働事業提案制度の実施",
            slug="proposal-system",
            number="3-1",
            actor=Actor.CITIZEN,
        ),
        departments=[departments.kyodo],
        progress={2023: ProgressStatus.COMPLETED, 2024: ProgressStatus.COMPLETED},
    )
    ProgressReportPageFactory(
        parent=PlanPage.objects.get(pk=plan.pk),
        title="令和6年度 市民参加推進レポート",
        slug="report-2024",
        fiscal_year=2024,
        overall_evaluation="公募委員の登用は順調に進みましたが、女性委員の登用には遅れが見られます。",
    )


def build_session_data() -> None:
    with transaction.atomic():
        clear_content()
        _build_base_tree()
        _build_snippets()
        _build_other_plans(BaseTree.load(), Departments.load())
        _build_sample_plan(BaseTree.load(), Departments.load())


def fresh_install() -> None:
    """The database as `migrate` leaves it: Wagtail's root, its welcome page and default site."""
    clear_content()
    Site.objects.all().delete()
    ja = Locale.objects.get(language_code="ja")
    root = Page.get_first_root_node()
    welcome = root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="home", locale=ja))
    Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)


_demo_copies = itertools.count()


def _use_database(name: str) -> None:
    """Point the default connection at the database ``name`` (it reconnects on first use)."""
    connections.close_all()
    connections["default"].settings_dict["NAME"] = name
    settings.DATABASES["default"]["NAME"] = name
    ContentType.objects.clear_cache()  # ids are per database
    cache.clear()  # Wagtail caches the site root paths


@contextmanager
def demo_database(django_db_blocker, load: Callable[[], object]) -> Iterator[None]:
    """The demo municipality, as ``migrate`` and ``load_demo`` leave it, in place of the suite's
    tree while the ``with`` block runs; what is added inside the block is gone after it.

    On PostgreSQL the default connection uses a copy of the demo template made for the block
    (``test_<name>[_<worker>]_demo<n>``, built once per run, see ``tests/served.py``) and
    returns to the test database after it. Elsewhere (SQLite) ``load``, the demo loader, fills
    a fresh install inside a transaction that is rolled back at the end. Tests inside the
    block run in their own transactions, as usual."""
    if not on_postgresql():
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            fresh_install()
            load()
        try:
            yield
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                cache.clear()
        return
    test_database = connections["default"].settings_dict["NAME"]
    copy = database_name(f"demo{next(_demo_copies)}")
    with django_db_blocker.unblock():
        copy_demo(copy)
    _use_database(copy)
    try:
        yield
    finally:
        _use_database(test_database)
        remove_database(copy)
