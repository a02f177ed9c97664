"""Calendar dates as a Japanese municipality writes them: ``令和7年（2025年）4月1日``.

Fiscal years (:mod:`plans.fiscal_years`) change era with the fiscal year; a calendar date
changes era on the day the era began (Reiwa on 1 May 2019), so 30 April 2019 is 平成31年
and 1 May 2019 is 令和元年. Pages in other languages write the date the way Django's
locale formats do.
"""

from __future__ import annotations

import datetime

from django.utils import formats, timezone

from .fiscal_years import writes_era

# The first day of each era, newest first.
ERA_STARTS: tuple[tuple[str, datetime.date], ...] = (
    ("令和", datetime.date(2019, 5, 1)),
    ("平成", datetime.date(1989, 1, 8)),
    ("昭和", datetime.date(1926, 12, 25)),
    ("大正", datetime.date(1912, 7, 30)),
    ("明治", datetime.date(1868, 10, 23)),
)


def local_date(value: datetime.date | datetime.datetime) -> datetime.date:
    """The date in the site's time zone (a publication time is stored in UTC)."""
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def wareki_date(value: datetime.date | datetime.datetime) -> str:
    """``2025-04-01`` → ``令和7年（2025年）4月1日``; ``2019-05-01`` → ``令和元年（2019年）5月1日``."""
    day = local_date(value)
    for name, start in ERA_STARTS:
        if day >= start:
            number = day.year - start.year + 1
            era_year = "元" if number == 1 else str(number)
            return f"{name}{era_year}年（{day.year}年）{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"  # before the eras above: the Western year alone


def date_label(value: datetime.date | datetime.datetime | None, language: str | None) -> str:
    """The date in 和暦 with the Western year on Japanese and easy-Japanese pages, in the
    locale's own format elsewhere (``April 1, 2025``)."""
    if value is None:
        return ""
    day = local_date(value)
    return wareki_date(day) if writes_era(language) else formats.date_format(day, "DATE_FORMAT")
