"""Qualitative bands and deadlines: dates read from targets and actuals, deadlines compared in the
project's year, and scores chosen inside a band from the claimed score.

The scoring cases (tests/data/scoring_cases.yaml) show whole rows; here the two pieces under them
are checked alone: `values.read_when` / `values.deadline_met`, and `QualitativeScheme.score_in_band`
with properties stated in plain words.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import evalrules
from evalrules.records.values import Comparator, Quantity, Word, deadline_met, parse_value, read_when

LE = Comparator.LE

# (as written, comparator, year, month, day, bare)
DATES = [
    ("9月前", LE, None, 9, None, False),
    ("9月底前", LE, None, 9, None, False),
    ("11月底前", LE, None, 11, None, False),
    ("9月底", LE, None, 9, None, False),
    ("9月末", LE, None, 9, None, False),
    ("9月之前", LE, None, 9, None, False),
    ("9月以前", LE, None, 9, None, False),
    ("9月内", LE, None, 9, None, False),
    ("2023年12月", None, 2023, 12, None, False),
    ("2023年12月31日", None, 2023, 12, 31, False),
    ("2024-06-30", None, 2024, 6, 30, False),
    ("2024/6", None, 2024, 6, None, False),
    ("6月30日前", LE, None, 6, 30, False),
    ("6月30号", None, None, 6, 30, False),
    ("６月３０日前", LE, None, 6, 30, False),
    ("12月", None, None, 12, None, True),
    ("2024年6月", None, 2024, 6, None, False),
    ("年底前", LE, None, 12, None, False),
    ("2024年底", LE, 2024, 12, None, False),
    ("年内", LE, None, 12, None, False),
    ("2月29日", None, None, 2, 29, False),  # no year: some year has it
]
NOT_DATES = ["13月", "0月", "2月30日", "2023年2月29日", "12个月", "3个工作日内", "2024.6", "9月30日底前", "已完成", "≥90%", "2024", "-5"]


@pytest.mark.parametrize("written, comparator, year, month, day, bare", [pytest.param(*d, id=d[0]) for d in DATES])
def test_a_date_is_read_from_a_value_as_written(written, comparator, year, month, day, bare) -> None:
    value = parse_value(written)
    when = read_when(value)
    assert when is not None
    assert (when.comparator, when.year, when.month, when.day, when.bare) == (comparator, year, month, day, bare)
    assert when.text == value.text  # messages quote the value as the record holds it


@pytest.mark.parametrize("written", NOT_DATES)
def test_text_that_is_no_real_date_is_not_read_as_one(written) -> None:
    assert read_when(parse_value(written)) is None


def test_a_value_keeps_its_kind_when_read_as_a_date() -> None:
    # parse_value is unchanged: a record holds what the form wrote; dates are read on demand
    assert type(parse_value("12月")) is Quantity and type(parse_value("9月前")) is Word


# (target, actual, project year, met)
DEADLINES = [
    ("9月前", "9月30日", 2024, True),  # 前 is "by the end of that month", inclusive
    ("9月前", "10月1日", 2024, False),
    ("6月30日前", "6月", 2024, True),  # a day against a month: compared by month
    ("6月30日前", "7月", 2024, False),
    ("6月", "6月30日", 2024, True),
    ("2023年12月", "12月", 2024, False),  # no year written: the project's year
    ("2023年12月", "12月", 2023, True),
    ("12月", "2025年1月", 2024, False),
    ("年底前", "2024-12-31", 2024, True),
    ("2024-06-30", "2024-06-30", 2024, True),
    ("2024-06-30", "2024-07-01", 2024, False),
]


@pytest.mark.parametrize("target, actual, year, met", DEADLINES)
def test_a_deadline_is_met_by_an_actual_on_or_before_it(target, actual, year, met) -> None:
    assert deadline_met(read_when(Word(target)), read_when(Word(actual)), year) is met  # type: ignore[arg-type]


days = st.dates(min_value=__import__("datetime").date(2020, 1, 1), max_value=__import__("datetime").date(2027, 12, 31))


@settings(max_examples=200, deadline=None)
@given(target=days, earlier=days, later=days)
def test_an_actual_earlier_than_one_that_meets_a_deadline_meets_it_too(target, earlier, later) -> None:
    if earlier > later:
        earlier, later = later, earlier
    as_when = lambda d: read_when(Word(d.isoformat()))  # noqa: E731
    if deadline_met(as_when(target), as_when(later), 2024):
        assert deadline_met(as_when(target), as_when(earlier), 2024)


@settings(max_examples=200, deadline=None)
@given(target=days, actual=days)
def test_a_month_deadline_is_met_by_every_day_of_that_month(target, actual) -> None:
    month_target = read_when(Word(f"{target.year}年{target.month}月前"))
    day_actual = read_when(Word(actual.isoformat()))
    assert deadline_met(month_target, day_actual, 2024) is ((actual.year, actual.month) <= (target.year, target.month))  # type: ignore[arg-type]


# ---- scoring inside a band ----------------------------------------------------------------------

RULES = evalrules.loads(
    """
