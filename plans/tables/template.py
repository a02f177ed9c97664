"""The template workbook (計画表のひな形) that 「計画表の取り込み」 offers for download.

A new plan is easiest to start from a sheet Kyodo already reads: the headers of
:mod:`.columns` in the order the exporter writes them, then one fiscal-year column per
year; one example row in real words (which imports as one measure and one item); drop-down
lists for the cells that take a word of a vocabulary (進捗状況, the schedule phases, 主体,
the flags); and a sheet 「説明」 saying what each column means. The same explanations make
the admin's help page 「計画表の書き方」, so the sheet and the page never disagree.

For staff who may import indicators (成果指標; 広報担当), the workbook also has the sheet
「指標」 laid out as the import reads it (:mod:`.indicator_format`): its headers, the same
fiscal-year columns as 「計画表」 and two example indicators of the example measure, so that
the template imported as it is creates one measure, one item and two indicators. Staff
without that permission get the template without it: indicator rows they may not import
would only make their import fail. The indicator table's rules and columns are explained
in 「説明」 and on the help page as well.

The lists are a help, not a rule: Excel warns about a word that is not in the list but
lets it stand, because the importer accepts other words too (「継続実施」, 「★」, a plan's own
evaluation labels). What a cell may hold is decided by the importer alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..fiscal_years import wareki
from ..vocabularies import Actor, IndicatorDirection, Phase, ProgressStatus
from .columns import COLUMNS, Column
from .indicator_format import INDICATOR_COLUMNS
from .values import FLAG_TRUE, format_choice, status_words, table_words

TABLE_SHEET = "計画表"
INDICATOR_SHEET = "指標"  # the name the import looks for (indicator_format.INDICATOR_SHEET_NAMES)
GUIDE_SHEET = "説明"
YEARS = 5  # fiscal-year columns of the template: the plan's usual five years
VALIDATED_ROWS = 2_000  # rows below the header that get the drop-down lists
# The format reference in the repository, named in the 「説明」 sheet and on the help page.
FORMAT_REFERENCE = "docs/plan-table-format.md"
FLAG_KEYS = ("new", "enhanced", "relisted", "pickup")

# What each column holds, in the words of the staff who fill it in.
MEANINGS: dict[str, str] = {
    "area": gettext_lazy(
        "施策の上にまとめて表示する見出し（基本目標・柱・章など）。例：I 総合的な自治の醸成"
    ),
    "measure_number": gettext_lazy("計画の中での施策の番号。同じ番号の行は同じ施策になります。"),
    "measure": gettext_lazy(
        "施策の名前。番号がないときは、同じ名前の行が同じ施策になります。事業名が空欄の行は、施策だけを作成・更新します。"
    ),
    "measure_description": gettext_lazy("施策の内容・方針の説明。空行で段落を分けます。"),
    "group": gettext_lazy("施策の中で事業をまとめる見出し（計画書の「■」の行）。"),
    "item_number": gettext_lazy("計画の中での事業の番号。例：1-1"),
    "item": gettext_lazy("事業（取組）の名前。1行が1つの事業です。"),
    "description": gettext_lazy("事業の内容。空行で段落を分けます。"),
    "departments": gettext_lazy(
        "担当する部署。複数のときは改行か「、」で区切ります。最初の部署が主担当です。"
        "登録のない部署は、反映するときに新しく登録されます。"
    ),
    "actor": gettext_lazy("事業を進める主体。"),
    "new": gettext_lazy("この計画で新しく始める事業に印を付けます。"),
    "enhanced": gettext_lazy("この計画で内容を充実させる事業に印を付けます。"),
    "relisted": gettext_lazy(
        "別の施策に載っている事業をこの施策にも載せる行（再掲）に印を付けます。事業は複製されません。"
    ),
    "pickup": gettext_lazy("計画のページで大きく紹介する事業（ピックアップ）に印を付けます。"),
    "pickup_text": gettext_lazy("ピックアップの事業に添える紹介文。"),
    "external_id": gettext_lazy(
        "事業を取り込みのたびに同じものとして見分けるための番号（任意）。書き出したファイルでは変えないでください。"
    ),
    "status": gettext_lazy("評価年度の進捗状況。空欄でもかまいません。"),
    "status_year": gettext_lazy(
        "進捗状況と実績の年度。空欄の行は、取り込み画面で入力した「評価年度」になります。"
    ),
    "progress_note": gettext_lazy(
        "評価年度に行ったこと、成果、課題。進捗状況がなくても保存され、「評価なし」と表示されます。"
    ),
}

# What each column of the indicator table (指標) holds.
INDICATOR_MEANINGS: dict[str, str] = {
    "measure_number": gettext_lazy(
        "指標が対象とする施策の番号（「計画表」の施策番号）。複数のときは「、」で区切ります。"
    ),
    "indicator": gettext_lazy("指標の名前。1行が1つの指標です。"),
    "unit": gettext_lazy("数値に付ける単位。例：%、人、件、回"),
    "direction": gettext_lazy(
        "数値がどちらに動くのが望ましいか。増加（上昇）、減少（低下）、維持（目標値の達成・維持）。"
        "新しい指標で空欄のときは増加です。"
    ),
    "baseline_year": gettext_lazy("基準値を測った年度。例：令和6年度、2024"),
    "baseline": gettext_lazy("計画をつくるときの数値（基準値）。"),
    "target_year": gettext_lazy("最終の目標の年度。ふつうは計画期間の最後の年度です。"),
    "target": gettext_lazy("目標年度に目指す数値（目標値）。中間目標は管理画面の「指標」で入力します。"),
    "indicator_id": gettext_lazy(
        "指標を取り込みのたびに同じものとして見分けるための番号（任意）。計画の中で重ならないようにし、"
        "書き出したファイルでは変えないでください。"
    ),
}


def choices(key: str) -> list[str]:
    """The words the drop-down list of a column offers (none for a column of free text)."""
    if key == "status":
        return status_words()  # the default scale: やや遅れ among them
    if key == "actor":
        return table_words(Actor)
    if key in FLAG_KEYS:
        return [FLAG_TRUE]
    return []


def phases() -> list[str]:
    """The words of the fiscal-year (schedule) columns."""
    return table_words(Phase)


@dataclass(frozen=True)
class ColumnGuide:
    """One column as the 「説明」 sheet and the help page explain it."""

    header: str
    aliases: tuple[str, ...]
    required: str  # 「必須」, 「事業の行は必須」 or ""
    meaning: str
    words: tuple[str, ...]  # the words the cell takes, when it takes a word of a list


def _required(column: Column) -> str:
    if not column.required:
        return ""
    return _("必須") if column.key == "measure" else _("事業の行は必須")


def column_guide() -> list[ColumnGuide]:
    """Every column of the plan table, in the order of the template, then the fiscal-year
    columns, explained in Japanese."""
    guide = [
        ColumnGuide(
            header=column.japanese,
            aliases=column.aliases,
            required=_required(column),
            meaning=str(MEANINGS.get(column.key, "")),
            words=tuple(choices(column.key)),
        )
        for column in COLUMNS
    ]
    guide.append(
        ColumnGuide(
            header=_("年度の列（例：令和7年度）"),
            aliases=("2025", "2025年度", "FY2025", "R7", _("令和7年度以降")),
            required="",
            meaning=_(
                "その年度の予定（スケジュール）。計画期間の年度ごとに1列です。"
                "見出しは西暦でも和暦でもかまいません。「以降」で終わる見出しは、その年度より後も続くことを表します。"
            ),
            words=tuple(phases()),
        )
    )
    return guide


def indicator_choices(key: str) -> list[str]:
    """The words the drop-down list of an indicator column offers."""
    return table_words(IndicatorDirection) if key == "direction" else []


def indicator_column_guide() -> list[ColumnGuide]:
    """Every column of the indicator table (指標), then its fiscal-year columns."""
    guide = [
        ColumnGuide(
            header=column.japanese,
            aliases=column.aliases,
            required=_("必須") if column.required else "",
            meaning=str(INDICATOR_MEANINGS.get(column.key, "")),
            words=tuple(indicator_choices(column.key)),
        )
        for column in INDICATOR_COLUMNS
    ]
    guide.append(
        ColumnGuide(
            header=_("年度の列（例：令和7年度）"),
            aliases=("2025", "2025年度", "FY2025", "R7"),
            required="",
            meaning=_(
                "その年度の実績値。見出しは西暦でも和暦でもかまいません（「以降」は使えません）。"
                "まだ測っていない年度は空欄にします。"
            ),
            words=(),
        )
    )
    return guide


def indicator_rules() -> list[str]:
    """How to fill in the sheet 「指標」, in the order the 「説明」 sheet and the help page list them."""
    return [
        _(
            "「指標」シートの1行が1つの成果指標です。2行目と3行目は記入例です。書き換えるか、行ごと削除してから使ってください。"
            "指標を使わないときは、シートごと削除してかまいません。"
        ),
        _(
            "施策番号には「計画表」シートの施策番号を書きます。「計画表」の記入例を削除したときは、"
            "「指標」の記入例も削除するか、施策番号を書き換えてください。"
        ),
        _(
            "年度の列には、その年度の実績値を書きます。見出しは「計画表」と同じく計画期間に合わせて書き換え、"
            "足りない年度の列は右に追加してください。"
        ),
        _(
            "数値は数字で書きます。全角の数字や「1,320」のような桁区切りもかまいません。"
            "単位を付けるときは「単位」の列と同じ単位にしてください（例：単位が人なら「1,320人」）。"
            "「約1,300」のような書き方は読めません。"
        ),
        _(
            "方向は、増加（数値が大きいほどよい）、減少（小さいほどよい）、維持（目標値に達してそれを保つ）のどれかです。"
        ),
        _(
            "各行は、指標IDが同じ登録済みの指標を更新します（指標IDのない行は、指標名が同じ指標を更新します）。"
            "見つからない行は新しい指標になります。ファイルにない指標は削除されません。"
        ),
        _(
            "空欄のセルは登録済みの値を変えません。値を消すときは「削除」と書きます。指標名と方向は消せません。"
        ),
        _(
            "指標の表だけのファイル（CSV、または「指標」シートだけのExcelファイル）は、取り込み画面で選んだ登録済みの計画の指標として取り込まれます。"
            "指標の表だけでは新しい計画は作れません。"
        ),
        _(
            "指標を取り込めるのは、指標を編集できる職員（広報担当など）です。"
            "「下書きとして保存する」を選ぶと、広報担当が管理画面の「指標」で公開するまでサイトには出ません。"
        ),
    ]


def rules() -> list[str]:
    """How to fill in the template, in the order the 「説明」 sheet lists them."""
    return [
        _(
            "「計画表」シートの1行が1つの事業（取組）です。2行目は記入例です。書き換えるか、行ごと削除してから使ってください。"
        ),
        _(
            "1行目の見出しは変えないでください。使わない列は削除してかまいません（ない列の項目は変わりません）。"
        ),
        _("年度の列は、計画期間に合わせて見出しを書き換え、足りない年度の列は右に追加してください。"),
        _(
            "空欄のセル：新しく作る施策・事業では、その項目は空のままです。登録済みの施策・事業を更新するときは、"
            "文章・担当・年度・進捗状況・実績の列の空欄は登録済みの内容を変えません。消すときは「削除」と書きます。"
        ),
        _("新規・充実・再掲・ピックアップの列は、印（○）があれば「あり」、空欄なら「なし」です。"),
        _("進捗状況・主体・年度・新規などの列は、セルを選ぶと一覧から選べます。一覧にない語は警告が出ます。"),
        _("同じ施策の事業は、行ごとに施策の番号と名前をくり返して書きます。"),
        _("取り込むと、まず確認結果が表示されます。「反映する」を押すまで、計画のページは変わりません。"),
    ]


def example_row(years: list[int]) -> dict[str, str]:
    """The example row, by column key (fiscal-year columns by year)."""
    row = {
        "area": _("I 市民参加の推進"),
        "measure_number": "1",
        "measure": _("市政への市民参加の機会の充実"),
        "measure_description": _("市民が計画づくりや事業の評価に参加できる機会を広げます。"),
        "group": _("審議会等への市民参加"),
        "item_number": "1-1",
        "item": _("審議会等への公募委員の登用"),
        "description": _(
            "審議会や協議会の委員に公募の市民を加え、その割合を高めます。\n\n公募の方法と選考の基準を公表します。"
        ),
        "departments": _("市民協働推進課\n行政管理課"),
        "actor": format_choice(Actor, Actor.CITY),
        "new": "",
        "enhanced": FLAG_TRUE,
        "relisted": "",
        "pickup": "",
        "pickup_text": "",
        "external_id": "",
        "status": format_choice(ProgressStatus, ProgressStatus.ON_TRACK),
        "status_year": wareki(years[0]),
        "progress_note": _("公募委員を12人登用しました。"),
    }
    schedule = [Phase.IMPLEMENT] + [Phase.CONTINUE] * (len(years) - 1)
    for year, phase in zip(years, schedule, strict=True):
        row[str(year)] = format_choice(Phase, phase)
    return row


def example_indicator_rows(years: list[int]) -> list[dict[str, object]]:
    """The example indicators, by column key (fiscal-year columns by year): two indicators of
    the example measure, one to increase and one to decrease, measured before the plan
    starts, with targets in its last year and a value for its first year where there is
    one. Numbers are Excel numbers, as an export writes them."""
    baseline_year, first, last = wareki(years[0] - 2), years[0], years[-1]
    return [
        {
            "measure_number": "1",
            "indicator": _("審議会等の委員に占める公募委員の割合"),
            "unit": "%",
            "direction": format_choice(IndicatorDirection, IndicatorDirection.UP),
            "baseline_year": baseline_year,
            "baseline": 18.5,
            "target_year": wareki(last),
            "target": 30,
            "indicator_id": "K-1",
            str(first): 21.3,
        },
        {
            "measure_number": "1",
            "indicator": _("公募委員のいない審議会等の数"),
            "unit": _("件"),
            "direction": format_choice(IndicatorDirection, IndicatorDirection.DOWN),
            "baseline_year": baseline_year,
            "baseline": 12,
            "target_year": wareki(last),
            "target": 4,
            "indicator_id": "K-2",
        },
    ]


def template_years(first_year: int, count: int = YEARS) -> list[int]:
    return list(range(first_year, first_year + count))


def write_template(
    fileobj: BinaryIO, *, first_year: int, help_url: str = "", indicators: bool = True
) -> None:
    """The template workbook: the sheet 「計画表」 (headers, the example row, the drop-down
    lists), with ``indicators`` the sheet 「指標」 (headers, two example indicators, the list
    of directions), and the sheet 「説明」. Fiscal-year columns start at ``first_year``;
    ``help_url`` is the admin's help page, linked from 「説明」."""
    # openpyxl takes about 0.15 s to import: only a request for the template pays it.
    from openpyxl import Workbook

    with translation.override("ja"):
        years = template_years(first_year)
        workbook = Workbook()
        workbook.properties.title = _("計画表のひな形")
        sheet = workbook.active
        sheet.title = TABLE_SHEET
        keys = [column.key for column in COLUMNS] + [str(year) for year in years]
        headers = [column.japanese for column in COLUMNS] + [wareki(year) for year in years]
        letter = _write_table(sheet, keys, headers, [example_row(years)])

        last = VALIDATED_ROWS + 1
        for key in ("actor", *FLAG_KEYS, "status"):
            _add_list(
                sheet,
                choices(key),
                [f"{letter(key)}2:{letter(key)}{last}"],
                title=_("一覧から選んでください"),
            )
        status_year = letter("status_year")
        _add_list(
            sheet,
            [wareki(year) for year in years],
            [f"{status_year}2:{status_year}{last}"],
            title=_("年度を選んでください"),
        )
        first_year_column, last_year_column = letter(str(years[0])), letter(str(years[-1]))
        _add_list(
            sheet,
            phases(),
            [f"{first_year_column}2:{last_year_column}{last}"],
            title=_("予定を選んでください"),
        )

        if indicators:
            sheet = workbook.create_sheet(INDICATOR_SHEET)
            keys = [column.key for column in INDICATOR_COLUMNS] + [str(year) for year in years]
            headers = [column.japanese for column in INDICATOR_COLUMNS] + [wareki(year) for year in years]
            letter = _write_table(sheet, keys, headers, example_indicator_rows(years))
            direction = letter("direction")
            _add_list(
                sheet,
                indicator_choices("direction"),
                [f"{direction}2:{direction}{last}"],
                title=_("一覧から選んでください"),
            )

        guide = [(None, rules(), column_guide())]
        if indicators:
            guide.append(
                (_("「指標」シート（成果指標）の書き方"), indicator_rules(), indicator_column_guide())
            )
        _write_guide(workbook.create_sheet(GUIDE_SHEET), guide, help_url=help_url)
        workbook.save(fileobj)


