"""The JSON Schema of a record: the record reader's own rules, said in JSON Schema (draft 2020-12).

`record.py` attaches these fragments to its field types and `record.record_json_schema()`
assembles them, so that a program producing records can validate them before sending. Each
fragment says what the reader accepts: numbers within the size of any form (`values.check_range`),
an amount or a year written as text with the spellings the reader reads (full-width digits,
thousands separators, signs), names that are not blank, targets whose number is not beyond that size.

Patterns are written for ECMA-262, which JSON Schema validators run, in the part of it that means
the same in Python's `re` (which `jsonschema` uses): no `\\d`, `\\s` or `\\w`, whose meaning differs
between the two; spaces are spelled out with `\\uXXXX` escapes; lookbehind only of fixed length.
A test holds schema and reader together in both directions (tests/test_record_schema.py).

Two things a regular expression cannot say exactly, and what the schema does instead:
- the size of an amount written as text with an exponent ("1.5E+3"): the schema accepts a
  one-digit exponent with at most 11 significant digits before the point and at most 20 zeros after
  it, which is always within the bounds; other exponents are refused by the schema although the
  reader may accept them (it checks the size itself);
- a target or actual is normalised (NFKC) before it is read: the schema knows the full-width and
  small forms of digits, signs and comparators, not the rarer compatibility characters (`²`, `①`)
  that NFKC also turns into digits.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from .values import COMPARATORS, MINUS_SIGNS, NOT_A_UNIT_ENDINGS, NUMBER_FORMS, RANGE_ENDINGS, RANGE_WORDS

__all__ = [
    "SPACES", "AMOUNT", "NAME", "TEXT", "YEAR", "VALUE", "BUDGET", "DECLARED_TOTALS", "POINTS", "OUT_OF_RANGE_VALUE",
]  # fmt: skip

# The characters Python's str.strip() and str.isspace() count as spaces (a test checks the list);
# the reader strips exactly these from text, and the schema spells them out.
SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)

_SYNTAX = set("\\]^-[")  # characters escaped with a backslash inside a character class


def _escape(char: str) -> str:
    """One character inside a character class, the same in ECMA-262 (also with the u flag) and re."""
    if char in _SYNTAX:
        return "\\" + char
    # a format character (Cf) is never printable; a combining mark (Mn) would join the one before
    if char.isspace() or not char.isprintable() or unicodedata.category(char) == "Mn":
        return f"\\u{ord(char):04x}"
    return char


def _class(chars: str, negate: bool = False) -> str:
    """A character class of `chars`; runs of three or more letters, digits or escaped characters
    are written as ranges (`0-9`, `\\u2000-\\u200a`), punctuation one by one, for the reader."""
    points = sorted({ord(c) for c in chars})
    parts: list[str] = []
    start = 0
    while start < len(points):
        end = start
        while end + 1 < len(points) and points[end + 1] == points[end] + 1:
            end += 1
        first, last = chr(points[start]), chr(points[end])
        escaped = _escape(first).startswith("\\u") and _escape(last).startswith("\\u")
        if end - start >= 2 and (first.isalnum() and last.isalnum() or escaped):
            parts.append(f"{_escape(first)}-{_escape(last)}")
        else:
            parts.extend(_escape(chr(point)) for point in points[start : end + 1])
        start = end + 1
    return "[" + ("^" if negate else "") + "".join(parts) + "]"


def _literal(text: str) -> str:
    """A literal outside a class; only comparator spellings need it, so only ASCII is escaped."""
    return "".join("\\" + c if c in "\\^$.|?*+()[]{}/" else c for c in text)


_WS = _class(SPACES)
_NOT_BLANK = _class(SPACES, negate=True)  # unanchored: some character that is not a space


# ---------------------------------------------------------------------------------------------
# Amounts and years written as text: the reader maps NUMBER_FORMS to ASCII, strips, and matches
# records._AMOUNT; nothing else is normalised.


def _spellings(ascii_chars: str) -> str:
    """The ASCII characters and every character NUMBER_FORMS reads as one of them."""
    return ascii_chars + "".join(sorted(c for c, a in NUMBER_FORMS.items() if a in ascii_chars))


_D = _class(_spellings("0123456789"))
_NZ = _class(_spellings("123456789"))
_Z = _class(_spellings("0"))
_C = _class(_spellings(","))
_P = _class(_spellings("."))
_S = _class(_spellings("+-"))
_E = _class(_spellings("eE"))
_LEAD = _class(_spellings("0,")) + "*"  # zeros and separators before the first significant digit
_NUMBER = f"(?:(?:{_D}{{1,3}}(?:{_C}{_D}{{3}})+|{_D}+)(?:{_P}{_D}*)?|{_P}{_D}+)"
# Beyond values.check_range: 1E20 or more (21 significant digits before the point), or not 0 and
# below 1E-30 (30 zeros after the point before a significant digit).
_TOO_LARGE = f"{_LEAD}{_NZ}(?:{_C}?{_D}){{20}}"
_TOO_SMALL = f"{_LEAD}{_P}{_Z}{{30,}}{_NZ}"
# With a one-digit exponent (at most ×1E9 or ×1E-9), a mantissa below 1E11 and not below 1E-21.
_TOO_LARGE_E = f"{_LEAD}{_NZ}(?:{_C}?{_D}){{11}}"
_TOO_SMALL_E = f"{_LEAD}{_P}{_Z}{{21,}}{_NZ}"

def _amount_pattern(sign: str) -> str:
    return (
        f"^{_WS}*{sign}?(?:(?!{_TOO_LARGE})(?!{_TOO_SMALL}){_NUMBER}"
        f"|(?!{_TOO_LARGE_E})(?!{_TOO_SMALL_E}){_NUMBER}{_E}{_S}?{_Z}*{_D}){_WS}*$"
    )


AMOUNT_PATTERN = _amount_pattern(_S)
YEAR_PATTERN = f"^{_WS}*{_Z}*{_NZ}{_D}{{3}}{_WS}*$"

_NUMBER_IN_RANGE: list[dict[str, Any]] = [
    {"type": "number", "minimum": 1e-30, "exclusiveMaximum": 1e20},
    {"type": "number", "exclusiveMinimum": -1e20, "maximum": -1e-30},
    {"const": 0},
]

NUMBER: dict[str, Any] = {
    "anyOf": _NUMBER_IN_RANGE,
    "description": "A number smaller than 1E20 in size and, unless 0, not smaller than 1E-30.",
}

AMOUNT: dict[str, Any] = {
    "anyOf": [*_NUMBER_IN_RANGE, {"type": "string", "pattern": AMOUNT_PATTERN}],
    "description": (
        "An exact decimal, as a number or as text (\"1,000\", full-width digits \"３５．７\", a sign, "
        "an exponent), smaller than 1E20 in size and, unless 0, not smaller than 1E-30."
    ),
}

YEAR: dict[str, Any] = {
    "anyOf": [
        {"type": "integer", "minimum": 1000, "maximum": 9999},
        {"type": "string", "pattern": YEAR_PATTERN},
    ],
    "description": "A year of four digits, as a number or as text (\"2024\", \"２０２４\").",
}

NAME: dict[str, Any] = {
    "anyOf": [{"type": "string", "minLength": 1, "pattern": _NOT_BLANK}, {"type": "number"}],
    "description": "Text that is not blank (a number is taken as its text).",
}

TEXT: dict[str, Any] = {
    "anyOf": [{"type": "string"}, {"type": "number"}, {"type": "null"}],
    "description": "Text (a number is taken as its text); blank text counts as none.",
}

# Deduction points: an amount that is not below 0. A minus sign is allowed only before a zero
# ("-0" is 0): refused when a digit other than 0 follows it before any exponent.
_NEGATIVE_TEXT = f"^{_WS}*{_class(_spellings('-'))}[^{_spellings('eE')}]*{_NZ}"

POINTS: dict[str, Any] = {
    "anyOf": [
        {"type": "number", "minimum": 1e-30, "exclusiveMaximum": 1e20},
        {"const": 0},
        {"type": "string", "pattern": AMOUNT_PATTERN, "not": {"pattern": _NEGATIVE_TEXT}},
    ],
    "description": "Points, an amount (as a number or as text) not below 0.",
}

DECLARED_TOTALS: dict[str, Any] = {
    "anyOf": [
        {"type": "object", "propertyNames": {"pattern": _NOT_BLANK}, "additionalProperties": AMOUNT},
        {"type": "null"},
    ],
    "description": (
        "Totals printed beside a category, block or group heading, by its name (产出: 50); "
        "null counts as none."
    ),
}

BUDGET: dict[str, Any] = {
    "anyOf": [{"type": "object", "additionalProperties": AMOUNT}, {"type": "null"}],
    "description": "Budget amounts by the names the rule set declares; null counts as none.",
}

# ---------------------------------------------------------------------------------------------
# Targets and actuals: any text that is not blank, unless it reads as a quantity whose number is
# beyond the size of any form. values.parse_value normalises (NFKC) before it reads, so each
# ASCII character of values._QUANTITY stands here for its NFKC spellings among the full-width and
# small forms.

def _nfkc_forms() -> dict[str, str]:
    """ASCII character → the characters among ASCII, the small forms (U+FE50…) and the full-width
    forms (U+FF01…) that values.parse_value reads as it (NFKC, then the minus signs)."""
    forms: dict[str, str] = {}
    minus = str.maketrans(MINUS_SIGNS)
    for code in (*range(0x21, 0x7F), *range(0xFE50, 0xFE6C), *range(0xFF01, 0xFF5F)):
        read = unicodedata.normalize("NFKC", chr(code)).translate(minus)
        if len(read) == 1 and read.isascii():
            forms[read] = forms.get(read, "") + chr(code)
    for sign, ascii_sign in MINUS_SIGNS.items():
        forms[ascii_sign] += sign
    return forms


_NFKC_FORMS = _nfkc_forms()


def _nfkc_spellings(ascii_chars: str) -> str:
    return "".join(_NFKC_FORMS.get(c, "") for c in ascii_chars)


def _spelled(text: str) -> str:
    """A comparator spelling: each ASCII character as the class of its NFKC spellings."""
    return "".join(_class(_nfkc_spellings(c)) if c.isascii() else _literal(c) for c in text)


def _out_of_range_value() -> str:
    d = _class(_nfkc_spellings("0123456789"))
    nz = _class(_nfkc_spellings("123456789"))
    z = _class(_nfkc_spellings("0"))
    c = _class(_nfkc_spellings(","))
    p = _class(_nfkc_spellings("."))
    sign = _class(_nfkc_spellings("+-"))
    lead = _class(_nfkc_spellings("0,")) + "*"

    def spellings(of: set[object]) -> str:
        return "|".join(_spelled(s) for s in sorted(COMPARATORS, key=len, reverse=True) if COMPARATORS[s] in of)

    number = f"(?:{d}{{1,3}}(?:{c}{d}{{3}})+|{d}+)(?:{p}{d}+)?"
    beyond = f"{sign}?(?:{lead}{nz}(?:{c}?{d}){{20}}|{lead}{p}{z}{{30,}}{nz})"
    not_first = _nfkc_spellings("0123456789.,+-<>=") + SPACES + "≥≧⩾≮≤≦⩽≯═"
    latin = _class(_nfkc_spellings("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
    two_three = _class(_nfkc_spellings("23"))
    unit = (
        f"{_class(not_first, negate=True)}"
        f"(?:{_class(_nfkc_spellings('0123456789') + SPACES, negate=True)}|(?<={latin}){two_three}(?!{d}))*"
    )
    # A unit ending in a word of time makes the text a word (values._NOT_A_UNIT).
    endings = "".join(f"(?<!{_literal(ending)})" for ending in NOT_A_UNIT_ENDINGS)
    quantity = f"(?={beyond}){sign}?{number}{_WS}*(?:{unit})?{endings}"
    # Text ending in a range word (values.RANGE_WORDS) is read in two parts: the quantity before the
    # longest range word that ends it, and the word, which must agree with a written comparator.
    # So without a range word the text must not end in one; with one, the quantity must not end in
    # what would make the word longer (以 of 以内, 之 of 之内, 及 of 及以上), and a month before it
    # makes the text a date (values._calendar; a four-digit year is never beyond the bounds).
    plain = "".join(f"(?<!{_literal(ending)})" for ending in RANGE_ENDINGS)
    branches = [f"(?:{spellings(set(COMPARATORS.values()))})?{_WS}*{quantity}{plain}"]
    for comparator in sorted(set(RANGE_WORDS.values()), key=str):
        for word in sorted((w for w, c in RANGE_WORDS.items() if c is comparator), key=len, reverse=True):
            longer = {w[: -len(word)] for w in RANGE_WORDS if w.endswith(word) and w != word}
            not_longer = "".join(f"(?<!{_literal(extra)})" for extra in sorted(longer))
            date = f"(?!{_WS}*月{_WS}*{_literal(word)}{_WS}*$)"
            quantity_before = quantity.replace(f"{number}{_WS}*", f"{number}{date}{_WS}*", 1)
            branches.append(
                f"(?:{spellings({comparator})})?{_WS}*{quantity_before}{not_longer}{_WS}*{_literal(word)}"
            )
    return f"^{_WS}*(?:" + "|".join(branches) + f"){_WS}*$"


OUT_OF_RANGE_VALUE = _out_of_range_value()

VALUE: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "pattern": _NOT_BLANK, "not": {"pattern": OUT_OF_RANGE_VALUE}},
        *_NUMBER_IN_RANGE,
    ],
    "description": (
        "As written on the form: an optional comparator (≥ ≧ >= 不少于 不低于, ≤ ≦ <= 不超过 不高于, "
        "= ═ ﹦, > <), a number and an optional unit (%, 万元, 人, …), or a qualitative word "
        "(充分, 达成预期指标). Not blank; a number smaller than 1E20 in size and, unless 0, not "
        "smaller than 1E-30."
    ),
}
