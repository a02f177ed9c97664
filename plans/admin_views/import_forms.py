"""The upload form of 「計画表の取り込み」: the file, the plan it goes into (or the new plan it
creates), the sheet, the status year, drafts or publishing."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..fiscal_years import wareki
from ..import_jobs import FileFacts, file_facts
from ..models import PlanIndexPage, PlanPage
from ..tables.layout import TableError, choose_sheet
from ..tables.reader import MAX_FILE_SIZE
from .forms import YEAR_HELP, read_fiscal_year

IMPORT_EXTENSIONS = (".xlsx", ".csv", ".tsv")
# Refused before the file is stored: the reader's own limit, so that what is stored can be read.
IMPORT_MAX_UPLOAD_BYTES = MAX_FILE_SIZE
_BARE_YEAR = re.compile(r"^\d{1,2}(年度)?$")


class PublishChoice:
    DRAFT = "draft"
    PUBLISH = "publish"


class ImportTarget:
    EXISTING = "existing"
    NEW = "new"


class ImportUploadForm(forms.Form):
    """A plan table to check (dry run) before it is applied.

    ``plans`` are the plans the user may edit and ``indexes`` the plan indexes (計画一覧)
    under which they may add a plan. With both, the form asks whether the file goes into a
    plan or creates one (「新しい計画を作る」: its title, period and place); with only one
    of them, that one is the choice; with ``plan`` given (the button on a plan's page) the
    plan is fixed.
    """

    target = forms.ChoiceField(
        label=_("取り込み先"),
        required=False,
        choices=[
            (ImportTarget.EXISTING, _("登録済みの計画に取り込む")),
            (ImportTarget.NEW, _("新しい計画を作る")),
        ],
        initial=ImportTarget.EXISTING,
        widget=forms.RadioSelect,
    )
    plan = forms.ModelChoiceField(
        label=_("取り込む計画"),
        required=False,
        queryset=PlanPage.objects.none(),
        empty_label=_("選んでください"),
        error_messages={"invalid_choice": _("取り込める計画から選んでください。")},
    )
    title = forms.CharField(
        label=_("新しい計画の名前"),
        required=False,
        max_length=255,
        help_text=_("例：第3次市民参加推進計画"),
    )
    period_start = forms.CharField(
        label=_("計画期間（開始年度）"),
        required=False,
        max_length=20,
        help_text=YEAR_HELP,
        widget=forms.TextInput(attrs={"class": "kyodo-admin-short"}),
    )
    period_end = forms.CharField(
        label=_("計画期間（終了年度）"),
        required=False,
        max_length=20,
        help_text=_("例：令和11年度、2029。「11年度」のように元号を省くと、開始年度の元号で読みます。"),
        widget=forms.TextInput(attrs={"class": "kyodo-admin-short"}),
    )
    parent = forms.ModelChoiceField(
        label=_("作成先"),
        required=False,
        queryset=PlanIndexPage.objects.none(),
        empty_label=_("選んでください"),
        help_text=_("新しい計画を置く計画一覧のページ。"),
        error_messages={"invalid_choice": _("計画を作れる計画一覧から選んでください。")},
    )
    file = forms.FileField(
        label=_("計画表のファイル"),
        help_text=_(
            "Excel（.xlsx）、CSV（.csv）、TSV（.tsv）のファイル。CSV の文字コードは自動で判定します。"
            "Excel の「指標」シートの成果指標も一緒に取り込みます。"
            "「指標名」の列がある指標の表だけのファイルは、選んだ計画の指標に取り込みます。"
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
        help_text=_(
            "Excel ファイルで、最初のシート以外を読むときに入力します。"
            "確認結果の画面でも、ファイルのシートから選び直せます。"
        ),
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

    NEW_PLAN_FIELDS = ("title", "period_start", "period_end", "parent")

    def __init__(
        self,
        *args,
        plans,
        plan: PlanPage | None = None,
        indexes=None,
        can_publish=None,
        can_publish_under=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.file_bytes = b""
        self.facts = FileFacts()
        self.fixed_plan = plan
        self.can_publish = can_publish or (lambda plan: False)
        self.can_publish_under = can_publish_under or (lambda index: False)
        indexes = indexes if indexes is not None else PlanIndexPage.objects.none()
        if plan is not None or not indexes.exists():
            self.mode = ImportTarget.EXISTING
        elif not plans.exists():
            self.mode = ImportTarget.NEW
        else:
            self.mode = "choose"
        if self.mode != "choose":
            del self.fields["target"]
        if plan is not None or self.mode == ImportTarget.NEW:
            del self.fields["plan"]
        else:
            self.fields["plan"].queryset = plans
            self.fields["plan"].label_from_instance = lambda plan: plan.title
        if self.mode == ImportTarget.EXISTING:
            for name in self.NEW_PLAN_FIELDS:
                del self.fields[name]
        else:
            self.fields["parent"].queryset = indexes
            self.fields["parent"].label_from_instance = _index_label
            if len(indexes) == 1:
                self.fields["parent"].initial = indexes[0].pk

    @property
    def offers_new_plan(self) -> bool:
        return self.mode in ("choose", ImportTarget.NEW)

    def creates_plan(self) -> bool:
        """Whether the form asks for a new plan (known once its target is cleaned)."""
        if self.mode != "choose":
            return self.mode == ImportTarget.NEW
        return self.cleaned_data.get("target") == ImportTarget.NEW

    # Fields, in the order Django cleans them ----------------------------------------------

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean_period_start(self) -> int | None:
        text = self.cleaned_data["period_start"].strip()
        if not text or not self.creates_plan():
            return None
        if _BARE_YEAR.match(unicodedata.normalize("NFKC", text)):
            raise forms.ValidationError(
                _(
                    "開始年度「%(text)s」は「令和7年度」か「2025」のように、元号か西暦を付けて書いてください。"
                ),
                code="bare_year",
                params={"text": text},
            )
        return read_fiscal_year(text, era_start_year=None)

    def clean_period_end(self) -> int | None:
        text = self.cleaned_data["period_end"].strip()
        if not text or not self.creates_plan():
            return None
        return read_fiscal_year(text, era_start_year=self.cleaned_data.get("period_start"))

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

    def clean_sheet(self) -> str:
        return self.cleaned_data["sheet"].strip()

    def clean_status_year(self) -> int | None:
        text = self.cleaned_data["status_year"]
        if not text:
            return None
        # Fields are cleaned in order: the plan (or the new plan's period), whose era reads
        # 「6年度」, is known by now.
        plan = self.get_plan()
        era_start_year = plan.period_start if plan else self.cleaned_data.get("period_start")
        return read_fiscal_year(text, era_start_year=era_start_year)

    def clean(self):
        cleaned_data = super().clean()
        self._read_file(cleaned_data)
        publishing = cleaned_data.get("publish") == PublishChoice.PUBLISH
        if self.creates_plan():
            self._clean_new_plan(cleaned_data, publishing)
            return cleaned_data
        plan = self.get_plan()
        if plan is None and "plan" in self.fields and not self.has_error("plan"):
            self.add_error(
                "plan", forms.ValidationError(_("取り込む計画を選んでください。"), code="required")
            )
        if plan is not None and publishing and not self.can_publish(plan):
            self.add_error(
                "publish",
                _("この計画のページを公開する権限がありません。下書きとして保存してください。"),
            )
        return cleaned_data

    def _read_file(self, cleaned_data: dict) -> None:
        """The file's bytes and what they hold (``file_bytes``, ``facts``); a sheet the workbook
        does not have is refused here, before anything is stored."""
        upload = cleaned_data.get("file")
        if upload is None:
            return
        upload.seek(0)
        self.file_bytes = upload.read()
        sheet = cleaned_data.get("sheet") or None
        self.facts = file_facts(self.file_bytes, upload.name, sheet=sheet)
        if sheet and self.facts.sheet_names:
            try:
                choose_sheet(self.facts.sheet_names, sheet)
            except TableError as error:
                self.add_error("sheet", forms.ValidationError(str(error), code="unknown_sheet"))

    def _clean_new_plan(self, cleaned_data: dict, publishing: bool) -> None:
        required = {
            "title": _("新しい計画の名前を入力してください。"),
            "period_start": _("計画期間の開始年度を入力してください。"),
            "period_end": _("計画期間の終了年度を入力してください。"),
            "parent": _("作成先の計画一覧を選んでください。"),
        }
        for name, message in required.items():
            if not self.has_error(name) and not cleaned_data.get(name):
                self.add_error(name, forms.ValidationError(message, code="required"))
        start, end = cleaned_data.get("period_start"), cleaned_data.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end",
                forms.ValidationError(
                    _(
                        "計画期間の終了年度（%(end)s）は、開始年度（%(start)s）と同じか後の年度にしてください。"
                    ),
                    code="order",
                    params={"end": wareki(end), "start": wareki(start)},
                ),
            )
        parent = cleaned_data.get("parent")
        if parent is not None and publishing and not self.can_publish_under(parent):
            self.add_error(
                "publish",
                _("この計画一覧にページを公開する権限がありません。下書きとして保存してください。"),
            )

    def get_plan(self) -> PlanPage | None:
        if self.fixed_plan is not None:
            return self.fixed_plan
        if self.creates_plan():
            return None
        return self.cleaned_data.get("plan")


def _index_label(index: PlanIndexPage) -> str:
    """A plan index with where it is: 「計画一覧（ホーム ＞ 計画一覧）」 when the site has several."""
    ancestors = [page.title for page in index.get_ancestors().filter(depth__gt=1)]
    return " ＞ ".join([*ancestors, index.title])
