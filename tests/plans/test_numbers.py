"""Numbers as offices write them: what 「担当の事業」 (and the plan tables) read, and the
Japanese messages for what they refuse."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

import pytest

from plans.numbers import NumberError, parse_number


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("1200", "", Decimal("1200")),
        ("1,200", "人", Decimal("1200")),
        ("１，２００", "人", Decimal("1200")),  # full-width digits and comma
        ("3,900部", "部", Decimal("3900")),  # the indicator's unit after the number
        ("3,900 部", "部", Decimal("3900")),
        ("26.8％", "%", Decimal("26.8")),  # a full-width % is the unit %
        ("２６．８", "%", Decimal("26.8")),
        ("－250", "人", Decimal("-250")),  # 社会増減数
        ("−250", "人", Decimal("-250")),
        ("0.0125", "", Decimal("0.0125")),
        ("1,234,567.5", "円", Decimal("1234567.5")),
        ("", "人", None),
        ("  ", "人", None),
    ],
)
def test_numbers_people_type_are_read(text, unit, expected):
    assert parse_number(text, unit=unit) == expected


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("約1,000", "人", "「約1,000」は数として読めません。数字だけか、単位「人」を付けて入力してください"),
        ("1,20", "", "「1,20」は数として読めません。数字で入力してください（例：1,200）。"),
        ("30件", "人", "「30件」は数として読めません。"),  # another unit than the indicator's
        ("1 200", "", "「1 200」は数として読めません。"),
        ("1.23456", "", "「1.23456」は扱える桁数を超えています。"),
        ("1234567890123", "", "「1234567890123」は扱える桁数を超えています。"),
    ],
)
def test_anything_else_is_refused_in_japanese(text, unit, message):
    with translation.override("ja"), pytest.raises(NumberError) as error:
        parse_number(text, unit=unit)
    assert message in str(error.value)
