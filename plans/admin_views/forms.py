"""Forms of the staff screens: the progress of one item, the filters of 「担当の事業」 and the
reporting rounds (the upload of a plan table is in :mod:`.import_forms`)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ..fiscal_years import FiscalYearError, parse_fiscal_year
from ..models import PlanPage
from ..models.rows import PERCENT_MESSAGE
from ..numbers import NumberError, parse_number
from ..scales import DEFAULT_SCALE, Scale
from ..vocabularies import NOT_ASSESSED, ProgressStatus

NARRATIVE_MAX_LENGTH = 10_000


YEAR_HELP = _("西暦（例：2024）または和暦（例：令和6年度）で入力します。")


def read_fiscal_year(text: str, *, era_start_year: int | None) -> int:
    """A fiscal year typed as people write it (2024, 令和6年度, R6, or 6 in the era of
    ``era_start_year``), or a ``ValidationError`` that says what is wrong."""
    try:
        parsed = parse_fiscal_year(text, era_start_year=era_start_year)
    except FiscalYearError as error:
        raise forms.ValidationError(str(error), code="invalid") from error
    if parsed.onwards:
        raise forms.ValidationError(
            _("「%(text)s」は1つの年度にしてください（「以降」は使えません）。"),
            code="invalid",
            params={"text": text},
        )
    return parsed.year


class ProgressForm(forms.Form):
    """The status of one item in one fiscal year, as a department reports it."""

    fiscal_year = forms.CharField(
        label=_("年度"),
        max_length=20,
        help_text=YEAR_HELP,
        error_messages={"required": _("年度を入力してください。")},
        widget=forms.TextInput(attrs={"class": "kyodo-admin-short"}),
    )
    status = forms.ChoiceField(
        label=_("状況"),
        error_messages={"required": _("状況を選んでください。")},
        help_text=_(
            "計画の評価の段階から選びます。状況をつけずに取組実績だけを報告するときは「評価なし」を選びます。"
        ),
    )
    percent = forms.IntegerField(
        label=_("進捗率（％）"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("0から100までの数。わからないときは空欄のままにします。"),
        error_messages={
            "invalid": _("進捗率は数字だけで入力してください。"),
            "min_value": PERCENT_MESSAGE,
            "max_value": PERCENT_MESSAGE,
        },
        widget=forms.NumberInput(
            attrs={"min": 0, "max": 100, "inputmode": "numeric", "class": "kyodo-admin-short"}
        ),
    )
    narrative = forms.CharField(
        label=_("取組実績"),
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        help_text=_("この年度に行ったこと、成果、課題を書きます。空行で段落を分けます。"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, era_start_year: int | None = None, scale: Scale = DEFAULT_SCALE, **kwargs):
        super().__init__(*args, **kwargs)
        self.era_start_year = era_start_year
        self.scale = scale
        choices = [("", _("選んでください")), *scale.choices()]
        current = self.initial.get("status", "")
        if current in ProgressStatus.values and scale.level(current) is None:
            # A status no level of the plan's scale counts as (saved before the plan had
            # its scale): offered as it is, so that saving keeps it.
            choices.append((current, ProgressStatus(current).label))
        choices.append((NOT_ASSESSED, _("評価なし（取組実績だけを報告）")))
        self.fields["status"].choices = choices
        self.fields["narrative"].error_messages["max_length"] = _(
            "取組実績は%(limit_value)d文字以内にしてください（今は%(show_value)d文字です）。"
        )

    @staticmethod
    def initial_status(scale: Scale, status: str, grade: str) -> str:
        """The choice that stands for a stored row's status and grade."""
        return scale.key_of(status, grade) or status or NOT_ASSESSED

    def clean_fiscal_year(self) -> int:
        return read_fiscal_year(self.cleaned_data["fiscal_year"], era_start_year=self.era_start_year)

    def clean(self):
        data = super().clean()
        choice = data.get("status")
        if choice == NOT_ASSESSED and not (data.get("narrative") or "").strip():
            self.add_error("narrative", _("「評価なし」で報告するときは、取組実績を入力してください。"))
        return data

    @property
    def level(self) -> tuple[str, str]:
        """(status, grade) of the choice made: the level's, or none for 評価なし."""
        choice = self.cleaned_data["status"]
        level = self.scale.level(choice)
        if level is not None:
            return level.status, level.key
        if choice in ProgressStatus.values:
            return choice, ""
        return "", ""


