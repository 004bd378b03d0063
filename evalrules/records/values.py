"""Targets and actuals as typed values: the text written on a form, parsed once.

Records are read first (`record.py`); while a record is validated, each target (目标值) and actual
(实际完成值) written on the form passes through `parse_value` exactly once and becomes either a
`Quantity` (an optional comparator, an exact decimal and a unit) or a `Word` (a qualitative entry
such as 充分 or 达成预期指标). Everything later in the pipeline works on these values, never on the
text, so the many ways forms spell the same thing (full-width digits, ≧ for ≥, 不低于, ％) are
settled here and nowhere else.

A problem with a value is a `ValueProblem` carrying a catalogue message (`messages/records.py`),
which the record reader reports at the value's field path. Text quoted in such a message goes
through `excerpt`: control characters are made visible and long text is cut, so a form can never
put an escape sequence into an error message.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import lru_cache

from ..display import visible
from ..errors import EvalRulesError, check_language
from ..messages import Message, default_language, message

__all__ = [
    "Comparator",
    "Quantity",
    "Word",
    "Value",
    "ValueProblem",
    "When",
    "parse_value",
    "read_when",
    "deadline_met",
    "exact_float",
    "RANGE_WORDS",
]


class ValueProblem(EvalRulesError, ValueError):
    """A value a form cannot hold (blank, true/false, not finite, out of range, a wrong type).

    `what` is the catalogue message; `str()` gives it in the default language. It is a
    `ValueError` too, so that the record model's validators report it at the field's path.
    """

    def __init__(self, what: Message) -> None:
        self.what = what
        super().__init__(what.text(default_language()))

    @property
    def id(self) -> str:
        return self.what.key

    def text(self, lang: str) -> str:
        return self.what.text(check_language(lang))


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


# ---------------------------------------------------------------------------------------------
# Quoting a form's text in a message

LONGEST_QUOTE = 200  # characters of a form's text a message shows; more is cut, ending in …


def excerpt(text: str) -> str:
    """`text` as a message quotes it: exactly as written, control characters and invisible marks
    shown as escapes (`display.visible`), and cut after 200 characters with "…"."""
    shown = visible(text[: LONGEST_QUOTE + 1])
    return shown if len(shown) <= LONGEST_QUOTE else shown[:LONGEST_QUOTE] + "…"


def kind_of(value: object) -> str:
    """The kind of a value as message ids name it: nothing, bool, text, number, list, mapping, other."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float | Decimal):
        return "number"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list | tuple):
        return "list"
    return "other"


def wrong_type(expected: str, value: object) -> ValueProblem:
    """The problem of a value of the wrong kind, `record.expected_<expected>.<kind>`: for example
    "expected a number, got a list". Text and numbers never come here: every field reads them."""
    kind = kind_of(value)
    if kind == "other":
        return ValueProblem(message(f"record.expected_{expected}.other", type=type(value).__name__))
    return ValueProblem(message(f"record.expected_{expected}.{kind}"))


# ---------------------------------------------------------------------------------------------
# Numbers


def exact_float(number: float) -> Decimal:
    """The decimal a binary float stands for: the digits of its shortest repr.

    Frameworks that parse JSON into floats turn the "29.16" a form holds into the float nearest
    29.16; its shortest repr gives back exactly the digits written, `Decimal("29.16")` (`1e-05`
    gives 0.00001). An integral float is read as its integer (120.0 is 120, as JSON writes it).
    NaN and infinities are refused.
    """
    if number.is_integer() and -1e16 < number < 1e16:
        return Decimal(int(number))
    if number != number or number in (_INFINITY, -_INFINITY):
        raise ValueProblem(message("record.not_finite", value=str(number)))
    return Decimal(repr(number))


_INFINITY = float("inf")

