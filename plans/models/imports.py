"""A record of each plan-table import: the file, who brought it, what the dry run found and
whether it was applied. The admin screen keeps the uploaded file here between the dry run
and the confirmation, and the list doubles as the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanImport(models.Model):
    class State(models.TextChoices):
        CHECKED = "checked", _("確認済み（未反映）")
        HAS_ERRORS = "has_errors", _("エラーあり")
        APPLIED = "applied", _("反映済み")

    plan = models.ForeignKey(
        "plans.PlanPage",
        verbose_name=_("計画"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
    )
    file = models.FileField(_("ファイル"), upload_to="plan-imports/%Y/%m/")
    original_filename = models.CharField(_("元のファイル名"), max_length=255)
    sheet = models.CharField(_("シート名"), max_length=100, blank=True)
    status_year = models.PositiveSmallIntegerField(_("評価年度"), null=True, blank=True)
    publish = models.BooleanField(_("公開する"), default=False)
    state = models.CharField(_("状態"), max_length=20, choices=State.choices, default=State.CHECKED)
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
    applied_at = models.DateTimeField(_("反映日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("計画表の取り込み")
        verbose_name_plural = _("計画表の取り込み")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_filename
