"""The yearly reporting round (年度照会) and the frozen figures of a published report.

A round asks every department responsible for an item of a plan for the item's progress in
one fiscal year, by a due date. The answers themselves are the items' progress rows, saved
as revisions and reviewed through Wagtail's workflow; the round keeps only what the office
decided (year, due date, message, who opened and closed it) and the reminders sent.

Closing a round freezes the year's figures: a :class:`FrozenProgress` holds each item's
status and percent as they were published, and the numbers of the plan's published
indicators with the rule that grades them, keyed by translation keys so that every language
of the report and every door (page, downloads, both APIs) reads the same figures. A
correction is a new version, with its date and reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..fiscal_years import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR
from ..vocabularies import ProgressStatus
from .rows import FISCAL_YEAR_MESSAGE, FISCAL_YEAR_RANGE, FISCAL_YEAR_VALIDATORS


class ReportingRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("受付中")
        CLOSED = "closed", _("締切済")

    plan = models.ForeignKey(
        "plans.PlanPage", verbose_name=_("計画"), on_delete=models.PROTECT, related_name="reporting_rounds"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("対象年度"), validators=FISCAL_YEAR_VALIDATORS)
    due_date = models.DateField(_("提出期限"))
    message = models.TextField(_("担当課へのお知らせ"), blank=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("開始日時"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("締切日時"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("年度照会")
        verbose_name_plural = _("年度照会")
        ordering = ["-fiscal_year", "plan__path"]
        permissions = [("manage_reportinground", _("年度照会を行う（開始・督促・確認・締切）"))]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "fiscal_year"],
                name="round_year_unique_in_plan",
                violation_error_message=_("この計画のこの年度の照会はすでにあります。"),
            ),
            models.CheckConstraint(
                condition=FISCAL_YEAR_RANGE,
                name="round_year_range",
                violation_error_message=FISCAL_YEAR_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.title}（{self.fiscal_year}）"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class RoundReminder(models.Model):
    """A reminder e-mail sent to one department's members."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="reminders")
    department = models.ForeignKey("plans.Department", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipients = models.PositiveIntegerField(default=0)
    items = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.round} → {self.department}"


class FrozenProgress(models.Model):
    """One version of a plan's published figures for a fiscal year."""

    plan_key = models.UUIDField(db_index=True)  # the plan's translation key: every language
    fiscal_year = models.PositiveSmallIntegerField()
    version = models.PositiveSmallIntegerField(default=1)
    frozen_at = models.DateTimeField()
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("訂正の理由"), blank=True)
    # The plan's published indicators as they stood (plans.indicator_figures.freeze_indicators):
    # their numbers, the year's values and notes, the plan's rule and bands. None for a
    # version frozen before indicators were frozen with the figures.
    indicators = models.JSONField(_("指標の数値"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["plan_key", "fiscal_year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_key", "fiscal_year", "version"], name="frozen_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(fiscal_year__gte=MIN_FISCAL_YEAR)
                & models.Q(fiscal_year__lte=MAX_FISCAL_YEAR),
                name="frozen_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_key} {self.fiscal_year} v{self.version}"

    @property
    def is_correction(self) -> bool:
        return self.version > 1


class FrozenProgressRow(models.Model):
    """An item's figures in a frozen version: whether it had a progress row (``reported``),
    its status and grade, percent, the previous year's status and grade, and the narrative
    in each language the item had then (locale id → text; a language translated later shows
    its translation as it stands). Reported with a blank status is 評価なし; not reported
    is 報告なし."""

    frozen = models.ForeignKey(FrozenProgress, on_delete=models.CASCADE, related_name="rows")
    item_key = models.UUIDField()
    reported = models.BooleanField(default=True)
    status = models.CharField(max_length=20, choices=ProgressStatus.choices, blank=True)
    grade = models.CharField(max_length=40, blank=True)
    percent = models.PositiveSmallIntegerField(null=True, blank=True)
    previous_status = models.CharField(max_length=20, choices=ProgressStatus.choices, blank=True)
    previous_grade = models.CharField(max_length=40, blank=True)
    narratives = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["frozen", "item_key"], name="frozen_item_unique")]

    def __str__(self) -> str:
        return f"{self.item_key}: {self.status}"
