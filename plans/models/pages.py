"""The page types of a municipality's plans, guidelines and reports.

Tree per locale: HomePage → PlanIndexPage → PlanPage → MeasurePage → ActionItemPage,
PlanPage → ProgressReportPage, HomePage → GuidelineIndexPage → GuidelinePage, and
HomePage → GlossaryPage.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .. import api_fields as api
from ..blocks import ContentStreamBlock, DescriptionStreamBlock
from ..fiscal_years import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR
from ..kana import glossary_index
from ..slugs import ITEM_PREFIX, MEASURE_PREFIX
from ..vocabularies import ACTOR_MARKS, Actor, GuidelineKind, IndicatorRule, PlanKind, PlanStatus
from .base import KyodoPage, SectionPage
from .forms import ActionItemPageForm, PlanMemberPageForm, PlanPageForm
from .indicators import IndicatorMeasure
from .rounds import FrozenProgress
from .rows import FISCAL_YEAR_MESSAGE, FISCAL_YEAR_VALIDATORS
from .snippets import GlossaryTerm


class PlanIndexPage(SectionPage):
    """The list of all plans of the municipality (計画一覧)."""

    subpage_types = ["plans.PlanPage"]

    class Meta:
        verbose_name = _("計画一覧")

    def get_context(self, request, *args, **kwargs):
        # The selectors query these page models: a module-level import would be circular.
        from ..selectors import plans_for_index

        context = super().get_context(request, *args, **kwargs)
        if not self.body_is_kept(context):
            context["plans"] = plans_for_index(self)
        return context


class PlanPage(RoutablePageMixin, KyodoPage):
    """A plan (市民参加推進計画, 協働推進アクションプラン, 答申への対応表 …)."""

    kind = models.CharField(_("計画の種類"), max_length=20, choices=PlanKind.choices)
    short_title = models.CharField(
        _("略称"), max_length=100, blank=True, help_text=_("一覧やパンくずで使う短い名前")
    )
    period_start = models.PositiveSmallIntegerField(
        _("計画期間（開始年度）"),
        validators=FISCAL_YEAR_VALIDATORS,
        help_text=_("西暦で入力します（例：2021）。"),
    )
    period_end = models.PositiveSmallIntegerField(
        _("計画期間（終了年度）"),
        validators=FISCAL_YEAR_VALIDATORS,
        help_text=_("西暦で入力します（例：2025）。"),
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.IN_FORCE
    )
    replaces = models.ForeignKey(
        "plans.PlanPage",
        verbose_name=_("前の計画"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    issuing_department = models.ForeignKey(
        "plans.Department",
        verbose_name=_("策定した部署"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField(_("概要"), blank=True)
    chapters = StreamField(ContentStreamBlock(), verbose_name=_("本文"), blank=True)
    indicator_rule = models.CharField(
        _("指標の評価方法"),
        max_length=20,
        choices=IndicatorRule.choices,
        default=IndicatorRule.ACHIEVEMENT,
        help_text=_("成果指標の実績値から達成率を求める方法です。"),
    )

    search_fields = Page.search_fields + [
        # Weighed as the title is (the search backend files it with the title).
        index.SearchField("short_title", boost=2),
        index.SearchField("summary"),
        index.SearchField("chapters"),
        index.RelatedFields("issuing_department", [index.SearchField("name")]),
        index.FilterField("kind"),
        index.FilterField("status"),
    ]

    override_translatable_fields = KyodoPage.override_translatable_fields + [
        TranslatableField("short_title"),
        TranslatableField("summary"),
        TranslatableField("chapters"),
        SynchronizedField("kind"),
        SynchronizedField("status"),
        SynchronizedField("period_start"),
        SynchronizedField("period_end"),
        SynchronizedField("replaces"),
        # The translated department when there is one, the Japanese one until then.
        TranslatableField("issuing_department"),
        SynchronizedField("documents"),
        # Each level's label and description are translated; its status is copied.
        TranslatableField("evaluation_levels"),
        # The indicators' grading: the rule and thresholds are copied, the bands' labels and
        # descriptions translated.
        SynchronizedField("indicator_rule"),
        TranslatableField("indicator_grade_bands"),
    ]

    api_fields = [
        APIField("kind", serializer=api.ChoiceField(PlanKind)),
        APIField("short_title"),
        APIField("period", serializer=api.PeriodField()),
        APIField("period_start"),
        APIField("period_end"),
        APIField("status", serializer=api.ChoiceField(PlanStatus)),
        APIField("replaces", serializer=api.PageReferenceField()),
        APIField("issuing_department", serializer=api.DepartmentField()),
        APIField("summary"),
        APIField("chapters"),
        APIField("original_documents", serializer=api.PlanDocumentsField()),
        APIField("evaluation_scale", serializer=api.EvaluationScaleField()),
        APIField("indicator_grading", serializer=api.IndicatorGradingField()),
        APIField("indicators", serializer=api.IndicatorsField()),
        APIField("machine_translated"),
    ]

    base_form_class = PlanPageForm

    content_panels = KyodoPage.content_panels + [
        FieldPanel("short_title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")], heading=_("計画期間")),
        FieldPanel("issuing_department"),
        FieldPanel("replaces"),
        FieldPanel("summary"),
        FieldPanel("chapters"),
        InlinePanel("documents", label=_("計画書のファイル")),
        InlinePanel(
            "evaluation_levels",
            heading=_("評価の段階"),
            label=_("段階"),
            help_text=_(
                "この計画で進捗を評価するときの言葉（例：A〜D、順調〜遅れ）を、よい順に並べます。"
                "空のときは標準の言葉（未着手、検討中、実施中、順調、概ね順調、やや遅れ、遅れ、完了、中止）を使います。"
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("indicator_rule"),
                InlinePanel(
                    "indicator_grade_bands",
                    label=_("評価の段階"),
                    help_text=_(
                        "達成率に応じた評価（例：S 100％以上、A 80％以上、B 50％以上、C それ未満）を"
                        "入力します。どの下限にも届かない達成率は、下限がいちばん低い段階になります。"
                        "空のときは標準の段階（A 100％以上、B 80％以上、C 50％以上、D 50％未満）を使います。"
                    ),
                ),
            ],
            heading=_("指標の評価"),
        ),
    ]

    parent_page_types = ["plans.PlanIndexPage"]
    subpage_types = ["plans.MeasurePage", "plans.ProgressReportPage"]

    class Meta:
        verbose_name = _("計画")
        verbose_name_plural = pgettext_lazy("plural", "計画")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__gte=MIN_FISCAL_YEAR)
                & Q(period_end__lte=MAX_FISCAL_YEAR)
                & Q(period_start__lte=F("period_end")),
                name="plan_period_sane",
                violation_error_message=_("計画期間の終了年度は開始年度以降にしてください。"),
            ),
        ]

    @property
    def display_title(self) -> str:
        return self.short_title or self.title

    @property
    def fiscal_years(self) -> list[int]:
        return list(range(self.period_start, self.period_end + 1))

    def get_context(self, request, *args, **kwargs):
        # The selectors query these page models: a module-level import would be circular.
        from ..indicator_figures import plan_indicators
        from ..selectors import plan_overview

        context = super().get_context(request, *args, **kwargs)
        if not self.body_is_kept(context):
            context.update(plan_overview(self))
            measures = [measure for group in context["areas"] for measure in group.measures]
            context["indicator_groups"] = plan_indicators(self, measures)
        return context

    # Downloads of the published plan table (計画表); see plans.downloads.

    @path("table/xlsx/", name="table_xlsx")
    def table_xlsx(self, request):
        # Downloads read these page models: a module-level import would be circular.
        from ..downloads import plan_table_response

        return plan_table_response(request, self, "xlsx")

    @path("table/csv/", name="table_csv")
    def table_csv(self, request):
        # Downloads read these page models: a module-level import would be circular.
        from ..downloads import plan_table_response

        return plan_table_response(request, self, "csv")


class PlanMemberPage(KyodoPage):
    """A page that belongs to one plan and keeps a link to it for constraints and queries.

    The link is derived from the page tree whenever the page is saved (created, edited,
    translated or copied), so it never has to be chosen by hand.
    """

    plan = models.ForeignKey(
        "plans.PlanPage", null=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    base_form_class = PlanMemberPageForm
    # Measures and items take the slug their number makes (plans.slugs); other pages keep
    # the slug made from their title.
    number_slug_prefix: str | None = None

    class Meta:
        abstract = True

    @staticmethod
    def plan_from_parent(parent: Page) -> PlanPage | None:
        raise NotImplementedError

    def sync_tree_links(self) -> None:
        if self.path and self.depth > 1:
            parent = self.get_parent()
            self.plan = self.plan_from_parent(parent)

    def save(self, *args, **kwargs):
        self.sync_tree_links()
        return super().save(*args, **kwargs)


def sync_subtree_links(page: Page) -> None:
    """Re-derive the plan and measure links of ``page`` and the pages below it.

    Wagtail saves a moved page as a plain ``Page``, so a move does not run
    :meth:`PlanMemberPage.save`; this runs after every move instead. Links are written with
    ``update()`` so that the move adds no revisions. Pages are visited in tree order, so a
    measure is linked to its new plan before its items read it.
    """
    member_types = (MeasurePage, ActionItemPage, ProgressReportPage)
    subtree = Page.objects.descendant_of(page, inclusive=True).type(*member_types).order_by("path")
    for member in subtree.specific():
        member.sync_tree_links()
        links = {"plan": member.plan}
        if isinstance(member, ActionItemPage):
            links["measure"] = member.measure
        type(member).objects.filter(pk=member.pk).update(**links)


def numbered_title(number: str, title: str) -> str:
    return f"{number} {title}" if number else title


class MeasurePage(PlanMemberPage):
    """A measure (施策) of a plan, grouped under an area (分野・基本目標)."""

    number = models.CharField(_("施策番号"), max_length=20, blank=True)
    area = models.CharField(_("分野"), max_length=200, blank=True, help_text=_("例：I 総合的な自治の醸成"))
    description = StreamField(DescriptionStreamBlock(), verbose_name=_("施策の内容"), blank=True)

    number_slug_prefix = MEASURE_PREFIX

    search_fields = Page.search_fields + [
        index.SearchField("number"),
        index.SearchField("area"),
        index.SearchField("description"),
        # A measure is found by the names of its published indicators (re-indexed when an
        # indicator is published, unpublished or deleted: plans.search_indexing).
        index.SearchField("indicator_names"),
        index.FilterField("plan_id"),
    ]

    override_translatable_fields = KyodoPage.override_translatable_fields + [
        SynchronizedField("number"),
        TranslatableField("area"),
        TranslatableField("description"),
    ]

    api_fields = [
        APIField("number"),
        APIField("area"),
        APIField("description"),
        APIField("plan", serializer=api.PageReferenceField()),
        APIField("indicators", serializer=api.IndicatorsField()),
        APIField("machine_translated"),
    ]

    content_panels = KyodoPage.content_panels + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("area")]),
        FieldPanel("description"),
    ]

    parent_page_types = ["plans.PlanPage"]
    subpage_types = ["plans.ActionItemPage"]

    class Meta:
        verbose_name = _("施策")
        verbose_name_plural = pgettext_lazy("plural", "施策")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                condition=~Q(number=""),
                name="measure_number_unique_in_plan",
                violation_error_message=_("この計画には同じ施策番号がすでにあります。"),
            ),
        ]

    @staticmethod
    def plan_from_parent(parent: Page) -> PlanPage | None:
        specific = parent.specific
        return specific if isinstance(specific, PlanPage) else None

    @property
    def label(self) -> str:
        return numbered_title(self.number, self.title)

    @classmethod
    def get_indexed_objects(cls):
        # The indicators' names for every measure in one query, not one per measure.
        return (
            super()
            .get_indexed_objects()
            .prefetch_related(
                Prefetch(
                    "indicator_links",
                    queryset=IndicatorMeasure.objects.filter(indicator__live=True).select_related(
                        "indicator"
                    ),
                    to_attr="live_indicator_links",
                )
            )
        )

    @property
    def indicator_names(self) -> list[str]:
        """The names of the published indicators of this measure, for the search index."""
        links = getattr(self, "live_indicator_links", None)
        if links is None:
            links = IndicatorMeasure.objects.filter(measure=self, indicator__live=True).select_related(
                "indicator"
            )
        return [link.indicator.name for link in links]

    def get_admin_display_title(self) -> str:
        """The title with the number in front (「1 市民参加の機会の拡充」) wherever the admin
        names the page: explorer, breadcrumbs, choosers, history. The public title stays."""
        return numbered_title(self.number, super().get_admin_display_title())

    def get_context(self, request, *args, **kwargs):
        # The selectors query these page models: a module-level import would be circular.
        from ..indicator_figures import measure_indicators
        from ..selectors import measure_rows

        context = super().get_context(request, *args, **kwargs)
        if not self.body_is_kept(context):
            context["rows"] = measure_rows(self)
            context["indicators"] = measure_indicators(self)
        return context


class ActionItemPage(PlanMemberPage):
    """An action item (実施事業・取組) of a measure."""

    measure = models.ForeignKey(
        "plans.MeasurePage", null=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    number = models.CharField(_("番号"), max_length=20, blank=True)
    group = models.CharField(
        _("取組方針"), max_length=200, blank=True, help_text=_("施策の中で事業をまとめる見出し（■の行）")
    )
    description = StreamField(DescriptionStreamBlock(), verbose_name=_("事業内容"), blank=True)
    actor = models.CharField(_("主体"), max_length=10, choices=Actor.choices, blank=True)
    is_new = models.BooleanField(_("新規"), default=False)
    is_enhanced = models.BooleanField(_("充実"), default=False)
    is_relisted = models.BooleanField(
        _("再掲"),
        default=False,
        help_text=_("他の計画や施策に掲載済みの事業を、ここで改めて掲載している場合"),
    )
    is_pickup = models.BooleanField(_("ピックアップ"), default=False)
    pickup_text = models.TextField(_("ピックアップの説明"), blank=True)
    external_id = models.CharField(
        _("管理番号"), max_length=50, blank=True, help_text=_("計画表の取り込みで同じ事業を見分ける番号")
    )

    base_form_class = ActionItemPageForm
    number_slug_prefix = ITEM_PREFIX

    search_fields = Page.search_fields + [
        index.SearchField("number"),
        index.SearchField("group"),
        index.SearchField("description"),
        index.SearchField("pickup_text"),
        index.RelatedFields(
            "departments",
            [index.RelatedFields("department", [index.SearchField("name"), index.SearchField("aliases")])],
        ),
        index.RelatedFields("progress", [index.SearchField("narrative")]),
        index.FilterField("plan_id"),
        index.FilterField("actor"),
    ]

    # Numbers, codes, flags and the schedule are copied from the Japanese page on every
    # sync; the departments and progress rows are copied too, and then their translatable
    # parts (the translated department, the narrative) are filled in.
    override_translatable_fields = KyodoPage.override_translatable_fields + [
        SynchronizedField("number"),
        SynchronizedField("external_id"),
        TranslatableField("group"),
        TranslatableField("description"),
        SynchronizedField("actor"),
        SynchronizedField("is_new"),
        SynchronizedField("is_enhanced"),
        SynchronizedField("is_relisted"),
        SynchronizedField("is_pickup"),
        TranslatableField("pickup_text"),
        TranslatableField("departments"),
        SynchronizedField("relistings"),
        SynchronizedField("schedule"),
        TranslatableField("progress"),
    ]

    @classmethod
    def get_indexed_objects(cls):
        # The departments' names are indexed through the rows: one query for all of them,
        # not one per row (the search backend prefetches only the first level).
        return super().get_indexed_objects().prefetch_related("departments__department")

    api_fields = [
        APIField("number"),
        APIField("external_id"),
        APIField("group"),
        APIField("description"),
        APIField("actor", serializer=api.ActorField()),
        APIField("flags", serializer=api.ItemFlagsField()),
        APIField("is_new"),
        APIField("is_enhanced"),
        APIField("is_relisted"),
        APIField("is_pickup"),
        APIField("pickup_text"),
        APIField("item_departments", serializer=api.ItemDepartmentsField()),
        APIField("relisted_under", serializer=api.RelistingsField()),
        APIField("schedule_rows", serializer=api.ScheduleField()),
        APIField("progress_rows", serializer=api.ProgressRowsField()),
        APIField("plan", serializer=api.PageReferenceField()),
        APIField("measure", serializer=api.PageReferenceField()),
        APIField("indicators", serializer=api.IndicatorsField()),
        APIField("machine_translated"),
    ]

    content_panels = KyodoPage.content_panels + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("external_id")]),
        FieldPanel("group"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("actor"),
                FieldRowPanel([FieldPanel("is_new"), FieldPanel("is_enhanced"), FieldPanel("is_relisted")]),
                FieldPanel("is_pickup"),
                FieldPanel("pickup_text"),
            ],
            heading=_("主体と区分"),
        ),
        InlinePanel("departments", label=_("担当部署（1行目が主担当）"), min_num=0),
        InlinePanel("relistings", label=_("再掲する施策")),
        InlinePanel("schedule", label=_("スケジュール")),
        InlinePanel("progress", label=_("進捗状況")),
    ]

    parent_page_types = ["plans.MeasurePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("実施事業")
        verbose_name_plural = pgettext_lazy("plural", "実施事業")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                condition=~Q(number=""),
                name="item_number_unique_in_plan",
                violation_error_message=_("この計画には同じ事業番号がすでにあります。"),
            ),
            models.UniqueConstraint(
                fields=["plan", "external_id"],
                condition=~Q(external_id=""),
                name="item_external_id_unique_in_plan",
                violation_error_message=_("この計画には同じ管理番号がすでにあります。"),
            ),
        ]

    @staticmethod
    def plan_from_parent(parent: Page) -> PlanPage | None:
        specific = parent.specific
        return specific.plan if isinstance(specific, MeasurePage) else None

    def sync_tree_links(self) -> None:
        if self.path and self.depth > 1:
            parent = self.get_parent().specific
            self.measure = parent if isinstance(parent, MeasurePage) else None
            self.plan = self.plan_from_parent(parent)

    def get_admin_display_title(self) -> str:
        """「1-2 協働カフェの開催」 in the admin; see MeasurePage.get_admin_display_title."""
        return numbered_title(self.number, super().get_admin_display_title())

    @property
    def actor_mark(self) -> str:
        return ACTOR_MARKS.get(self.actor, "")

    @cached_property
    def lead_department(self):
        rows = list(self.departments.all())
        return rows[0].department if rows else None

    def get_context(self, request, *args, **kwargs):
        # The selectors query these page models: a module-level import would be circular.
        from ..indicator_figures import item_indicators
        from ..selectors import item_detail

        context = super().get_context(request, *args, **kwargs)
        if not self.body_is_kept(context):
            context.update(item_detail(self))
            context["indicators"] = item_indicators(self)
        return context


class ProgressReportPage(RoutablePageMixin, PlanMemberPage):
    """The yearly progress report of a plan; its tables come from the items' progress rows."""

    fiscal_year = models.PositiveSmallIntegerField(_("対象年度"), validators=FISCAL_YEAR_VALIDATORS)
    overall_evaluation = models.TextField(_("全体の評価"), blank=True)
    introduction = StreamField(DescriptionStreamBlock(), verbose_name=_("はじめに"), blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("overall_evaluation"),
        index.SearchField("introduction"),
        index.FilterField("fiscal_year"),
        index.FilterField("plan_id"),
    ]

    override_translatable_fields = KyodoPage.override_translatable_fields + [
        SynchronizedField("fiscal_year"),
        TranslatableField("overall_evaluation"),
        TranslatableField("introduction"),
    ]

    api_fields = [
        APIField("fiscal_year"),
        APIField("fiscal_year_label", serializer=api.FiscalYearField(source="fiscal_year")),
        APIField("overall_evaluation"),
        APIField("introduction"),
        APIField("plan", serializer=api.PageReferenceField()),
        APIField("progress_figures", serializer=api.ProgressFiguresField()),
        APIField("machine_translated"),
    ]

    content_panels = KyodoPage.content_panels + [
        FieldPanel("fiscal_year"),
        FieldPanel("overall_evaluation"),
        FieldPanel("introduction"),
    ]

    parent_page_types = ["plans.PlanPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("進捗報告")
        verbose_name_plural = pgettext_lazy("plural", "進捗報告")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "fiscal_year"],
                name="report_year_unique_in_plan",
                violation_error_message=_("この計画にはこの年度の進捗報告がすでにあります。"),
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=MIN_FISCAL_YEAR) & Q(fiscal_year__lte=MAX_FISCAL_YEAR),
                name="report_year_range",
                violation_error_message=FISCAL_YEAR_MESSAGE,
            ),
        ]

    @staticmethod
    def plan_from_parent(parent: Page) -> PlanPage | None:
        specific = parent.specific
        return specific if isinstance(specific, PlanPage) else None

    # Above this many items the report lists each measure's items on a page of its own, and
    # the lists of changed and unreported items show their first entries.
    ITEMS_ON_ONE_PAGE = 200
    LIST_LIMIT = 50

    def get_context(self, request, *args, **kwargs):
        # The roll-up queries these page models: a module-level import would be circular.
        from ..rollup import with_departments

        context = super().get_context(request, *args, **kwargs)
        if self.body_is_kept(context):
            return context
        progress = self.progress()
        context["progress"] = progress
        versions = self.frozen_versions()
        context["frozen_versions"] = versions
        if progress is not None:
            # The indicator figures query these page models: a module-level import would be circular.
            from ..indicator_figures import place_under_measures

            measures = [entry.measure for entry in progress.measures]
            context["indicators"] = place_under_measures(self.indicator_figures(versions), measures)
        if progress is not None:
            split = progress.total > self.ITEMS_ON_ONE_PAGE
            limit = self.LIST_LIMIT if split else None
            changed, not_reported = progress.changed, progress.not_reported
            context.update(
                split=split,
                changed=changed[:limit],
                changed_more=len(changed[limit:]) if split else 0,
                not_reported=not_reported[:limit],
                not_reported_more=len(not_reported[limit:]) if split else 0,
            )
            # Departments only of the items the page shows.
            with_departments(context["changed"] + context["not_reported"] if split else progress.items)
        return context

    def frozen_versions(self) -> list:
        """The versions of the figures frozen when the year's round was closed, oldest first
        (a second and later version is a correction)."""
        if not self.plan_id:
            return []
        frozen = FrozenProgress.objects.filter(
            plan_key=self.plan.translation_key, fiscal_year=self.fiscal_year
        )
        return list(frozen.order_by("version"))

    def indicator_figures(self, versions: list | None = None) -> list:
        """The report's indicator table (:func:`plans.indicator_figures.report_indicators`):
        as frozen with the latest version of ``versions`` (default: :meth:`frozen_versions`),
        or as published until the year's figures are frozen. The page and its downloads
        both read it, so they always agree."""
        # The indicator figures query these page models: a module-level import would be circular.
        from ..indicator_figures import report_indicators

        if not self.plan_id:
            return []
        versions = self.frozen_versions() if versions is None else versions
        frozen = versions[-1].indicators if versions else None
        return report_indicators(self.plan, self.fiscal_year, frozen)

    def progress(self):
        """The report's figures, without the items' departments (see ``with_departments``)."""
        # The roll-up queries these page models: a module-level import would be circular.
        from ..rollup import plan_progress

        return plan_progress(self.plan, self.fiscal_year, departments=False) if self.plan_id else None

    @path("measures/<int:measure_id>/", name="measure_progress")
    def measure_progress(self, request, measure_id: int):
        """One measure's items with their status for the year: the report's per-item
        table for a plan too large to show on one page."""
        # The roll-up queries these page models: a module-level import would be circular.
        from ..rollup import with_departments

        progress = self.progress()
        measures = progress.measures if progress else []
        position = next((n for n, entry in enumerate(measures) if entry.measure.pk == measure_id), None)
        if position is None:
            raise Http404
        context = super().get_context(request)
        context.update(
            progress=progress,
            measure_progress=measures[position],
            previous_measure=measures[position - 1] if position > 0 else None,
            next_measure=measures[position + 1] if position + 1 < len(measures) else None,
        )
        with_departments(measures[position].items)
        return TemplateResponse(request, "plans/progress_report_measure_page.html", context)

    # Downloads of the report's figures; see plans.downloads.

    @path("progress/xlsx/", name="progress_xlsx")
    def progress_xlsx(self, request):
        # Downloads read these page models: a module-level import would be circular.
        from ..downloads import progress_response

        return progress_response(request, self, "xlsx")

    @path("progress/csv/", name="progress_csv")
    def progress_csv(self, request):
        # Downloads read these page models: a module-level import would be circular.
        from ..downloads import progress_response

        return progress_response(request, self, "csv", "items")

    @path("progress/counts/csv/", name="progress_counts_csv")
    def progress_counts_csv(self, request):
        # Downloads read these page models: a module-level import would be circular.
        from ..downloads import progress_response

        return progress_response(request, self, "csv", "counts")

    @path("progress/indicators/csv/", name="progress_indicators_csv")
    def progress_indicators_csv(self, request):
        # Downloads read these page models: a module-level import would be circular.
        from ..downloads import progress_response

        return progress_response(request, self, "csv", "indicators")


