"""Fiscal years (年度) and the Japanese eras they are written in.

Fiscal year N runs from 1 April N to 31 March N+1. An era's first fiscal year is the one
in which the era began (Reiwa began on 1 May 2019, so FY2019 is 令和元年度): that is how
municipal documents number their years.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Sane bounds for any fiscal year stored in Kyodo; the database enforces the same range.
MIN_FISCAL_YEAR = 1900
MAX_FISCAL_YEAR = 2200


@dataclass(frozen=True)
class Era:
    name: str  # 令和
    letter: str  # R
    first_year: int  # the Western year of the era's first year (元年)


# Newest first.
ERAS: tuple[Era, ...] = (
    Era("令和", "R", 2019),
    Era("平成", "H", 1989),
    Era("昭和", "S", 1926),
    Era("大正", "T", 1912),
    Era("明治", "M", 1868),
)


def era_of(year: int) -> Era:
    for era in ERAS:
        if year >= era.first_year:
            return era
    raise ValueError(f"{year} is before the Meiji era")


def era_year(year: int) -> tuple[Era, int]:
    era = era_of(year)
    return era, year - era.first_year + 1


def wareki(year: int) -> str:
    """``2024`` → ``令和6年度``; ``2019`` → ``令和元年度``."""
    era, number = era_year(year)
    return f"{era.name}{'元' if number == 1 else number}年度"


# The day each era began (the Gregorian calendar's dates; Meiji from its proclamation).
_ERA_FIRST_DAYS: dict[str, datetime.date] = {
    "令和": datetime.date(2019, 5, 1),
    "平成": datetime.date(1989, 1, 8),
    "昭和": datetime.date(1926, 12, 25),
    "大正": datetime.date(1912, 7, 30),
    "明治": datetime.date(1868, 10, 23),
}


def wareki_date(day: datetime.date) -> str:
    """``2023-04-01`` → ``令和5年4月1日``. Unlike fiscal years, a date's era changes on the
    day the era began: 30 April 2019 is 平成31年, 1 May 2019 is 令和元年."""
    for era in ERAS:
        first_day = _ERA_FIRST_DAYS[era.name]
        if day >= first_day:
            number = day.year - first_day.year + 1
            return f"{era.name}{'元' if number == 1 else number}年{day.month}月{day.day}日"
    raise ValueError(f"{day} is before the Meiji era")


def date_ja(day: datetime.date) -> str:
    """``2023-04-01`` → ``令和5年（2023年）4月1日``: the era with the Western year beside it,
    the way Japanese pages write dates (fiscal years likewise: 令和6年度（2024年度））."""
    era_part, _sep, month_day = wareki_date(day).partition("年")
    return f"{era_part}年（{day.year}年）{month_day}"


def fiscal_year_ja(year: int) -> str:
    """``2024`` → ``令和6年度（2024年度）``, the form Japanese pages print."""
    return f"{wareki(year)}（{year}年度）"


def fiscal_year_en(year: int) -> str:
    return f"FY{year}"


def writes_era(language: str | None) -> bool:
    """Japanese (``ja``) and easy Japanese (``ja-x-easy``) pages write fiscal years in the
    Japanese era; every other language writes ``FY2024``."""
    return (language or "ja").lower().split("-")[0] == "ja"


def fiscal_year_label(year: int, language: str | None) -> str:
    """``令和6年度（2024年度）`` in Japanese and easy Japanese, ``FY2024`` in other languages."""
    return fiscal_year_ja(year) if writes_era(language) else fiscal_year_en(year)


def fiscal_year_short_label(year: int, language: str | None) -> str:
    """``令和6年度`` in Japanese and easy Japanese (table headers), ``FY2024`` elsewhere."""
    return wareki(year) if writes_era(language) else fiscal_year_en(year)


def fiscal_year_of(day: datetime.date) -> int:
    """The fiscal year a date falls in: 31 March 2025 is in FY2024, 1 April 2025 in FY2025."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


# Reading fiscal years written by people ------------------------------------------------

_ERAS_BY_NAME = {era.name: era for era in ERAS} | {era.letter: era for era in ERAS}
_FISCAL_YEAR = re.compile(
    r"^(?:FY)?(?P<era>令和|平成|昭和|大正|明治|[RHSTM])?(?P<number>元|\d{1,4})(?:年度?)?(?P<onwards>以降)?$",
    re.IGNORECASE,
)


class FiscalYearError(ValueError):
    """A text that is not a fiscal year; the message says why, in the user's language."""


@dataclass(frozen=True)
class ParsedFiscalYear:
    year: int
    onwards: bool  # 「24年度以降」: this year and the years after it
    reading: str  # how the text was read, for the import report: 「令和6年度（2024年度）」


def parse_fiscal_year(text: str, *, era_start_year: int | None = None) -> ParsedFiscalYear:
    """Read ``2024``, ``FY2024``, ``2024年度``, ``令和6年度``, ``令和元年度``, ``R6``, ``H20年度``
    or a bare ``20年度``/``20`` (optionally followed by ``以降``).

    A bare number below 100 is a year of the era in force in ``era_start_year`` (a plan's
    first fiscal year): a plan starting in FY2008 reads ``20年度`` as 平成20年度 = FY2008. When
    that reading falls before ``era_start_year`` and the next era gives a year at or after
    it, the next era is meant (a plan starting in FY2017 reads ``2年度`` as 令和2年度).
    Without ``era_start_year`` a bare number is an error.
    """

    compact = "".join(unicodedata.normalize("NFKC", str(text)).split())
    match = _FISCAL_YEAR.match(compact)
    if not match:
        raise FiscalYearError(_("「%(text)s」は年度として読めません。") % {"text": text})
    era_text, number_text, onwards = match["era"], match["number"], bool(match["onwards"])
    number = 1 if number_text == "元" else int(number_text)
    if era_text:
        era = _ERAS_BY_NAME[era_text.upper() if len(era_text) == 1 else era_text]
        year = era.first_year + number - 1
    elif number >= 1000 and number_text != "元":
        year = number
    elif number < 100:
        if era_start_year is None:
            raise FiscalYearError(
                _(
                    "「%(text)s」は元号のない年度です。計画期間（例：--period 2008-2012）を指定するか、"
                    "「平成20年度」「2008年度」のように元号か西暦で書いてください。"
                )
                % {"text": text}
            )
        era = era_of(era_start_year)
        year = era.first_year + number - 1
        newer = [candidate for candidate in ERAS if candidate.first_year > era.first_year]
        if year < era_start_year and newer:
            next_era = newer[-1]
            year = next_era.first_year + number - 1
    else:
        raise FiscalYearError(_("「%(text)s」は年度として読めません。") % {"text": text})
    if not MIN_FISCAL_YEAR <= year <= MAX_FISCAL_YEAR:
        raise FiscalYearError(
            _("「%(text)s」は%(min)s年度から%(max)s年度の範囲にありません。")
            % {"text": text, "min": MIN_FISCAL_YEAR, "max": MAX_FISCAL_YEAR}
        )
    reading = fiscal_year_ja(year) + ("以降" if onwards else "")
    return ParsedFiscalYear(year=year, onwards=onwards, reading=reading)
