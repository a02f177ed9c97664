"""Forms of the staff screens: the progress of one item, the filters of 「担当の事業」, and
the upload of a plan table."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..fiscal_years import FiscalYearError, parse_fiscal_year
from ..models import PlanPage
from ..models.rows import PERCENT_MESSAGE
from ..tables.reader import MAX_FILE_SIZE
from ..vocabularies import ProgressStatus

NARRATIVE_MAX_LENGTH = 10_000
IMPORT_EXTENSIONS = (".xlsx", ".csv", ".tsv")
# Refused before the file is stored: the reader's own limit, so that what is stored can be read.
IMPORT_MAX_UPLOAD_BYTES = MAX_FILE_SIZE


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
        choices=[("", _("選んでください"))] + list(ProgressStatus.choices),
        error_messages={"required": _("状況を選んでください。")},
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

    def __init__(self, *args, era_start_year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.era_start_year = era_start_year
        self.fields["narrative"].error_messages["max_length"] = _(
            "取組実績は%(limit_value)d文字以内にしてください（今は%(show_value)d文字です）。"
        )

    def clean_fiscal_year(self) -> int:
        return read_fiscal_year(self.cleaned_data["fiscal_year"], era_start_year=self.era_start_year)


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


class PublishChoice:
    DRAFT = "draft"
    PUBLISH = "publish"


class ImportUploadForm(forms.Form):
    """A plan table to check (dry run) before it is applied to ``plan``.

    ``plans`` are the plans the user may edit: with more than one, the form asks which
    (the screen reached from the admin menu); with ``plan`` given, it is fixed (the button
    on a plan's page).
    """

    plan = forms.ModelChoiceField(
        label=_("取り込む計画"),
        queryset=PlanPage.objects.none(),
        empty_label=_("選んでください"),
        error_messages={
            "required": _("取り込む計画を選んでください。"),
            "invalid_choice": _("取り込める計画から選んでください。"),
        },
    )
    file = forms.FileField(
        label=_("計画表のファイル"),
        help_text=_(
            "Excel（.xlsx）、CSV（.csv）、TSV（.tsv）のファイル。CSV の文字コードは自動で判定します。"
        ),
        error_messages={
            "required": _("ファイルを選んでください。"),
            "empty": _("ファイルが空です。"),
            "invalid": _("ファイルを読み取れませんでした。もう一度選んでください。"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_EXTENSIONS)}),
    )
    sheet = forms.CharField(
        label=_("シート名"),
        required=False,
        max_length=100,
        help_text=_("Excel ファイルで、最初のシート以外を読むときに入力します。"),
    )
    status_year = forms.CharField(
        label=_("評価年度"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "kyodo-admin-short"}),
        help_text=_(
            "「進捗状況」列の年度。ファイルに「評価年度」列がない行に使います。"
            "西暦（例：2024）または和暦（例：令和6年度）で入力します。"
        ),
    )
    publish = forms.ChoiceField(
        label=_("反映のしかた"),
        choices=[
            (PublishChoice.DRAFT, _("下書きとして保存する（広報担当が確認してから公開）")),
            (PublishChoice.PUBLISH, _("すぐに公開する")),
        ],
        initial=PublishChoice.DRAFT,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, plans, plan: PlanPage | None = None, can_publish=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_plan = plan
        self.can_publish = can_publish or (lambda plan: False)
        if plan is not None:
            del self.fields["plan"]
        else:
            self.fields["plan"].queryset = plans
            self.fields["plan"].label_from_instance = lambda plan: plan.title

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = PurePath(upload.name).suffix.lower()
        if suffix not in IMPORT_EXTENSIONS:
            raise forms.ValidationError(
                _(
                    "「%(name)s」は取り込めない種類のファイルです。"
                    ".xlsx、.csv、.tsv のファイルを選んでください。"
                ),
                code="extension",
                params={"name": upload.name},
            )
        if upload.size > IMPORT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("ファイルが大きすぎます（%(size)s）。%(limit)s以下にしてください。"),
                code="size",
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(IMPORT_MAX_UPLOAD_BYTES),
                },
            )
        return upload

    def clean_status_year(self) -> int | None:
        text = self.cleaned_data["status_year"]
        if not text:
            return None
        # Fields are cleaned in order, so the chosen plan (whose era reads 「6年度」) is known.
        plan = self.get_plan()
        return read_fiscal_year(text, era_start_year=plan.period_start if plan else None)

    def clean(self):
        cleaned_data = super().clean()
        plan = self.get_plan()
        if (
            plan is not None
            and cleaned_data.get("publish") == PublishChoice.PUBLISH
            and not self.can_publish(plan)
        ):
            self.add_error(
                "publish",
                _("この計画のページを公開する権限がありません。下書きとして保存してください。"),
            )
        return cleaned_data

    def get_plan(self) -> PlanPage | None:
        if self.fixed_plan is not None:
            return self.fixed_plan
        return self.cleaned_data.get("plan")


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