# Spellings after NFKC (which already turns ＞＝＜﹦ into ASCII). ⩾ ⩽ are the slanted forms Chinese
# typesetting uses for ≥ ≤; ≮ (not less than) and ≯ (not more than) appear in engineering forms.
COMPARATORS: dict[str, Comparator] = {
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
    re.escape(s) for s in sorted(COMPARATORS, key=len, reverse=True)
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

# A "unit" ending in a word of time or approximation turns the text into a deadline or a loose
# phrase ("9月前", "100人左右", "7月起"): the form did not state a number to compare with, so the
# text stays a Word and the rule set decides what it means. 起 alone is a counting unit (安全事故
# 0 起), so only 年起/月起/日起 mark a start date.
NOT_A_UNIT_ENDINGS = ("前", "后", "後", "底", "初", "末", "旬", "左右", "年起", "月起", "日起", "止")
_NOT_A_UNIT = re.compile("(?:" + "|".join(NOT_A_UNIT_ENDINGS) + ")$")

# Range words after a quantity state its comparator, as Chinese legal usage reads them: 以上 and
# 以下 include the number (《民法典》第一千二百五十九条), and so do 以内, 之内 and 内. "98%以上"
# is ≥ 98%, "30万元以内" ≤ 30 万元, "3个工作日内" ≤ 3 个工作日. The longest spelling is taken
# ("90分及以上" is ≥ 90 分, not 90 of the unit "分及"). Spaces may stand before the word.
RANGE_WORDS: dict[str, Comparator] = {
    "及以上": Comparator.GE,
    "以上": Comparator.GE,
    "及以下": Comparator.LE,
    "以下": Comparator.LE,
    "以内": Comparator.LE,
    "之内": Comparator.LE,
    "内": Comparator.LE,
}
# Text ending in one of these is read by the range-word path (every spelling ends in one of them).
RANGE_ENDINGS = ("以上", "以下", "内")
_RANGED = re.compile(
    r"(?P<body>.*?)\s*(?P<range>" + "|".join(sorted(RANGE_WORDS, key=len, reverse=True)) + ")", re.DOTALL
)
# A month, or a four-digit year, before a range word is a point in time, not an amount: "9月内" is
# "within September" and "2024年内" "within 2024", deadlines rather than "≤ 9 月"; they stay words
# (a duration is written with 个: "3个月内" is ≤ 3 个月; "3年内", three years, is a quantity).
_CALENDAR_UNITS = ("月",)

MINUS_SIGNS = {"\u2212": "-", "\u2013": "-", "\ufe63": "-"}
_MINUS_SIGNS = str.maketrans(MINUS_SIGNS)

# How an amount or a year written as text may spell its digits and signs: full-width forms and the
# minus signs of typeset documents read as their ASCII twins. Nothing else is normalised there, so
# "10²" or "①" is not a number (NFKC would read them as 102 and 1).
NUMBER_FORMS = {
    **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
    **MINUS_SIGNS,
    "＋": "+", "﹢": "+", "－": "-",
    "．": ".", "﹒": ".", "，": ",", "﹐": ",", "ｅ": "e", "Ｅ": "E",
}


def parse_value(raw: str | int | Decimal | float) -> Value:
    """Parse a target or actual as written on a form into a `Quantity` or a `Word`.

    A number becomes a bare `Quantity` whose text is the number as written (a float: its shortest
    repr, see `exact_float`). Raises `ValueProblem` (a `ValueError`) for blank text, true/false,
    numbers that are not finite or beyond the size of any form, and other types.
    """
    if isinstance(raw, str):
        return _parse_text(raw)
    if isinstance(raw, bool):
        raise ValueProblem(message("record.bool_value"))
    if isinstance(raw, int):
        return Quantity(None, check_range(Decimal(raw)), None, str(raw))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise ValueProblem(message("record.not_finite", value=str(raw)))
        return Quantity(None, check_range(raw), None, str(raw))
    if isinstance(raw, float):
        number = exact_float(raw)
        return Quantity(None, check_range(number), None, str(number))
    raise wrong_type("value", raw)


# Forms repeat the same few spellings ("100%", "充分", "≥95%") thousands of times; values are
# immutable, so each spelling is parsed once per process.
@lru_cache(maxsize=8192)
def _parse_text(raw: str) -> Value:
    text = unicodedata.normalize("NFKC", raw).translate(_MINUS_SIGNS).strip()
    if not text:
        raise ValueProblem(message("record.empty_value"))
    if not raw.isascii() and _digit_lookalike(raw):
        return Word(raw.strip())  # not a number to compare: the rules' findings will say so
    ranged = _RANGED.fullmatch(text) if text.endswith(RANGE_ENDINGS) else None
    match = _QUANTITY.fullmatch(text if ranged is None else ranged["body"])
    if match is None:
        return Word(text)
    unit = match["unit"]
    if unit is not None and _NOT_A_UNIT.search(unit):
        return Word(text)
    written = match["comparator"]
    comparator = COMPARATORS[written] if written is not None else None
    if ranged is not None:
        stated = RANGE_WORDS[ranged["range"]]
        if comparator not in (None, stated) or _calendar(unit, match["number"]):
            return Word(text)  # "≤90%以上" says two things; "9月内" is a date
        comparator = stated
    number = check_range(Decimal(match["number"].replace(",", "")))
    if unit == "%":
        number = _hundredth(number)
    return Quantity(comparator, number, unit, raw)


def _calendar(unit: str | None, number: str) -> bool:
    """Whether a number and unit before a range word name a month or a year, not an amount."""
    return unit in _CALENDAR_UNITS or unit == "年" and len(number) == 4 and number.isdigit()


def _digit_lookalike(raw: str) -> bool:
    """Whether `raw` writes a digit in a form NFKC would silently read as another number: "10²" as
    102, "①" as 1. A unit keeps its digit (㎡ and m² are m2, a square metre)."""
    previous = ""
    for char in raw:
        if not char.isascii() and char not in NUMBER_FORMS:
            folded = unicodedata.normalize("NFKC", char)
            latin_before = previous.isascii() and previous.isalpha()
            if any(c.isdigit() for c in folded) and not folded[0].isalpha() and not latin_before:
                return True
        previous = char
    return False


# No form holds a number this large or this small; bounding them keeps every later division and
# rounding step well inside evalrules' 80-digit decimal context.
LARGEST = Decimal("1E20")
SMALLEST = Decimal("1E-30")


def check_range(number: Decimal) -> Decimal:
    """`number`, or `ValueProblem` when its size is beyond anything a form can hold.

    The size is read from the exponent (`adjusted`: 1E20 is 20, 1E-30 is -30), which needs no
    decimal context: `abs()` would overflow the default context for a written 1e1111111111.
    """
    if number and not _SMALLEST_EXPONENT <= number.adjusted() < _LARGEST_EXPONENT:
        raise ValueProblem(message("record.out_of_range", number=excerpt(str(number))))
    return number


_LARGEST_EXPONENT = LARGEST.adjusted()  # 20
_SMALLEST_EXPONENT = SMALLEST.adjusted()  # -30


def _hundredth(number: Decimal) -> Decimal:
    # Shift the exponent instead of dividing or calling scaleb: both round to the context
    # precision (28 digits), and a percentage must stay exactly the digits written.
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # the number came from a finite literal
    return Decimal((sign, digits, exponent - 2))


# ---------------------------------------------------------------------------------------------
# Dates: deadlines (完成时限) written as a target or an actual

# A form writes a deadline as a month or a day, with or without the year, often with a word saying
# "by then": 9月前, 11月底前, 6月30日前, 2023年12月, 2024-06-30, 年底前. These are read on demand from
# the value as parsed (a `Word`, or a `Quantity` such as 12月), so a record keeps its values as
# written and only scoring asks whether a row's target and actual are dates.
BY_THEN = ("底之前", "底以前", "底前", "之前", "以前", "前", "底", "末", "以内", "内")
_BY_THEN = "|".join(BY_THEN)
_CHINESE_DATE = re.compile(
    rf"(?:(?P<year>\d{{4}})\s*年)?\s*(?P<month>\d{{1,2}})\s*月(?:\s*(?P<day>\d{{1,2}})\s*[日号])?\s*(?P<by>{_BY_THEN})?"
)
_ISO_DATE = re.compile(rf"(?P<year>\d{{4}})[-/](?P<month>\d{{1,2}})(?:[-/](?P<day>\d{{1,2}}))?\s*(?P<by>{_BY_THEN})?")
_YEAR_END = re.compile(r"(?:(?P<year>\d{4})\s*)?年(?:底|末|内)(?:之前|以前|前)?")


@dataclass(frozen=True, slots=True)
class When:
    """A month or a day as written on a form (目标 9月前, 实际 2024年8月).

    `year` is None when the form leaves it out (the project's year is meant); `day` is None for a
    month. `comparator` is ≤ when a word says "by then" (前, 之前, 以前, 底前, 内, 底): every such
    word is read as "by the end of that month or day", inclusive. `bare` marks a month written
    alone ("12月"), which may also be a count of months: it is read as a date only against a date.
    """

    comparator: Comparator | None
    year: int | None
    month: int
    day: int | None
    text: str = field(compare=False)
    bare: bool = False

    def key(self, project_year: int, by_day: bool) -> tuple[int, int, int]:
        """The date as a sortable key in the project's year when none is written; by month alone
        unless `by_day`."""
        return (self.year if self.year is not None else project_year, self.month, (self.day or 0) if by_day else 0)

    def __str__(self) -> str:
        return self.text


may_be_date = re.compile(r"[月年/-]").search
"""Whether a text could write a date at all (one C call): what read_when looks for first, and what
scoring tests a row's target and actual with before reading either as a date."""


def read_when(value: object) -> When | None:
    """The date a target or actual writes (a `Word`, or a `Quantity` such as 12月), or None.

    A month must be 1–12 and a day real in its month (29 February only in a leap year, or in any
    year when the year is not written); anything else is not a date and stays as it is.
    """
    text = getattr(value, "text", None)
    if not isinstance(text, str) or may_be_date(text) is None:
        return None
    return _read_when(text)


@lru_cache(maxsize=4096)
def _read_when(written: str) -> When | None:
    text = unicodedata.normalize("NFKC", written).strip()
    match = _CHINESE_DATE.fullmatch(text) or _ISO_DATE.fullmatch(text)
    if match is None:
        end = _YEAR_END.fullmatch(text)
        if end is None:
            return None
        year = int(end["year"]) if end["year"] else None
        return When(Comparator.LE, year, 12, None, written)
    year = int(match["year"]) if match["year"] else None
    month = int(match["month"])
    day = int(match["day"]) if match["day"] else None
    by = match["by"]
    if not 1 <= month <= 12 or (day is not None and (by in ("底", "末", "底前", "底之前", "底以前") or not _real_day(year, month, day))):
        return None
    bare = year is None and day is None and by is None and "-" not in text and "/" not in text
    return When(Comparator.LE if by else None, year, month, day, written, bare)


def _real_day(year: int | None, month: int, day: int) -> bool:
    try:
        datetime.date(year if year is not None else 2000, month, day)  # 2000: a leap year
    except ValueError:
        return False
    return True


def deadline_met(target: When, actual: When, project_year: int) -> bool:
    """Whether `actual` is by `target`: on or before it, at the coarser of the two precisions (a
    month target against a day actual compares months). A target without a comparator is read as
    "by then" too."""
    by_day = target.day is not None and actual.day is not None
    return actual.key(project_year, by_day) <= target.key(project_year, by_day)
