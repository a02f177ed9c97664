"""Fiscal years (年度) and the Japanese eras they are written in.

Fiscal year N runs from 1 April N to 31 March N+1. An era's first fiscal year is the one
in which the era began (Reiwa began on 1 May 2019, so FY2019 is 令和元年度): that is how
municipal documents number their years.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

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


def fiscal_year_ja(year: int) -> str:
    """``2024`` → ``令和6年度（2024年度）``, the form Japanese pages print."""
    return f"{wareki(year)}（{year}年度）"


def fiscal_year_en(year: int) -> str:
    return f"FY{year}"


def fiscal_year_of(day: datetime.date) -> int:
    """The fiscal year a date falls in: 31 March 2025 is in FY2024, 1 April 2025 in FY2025."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)
