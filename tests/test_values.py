"""Targets and actuals as written on forms → Quantity or Word (evalrules.records.values)."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from evalrules.errors import EvalRulesError
from evalrules.records.values import Comparator, Quantity, ValueProblem, Word, excerpt, exact_float, parse_value

GE, GT, LE, LT, EQ = Comparator.GE, Comparator.GT, Comparator.LE, Comparator.LT, Comparator.EQ

# (text as written, comparator, number, unit)
COMPARATOR_SPELLINGS = [
    ("≥90%", GE, "0.90", "%"),
    ("≧90%", GE, "0.90", "%"),
    ("⩾90%", GE, "0.90", "%"),
    ("≮90%", GE, "0.90", "%"),
    (">=90%", GE, "0.90", "%"),
    ("＞＝90%", GE, "0.90", "%"),
    ("不少于90%", GE, "0.90", "%"),
    ("不低于90%", GE, "0.90", "%"),
    ("≤5天", LE, "5", "天"),
    ("≦5天", LE, "5", "天"),
    ("⩽5天", LE, "5", "天"),
    ("≯5天", LE, "5", "天"),
    ("<=5天", LE, "5", "天"),
    ("＜＝5天", LE, "5", "天"),
    ("不超过5天", LE, "5", "天"),
    ("不高于5天", LE, "5", "天"),
    ("=100%", EQ, "1", "%"),
    ("==100%", EQ, "1", "%"),
    ("═100%", EQ, "1", "%"),
    ("﹦100%", EQ, "1", "%"),
    ("＝100%", EQ, "1", "%"),
    (">0", GT, "0", None),
    ("＞0", GT, "0", None),
    ("<3次", LT, "3", "次"),
    ("＜3次", LT, "3", "次"),
    ("100%", None, "1", "%"),
    ("2", None, "2", None),
]


@pytest.mark.parametrize(("text", "comparator", "number", "unit"), COMPARATOR_SPELLINGS)
def test_every_comparator_spelling_is_read(text, comparator, number, unit):
    value = parse_value(text)
    assert isinstance(value, Quantity)
    assert value.comparator is comparator
    assert value.number == Decimal(number)
    assert value.unit == unit
    assert value.text == text


# (text, number, unit): units and the shapes of numbers
QUANTITIES = [
    ("99.86%", "0.9986", "%"),
    ("99.86％", "0.9986", "%"),
    ("0.5%", "0.005", "%"),
    ("-6.5", "-6.5", None),
    ("+3", "3", None),
    ("−3", "-3", None),  # U+2212 MINUS SIGN, as typeset documents write it
    ("35.7万元", "35.7", "万元"),
    ("1,000元", "1000", "元"),
    ("1,000.5 万元", "1000.5", "万元"),
    ("12,345,678", "12345678", None),
    ("１，０００", "1000", None),
    ("１２０人", "120", "人"),
    ("30 人次", "30", "人次"),
    ("5个", "5", "个"),
    ("12场", "12", "场"),
    ("7月", "7", "月"),
    ("15天", "15", "天"),
    ("3.5km", "3.5", "km"),
    ("5000㎡", "5000", "m2"),  # NFKC unfolds ㎡; the 2 after a Latin letter stays in the unit
    ("20m3", "20", "m3"),
    ("≥100m²", "100", "m2"),  # a superscript after a Latin letter is part of the unit
    ("10万元/年", "10", "万元/年"),
    ("  ≥ 95 % ", "0.95", "%"),
    ("≥\u300095\u3000％", "0.95", "%"),  # ideographic spaces
]


@pytest.mark.parametrize(("text", "number", "unit"), QUANTITIES)
def test_numbers_and_units(text, number, unit):
    value = parse_value(text)
    assert isinstance(value, Quantity)
    assert value.number == Decimal(number)
    assert value.unit == unit
    assert value.text == text


def test_percentage_is_stored_as_the_exact_fraction():
    value = parse_value("99.86%")
    assert isinstance(value, Quantity)
    assert value.number.as_tuple() == Decimal("0.9986").as_tuple()
    assert value.is_percent


def test_percentage_keeps_more_digits_than_the_decimal_context():
    digits = "1234567890" * 4
    value = parse_value(f"12.{digits}5%")
    assert isinstance(value, Quantity)
    # 43 significant digits: dividing or scaleb in the default 28-digit context would round them
    assert str(value.number) == f"0.12{digits}5"


def test_only_percent_is_a_percentage():
    assert not parse_value("5万元").is_percent  # type: ignore[union-attr]
    assert not parse_value("5").is_percent  # type: ignore[union-attr]


# Text that is not a comparator, a number and a unit stays a word.
WORDS = [
    "充分",
    "达成预期指标",
    "较高",
    "提升",
    "9月前",
    "2024年9月",
    "100人左右",
    "9月内",  # a month before 内: a deadline, not "≤ 9 月"
    "9 月以内",
    "2024年内",  # a year: a deadline
    "9月底以内",  # the part before the range word is a deadline
    "≤90%以上",  # two comparators that disagree: not read as either
    ">90%以上",  # strict against inclusive: not read as either
    "以上",
    "良好以上",
    "年底",
    "≥良好",
    "约100人",
    "1,00",  # not a proper group of three
    "1,0000",
    "5.",
    ".5",
    "1-2次",
    "NaN",
    "Infinity",
    "—",
    "100%-120%",
]


@pytest.mark.parametrize("text", WORDS)
def test_words(text):
    assert parse_value(text) == Word(text)


@pytest.mark.parametrize("text", ["≥10²", "10²人", "①", "≥③场", "⑩"])
def test_a_digit_nfkc_would_read_as_another_number_leaves_the_text_a_word(text):
    # NFKC reads "10²" as 102 and "①" as 1: a silent misreading, so the text stays as written and the
    # rules' findings say it is not a number they can compare.
    assert parse_value(text) == Word(text)


def test_word_is_stripped_and_normalised():
    assert parse_value("  达成预期指标\u3000") == Word("达成预期指标")
    assert parse_value("Ａ级") == Word("A级")


@pytest.mark.parametrize(
    ("raw", "number", "text"),
    [
        (2, "2", "2"),
        (0, "0", "0"),
        (-7, "-7", "-7"),
        (Decimal("0.1"), "0.1", "0.1"),
        (Decimal("99.50"), "99.50", "99.50"),
        (Decimal("1E+3"), "1000", "1E+3"),
    ],
)
def test_ints_and_decimals_are_bare_quantities(raw, number, text):
    assert parse_value(raw) == Quantity(None, Decimal(number), None, text)
    assert parse_value(raw).text == text  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("raw", "key", "message"),
    [
        ("", "record.empty_value", "empty value"),
        ("   ", "record.empty_value", "empty value"),
        ("\u3000", "record.empty_value", "empty value"),
        (True, "record.bool_value", "true/false is not a target or actual; write the value as text"),
        (False, "record.bool_value", "true/false is not a target or actual; write the value as text"),
        (float("nan"), "record.not_finite", "not a finite number: nan"),
        (float("-inf"), "record.not_finite", "not a finite number: -inf"),
        (Decimal("NaN"), "record.not_finite", "not a finite number: NaN"),
        (Decimal("-Infinity"), "record.not_finite", "not a finite number: -Infinity"),
        (None, "record.expected_value.nothing", "expected text or a number, got nothing"),
        ([1], "record.expected_value.list", "expected text or a number, got a list"),
        ({"a": 1}, "record.expected_value.mapping", "expected text or a number, got a mapping"),
        (object(), "record.expected_value.other", "expected text or a number, got object"),
    ],
)
def test_refused_inputs(raw, key, message):
    with pytest.raises(ValueProblem) as caught:
        parse_value(raw)
    assert caught.value.id == key
    assert caught.value.text("en") == message
    assert any("\u4e00" <= c <= "\u9fff" for c in caught.value.text("zh"))
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, EvalRulesError)


@pytest.mark.parametrize(
    ("raw", "number", "text"),
    [
        (0.1, "0.1", "0.1"),
        (29.16, "29.16", "29.16"),
        (1e-05, "0.00001", "0.00001"),
        (1.0, "1", "1"),
        (-6.5, "-6.5", "-6.5"),
        (0.1 + 0.2, "0.30000000000000004", "0.30000000000000004"),
        (1e16, "1E+16", "1E+16"),
    ],
)
def test_a_float_is_a_bare_quantity_read_from_its_shortest_repr(raw, number, text):
    value = parse_value(raw)
    assert value == Quantity(None, Decimal(number), None, text)
    assert value.number.as_tuple() == Decimal(number).as_tuple()  # type: ignore[union-attr]
    assert value.text == text  # type: ignore[union-attr]


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_finite_float_reads_back_as_the_same_float(number):
    read = exact_float(number)
    assert float(read) == number
    assert read == Decimal(repr(number))  # the same value as its shortest repr


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**9, max_value=10**9))
def test_a_decimal_of_at_most_15_digits_survives_the_trip_through_a_float(number):
    assert exact_float(float(number)) == number


@pytest.mark.parametrize(
    ("text", "number", "unit"),
    [("99.86%%", "99.86", "%%"), ("12%x", "12", "%x"), ("10%/年", "10", "%/年")],
)
def test_a_unit_that_starts_with_percent_but_is_not_percent_is_kept_as_written(text, number, unit):
    # Not a percentage: the number is not divided by 100, and a row whose target is in % gets a
    # unit-mismatch finding that quotes the unit exactly as the form wrote it.
    value = parse_value(text)
    assert value == Quantity(None, Decimal(number), unit, text)
    assert not value.is_percent  # type: ignore[union-attr]
    assert str(value) == text


def test_a_message_quotes_text_as_written_with_control_characters_shown_and_long_text_cut():
    assert excerpt("99.86%%") == "99.86%%"
    assert excerpt("\x1b[2J注意\u200b") == "<U+001B>[2J注意<U+200B>"
    assert excerpt("长" * 200) == "长" * 200
    assert excerpt("长" * 201) == "长" * 200 + "…"
    assert excerpt("\x1b" * 500) == "<U+001B>" * 25 + "…"


def test_a_bare_comparator_is_read_as_at_least():
    assert parse_value("90%").comparator_or_default() is GE  # type: ignore[union-attr]
    assert parse_value("≤90%").comparator_or_default() is LE  # type: ignore[union-attr]


def test_comparator_value_is_the_canonical_symbol():
    assert [c.value for c in Comparator] == ["≥", ">", "≤", "<", "="]
    assert str(Comparator.GE) == "≥"


def test_equal_quantities_compare_equal_whatever_their_spelling():
    a, b = parse_value("≧90％"), parse_value(">= 90%")
    assert a == b and hash(a) == hash(b)
    assert a.text != b.text  # type: ignore[union-attr]
    assert parse_value("90%") != parse_value("≥90%")  # the comparator as written is kept


def test_values_are_immutable():
    value = parse_value("90%")
    with pytest.raises(AttributeError):
        value.number = Decimal(1)  # type: ignore[misc, union-attr]


# --- properties --------------------------------------------------------------------------------

# Every size a form can hold (values.check_range): below 1E20, and not below 1E-30 unless zero.
_finite_decimals = (
    st.decimals(allow_nan=False, allow_infinity=False, places=6)
    | st.decimals(allow_nan=False, allow_infinity=False)
).filter(lambda d: d == 0 or Decimal("1E-30") <= abs(d) < Decimal("1E20"))


@given(_finite_decimals)
@example(Decimal("99.86"))
@example(Decimal("0.00001"))
@example(Decimal("-12345678901234567890.1234567890123456789012345678901234567890"))
def test_any_decimal_written_with_percent_parses_to_exactly_that_decimal_over_100(number):
    text = format(number, "f")
    value = parse_value(text + "%")
    with localcontext() as context:
        context.prec = 10_000
        expected = Decimal(text) / 100
    assert isinstance(value, Quantity)
    assert value.number == expected
    assert value.unit == "%"


@given(_finite_decimals)
def test_any_decimal_written_as_text_parses_to_itself(number):
    text = format(number, "f")
    value = parse_value(text)
    assert value == Quantity(None, Decimal(text), None, text)


def _full_width(text: str) -> str:
    return "".join(
        "\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text
    )


@given(
    comparator=st.sampled_from(["", ">=", "<=", "=", ">", "<"]),
    number=_finite_decimals.map(lambda d: format(d, "f")),
    gap=st.sampled_from(["", " "]),
    unit=st.sampled_from(["", "%", "人", "万元", "km"]),
)
def test_full_width_and_half_width_spellings_parse_to_the_same_value(comparator, number, gap, unit):
    half = f"{comparator}{gap}{number}{gap}{unit}"
    assert parse_value(_full_width(half)) == parse_value(half)


@given(st.text(alphabet="0123456789.,%<>=+- 人元万月前≥≦不少于ＡａＢ\u3000\t", max_size=12))
def test_any_text_is_a_value_or_a_value_error(text):
    try:
        value = parse_value(text)
    except ValueError:
        assert not text.strip()
    else:
        assert isinstance(value, Quantity | Word)
        if isinstance(value, Quantity):
            assert value.text == text
        else:
            assert value.text and value.text == value.text.strip()


@given(st.text(alphabet="0123456789.,%<>=+- 人元万月前≥≦不少于ＡａＢ\u3000", max_size=12))
def test_a_full_width_spelling_never_changes_the_value(text):
    try:
        expected = parse_value(text)
    except ValueError:
        with pytest.raises(ValueError):
            parse_value(_full_width(text))
    else:
        assert parse_value(_full_width(text)) == expected


@pytest.mark.parametrize("text", ["1" + "0" * 20, "-1E20", "1e-31", "0.0000000000000000000000000000001%"])
def test_numbers_beyond_the_size_of_any_form_are_refused(text):
    raw = Decimal(text) if "e" in text.lower() else text
    with pytest.raises(ValueProblem) as caught:
        parse_value(raw)
    assert caught.value.id == "record.out_of_range"
    assert caught.value.text("en").startswith("out of range")


def test_an_out_of_range_number_is_shown_cut_never_in_full():
    with pytest.raises(ValueProblem) as caught:
        parse_value("9" * 5000)
    shown = caught.value.text("en")
    assert shown.endswith("9…") and len(shown) < 300


# Range words read as comparators; 以上 and 以下 include the number (Chinese legal usage).
RANGE_WORDS = [
    ("98%以上", GE, "0.98", "%"),
    ("98％及以上", GE, "0.98", "%"),
    ("90分及以上", GE, "90", "分"),
    ("10以上", GE, "10", None),
    ("98% 以上", GE, "0.98", "%"),
    ("≥98%以上", GE, "0.98", "%"),  # the same comparator twice: one reading
    ("不低于95%以上", GE, "0.95", "%"),
    ("30万元以内", LE, "30", "万元"),
    ("30万元以下", LE, "30", "万元"),
    ("30万元及以下", LE, "30", "万元"),
    ("3个工作日内", LE, "3", "个工作日"),
    ("3个工作日之内", LE, "3", "个工作日"),
    ("3个月内", LE, "3", "个月"),  # a duration: 个 counts months
    ("3年内", LE, "3", "年"),  # three years, not the year 3
    ("5人以下", LE, "5", "人"),
]


@pytest.mark.parametrize(("text", "comparator", "number", "unit"), RANGE_WORDS)
def test_a_range_word_after_a_quantity_is_its_comparator(text, comparator, number, unit):
    value = parse_value(text)
    assert value == Quantity(comparator, Decimal(number), unit, text)
    assert value.text == text  # type: ignore[union-attr]  # messages quote it as written


def test_a_range_word_includes_its_number():
    # 98%以上 is met by 98% itself: the comparator is ≥, not >
    assert parse_value("98%以上").comparator is GE  # type: ignore[union-attr]
    assert parse_value("30万元以下").comparator is LE  # type: ignore[union-attr]


@given(st.integers(0, 10**6), st.sampled_from(["", "%", "人", "万元", "个工作日"]), st.sampled_from(["以上", "以下", "以内", "内"]))
def test_a_range_word_reads_as_the_comparator_written_before_the_number(number, unit, word):
    # The invariant: "N单位以上" means what "≥N单位" means, and "以下/以内/内" what "≤N单位" means.
    symbol = "≥" if word == "以上" else "≤"
    assert parse_value(f"{number}{unit}{word}") == parse_value(f"{symbol}{number}{unit}")
