"""Exact decimals (decimals.py): the rounding modes a rule file names, the largest-remainder
apportionment of weights, and how numbers are written for people.

Every weight split and rescale goes through `apportion`, and every stated rounding step through
`Rounder`, so their promises are stated here as properties, with the cases the mutation run found
unexercised (unequal shares, no shares, shares summing to 0, a total that is not a whole number
of steps)."""

from __future__ import annotations

import decimal
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import evalrules
from evalrules.decimals import (
    MODE_WORDS,
    ROUNDING_MODES,
    Rounder,
    apportion,
    approx_percent,
    fixed,
    is_power_of_ten,
    percent,
    plain,
)

D = Decimal
STEPS = st.sampled_from([D("0.01"), D("0.1"), D("1"), D("0.5"), D("0.25")])
SHARES = st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=8)


@given(total=st.decimals(min_value=0, max_value=1000, places=2), shares=SHARES, step=STEPS)
def test_apportioned_parts_always_sum_exactly_to_the_total(total: Decimal, shares: list[Decimal], step: Decimal) -> None:
    parts = apportion(total, shares, step)
    assert len(parts) == len(shares)
    if sum(shares) == 0:
        assert parts == tuple(D(0) for _ in shares)
    else:
        assert sum(parts) == total


@given(steps=st.integers(min_value=0, max_value=100_000), shares=SHARES, step=STEPS)
def test_a_total_of_whole_steps_is_split_into_whole_steps_each_within_one_step_of_its_exact_share(
    steps: int, shares: list[Decimal], step: Decimal
) -> None:
    total = step * steps
    parts = apportion(total, shares, step)
    whole = sum(shares)
    for part, share in zip(parts, shares):
        assert part % step == 0
        if whole:
            assert abs(part - total * share / whole) < step


def test_unequal_shares_go_by_largest_remainder_with_ties_to_the_earliest_part() -> None:
    assert apportion(D(10), [D(1), D(2)], D("0.01")) == (D("3.33"), D("6.67"))  # remainders .0033 < .0067
    assert apportion(D(10), [D(1)] * 3, D("0.01")) == (D("3.34"), D("3.33"), D("3.33"))  # a tie: the first
    assert apportion(D(1), [D(3), D(1)], D("0.1")) == (D("0.8"), D("0.2"))  # .75 and .25: .05 each, the first
    assert apportion(D(7), [D(5), D(1), D(1)], D(1)) == (D(5), D(1), D(1))  # exact: nothing spare


def test_no_shares_give_no_parts_and_shares_summing_to_zero_give_zero_parts() -> None:
    assert apportion(D(10), [], D("0.01")) == ()
    assert apportion(D(10), [D(0), D(0)], D("0.01")) == (D(0), D(0))


def test_a_total_that_is_not_a_whole_number_of_steps_still_sums_exactly() -> None:
    # 2.5 in steps of 1 cannot be two whole steps: the half left goes to the first part, never a
    # whole step that would make the parts 3.
    assert apportion(D("2.5"), [D(1), D(1)], D(1)) == (D("1.5"), D(1))
    assert apportion(D("10.005"), [D(1), D(1)], D("0.01")) == (D("5.005"), D(5))


@pytest.mark.parametrize(
    ("mode", "value", "step", "rounded"),
    [
        ("四舍五入", "2.345", "0.01", "2.35"),
        ("half_up", "-2.345", "0.01", "-2.35"),
        ("银行家舍入", "2.345", "0.01", "2.34"),
        ("银行家舍入", "2.355", "0.01", "2.36"),
        ("half_even", "0.5", "1", "0"),
        ("五舍六入", "2.345", "0.01", "2.34"),
        ("五舍六入", "2.346", "0.01", "2.35"),
        ("截尾", "2.349", "0.01", "2.34"),
        ("去尾", "-2.349", "0.01", "-2.34"),
        ("进一", "2.341", "0.01", "2.35"),
        ("floor", "-2.341", "0.01", "-2.35"),
        ("ceiling", "-2.349", "0.01", "-2.34"),
    ],
)
def test_each_rounding_name_a_rule_file_may_use_rounds_as_its_name_says(mode: str, value: str, step: str, rounded: str) -> None:
    assert Rounder(D(step), ROUNDING_MODES[mode], step, "x.rules:1")(D(value)) == D(rounded)