class GuidelineIndexPage(SectionPage):
    """The list of guidelines, handbooks and manuals."""

    subpage_types = ["plans.GuidelinePage"]

    class Meta:
        verbose_name = _("指針・ハンドブック一覧")

    def get_context(self, request, *args, **kwargs):
        # The selectors query these page models: a module-level import would be circular.
        from ..selectors import public_children

        context = super().get_context(request, *args, **kwargs)
        if not self.body_is_kept(context):
            context["guidelines"] = public_children(self, GuidelinePage)
        return context


class GuidelinePage(KyodoPage):
    """A guideline, handbook or manual (協働の指針, 市民参加ガイドライン, 協働ハンドブック …)."""

    kind = models.CharField(_("種類"), max_length=20, choices=GuidelineKind.choices)
    audience = models.CharField(
        _("対象"), max_length=100, blank=True, help_text=_("例：市民・市民活動団体、市職員")
    )
    revised_on = models.DateField(_("改訂日"), null=True, blank=True)
    summary = models.TextField(_("概要"), blank=True)
    body = StreamField(ContentStreamBlock(), verbose_name=_("本文"))

    search_fields = Page.search_fields + [
        index.SearchField("audience"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]

    override_translatable_fields = KyodoPage.override_translatable_fields + [
        SynchronizedField("kind"),
        TranslatableField("audience"),
        SynchronizedField("revised_on"),
        TranslatableField("summary"),
        TranslatableField("body"),
    ]

    api_fields = [
        APIField("kind", serializer=api.ChoiceField(GuidelineKind)),
        APIField("audience"),
        APIField("revised_on"),
        APIField("summary"),
        APIField("body"),
        APIField("table_of_contents", serializer=api.TableOfContentsField()),
        APIField("machine_translated"),
    ]

    content_panels = KyodoPage.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("audience"), FieldPanel("revised_on")]),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]

    parent_page_types = ["plans.GuidelineIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("指針・ハンドブック")
        verbose_name_plural = pgettext_lazy("plural", "指針・ハンドブック")

    @cached_property
    def table_of_contents(self) -> list[dict]:
        """Headings of the body, in order, with the anchors the heading template writes."""
        # The selectors query these page models: a module-level import would be circular.
        from ..selectors import table_of_contents

        return table_of_contents(self.body)


class GlossaryPage(SectionPage):
    """The glossary (用語解説): every term of this language, in reading order."""

    search_fields = SectionPage.search_fields + [index.SearchField("glossary_text")]

    api_fields = [
        APIField("intro"),
        APIField("glossary_terms", serializer=api.GlossaryTermsField()),
        APIField("machine_translated"),
    ]

    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("用語解説")

    def get_context(self, request, *args, **kwargs):
        # The selectors query these page models: a module-level import would be circular.
        from ..selectors import glossary_terms

        context = super().get_context(request, *args, **kwargs)
        if not self.body_is_kept(context):
            context["terms"] = glossary_terms(self.locale_id)
            # The あかさたな index (plans.kana), in the language of the page.
            context["index_groups"] = glossary_index(context["terms"], self.locale.language_code)
        return context

    def terms_of_language(self) -> QuerySet[GlossaryTerm]:
        """The glossary terms in this page's language (the API lists these)."""
        return GlossaryTerm.objects.filter(locale_id=self.locale_id)

    @property
    def glossary_text(self) -> list[str]:
        """The terms of this language with their readings and definitions, for the search
        index: the glossary page is found by any of its terms."""
        terms = self.terms_of_language().values_list("term", "reading", "definition")
        return [text for term in terms for text in term if text]
