"""Which language a translators' group works in."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale


class TranslatorGroup(models.Model):
    """A group whose snippet permissions hold only for the snippets of one locale.

    Wagtail's page permissions are given on a tree, so a group's page permissions already
    stop at its language's home page; snippets have no tree, and this record is what
    :class:`translations.permissions.LocalePermissionPolicy` reads to keep a translator of
    English away from the Japanese departments and the Korean glossary.
    """

    group = models.OneToOneField(
        Group, verbose_name=_("グループ"), on_delete=models.CASCADE, related_name="translator_locale"
    )
    locale = models.ForeignKey(
        Locale, verbose_name=_("翻訳する言語"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("翻訳者グループ")
        verbose_name_plural = _("翻訳者グループ")

    def __str__(self) -> str:
        return f"{self.group.name} ({self.locale.language_code})"


class SubtreeTranslation(models.Model):
    """A page sent for translation with every page below it, prepared in the background.

    wagtail-localize creates the translation of each page below the submitted one; for a
    plan of thousands of items that takes minutes, so it runs as a task (``translations.jobs``)
    and this record tells the translator how far it has come (「翻訳状況」)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("待機中")
        RUNNING = "running", _("準備中")
        FINISHED = "finished", _("完了")
        FAILED = "failed", _("失敗")

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("ページ"), on_delete=models.CASCADE, related_name="+"
    )
    locales = models.ManyToManyField(Locale, verbose_name=_("翻訳する言語"), related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("依頼した人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("ページ数"), default=0)
    done = models.PositiveIntegerField(_("準備したページ数"), default=0)
    error = models.TextField(_("エラー"), blank=True)
    created_at = models.DateTimeField(_("依頼日時"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完了日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("下位ページの翻訳準備")
        verbose_name_plural = _("下位ページの翻訳準備")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.page_id}: {self.done}/{self.total} ({self.status})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100
