"""Synonyms staff keep for the search: a word and the words that mean the same.

A query word that is one of a synonym's words also finds the pages holding any of its other
words (パブコメ finds パブリックコメント; 共働 finds 協働). See :mod:`search.synonyms`."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

# Equivalents are written one a line, or separated by 、 , ，or ／.
_SEPARATORS = re.compile(r"[\n\r、,，/／]+")


def split_words(text: str) -> list[str]:
    """The words of an equivalents field, trimmed, blanks dropped, in order, once each."""
    words: list[str] = []
    for word in _SEPARATORS.split(text or ""):
        word = word.strip()
        if word and word not in words:
            words.append(word)
    return words


class Synonym(models.Model):
    term = models.CharField(
        _("言葉"),
        max_length=100,
        unique=True,
        help_text=_("検索で入力される言葉（例：パブコメ）。"),
    )
    equivalents = models.TextField(
        _("同じ意味の言葉"),
        help_text=_(
            "同じものとして検索する言葉を1行に1つずつ入力します（例：パブリックコメント）。"
            "どの言葉で検索しても、ほかの言葉を含むページが見つかります。"
        ),
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    panels = [FieldPanel("term"), FieldPanel("equivalents")]

    class Meta:
        verbose_name = _("同義語")
        verbose_name_plural = _("同義語")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    @property
    def equivalent_list(self) -> list[str]:
        return [word for word in split_words(self.equivalents) if word != self.term.strip()]

    @property
    def words(self) -> list[str]:
        """The term and its equivalents: every one of them finds the others."""
        return [self.term.strip(), *self.equivalent_list]

    def clean(self):
        super().clean()
        self.term = (self.term or "").strip()
        if " " in self.term or "\u3000" in self.term:
            raise ValidationError({"term": _("言葉は空白を含まない1語で入力してください。")})
        if self.term and not self.equivalent_list:
            raise ValidationError({"equivalents": _("言葉とは別の言葉を1つ以上入力してください。")})
