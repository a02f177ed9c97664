"""A record of each plan-table import: the file, who brought it, what the dry run found and
whether it was applied. The admin screen keeps the uploaded file here between the dry run
and the confirmation, and the list doubles as the audit trail.

An import either goes into an existing plan (``plan``) or creates one (「新しい計画を作る」:
``new_plan_title``, the period and the plan index ``parent``; ``plan`` is set once the new
plan exists). A large file is checked and applied by a background task
(:mod:`plans.import_jobs`); the record then holds the task's state and progress, which the
screen shows while it runs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanImport(models.Model):
    class State(models.TextChoices):
        CHECK_QUEUED = "check_queued", _("確認の順番待ち")
        CHECKING = "checking", _("確認中")
        CHECKED = "checked", _("確認済み（未反映）")
        HAS_ERRORS = "has_errors", _("エラーあり")
        APPLY_QUEUED = "apply_queued", _("反映の順番待ち")
        APPLYING = "applying", _("反映中")
        APPLIED = "applied", _("反映済み")
        FAILED = "failed", _("中断（反映していません）")

    # While a task holds the import, nobody may apply or check it again.
    RUNNING_STATES = (State.CHECK_QUEUED, State.CHECKING, State.APPLY_QUEUED, State.APPLYING)

    plan = models.ForeignKey(
        "plans.PlanPage",
        verbose_name=_("計画"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
    )
    new_plan_title = models.CharField(
        _("新しい計画の名前"),
        max_length=255,
        blank=True,
        help_text=_("「新しい計画を作る」を選んだ取り込みだけ。反映すると、この名前の計画ができます。"),
    )
    period_start = models.PositiveSmallIntegerField(_("計画期間（開始年度）"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("計画期間（終了年度）"), null=True, blank=True)
    parent = models.ForeignKey(
        "plans.PlanIndexPage",
        verbose_name=_("作成先の計画一覧"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(_("ファイル"), upload_to="plan-imports/%Y/%m/")
    original_filename = models.CharField(_("元のファイル名"), max_length=255)
    sheet = models.CharField(_("シート名"), max_length=100, blank=True)
    sheet_names = models.JSONField(_("ファイルのシート"), default=list, blank=True)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    status_year = models.PositiveSmallIntegerField(_("評価年度"), null=True, blank=True)
    publish = models.BooleanField(_("公開する"), default=False)
    state = models.CharField(_("状態"), max_length=20, choices=State.choices, default=State.CHECKED)
    progress_done = models.PositiveIntegerField(_("処理済みの件数"), default=0)
    progress_total = models.PositiveIntegerField(_("処理する件数"), default=0)
    error = models.TextField(_("中断の理由"), blank=True)
    report = models.JSONField(_("確認結果"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("取り込んだ人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("取り込み日時"), auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("反映した人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("反映日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("計画表の取り込み")
        verbose_name_plural = _("計画表の取り込み")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_filename

    @property
    def creates_plan(self) -> bool:
        """Whether the import makes a new plan (「新しい計画を作る」)."""
        return bool(self.new_plan_title)

    @property
    def period(self) -> tuple[int, int] | None:
        if self.period_start is None or self.period_end is None:
            return None
        return (self.period_start, self.period_end)

    @property
    def is_running(self) -> bool:
        return self.state in self.RUNNING_STATES

    @property
    def plan_title(self) -> str:
        """The plan's title, or the title the new plan will have."""
        if self.plan_id is not None:
            return self.plan.title
        return self.new_plan_title
