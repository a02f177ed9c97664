"""Which language a translators' group works in."""

from __future__ import annotations

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
