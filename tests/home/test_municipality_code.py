"""全国地方公共団体コード: six ASCII digits whose last is the check digit."""

from __future__ import annotations

from django.core.exceptions import ValidationError

import pytest

from home.models import MunicipalitySettings, validate_local_government_code


@pytest.mark.parametrize(
    "code",
    [
        "131016",  # 千代田区
        "011002",  # 札幌市
        "141003",  # 横浜市
        "281000",  # 神戸市 (11 − remainder is 10: check digit 0)
        "130001",  # 東京都
        "271004",  # 大阪市
    ],
)
def test_real_codes_are_valid(code):
    validate_local_government_code(code)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("131017", "検査数字が正しくありません"),  # 千代田区 with a wrong check digit
        ("141000", "検査数字が正しくありません"),
        ("13101", "6桁の数字"),  # the check digit left out
        ("1310160", "6桁の数字"),
        ("１３１０１６", "6桁の数字"),  # full-width digits
        ("13101６", "6桁の数字"),
        ("13-101", "6桁の数字"),
        ("", "6桁の数字"),
    ],
)
def test_invalid_codes_are_refused_with_a_message(code, message):
    with pytest.raises(ValidationError) as error:
        validate_local_government_code(code)
    assert message in " ".join(error.value.messages)


def test_the_settings_form_refuses_a_wrong_code(tree):
    settings = MunicipalitySettings(site=tree.site, code="131017")
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert "code" in error.value.message_dict

    settings.code = "131016"
    settings.full_clean()
    settings.code = ""  # the code is optional
    settings.full_clean()
