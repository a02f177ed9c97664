"""Indicators (成果指標): what a plan measures itself by, year by year.

An indicator belongs to a plan and to some of its measures and items. It has a baseline
(基準値, with its year), one or more targets (目標値, each with its year) and a value for each
fiscal year (実績値, blank while not measured yet, with an optional note). How a value is
graded is the plan's choice (``PlanPage.indicator_rule`` and its ``IndicatorGradeBand`` rows);
the grading itself is :mod:`plans.indicators`.

Indicators are snippets with drafts and revisions: a value saved as a draft stays private
until the indicator is published. They are translated with wagtail-localize: the name, unit,
description, source and the values' notes are translated, every number is copied from the
Japanese indicator on each sync.

A translated indicator points at the plan, measures and items of its own language where
those are translated, and at the Japanese ones until they are (:meth:`Indicator.localise_links`,
run on every save, so each sync catches up with pages translated since). wagtail-localize
cannot do this itself for links to page types: it finds a translated page as a plain
``Page``, which a foreign key to ``PlanPage`` or ``MeasurePage`` refuses.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..fiscal_years import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR
from ..vocabularies import IndicatorDirection
from .forms import IndicatorForm, baseline_after_targets
from .rows import FISCAL_YEAR_MESSAGE, FISCAL_YEAR_RANGE, FISCAL_YEAR_VALIDATORS

# Up to a hundred billion with four decimals: counts, yen, rates and ratios alike.
VALUE_DIGITS = {"max_digits": 16, "decimal_places": 4}
THRESHOLD_MESSAGE = _("下限は0から1000までの数（％）で入力してください。")


class Indicator(TranslatableMixin, DraftStateMixin, RevisionMixin, ClusterableModel):
    """An indicator of a plan (成果指標), e.g. 「審議会等の公募委員の割合」 in %."""

    plan = models.ForeignKey(
        "plans.PlanPage", verbose_name=_("計画"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(
        _("指標ID"),
        max_length=50,
        blank=True,
        help_text=_("計画表の取り込みで同じ指標を見分ける番号（例：1-1-①）。計画の中で重複できません。"),
    )
    name = models.CharField(_("指標名"), max_length=200)
    unit = models.CharField(_("単位"), max_length=20, blank=True, help_text=_("例：人、回、%、件"))
    description = models.TextField(_("説明"), blank=True)
    source = models.CharField(
        _("出典・把握方法"), max_length=200, blank=True, help_text=_("例：市民意識調査、担当課の集計")
    )
    direction = models.CharField(
        _("望ましい方向"), max_length=10, choices=IndicatorDirection.choices, default=IndicatorDirection.UP
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("基準年度"),
        null=True,
        blank=True,
        validators=FISCAL_YEAR_VALIDATORS,
        help_text=_("西暦で入力します（例：2020）。"),
    )
    baseline_value = models.DecimalField(_("基準値"), null=True, blank=True, **VALUE_DIGITS)
    sort_order = models.PositiveIntegerField(_("表示順"), default=0)
    # Set when a translation is published with strings still as the machine translated them
    # (translations/machine.py), as on pages: the site tells readers.
    machine_translated = models.BooleanField(_("機械翻訳を含む"), default=False, editable=False)

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="indicator",
        for_concrete_model=False,
    )

    # Numbers and links are the Japanese indicator's; texts and notes are translated.
    translatable_fields = [
        SynchronizedField("plan"),
        SynchronizedField("code"),
        TranslatableField("name"),
        TranslatableField("unit"),
        TranslatableField("description"),
        TranslatableField("source"),
        SynchronizedField("direction"),
        SynchronizedField("baseline_year"),
        SynchronizedField("baseline_value"),
        SynchronizedField("sort_order"),
        SynchronizedField("measure_links"),
        SynchronizedField("item_links"),
        SynchronizedField("targets"),
        # The rows are copied on every sync, then their notes are filled in.
        TranslatableField("values"),
    ]

    base_form_class = IndicatorForm

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("plan"),
                FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order")]),
                FieldPanel("name"),
                FieldRowPanel([FieldPanel("unit"), FieldPanel("direction")]),
                FieldPanel("description"),
                FieldPanel("source"),
            ],
            heading=_("指標"),
        ),
        InlinePanel("measure_links", heading=_("対象の施策"), label=_("施策")),
        InlinePanel("item_links", heading=_("対象の事業"), label=_("事業")),
        FieldRowPanel([FieldPanel("baseline_year"), FieldPanel("baseline_value")], heading=_("基準値")),
        InlinePanel(
            "targets",
            heading=_("目標値"),
            label=_("目標値"),
            help_text=_("中間目標があるときは、年度ごとに1行ずつ入力します。"),
        ),
        InlinePanel(
            "values",
            heading=_("実績値"),
            label=_("実績値"),
            help_text=_("年度ごとに1行です。まだ把握していない年度は、値を空にするか行を作りません。"),
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("指標")
        verbose_name_plural = pgettext_lazy("plural", "指標")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "locale", "code"],
                condition=~Q(code=""),
                name="indicator_code_unique_in_plan",
                violation_error_message=_("この計画には同じ指標IDがすでにあります。"),
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True)
                | (Q(baseline_year__gte=MIN_FISCAL_YEAR) & Q(baseline_year__lte=MAX_FISCAL_YEAR)),
                name="indicator_baseline_year_range",
                violation_error_message=FISCAL_YEAR_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        message = baseline_after_targets(
            self.baseline_year, [target.fiscal_year for target in self.targets.all()]
        )
        if message:
            raise ValidationError({"baseline_year": message})

    def save(self, *args, **kwargs):
        self.localise_links()
        return super().save(*args, **kwargs)

    def localise_links(self) -> None:
        """Point a translated indicator at the plan, measures and items of its language
        where they are translated (the Japanese ones otherwise, until the next sync). A
        query for the plan and one for each kind of link."""
        # The page models import this module: a module-level import would be circular.
        from .pages import ActionItemPage, MeasurePage, PlanPage

        if self.locale_id is None or self.plan_id is None:
            return
        plan_key, plan_locale = PlanPage.objects.filter(pk=self.plan_id).values_list(
            "translation_key", "locale_id"
        )[0]
        if plan_locale != self.locale_id:
            translated = PlanPage.objects.filter(translation_key=plan_key, locale_id=self.locale_id).first()
            if translated is not None:
                self.plan = translated
        for relation, field, model in (
            (self.measure_links, "measure_id", MeasurePage),
            (self.item_links, "item_id", ActionItemPage),
        ):
            links = list(relation.all())
            if not links:
                continue
            elsewhere = dict(
                model.objects.filter(pk__in=[getattr(link, field) for link in links])
                .exclude(locale_id=self.locale_id)
                .values_list("pk", "translation_key")
            )
            if not elsewhere:
                continue
            here = dict(
                model.objects.filter(
                    translation_key__in=elsewhere.values(), locale_id=self.locale_id
                ).values_list("translation_key", "pk")
            )
            for link in links:
                key = elsewhere.get(getattr(link, field))
                if key in here:
                    setattr(link, field, here[key])
            relation.set(links)


class IndicatorMeasure(Orderable):
    """A measure an indicator measures (an indicator may serve several)."""

    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="measure_links")
    measure = models.ForeignKey(
        "plans.MeasurePage", verbose_name=_("施策"), on_delete=models.CASCADE, related_name="indicator_links"
    )

    panels = [FieldPanel("measure")]

    class Meta(Orderable.Meta):
        verbose_name = _("対象の施策")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measure"],
                name="indicator_measure_once",
                violation_error_message=_("同じ施策が2回指定されています。"),
            ),
        ]


class IndicatorItem(Orderable):
    """An action item an indicator measures, where the plan measures items rather than measures."""

    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="item_links")
    item = models.ForeignKey(
        "plans.ActionItemPage",
        verbose_name=_("事業"),
        on_delete=models.CASCADE,
        related_name="indicator_links",
    )

    panels = [FieldPanel("item")]

    class Meta(Orderable.Meta):
        verbose_name = _("対象の事業")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "item"],
                name="indicator_item_once",
                violation_error_message=_("同じ事業が2回指定されています。"),
            ),
        ]


class IndicatorTarget(Orderable):
    """A target (目標値) of an indicator for one fiscal year; interim targets are rows too."""

    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    fiscal_year = models.PositiveSmallIntegerField(_("目標年度"), validators=FISCAL_YEAR_VALIDATORS)
    value = models.DecimalField(_("目標値"), **VALUE_DIGITS)

    panels = [FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("value")])]

    class Meta(Orderable.Meta):
        verbose_name = _("目標値")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year"],
                name="indicator_target_year_once",
                violation_error_message=_("同じ年度の目標値が2つあります。"),
            ),
            models.CheckConstraint(
                condition=FISCAL_YEAR_RANGE,
                name="indicator_target_year_range",
                violation_error_message=FISCAL_YEAR_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.value}"


class IndicatorValue(TranslatableMixin, Orderable):
    """The value (実績値) of an indicator in one fiscal year, with an optional note
    (「調査方法を変更」). A blank value is a year not measured yet."""

    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="values")
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), validators=FISCAL_YEAR_VALIDATORS)
    value = models.DecimalField(_("実績値"), null=True, blank=True, **VALUE_DIGITS)
    note = models.CharField(_("備考"), max_length=200, blank=True)

    translatable_fields = [
        SynchronizedField("fiscal_year"),
        SynchronizedField("value"),
        TranslatableField("note"),
    ]

    panels = [FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("value")]), FieldPanel("note")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("実績値")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year"],
                name="indicator_value_year_once",
                violation_error_message=_("同じ年度の実績値が2つあります。"),
            ),
            models.CheckConstraint(
                condition=FISCAL_YEAR_RANGE,
                name="indicator_value_year_range",
                violation_error_message=FISCAL_YEAR_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.value}"


class IndicatorGradeBand(TranslatableMixin, Orderable):
    """One band of a plan's grading of indicators (「S：100％以上」), such as 長与町's S/A/B/C.

    A rate takes the band with the highest lower threshold it reaches; a rate below every
    threshold takes the lowest band. The label and description are translated with the plan,
    the threshold is the same in every language. A plan without bands uses the default bands
    of :mod:`plans.indicators`.
    """

    page = ParentalKey("plans.PlanPage", on_delete=models.CASCADE, related_name="indicator_grade_bands")
    label = models.CharField(_("表示名"), max_length=20, help_text=_("例：S、A、達成"))
    threshold = models.PositiveSmallIntegerField(
        _("下限（％）"),
        validators=[MaxValueValidator(1000, message=THRESHOLD_MESSAGE)],
        help_text=_("達成率がこの値以上のときにこの評価になります（例：80）。"),
    )
    description = models.CharField(_("説明"), max_length=200, blank=True, help_text=_("例：目標を達成した"))

    translatable_fields = [
        TranslatableField("label"),
        SynchronizedField("threshold"),
        TranslatableField("description"),
    ]

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("threshold")]), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("指標の評価の段階")
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__lte=1000),
                name="indicator_band_threshold_range",
                violation_error_message=THRESHOLD_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.label
