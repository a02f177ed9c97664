"""The columns of a plan table, their headers in Japanese and English, and header matching."""

from __future__ import annotations

from dataclasses import dataclass

from .text import title_key


@dataclass(frozen=True)
class Column:
    key: str  # the English header, also the name used in code
    japanese: str  # the header Japanese exports write
    aliases: tuple[str, ...]  # other Japanese headers accepted on import
    required: bool = False  # required for item rows (``item``) or every row (``measure``)
    max_length: int = 255  # longest accepted cell, in characters


LONG_TEXT = 10_000

COLUMNS: tuple[Column, ...] = (
    Column("area", "分野", ("基本目標", "柱", "章"), max_length=200),
    Column("measure_number", "施策番号", ("施策No", "施策NO"), max_length=20),
    Column("measure", "施策", ("施策名", "推進施策", "答申", "提言"), required=True),
    Column("measure_description", "施策の内容", ("方針", "市の方針"), max_length=LONG_TEXT),
    Column("group", "取組方針", ("小施策",), max_length=200),
    Column("item_number", "番号", ("事業番号", "取組番号", "No"), max_length=20),
    Column(
        "item",
        "事業名",
        ("実施事業", "推進施策及び実施事業", "取組", "取組名", "取組内容", "項目"),
        required=True,
    ),
    Column("description", "事業内容", ("内容", "事業概要", "アクションプランの内容"), max_length=LONG_TEXT),
    Column(
        "departments",
        "担当",
        ("担当局等", "担当課", "担当部署", "関係部署", "関係課", "所管課"),
        max_length=1_000,
    ),
    Column("actor", "主体", (), max_length=20),
    Column("new", "新規", (), max_length=20),
    Column("enhanced", "充実", ("拡充",), max_length=20),
    Column("relisted", "再掲", (), max_length=20),
    Column("pickup", "ピックアップ", ("重点",), max_length=20),
    Column("pickup_text", "ピックアップ説明", ("重点説明",), max_length=LONG_TEXT),
    Column("external_id", "管理番号", ("ID",), max_length=50),
    Column("status", "進捗状況", ("状況", "進捗", "取組状況", "評価"), max_length=20),
    Column("status_year", "評価年度", ("報告年度",), max_length=20),
    Column(
        "progress_note",
        "実績",
        ("取組実績", "取組状況の説明", "各課での具体的な動き"),
        max_length=LONG_TEXT,
    ),
)

BY_KEY: dict[str, Column] = {column.key: column for column in COLUMNS}


def normalise_header(text: str) -> str:
    """NFKC, trimmed, case-folded; white space inside the header (a wrapped Excel header
    such as 「施策\\n番号」) is dropped as well."""
    return title_key(text)


def _header_index() -> dict[str, Column]:
    index: dict[str, Column] = {}
    for column in COLUMNS:
        for header in (column.key, column.japanese, *column.aliases):
            key = normalise_header(header)
            if key in index and index[key] is not column:
                raise ValueError(f"header {header!r} is claimed by {index[key].key} and {column.key}")
            index[key] = column
    return index


HEADERS: dict[str, Column] = _header_index()


def column_for_header(text: str) -> Column | None:
    """The column a header names, in English or any Japanese alias; ``None`` when unknown
    (which may still be a fiscal-year column: see ``values.parse_fiscal_year_header``)."""
    return HEADERS.get(normalise_header(text))