def test_every_rounding_mode_is_described_in_both_languages_with_the_step_as_written() -> None:
    for name, mode in ROUNDING_MODES.items():
        zh, en = MODE_WORDS[mode]
        rounder = Rounder(D("0.0001"), mode, "0.01%", "x.rules:1")
        assert rounder.describe("zh") == f"{zh}至 0.01%"
        assert rounder.describe("en") == f"{en} to 0.01%"
    assert Rounder(D("0.01"), ROUNDING_MODES["银行家舍入"], "0.01", "").describe("zh") == "银行家舍入至 0.01"


_TIE = """ruleset "t" {{ year 2024 }}
quantitative 基本 {{ completion ratio reverse inverse_ratio below proportional above none round score 0.01 {mode} }}
qualitative 六级 {{ levels 100% 80% 60% 40% 20% 0% }}
category 产出 {{ weights split 10 apportion 0.01 quantitative 基本 qualitative 六级 }}
missing {{ without explanation score 0 with explanation review }}
"""


@pytest.mark.parametrize(("mode", "score"), [("四舍五入", "8.13"), ("银行家舍入", "8.12"), ("截尾", "8.12"), ("进一", "8.13")])
def test_a_rule_file_names_its_rounding_in_chinese_and_the_score_and_explanation_follow_it(mode: str, score: str) -> None:
    # 10 × 81.25% = 8.125: a tie at the cent, which half-up and banker's rounding settle apart.
    rules = evalrules.loads(_TIE.format(mode=mode), "t.rules")
    record = {"project": {"name": "t", "year": 2024}, "indicators": [
        {"category": "产出", "name": "x", "target": ">=80", "actual": "65"},
    ]}  # fmt: skip
    row = rules.score(record).indicators[0]
    assert row.score == D(score)
    assert f"{MODE_WORDS[ROUNDING_MODES[mode]][0]}至 0.01" in row.explain("zh")


@pytest.mark.parametrize(
    ("quantum", "power"),
    [("1", True), ("10", True), ("0.01", True), ("1E-20", True), ("1E+2", True),
     ("0.5", False), ("0.25", False), ("2", False), ("0", False), ("-0.01", False), ("0.011", False)],
)  # fmt: skip
def test_only_powers_of_ten_are_faithful_rounding_steps(quantum: str, power: bool) -> None:
    assert is_power_of_ten(D(quantum)) is power


@pytest.mark.parametrize(
    ("value", "written"),
    [("7.50", "7.5"), ("1E+1", "10"), ("-0", "0"), ("-0.0", "0"), ("0.000", "0"), ("1E-30", "0.000000000000000000000000000001"),
     ("-2.50", "-2.5"), ("123456789012345678901234567890", "123456789012345678901234567890")],
)  # fmt: skip
def test_a_decimal_is_written_as_people_write_it_without_exponent_or_trailing_zeros(value: str, written: str) -> None:
    assert plain(D(value)) == written


def test_fixed_keeps_the_places_and_percent_writes_a_fraction_as_a_percentage() -> None:
    assert fixed(D("7.50")) == "7.50"
    assert fixed(D("1E+1")) == "10"
    assert percent(D("0.9986")) == "99.86%"
    assert percent(D("1")) == "100%"
    assert percent(D("0.5")) == "50%"


def test_approx_percent_marks_the_digits_it_cuts() -> None:
    assert approx_percent(D("0.99863")) == "99.863%"  # four places hold it: exact
    assert approx_percent(D(2) / D(3)) == "66.6666…%"
    assert approx_percent(D(2) / D(3), places=2) == "66.66…%"
    assert approx_percent(D("0.123456"), places=4) == "12.3456%"
    assert approx_percent(D("0.1234567"), places=4) == "12.3456…%"


def test_rounding_and_apportioning_ignore_the_callers_rounding_setting() -> None:
    # The engine scores inside its own context (evaluate.py); these two also name their rounding
    # themselves, so a caller's ROUND_CEILING cannot move a part or a rounded score.
    with decimal.localcontext() as ctx:
        ctx.rounding = decimal.ROUND_CEILING
        assert apportion(D(10), [D(1)] * 3, D("0.01")) == (D("3.34"), D("3.33"), D("3.33"))
        assert Rounder(D("0.01"), decimal.ROUND_HALF_UP, "0.01", "")(D("1234.564")) == D("1234.56")