ruleset "bands" { year 2024 }
qualitative 三档 {
  bands { 好 [80%, 100%]  中 [60%, 80%)  差 (0%, 60%)  无 [0%, 0%] }
  words { 达成 好 }
  round score 0.01 half_up
}
quantitative 比例 { completion ratio reverse inverse_ratio below proportional above none }
category 产出 { weights as_written total 100  quantitative 比例  qualitative 三档 }
missing { without explanation score 0 with explanation review }
""",
    "bands.rules",
)
SCHEME = RULES.categories["产出"].qualitative
BANDS = dict(SCHEME.bands)
STEP = Decimal("0.01")

weights = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100"), places=2)
claims = st.none() | st.decimals(min_value=Decimal("-5"), max_value=Decimal("120"), places=3)


def narrower_than_a_step(band: str, weight: Decimal) -> bool:
    """A band whose points are narrower than one step may hold no multiple of it: its lower end,
    rounded as stated, is taken instead (documented in rule-language.md)."""
    interval = BANDS[band]
    return 0 < (interval.high.value - interval.low.value) * weight <= STEP


def inside(band: str, weight: Decimal, score: Decimal) -> bool:
    interval = BANDS[band]
    return weight == 0 or interval.contains(score / weight)


@settings(max_examples=300, deadline=None)
@given(band=st.sampled_from(sorted(BANDS)), weight=weights, claimed=claims)
@example(band="中", weight=Decimal("10"), claimed=Decimal("8"))
@example(band="好", weight=Decimal("6.67"), claimed=Decimal("5"))
@example(band="差", weight=Decimal("10"), claimed=None)
@example(band="中", weight=Decimal("10"), claimed=Decimal("7.999"))
def test_a_score_chosen_in_a_band_always_lies_in_that_band_at_the_rounding_step(band, weight, claimed) -> None:
    outcome = SCHEME.score_in_band(weight, band, claimed)
    if narrower_than_a_step(band, weight):
        return
    assert inside(band, weight, outcome.score), (outcome.score, outcome.points_range)
    assert outcome.score % STEP == 0


@settings(max_examples=300, deadline=None)
@given(band=st.sampled_from(sorted(BANDS)), weight=weights, claimed=claims)
def test_a_claim_is_accepted_exactly_when_it_lies_in_the_band_and_a_claim_at_the_step_is_kept(band, weight, claimed) -> None:
    outcome = SCHEME.score_in_band(weight, band, claimed)
    if claimed is None:
        assert outcome.decision == "unclaimed"
        return
    assert (outcome.decision == "accepted") is inside(band, weight, claimed)
    if outcome.decision == "accepted" and claimed % STEP == 0:
        assert outcome.score == claimed


@settings(max_examples=200, deadline=None)
@given(band=st.sampled_from(sorted(BANDS)), weight=weights, claimed=st.decimals(min_value=Decimal("-5"), max_value=Decimal("120"), places=2))
def test_no_score_inside_the_band_is_nearer_an_outside_claim_than_the_one_chosen(band, weight, claimed) -> None:
    outcome = SCHEME.score_in_band(weight, band, claimed)
    if outcome.decision != "adjusted" or narrower_than_a_step(band, weight):
        return
    lowest = SCHEME.score_in_band(weight, band, None).score
    # every multiple of the step inside the band is at least as far from the claim
    candidates = [lowest + STEP * k for k in range(int((weight - lowest) / STEP) + 1)]
    distance = abs(outcome.score - claimed)
    assert all(abs(c - claimed) >= distance for c in candidates if inside(band, weight, c))