def _write_table(sheet, keys: list[str], headers: list[str], examples: list[dict]):
    """The header row and the example rows of a sheet, the header bold and in view; returns
    the column letter of a key."""
    # openpyxl is imported only when a template is written (see write_template).
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE7F0")
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append(headers)
    for example in examples:
        sheet.append([_cell(example.get(key)) for key in keys])
    for index, (header, key) in enumerate(zip(headers, keys, strict=True), start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
        for row in range(2, len(examples) + 2):
            sheet.cell(row=row, column=index).alignment = wrap
        lines = [line for example in examples for line in str(example.get(key, "")).split("\n")]
        width = max(_width(header), *(_width(line) for line in lines), 6)
        sheet.column_dimensions[get_column_letter(index)].width = float(min(width + 2, 40))
    sheet.freeze_panes = "A2"

    def letter(key: str) -> str:
        return get_column_letter(keys.index(key) + 1)

    return letter


def _cell(value):
    """An example's value as a cell: numbers stay numbers, an empty text is a blank cell."""
    return value if value not in ("", None) else None


def _add_list(sheet, words: list[str], ranges: list[str], *, title: str) -> None:
    """A drop-down list on ``ranges`` that warns about other words but lets them stand."""
    from openpyxl.worksheet.datavalidation import DataValidation  # see write_template

    validation = DataValidation(
        type="list",
        formula1='"{}"'.format(",".join(words)),
        allow_blank=True,
        showDropDown=False,  # openpyxl's name for 「hide the arrow」: False shows it
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=title,
        error=_("一覧にない語です。このまま使うときは「はい」を押してください。取り込むときに確認されます。"),
    )
    sheet.add_data_validation(validation)
    for cell_range in ranges:
        validation.add(cell_range)


def _write_guide(
    sheet, parts: list[tuple[str | None, list[str], list[ColumnGuide]]], *, help_url: str
) -> None:
    """The sheet 「説明」: for each part (the plan table, then the indicator table, each under
    its heading), its rules and its columns; the links between them."""
    from openpyxl.styles import Alignment, Font  # see write_template

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append([_("計画表のひな形の使い方")])
    sheet["A1"].font = Font(bold=True, size=14)
    for number, (heading, guide_rules, guide) in enumerate(parts):
        sheet.append([])
        if heading:
            sheet.append([heading])
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        for rule in guide_rules:
            sheet.append(["・" + rule])
        sheet.append([])
        if number == 0:
            if help_url:
                sheet.append([_("詳しい書き方（管理画面の「計画表の書き方」）"), help_url])
                sheet.cell(row=sheet.max_row, column=2).hyperlink = help_url
            sheet.append([_("書式の説明書（Kyodo のリポジトリ）"), FORMAT_REFERENCE])
            sheet.append([])
        sheet.append([_("列"), _("必須"), _("意味"), _("選べる語"), _("見出しの別の書き方")])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for entry in guide:
            sheet.append(
                [
                    entry.header,
                    entry.required,
                    entry.meaning,
                    "、".join(entry.words),
                    "、".join(entry.aliases),
                ]
            )
            for cell in sheet[sheet.max_row]:
                cell.alignment = wrap
    for letter, width in zip("ABCDE", (26, 14, 60, 30, 30), strict=True):
        sheet.column_dimensions[letter].width = width


def _width(text: str) -> int:
    """Full-width characters take two columns in Excel's default font."""
    return sum(1 if ord(character) < 0x1100 else 2 for character in text)