class IndicatorValuesForm(forms.Form):
    """The round year's value and note of each indicator an item answers for that the user
    may change (``answers`` from :func:`plans.round_indicators.answers_for_user`), prefilled
    with the stored value (the draft's, if any). Values are read as the plan-table import
    reads them (:mod:`plans.numbers`): 「１，２００」 and 「1,200人」 are 1200."""

    prefix = "indicator"
    NAME = re.compile(r"^indicator-(\d+)-(?:value|note)$")

    def __init__(self, *args, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = [answer for answer in answers if answer.editable]
        for answer in self.answers:
            indicator = answer.indicator
            unit = f"（{indicator.unit}）" if indicator.unit else ""
            self.fields[f"{indicator.pk}-value"] = forms.CharField(
                label=_("%(name)sの実績値%(unit)s") % {"name": indicator.name, "unit": unit},
                required=False,
                max_length=40,
                initial=answer.value_text,
                help_text=_("数字で入力します（例：1,200）。まだ把握していないときは空欄にします。"),
                widget=forms.TextInput(attrs={"class": "kyodo-admin-short", "inputmode": "decimal"}),
            )
            self.fields[f"{indicator.pk}-note"] = forms.CharField(
                label=_("%(name)sの備考") % {"name": indicator.name},
                required=False,
                max_length=200,
                initial=answer.note,
                help_text=_("調査方法の変更など、値を読むときに知ってほしいこと。"),
            )

    @classmethod
    def posted_indicators(cls, data) -> set[int]:
        """The indicators whose values ``data`` sends (to refuse those not offered)."""
        return {int(match[1]) for name in data if (match := cls.NAME.match(name))}

    def rows(self) -> list[tuple]:
        """(answer, value field, note field) in the indicators' order."""
        return [
            (answer, self[f"{answer.indicator.pk}-value"], self[f"{answer.indicator.pk}-note"])
            for answer in self.answers
        ]

    def clean(self):
        data = super().clean()
        self.values: dict[int, tuple] = {}
        for answer in self.answers:
            name = f"{answer.indicator.pk}-value"
            if self.add_prefix(name) not in self.data:
                continue  # not sent: left as it is
            try:
                value = parse_number(data[name], unit=answer.unit)
            except NumberError as error:
                self.add_error(name, str(error))
                continue
            self.values[answer.indicator.pk] = (
                value,
                (data.get(f"{answer.indicator.pk}-note") or "").strip(),
            )
        return data

    @property
    def changes(self) -> dict[int, tuple]:
        """Indicator pk → (value, note) where the form differs from the stored value."""
        return {
            answer.indicator.pk: self.values[answer.indicator.pk]
            for answer in self.answers
            if answer.indicator.pk in self.values
            and self.values[answer.indicator.pk] != (answer.value, answer.note)
        }


class MyItemsFilterForm(forms.Form):
    """The filters above 「担当の事業」: which fiscal year's status to show, which plan."""

    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False)
    plan = forms.TypedChoiceField(label=_("計画"), coerce=int, required=False)

    def __init__(self, *args, years: list[tuple[int, str]], plans: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = years
        self.fields["plan"].choices = [("", _("すべての計画"))] + plans
        self.fields["year"].error_messages["invalid_choice"] = _("選べる年度から選んでください。")
        self.fields["plan"].error_messages["invalid_choice"] = _("選べる計画から選んでください。")


class RoundForm(forms.Form):
    """Opening a reporting round (年度照会)."""

    plan = forms.ModelChoiceField(
        label=_("計画"),
        queryset=PlanPage.objects.none(),
        empty_label=_("選んでください"),
        error_messages={"required": _("計画を選んでください。")},
    )
    fiscal_year = forms.TypedChoiceField(
        label=_("対象年度"), coerce=int, error_messages={"required": _("対象年度を選んでください。")}
    )
    due_date = forms.DateField(
        label=_("提出期限"),
        help_text=_("例：2027-05-31"),
        error_messages={
            "required": _("提出期限を入力してください。"),
            "invalid": _("提出期限は 2027-05-31 のように入力してください。"),
        },
        widget=forms.DateInput(attrs={"type": "date", "class": "kyodo-admin-short"}),
    )
    message = forms.CharField(
        label=_("担当課へのお知らせ"),
        required=False,
        max_length=2000,
        help_text=_("「担当の事業」と督促メールに表示されます。"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, plans, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["fiscal_year"].choices = [("", _("選んでください")), *years]


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("差し戻す理由"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label=_("訂正の理由"),
        max_length=2000,
        error_messages={"required": _("訂正の理由を入力してください。報告のページに表示されます。")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
