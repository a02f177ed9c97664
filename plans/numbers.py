"""Numbers as people write them in Japanese offices: 「１，２００」, 「3,900部」, 「－12.5」.

An indicator's value (実績値) is typed by department staff in 「担当の事業」 and read from the
cells of plan tables; both accept the same forms, so that a figure copied from one to the
other reads the same: full-width digits and signs (NFKC), thousands separators in groups of
three, and a trailing unit equal to the indicator's (「3,900部」 when the unit is 部). Anything
else is refused with a message that quotes what was typed, never guessed: 「約1,000」 or
「1,20」 is a question for the person, not a number.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from django.utils.translation import gettext as _

# The limits of an indicator's values (``VALUE_DIGITS``): 12 digits before the point, 4 after.
MAX_INTEGER_DIGITS = 12
MAX_DECIMAL_PLACES = 4

# After NFKC: an optional sign, digits grouped by commas in threes (or not grouped), decimals.
_NUMBER = re.compile(r"^(?P<sign>[-+]?)(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?$")
# Minus signs NFKC leaves alone (the mathematical minus, dashes typed for a minus).
_MINUS = str.maketrans({"\u2212": "-", "\u2010": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})


class NumberError(ValueError):
    """The text is not a number; the message says why, in the active language. ``too_long``
    tells a number with too many digits from text that is no number at all, for callers
    that word their own message (the plan table names its 「単位」 column)."""

    def __init__(self, message: str, *, too_long: bool = False):
        super().__init__(message)
        self.too_long = too_long


def parse_number(text: str, *, unit: str = "") -> Decimal | None:
    """The number ``text`` writes (None for a blank), or :class:`NumberError`.

    ``unit`` is the indicator's unit: written after the number it is dropped
    (「3,900部」 → 3900 for 部; 「26.8%」 or 「26.8％」 → 26.8 for %)."""
    compact = unicodedata.normalize("NFKC", str(text)).strip().translate(_MINUS)
    if not compact:
        return None
    unit_key = "".join(unicodedata.normalize("NFKC", unit or "").split())
    if unit_key and compact.endswith(unit_key) and len(compact) > len(unit_key):
        compact = compact[: -len(unit_key)].rstrip()  # 「3,900 部」 too
    match = _NUMBER.match(compact)
    if match is None:
        if unit_key:
            raise NumberError(
                _(
                    "「%(text)s」は数として読めません。数字だけか、単位「%(unit)s」を付けて入力してください（例：1,200）。"
                )
                % {"text": text.strip(), "unit": unit}
            )
        raise NumberError(
            _("「%(text)s」は数として読めません。数字で入力してください（例：1,200）。")
            % {"text": text.strip()}
        )
    whole = match["whole"].replace(",", "")
    fraction = match["fraction"] or ""
    if len(whole.lstrip("0")) > MAX_INTEGER_DIGITS or len(fraction) > MAX_DECIMAL_PLACES:
        raise NumberError(
            _("「%(text)s」は扱える桁数を超えています。整数部分は12桁まで、小数は4桁までにしてください。")
            % {"text": text.strip()},
            too_long=True,
        )
    return Decimal(f"{match['sign']}{whole}.{fraction}" if fraction else f"{match['sign']}{whole}")
