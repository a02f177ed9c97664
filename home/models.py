"""The home page and the municipality's site settings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from plans import api_fields as api
from plans.blocks import ContentStreamBlock
from plans.models.base import KyodoPage
from plans.selectors import home_overview, table_of_contents
from plans.updates import recent_pages, updates
from plans.visibility import hidden_for


class HomePage(KyodoPage):
    """The top page of the site in one language."""

    lead = models.CharField(_("リード文"), max_length=200, blank=True)
    intro = models.TextField(_("はじめに"), blank=True)

    search_fields = KyodoPage.search_fields + [index.SearchField("lead"), index.SearchField("intro")]

    override_translatable_fields = KyodoPage.override_translatable_fields + [
        TranslatableField("lead"),
        TranslatableField("intro"),
        SynchronizedField("featured_plans"),
    ]

    api_fields = [
        APIField("lead"),
        APIField("intro"),
        APIField("featured", serializer=api.FeaturedPlansField()),
        APIField("machine_translated"),
    ]

    content_panels = KyodoPage.content_panels + [
        FieldPanel("lead"),
        FieldPanel("intro"),
        InlinePanel("featured_plans", label=_("注目の計画"), max_num=6),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "plans.PlanIndexPage",
        "plans.GuidelineIndexPage",
        "plans.GlossaryPage",
        "home.StandardPage",
    ]

    UPDATES_ON_HOME = 5

    class Meta:
        verbose_name = _("トップページ")

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        if self.body_is_kept(context):
            return context
        hidden = hidden_for(request)  # once for the overview and the 新着情報
        context.update(home_overview(self, hidden=hidden))
        # 新着情報: the newest plans and reports of this language (home.updates lists them all).
        newest = recent_pages(self.locale_id, hidden=hidden)[: self.UPDATES_ON_HOME]
        context["updates"] = updates(newest.specific())
        return context


class FeaturedPlan(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_plans")
    plan = models.ForeignKey(
        "plans.PlanPage", verbose_name=_("計画"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("plan")]

    class Meta(Orderable.Meta):
        verbose_name = _("注目の計画")


class StandardPage(KyodoPage):
    """A page of its own: the accessibility policy, about this site, how to take part."""

    summary = models.TextField(_("概要"), blank=True)
    body = StreamField(ContentStreamBlock(), verbose_name=_("本文"), blank=True)

    search_fields = KyodoPage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    override_translatable_fields = KyodoPage.override_translatable_fields + [
        TranslatableField("summary"),
        TranslatableField("body"),
    ]

    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("table_of_contents", serializer=api.TableOfContentsField()),
        APIField("machine_translated"),
    ]

    content_panels = KyodoPage.content_panels + [FieldPanel("summary"), FieldPanel("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("一般ページ")
        verbose_name_plural = pgettext_lazy("plural", "一般ページ")

    @cached_property
    def table_of_contents(self) -> list[dict]:

        return table_of_contents(self.body)


def validate_local_government_code(value: str) -> None:
    """全国地方公共団体コード: five digits and a check digit (JIS X 0401/0402 rule)."""
    if len(value) != 6 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("全国地方公共団体コードは6桁の数字で入力してください。"))
    digits = [int(char) for char in value]
    total = sum(digit * weight for digit, weight in zip(digits[:5], (6, 5, 4, 3, 2), strict=True))
    # The check digit is the last digit of 11 minus the weighted sum modulo 11.
    if digits[5] != (11 - total % 11) % 10:
        raise ValidationError(
            _("全国地方公共団体コードの検査数字が正しくありません（%(value)s）。"), params={"value": value}
        )


@register_setting(icon="site")
class MunicipalitySettings(BaseSiteSetting):
    """Who publishes this site, and how citizens reach them: what is the same in every
    language. The name and the contact texts readers see are in :class:`MunicipalityText`,
    one per language."""

    code = models.CharField(
        _("全国地方公共団体コード"),
        max_length=6,
        blank=True,
        validators=[validate_local_government_code],
        help_text=_("6桁（検査数字を含む）。例：131016（千代田区）"),
    )
    phone = models.CharField(_("電話番号"), max_length=40, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    accessibility_policy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("ウェブアクセシビリティ方針のページ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        HelpPanel(
            _(
                "自治体名、問い合わせ窓口、所在地と受付時間は、言語ごとに「自治体の表記」で入力します"
                "（設定 → 自治体の表記）。"
            )
        ),
        MultiFieldPanel([FieldPanel("code")], heading=_("自治体")),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email")], heading=_("連絡先")),
        FieldPanel("accessibility_policy_page"),
    ]

    class Meta:
        verbose_name = _("自治体の設定")


class MunicipalityText(TranslatableMixin, models.Model):
    """The municipality's name and contact texts as readers see them, in one language: the
    header, the footer, the default contact of a page, the titles of pages and feeds.

    The Japanese text is the source; the other languages are its translations, made and
    kept up with wagtail-localize like a department's. A language without its own text
    shows the Japanese one (marked ``lang="ja"``), see :func:`home.municipality.text_for`."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("サイト"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("自治体名"), max_length=100)
    office_name = models.CharField(_("問い合わせ窓口"), max_length=100, blank=True)
    address = models.CharField(_("所在地"), max_length=200, blank=True)
    opening_hours = models.CharField(_("受付時間"), max_length=100, blank=True)

    translatable_fields = [
        SynchronizedField("site"),
        TranslatableField("name"),
        TranslatableField("office_name"),
        TranslatableField("address"),
        TranslatableField("opening_hours"),
    ]

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("office_name"), FieldPanel("address"), FieldPanel("opening_hours")],
            heading=_("連絡先"),
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("自治体の表記")
        verbose_name_plural = pgettext_lazy("plural", "自治体の表記")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "locale"], name="municipality_text_one_per_site_and_language"
            ),
        ]

    def __str__(self) -> str:
        return self.name
