"""The reading dictionary (よみがな辞書): readings that take precedence over the analyser's."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .readings import KANJI

# Hiragana (ぁ–ゖ), the iteration marks ゝゞ and the prolonged sound mark ー.
READING_PATTERN = r"^[ぁ-ゖゝゞー]+$"
SURFACE_PATTERN = f"[{KANJI}]"

validate_reading = RegexValidator(
    READING_PATTERN,
    message=_("よみは、ひらがなと「ー」だけで入力してください。"),
    code="reading_not_hiragana",
)
validate_surface = RegexValidator(
    SURFACE_PATTERN,
    message=_("表記には漢字を含めてください。漢字のない語にはふりがなを付けません。"),
    code="surface_without_kanji",
)


class ReadingEntry(index.Indexed, models.Model):
    """A word and its reading: place and person names, local terms the analyser misreads."""

    surface = models.CharField(
        _("表記"),
        max_length=100,
        unique=True,
        validators=[validate_surface],
        help_text=_("本文での書き方のとおりに入力します。例：羽生"),
        error_messages={"unique": _("この表記はすでに登録されています。")},
    )
    reading = models.CharField(
        _("よみ"),
        max_length=200,
        validators=[validate_reading],
        help_text=_("ひらがなで入力します。例：はにゅう"),
    )
    note = models.TextField(_("メモ"), blank=True, help_text=_("由来や確認した資料など（公開されません）。"))

    search_fields = [
        index.SearchField("surface"),
        index.AutocompleteField("surface"),
        index.SearchField("reading"),
        index.SearchField("note"),
    ]

    panels = [FieldPanel("surface"), FieldPanel("reading"), FieldPanel("note")]

    class Meta:
        verbose_name = _("よみがな")
        verbose_name_plural = pgettext_lazy("plural", "よみがな辞書")
        ordering = ["reading", "surface"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reading__regex=READING_PATTERN),
                name="readingentry_reading_hiragana",
                violation_error_message=_("よみは、ひらがなと「ー」だけで入力してください。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.surface}（{self.reading}）"
