"""Targets and actuals as typed values: the text written on a form, parsed once.

Records are read first (`records.py`); while a record is validated, each target (目标值) and actual
(实际完成值) written on the form passes through `parse_value` exactly once and becomes either a
`Quantity` (an optional comparator, an exact decimal and a unit) or a `Word` (a qualitative entry
such as 充分 or 达成预期指标). Everything later in the pipeline works on these values, never on the
text, so the many ways forms spell the same thing (full-width digits, ≧ for ≥, 不低于, ％) are
settled here and nowhere else.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import lru_cache

__all__ = ["Comparator", "Quantity", "Word", "Value", "parse_value"]


class Comparator(str, Enum):
    """A target's comparator; the value is the canonical symbol."""

    GE = "≥"
    GT = ">"
    LE = "≤"
    LT = "<"
    EQ = "="

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as written on a form, with its comparator and unit.

    `text` keeps the original spelling for messages; it takes no part in equality, so "≧90％" and
    ">=90%" are the same quantity.
    """

    comparator: Comparator | None
    number: Decimal
    unit: str | None
    text: str = field(compare=False)

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    def comparator_or_default(self) -> Comparator:
        """The comparator to apply: a bare target is read as ≥ (填表说明 convention)."""
        return Comparator.GE if self.comparator is None else self.comparator

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Word:
    """A qualitative entry (充分, 规范, 达成预期指标), stripped and NFKC-normalised."""

    text: str

    def __str__(self) -> str:
        return self.text


Value = Quantity | Word

_FLOAT_MESSAGE = "a binary float is not exact; write the number as text"

# Spellings after NFKC (which already turns ＞＝＜﹦ into ASCII). ⩾ ⩽ are the slanted forms Chinese
# typesetting uses for ≥ ≤; ≮ (not less than) and ≯ (not more than) appear in engineering forms.
_COMPARATORS: dict[str, Comparator] = {
    "≥": Comparator.GE,
    "≧": Comparator.GE,
    "⩾": Comparator.GE,
    "≮": Comparator.GE,
    ">=": Comparator.GE,
    "不少于": Comparator.GE,
    "不低于": Comparator.GE,
    "≤": Comparator.LE,
    "≦": Comparator.LE,
    "⩽": Comparator.LE,
    "≯": Comparator.LE,
    "<=": Comparator.LE,
    "不超过": Comparator.LE,
    "不高于": Comparator.LE,
    "=": Comparator.EQ,
    "==": Comparator.EQ,
    "═": Comparator.EQ,
    ">": Comparator.GT,
    "<": Comparator.LT,
}

_COMPARATOR_PATTERN = "|".join(
    re.escape(s) for s in sorted(_COMPARATORS, key=len, reverse=True)
)

# A unit cannot start with a character that belongs to a number or a comparator, so "5." and
# "1,00" stay words instead of becoming 5 with unit "." or 1 with unit ",00". Digits are kept out
# of units ("2024年9月" is a date, not 2024 of "年9月"), except the 2 and 3 that NFKC leaves after
# a Latin letter when it unfolds ㎡ and m³ into "m2" and "m3".
_QUANTITY = re.compile(
    rf"""
    (?P<comparator>{_COMPARATOR_PATTERN})?
    \s*
    (?P<number>[+-]?(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\.[0-9]+)?)
    \s*
    (?P<unit>[^0-9\s.,+\-<>=≥≧⩾≮≤≦⩽≯═](?:[^0-9\s]|(?<=[A-Za-z])[23](?![0-9]))*)?
    """,
    re.VERBOSE,
)

# A "unit" ending in a word of time or range turns the text into a deadline or a loose phrase
# ("9月前", "3个工作日内", "90%以上", "100人左右", "7月起"): the form did not state a number to
# compare with, so the text stays a Word and the rule set decides what it means. 起 alone is a
# counting unit (安全事故 0 起), so only 年起/月起/日起 mark a start date.
_NOT_A_UNIT = re.compile(r"(?:前|后|後|内|底|初|末|旬|以上|以下|左右|[年月日]起|止)$")

_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\ufe63": "-"})


def parse_value(raw: str | int | Decimal) -> Value:
    """Parse a target or actual as written on a form into a `Quantity` or a `Word`.

    Raises ValueError for blank text, true/false, binary floats and non-finite decimals.
    """
    if isinstance(raw, str):
        return _parse_text(raw)
    if isinstance(raw, bool):
        raise ValueError("true/false is not a target or actual; write the value as text")
    if isinstance(raw, int):
        return Quantity(None, check_range(Decimal(raw)), None, str(raw))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise ValueError(f"not a finite number: {raw}")
        return Quantity(None, check_range(raw), None, str(raw))
    if isinstance(raw, float):
        raise ValueError(_FLOAT_MESSAGE)
    raise ValueError(f"expected text or a number, got {type(raw).__name__}")


# Forms repeat the same few spellings ("100%", "充分", "≥95%") thousands of times; values are
# immutable, so each spelling is parsed once per process.
@lru_cache(maxsize=8192)
def _parse_text(raw: str) -> Value:
    text = unicodedata.normalize("NFKC", raw).translate(_MINUS_SIGNS).strip()
    if not text:
        raise ValueError("empty value")
    match = _QUANTITY.fullmatch(text)
    if match is None:
        return Word(text)
    unit = match["unit"]
    if unit is not None and _NOT_A_UNIT.search(unit):
        return Word(text)
    number = check_range(Decimal(match["number"].replace(",", "")))
    if unit == "%":
        number = _hundredth(number)
    comparator = match["comparator"]
    return Quantity(
        _COMPARATORS[comparator] if comparator is not None else None, number, unit, raw
    )


# No form holds a number this large or this small; bounding them keeps every later division and
# rounding step well inside evalrules' 80-digit decimal context.
LARGEST = Decimal("1E20")
SMALLEST = Decimal("1E-30")


def check_range(number: Decimal) -> Decimal:
    """`number`, or ValueError when its size is beyond anything a form can hold."""
    size = abs(number)
    if size >= LARGEST or (size and size < SMALLEST):
        raise ValueError(f"out of range: a number on a form lies between 1E-30 and 1E20 in size, not {number}")
    return number


def _hundredth(number: Decimal) -> Decimal:
    # Shift the exponent instead of dividing or calling scaleb: both round to the context
    # precision (28 digits), and a percentage must stay exactly the digits written.
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # the number came from a finite literal
    return Decimal((sign, digits, exponent - 2))
