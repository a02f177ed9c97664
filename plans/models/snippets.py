"""Departments and glossary terms: translatable snippets shared by every plan."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .. import representations


def normalise_name(value: str) -> str:
    """The form names are matched in: NFKC, no spaces, case-folded."""
    return "".join(unicodedata.normalize("NFKC", value).split()).casefold()


class Department(TranslatableMixin, index.Indexed, models.Model):
    """A department of the municipality (局 → 部 → 課), responsible for action items."""

    name = models.CharField(_("名称"), max_length=100)
    reading = models.CharField(
        _("よみがな"), max_length=200, blank=True, help_text=_("ひらがなで入力します。")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上位の組織"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    phone = models.CharField(_("電話番号"), max_length=40, blank=True)
    fax = models.CharField(_("ファクス番号"), max_length=40, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    address = models.CharField(_("所在地"), max_length=200, blank=True)
    url = models.URLField(_("ウェブページ"), blank=True)
    aliases = models.TextField(
        _("別名"),
        blank=True,
        help_text=_("計画表などで使われる別の書き方を1行に1つずつ入力します（旧名称を含む）。"),
    )
    sort_order = models.PositiveIntegerField(_("表示順"), default=0)
    is_public = models.BooleanField(
        _("部署一覧に載せる"),
        default=False,
        help_text=_(
            "公開中の計画や事業が担当部署として挙げていなくても、オープンデータの部署一覧に載せます。"
            "挙げられている部署は、この設定にかかわらず公開されます。"
        ),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("所属する職員"),
        blank=True,
        related_name="kyodo_departments",
        help_text=_("「担当の事業」画面で、この部署が担当する事業の進捗を入力できる職員"),
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("reading"),
        index.SearchField("aliases"),
        index.FilterField("locale_id"),
    ]

    # Names and the address are translated; the reading, the contact numbers and addresses,
    # the aliases the plan tables use and the order are the Japanese ones. The parent is the
    # translated bureau when there is one, so the hierarchy follows the source.
    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("reading"),
        TranslatableField("parent"),
        SynchronizedField("phone"),
        SynchronizedField("fax"),
        SynchronizedField("email"),
        TranslatableField("address"),
        SynchronizedField("url"),
        SynchronizedField("aliases"),
        SynchronizedField("sort_order"),
        SynchronizedField("is_public"),
    ]

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("reading"), FieldPanel("parent")], heading=_("組織")),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("fax"),
                FieldPanel("email"),
                FieldPanel("address"),
                FieldPanel("url"),
            ],
            heading=_("連絡先"),
        ),
        FieldPanel("aliases"),
        FieldPanel("is_public"),
        FieldPanel("members"),
        FieldPanel("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("担当部署")
        verbose_name_plural = pgettext_lazy("plural", "担当部署")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "parent", "name"], name="department_unique_name_per_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        """The name with the bureau it belongs to: 市民局 市民協働推進課."""
        if self.parent_id:
            return f"{self.parent.name} {self.name}"
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def matching_names(self) -> set[str]:
        """Every normalised spelling under which a spreadsheet may name this department."""
        names = {self.name, self.full_name, *self.alias_list}
        return {normalise_name(name) for name in names if name}

    def api_representation(self) -> dict:
        """The department as the headless API shows it (``plans.representations``)."""
        return representations.department(self)


class GlossaryTerm(TranslatableMixin, index.Indexed, models.Model):
    """An entry of the glossary (用語解説); plan texts mark such terms with ``*``."""

    term = models.CharField(_("用語"), max_length=100)
    reading = models.CharField(_("よみがな"), max_length=200, blank=True)
    definition = models.TextField(_("解説"))

    search_fields = [
        index.SearchField("term"),
        index.AutocompleteField("term"),
        index.SearchField("reading"),
        index.SearchField("definition"),
        index.FilterField("locale_id"),
    ]

    translatable_fields = [
        TranslatableField("term"),
        SynchronizedField("reading"),
        TranslatableField("definition"),
    ]

    panels = [FieldPanel("term"), FieldPanel("reading"), FieldPanel("definition")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("用語")
        verbose_name_plural = pgettext_lazy("plural", "用語集")
        ordering = ["reading", "term"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "term"], name="glossary_unique_term"),
        ]

    def __str__(self) -> str:
        return self.term

    @property
    def anchor(self) -> str:
        """The fragment of this term on the glossary page (stable across translations)."""
        return f"term-{str(self.translation_key)[:8]}"
