"""The rows an action item carries: departments, schedule, progress and re-listings.

They hang off the item with ``ParentalKey`` so that they are part of the item's revisions:
a status saved as a draft does not reach the public until the item is published.

Department and progress rows are translatable (they carry a locale and a translation key,
like the item): a translated item gets copies of the Japanese rows on every sync, its
departments point at the translated departments where those exist, and the progress
narratives are translated string by string. Schedule rows and re-listings hold nothing to
translate and are plain copies.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..fiscal_years import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR
from ..vocabularies import DepartmentRole, Phase, ProgressStatus

FISCAL_YEAR_RANGE = Q(fiscal_year__gte=MIN_FISCAL_YEAR) & Q(fiscal_year__lte=MAX_FISCAL_YEAR)
FISCAL_YEAR_MESSAGE = format_lazy(
    _("年度は{min}年から{max}年までの西暦で入力してください。"), min=MIN_FISCAL_YEAR, max=MAX_FISCAL_YEAR
)
PERCENT_MESSAGE = _("進捗率は0から100までの数で入力してください。")
FISCAL_YEAR_VALIDATORS = [
    MinValueValidator(MIN_FISCAL_YEAR, message=FISCAL_YEAR_MESSAGE),
    MaxValueValidator(MAX_FISCAL_YEAR, message=FISCAL_YEAR_MESSAGE),
]


class ActionItemDepartment(TranslatableMixin, Orderable):
    """A department responsible for an item; the first row is the lead (主担当)."""

    item = ParentalKey("plans.ActionItemPage", on_delete=models.CASCADE, related_name="departments")
    department = models.ForeignKey(
        "plans.Department",
        verbose_name=_("担当部署"),
        on_delete=models.PROTECT,
        related_name="item_links",
    )
    role = models.CharField(
        _("役割"), max_length=10, choices=DepartmentRole.choices, default=DepartmentRole.LEAD
    )

    translatable_fields = [TranslatableField("department"), SynchronizedField("role")]

    panels = [FieldRowPanel([FieldPanel("department"), FieldPanel("role")])]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("担当部署")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "department"],
                name="item_department_once",
                violation_error_message=_("同じ部署が2回指定されています。"),
            ),
        ]


class ScheduleRow(Orderable):
    """The planned phase of an item in one fiscal year (検討 → 実施 → 継続)."""

    item = ParentalKey("plans.ActionItemPage", on_delete=models.CASCADE, related_name="schedule")
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), validators=FISCAL_YEAR_VALIDATORS)
    phase = models.CharField(_("段階"), max_length=12, choices=Phase.choices)
    onwards = models.BooleanField(
        _("以降も続く"), default=False, help_text=_("「24年度以降」のように、この年度以降を表します。")
    )

    panels = [FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("phase"), FieldPanel("onwards")])]

    class Meta(Orderable.Meta):
        verbose_name = _("スケジュール")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "fiscal_year"],
                name="schedule_year_once",
                violation_error_message=_("同じ年度のスケジュールが2つあります。"),
            ),
            models.CheckConstraint(
                condition=FISCAL_YEAR_RANGE,
                name="schedule_year_range",
                violation_error_message=FISCAL_YEAR_MESSAGE,
            ),
        ]


class ProgressRow(TranslatableMixin, Orderable):
    """What happened to an item in one fiscal year: its grade and status, an optional
    percent, and the narrative.

    ``grade`` is the key of the level of the plan's evaluation scale the row was graded with
    (:mod:`plans.scales`), ``status`` the canonical status that level counts as, kept on the
    row so that roll-ups, filters and frozen figures read one column. A blank grade with a
    status reads as the scale's level for that status (rows saved before scales existed). A
    row with a narrative and no status is 評価なし (reported, not assessed); a row with
    neither is not made.
    """

    item = ParentalKey("plans.ActionItemPage", on_delete=models.CASCADE, related_name="progress")
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), validators=FISCAL_YEAR_VALIDATORS)
    status = models.CharField(_("状況"), max_length=20, choices=ProgressStatus.choices, blank=True)
    grade = models.CharField(_("評価"), max_length=40, blank=True)
    percent = models.PositiveSmallIntegerField(
        _("進捗率（％）"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100, message=PERCENT_MESSAGE)],
    )
    narrative = models.TextField(_("取組実績"), blank=True)

    translatable_fields = [
        SynchronizedField("fiscal_year"),
        SynchronizedField("status"),
        SynchronizedField("grade"),
        SynchronizedField("percent"),
        TranslatableField("narrative"),
    ]

    # The editor chooses a level of the plan's scale; the status follows from it
    # (plans.models.forms.ActionItemPageForm).
    panels = [
        FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("grade"), FieldPanel("percent")]),
        FieldPanel("narrative"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("進捗状況")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "fiscal_year"],
                name="progress_year_once",
                violation_error_message=_("同じ年度の進捗状況が2つあります。"),
            ),
            models.CheckConstraint(
                condition=FISCAL_YEAR_RANGE,
                name="progress_year_range",
                violation_error_message=FISCAL_YEAR_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
                name="progress_percent_range",
                violation_error_message=PERCENT_MESSAGE,
            ),
        ]


class Relisting(Orderable):
    """An item listed again (再掲) under another measure of its plan, without a copy."""

    item = ParentalKey("plans.ActionItemPage", on_delete=models.CASCADE, related_name="relistings")
    measure = models.ForeignKey(
        "plans.MeasurePage",
        verbose_name=_("再掲する施策"),
        on_delete=models.CASCADE,
        related_name="relisted_items",
    )

    panels = [FieldPanel("measure")]

    class Meta(Orderable.Meta):
        verbose_name = _("再掲")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "measure"],
                name="relisting_once",
                violation_error_message=_("同じ施策に2回再掲されています。"),
            ),
        ]


class PlanDocument(Orderable):
    """An original document of a plan (計画書 PDF, 概要版, 資料編)."""

    page = ParentalKey("plans.PlanPage", on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("文書"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("表示名"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("計画書のファイル")

    @property
    def display_title(self) -> str:
        return self.title or self.document.title


class EvaluationLevel(TranslatableMixin, Orderable):
    """One level of a plan's own evaluation scale (評価の段階), such as 「A」 or 「概ね順調」.

    A city grades progress with its own words; each level counts as one canonical status in
    roll-ups and charts. The label and description are translated with the plan (the
    English plan shows its own labels); the status is the same in every language. Progress
    rows keep the level's translation key as their grade, so that a level renamed later
    still names the rows graded with it. See docs/reporting.md.
    """

    page = ParentalKey("plans.PlanPage", on_delete=models.CASCADE, related_name="evaluation_levels")
    label = models.CharField(_("表示名"), max_length=20, help_text=_("例：A、順調、◎"))
    status = models.CharField(
        _("集計での扱い"),
        max_length=20,
        choices=ProgressStatus.choices,
        help_text=_("集計やグラフで、どの状況として数えるか"),
    )
    description = models.CharField(
        _("説明"), max_length=200, blank=True, help_text=_("例：計画どおり進んでいる")
    )

    translatable_fields = [
        TranslatableField("label"),
        SynchronizedField("status"),
        TranslatableField("description"),
    ]

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("status")]), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("評価の段階")

    def __str__(self) -> str:
        return self.label
