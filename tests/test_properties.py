"""Invariants of scoring, stated in plain words and checked on forms the public strategies
(evalrules.testing) draw for every shipped rule set, and, for the Suzhou 2024 rules, on cases built
to sit on the edge that each one guards.

Rule-file variants are made by editing the shipped text with `str.replace`, the way a policy
author would, so that each test also shows that the number in the rule file, not one in the
engine, decides the outcome.
"""

from __future__ import annotations

import decimal
import json
import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import evalrules
from evalrules.testing import GE_SPELLINGS, LE_SPELLINGS, LT_SPELLINGS, actuals, amounts, record_data, records, targets
from reference import FIXED_WEIGHTS, SPLIT_TOTALS, split_weights

ROOT = Path(__file__).resolve().parent.parent
RULES_PATH = "rules/suzhou-2024.rules"
SHIPPED = (ROOT / RULES_PATH).read_text(encoding="utf-8")
RULES = evalrules.loads(SHIPPED, RULES_PATH)
CENT = Decimal("0.01")
PROPERTY = settings(max_examples=150, deadline=None)
# The shipped rule sets, each checked on fewer forms than Suzhou alone was (5 × 40 ≈ 150 + 50).
SHIPPED_SETS = {name: evalrules.load(name) for name in evalrules.shipped_rule_sets()}
EACH = settings(max_examples=40, deadline=None)
REVERSE = LE_SPELLINGS + LT_SPELLINGS


def variant(*edits: tuple[str, str]) -> evalrules.RuleSet:
    """The shipped rules with each `old` text replaced by `new` (every `old` must occur)."""
    text = SHIPPED
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return evalrules.loads(text, RULES_PATH)


def form(rows: list[dict], budget: dict | None = None) -> evalrules.Record:
    data: dict = {"project": {"name": "性质测试", "year": "2024"}, "indicators": rows}
    if budget is not None:
        data["budget"] = budget
    return evalrules.record_from_data(data)


def first_row(rules: evalrules.RuleSet, rows: list[dict]) -> evalrules.IndicatorResult:
    return rules.score(form(rows)).indicators[0]


def rows_in(category: str, count: int, target: str, actual: str, name: str = "指标") -> list[dict]:
    """`count` rows of `category`; the first has `actual`, the rest meet the target."""
    first = {"category": category, "name": name, "target": target, "actual": actual}
    rest = [{"category": category, "name": f"其他{i}", "target": "达标", "actual": "100%"} for i in range(count - 1)]
    return [first] + rest


# ---- bounds -----------------------------------------------------------------------------------


def any_form(rules: evalrules.RuleSet) -> st.SearchStrategy[evalrules.Record]:
    """Forms of every kind the strategies draw: missing and out-of-range actuals, mistakes."""
    return records(rules, missing=True, not_applicable=True, out_of_range=True, findings=True)


@pytest.mark.parametrize("name", sorted(SHIPPED_SETS))
def test_score_never_exceeds_weight_nor_falls_below_zero(name):
    rules = SHIPPED_SETS[name]

    @EACH
    @given(any_form(rules))
    def check(record):
        for row in rules.score(record).indicators:
            if row.score is not None and row.status != "claimed":  # a claim is the form's, not a score
                assert 0 <= row.score <= row.weight, (row.name, row.target, row.actual, row.score, row.weight)

    check()


def quantitative_pair() -> st.SearchStrategy[tuple[str, str]]:
    """A number target and an actual in its unit, aimed at the Suzhou schemes' edges."""
    scheme = RULES.categories["产出"].quantitative
    return targets(words=False, dates=False).flatmap(lambda t: st.tuples(st.just(t), actuals(t, scheme=scheme)))


@PROPERTY
@given(
    category=st.sampled_from(("产出", "效益", "满意度")),
    count=st.integers(1, 6),
    pair=quantitative_pair(),
)
@example(category="产出", count=1, pair=("≥1", "1000000"))  # far past 130%: the factor goes negative
@example(category="满意度", count=1, pair=("≤1天", "1000000天"))  # reverse, far past the target
def test_score_of_any_quantitative_row_stays_between_zero_and_its_weight(category, count, pair):
    row = first_row(RULES, rows_in(category, count, *pair))
    assert row.status == "scored"
    assert 0 <= row.score <= row.weight


# ---- monotone below target --------------------------------------------------------------------


@st.composite
def two_actuals_below_target(draw: st.DrawFn) -> tuple[str, str, str]:
    """A ≥ target and two actuals a1 < a2 ≤ target, written with the target's unit."""
    unit = draw(st.sampled_from(("%", "万元", "人", "")))
    comparator = draw(st.sampled_from(GE_SPELLINGS))
    target_cents = draw(st.integers(1, 10_000) if unit == "%" else st.integers(1, 10**7))
    # shortfalls in basis points of the target; mostly inside the 20% band where the slope acts
    d2 = draw(st.integers(0, 2_500) | st.integers(0, 10_000))
    d1 = draw(st.integers(d2 + 1, d2 + 2_500) | st.integers(d2 + 1, 10_000 + d2))
    a2, a1 = (max(target_cents * (10_000 - d) // 10_000, 0) for d in (d2, d1))
    assume(a1 < a2)
    money = lambda cents: format(Decimal(cents).scaleb(-2), "f") + unit  # noqa: E731
    return comparator + money(target_cents), money(a1), money(a2)


@PROPERTY
@given(
    where=st.sampled_from([("产出", n) for n in (1, 4, 7)] + [("效益", 2), ("满意度", 1), ("过程", 1)]),
    case=two_actuals_below_target(),
)
@example(where=("产出", 1), case=("≥100", "91", "95"))
def test_below_target_a_better_actual_never_lowers_the_score(where, case):
    category, count = where
    target, worse, better = case
    name = "资金到位率" if category == "过程" else "指标"
    low = first_row(RULES, rows_in(category, count, target, worse, name))
    high = first_row(RULES, rows_in(category, count, target, better, name))
    assert low.weight == high.weight
    assert low.score <= high.score, (target, worse, low.score, better, high.score)


# ---- split weights ----------------------------------------------------------------------------


def split_form(category: str, count: int) -> list[evalrules.IndicatorResult]:
    rows = [{"category": "决策", "name": "立项依据充分性", "target": "充分", "actual": "100%"}]
    rows += [{"category": category, "name": f"指标{i}", "target": "达标", "actual": "100%"} for i in range(count)]
    rows += [{"category": "满意度" if category != "满意度" else "产出", "name": "另一类", "target": "≥1", "actual": "1"}]
    return [r for r in RULES.score(form(rows)).indicators if r.category == category]


@settings(max_examples=100, deadline=None)
@given(category=st.sampled_from(sorted(SPLIT_TOTALS)), count=st.integers(1, 50))
def test_split_weights_sum_exactly_to_the_category_total(category, count):
    weights = [r.weight for r in split_form(category, count)]
    assert len(weights) == count
    assert sum(weights) == SPLIT_TOTALS[category]


@settings(max_examples=100, deadline=None)
@given(category=st.sampled_from(sorted(SPLIT_TOTALS)), count=st.integers(1, 50))
def test_split_weights_are_whole_cents_equal_within_a_cent_with_the_spare_cents_first(category, count):
    weights = [r.weight for r in split_form(category, count)]
    assert all(w == w.quantize(CENT) for w in weights)
    assert max(weights) - min(weights) <= CENT
    assert weights == sorted(weights, reverse=True)  # the larger shares come first
    assert weights == split_weights(SPLIT_TOTALS[category], count)


# ---- the total --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SHIPPED_SETS))
def test_total_is_the_sum_of_the_counted_scores_less_the_deductions_from_the_total(name):
    rules = SHIPPED_SETS[name]

    @EACH
    @given(any_form(rules))
    def check(record):
        result = rules.score(record)
        counted = [r.score for r in result.indicators if r.score is not None and rules.categories[r.category].counted]
        from_total = [d.applied for d in result.deductions if d.row is None and d.applied is not None]
        assert result.total == sum(counted, Decimal(0)) - sum(from_total, Decimal(0))
        assert Decimal(result.to_dict()["total"]) == result.total

    check()


@pytest.mark.parametrize("name", sorted(SHIPPED_SETS))
def test_a_row_left_for_review_makes_the_total_provisional_and_adds_nothing(name):
    rules = SHIPPED_SETS[name]

    @EACH
    @given(records(rules, missing=True, out_of_range=True))
    def check(record):
        result = rules.score(record)
        review = [r for r in result.indicators if r.status == "review"]
        above = result.total > result.maximum  # the other reason a total is provisional (no row twice here)
        assert result.provisional == (bool(review) or above)
        assert all(r.score is None for r in review)

    check()


@pytest.mark.parametrize("name", sorted(SHIPPED_SETS))
def test_every_row_left_for_review_has_a_finding_at_its_row_saying_why(name):
    rules = SHIPPED_SETS[name]

    @EACH
    @given(any_form(rules))
    def check(record):
        result = rules.score(record, audit=False)  # the engine's own findings: the audit adds none of these
        found_at = {int(i) for f in result.findings for i in re.findall(r"^indicators\[(\d+)\]", f.path)}
        assert all(row.index in found_at for row in result.indicators if row.status == "review")

    check()


@pytest.mark.parametrize("name", sorted(SHIPPED_SETS))
def test_a_form_listing_a_row_twice_is_provisional_with_a_finding_at_the_second(name):
    rules = SHIPPED_SETS[name]

    @EACH
    @given(data=record_data(rules), pick=st.integers(0, 100))
    def check(data, pick):
        rows = data["indicators"]
        repeated = dict(rows[pick % len(rows)])
        data = {**data, "indicators": rows + [repeated]}
        result = rules.score(evalrules.record_from_data(data), audit=False)
        category = rules.category_aliases.get(repeated["category"], repeated["category"])
        if rules.categories[category].counted:  # the total counts the row twice
            assert result.provisional
        assert ("duplicate-indicator", f"indicators[{len(rows)}].name") in [(f.check, f.path) for f in result.findings]
        if result.total > result.maximum:
            assert "total-above-maximum" in [f.check for f in result.findings]

    check()


def full_marks_form(**changes: str) -> list[dict]:
    """A form that scores the full 82, with the actual of some rows changed (row name → actual)."""
    rows = []
    for category, fixed in FIXED_WEIGHTS.items():
        rows += [{"category": category, "name": name, "target": "达标", "actual": "100%"} for name in fixed]
    rows += [{"category": c, "name": f"{c}指标", "target": "≥10000", "actual": "10000"} for c in SPLIT_TOTALS]
    for row in rows:
        row["actual"] = changes.get(row["name"], row["actual"])
    return rows


# Forms whose total lies exactly on a grade line: levels of the fixed rows take away what is needed.
_YOU = {"预算执行率": "0%", "资金分配合理性": "80%"}  # 82 − 8 − 0.2
_PROCESS_ZERO = {name: "0%" for name in ("预算执行率", "资金使用合规性", "制度执行有效性", "管理制度健全性", "资金分配合理性")}
_LIANG = {**_PROCESS_ZERO, "立项依据充分性": "0%", "立项程序规范性": "0%", "绩效指标明确性": "0%", "绩效目标合理性": "0%", "预算编制科学性": "20%"}  # 82 − 14 − 2 − 0.4
_ZHONG = {**_PROCESS_ZERO, "满意度指标": "0", "立项依据充分性": "0%", "立项程序规范性": "0%", "绩效指标明确性": "40%"}  # 82 − 17.5 − 15 − 0.3


@pytest.mark.parametrize(
    ("changes", "total", "grade"),
    [
        ({}, "82", "优"),
        # 优 from 73.8, 良 from 65.6, 中 from 49.2 (90%, 80% and 60% of the maximum 82)
        (_YOU, "73.8", "优"),
        ({**_YOU, "产出指标": "9999"}, "73.79", "良"),  # 30 × 0.9995 = 29.985 → 29.99
        (_LIANG, "65.6", "良"),
        ({**_LIANG, "产出指标": "9999"}, "65.59", "中"),
        (_ZHONG, "49.2", "中"),
        ({**_ZHONG, "产出指标": "9999"}, "49.19", "差"),
    ],
)
def test_a_total_exactly_on_a_grade_line_gets_that_grade_and_a_cent_less_does_not(changes, total, grade):
    result = RULES.score(form(full_marks_form(**changes)))
    assert (result.total, result.grade) == (Decimal(total), grade)


# ---- 四舍五入: ties round half-up, and the rule file names the mode ---------------------------------

# The weight of the first row of each form shape: a fixed weight, or the first share of a split.
WEIGHT_SHAPES = [(c, name, 1, w) for c, fixed in FIXED_WEIGHTS.items() for name, w in fixed.items()] + [
    (c, "指标", n, split_weights(total, n)[0]) for c, total in SPLIT_TOTALS.items() for n in range(1, 13)
]


def _ties(weight: Decimal, category: str) -> list[tuple[int, Decimal, bool]]:
    """(actual, weight × factor, cent digit even) for every actual whose score is a half cent.

    Below target: target ≥10000, actual 10000 − d, so completion is exact and the factor is
    1 − 5 × d/10000 = (2000 − d)/2000. Past the 产出 and 效益 thresholds: actual 10000 × threshold
    + e, factor (10000 − e)/10000. In integers (W = the weight in cents) the score in thousandths
    is W(2000 − d)/200 or W(10000 − e)/1000; it is a half cent when that ends in 5.
    """
    w = int(weight * 100)
    found = []
    for d in range(1, 2_000):
        if w * (2_000 - d) % 2_000 == 1_000:
            thousandths = w * (2_000 - d) // 200
            found.append((10_000 - d, Decimal(thousandths).scaleb(-3), thousandths // 10 % 2 == 0))
    threshold = {"产出": 13_000, "效益": 20_000}.get(category)
    if threshold is not None:
        for e in range(1, 10_000):
            if w * (10_000 - e) % 10_000 == 5_000:
                thousandths = w * (10_000 - e) // 1_000
                found.append((threshold + e, Decimal(thousandths).scaleb(-3), thousandths // 10 % 2 == 0))
    return found


TIES = {shape: _ties(shape[3], shape[0]) for shape in WEIGHT_SHAPES}


@st.composite
def half_cent_scores(draw: st.DrawFn, kept_digit_even: bool | None = None) -> tuple[list[dict], Decimal]:
    """A form whose first row's weight × factor lands exactly on half a cent (x.xx5)."""
    shapes = [shape for shape, ties in TIES.items() if any(kept_digit_even in (None, even) for *_, even in ties)]
    shape = draw(st.sampled_from(shapes))
    category, name, count, _weight = shape
    ties = [(actual, exact) for actual, exact, even in TIES[shape] if kept_digit_even in (None, even)]
    actual, exact = draw(st.sampled_from(ties))
    return rows_in(category, count, "≥10000", str(actual), name), exact


@PROPERTY
@given(half_cent_scores())
@example(([{"category": "过程", "name": "资金到位率", "target": "≥10000", "actual": "9860"}], Decimal("0.465")))
def test_a_score_landing_on_half_a_cent_rounds_up_away_from_zero(case):
    rows, exact = case
    row = first_row(RULES, rows)
    assert row.score - exact == Decimal("0.005")
    assert row.score == exact.quantize(CENT, rounding=ROUND_HALF_UP)


HALF_EVEN_SCORES = variant(("round score 0.01 half_up", "round score 0.01 half_even"))


@PROPERTY
@given(half_cent_scores(kept_digit_even=True))
def test_the_score_rounding_mode_named_in_the_rule_file_is_the_one_applied(case):
    rows, exact = case
    shipped, banker = first_row(RULES, rows), first_row(HALF_EVEN_SCORES, rows)
    assert shipped.score == exact + Decimal("0.005")  # half_up, as the shipped file says
    assert banker.score == exact - Decimal("0.005")  # half_even, as the edited file says
    assert banker.score == exact.quantize(CENT, rounding=ROUND_HALF_EVEN)


HALF_EVEN_COMPLETION = variant(("round completion 0.01% half_up", "round completion 0.01% half_even"))


@PROPERTY
@given(actual=st.integers(0, 29_999).map(lambda k: 2 * k + 1))
def test_a_completion_landing_on_half_a_basis_point_rounds_up_as_the_rule_file_says(actual):
    # target 20000: completion actual ÷ 20000 has five decimals ending in 5, a tie at 0.01%
    rows = rows_in("满意度", 1, "≥20000", str(actual))
    exact = Decimal(actual) / 20_000
    assert first_row(RULES, rows).completion == exact.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    assert first_row(RULES, rows).completion > exact
    assert first_row(HALF_EVEN_COMPLETION, rows).completion == exact.quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN)


@pytest.mark.parametrize(
    ("target", "actual", "rounded_first", "unrounded"),
    [
        # 99.996%: rounds to 100.00%, nothing deducted; unrounded, 30 × (1 − 5 × 0.004%) = 29.994
        ("≥100", "99.996", "30", "29.99"),
        # 98.996%: rounds to 99.00%, 30 × 0.95 = 28.5; unrounded, 30 × (1 − 5 × 1.004%) = 28.494
        ("≥10000", "9899.6", "28.5", "28.49"),
    ],
)
def test_completion_is_rounded_to_a_hundredth_of_a_percent_before_scoring(target, actual, rounded_first, unrounded):
    rows = rows_in("产出", 1, target, actual)
    assert first_row(RULES, rows).score == Decimal(rounded_first)
    without_rounding = variant(("  round completion 0.01% half_up\n", ""))
    assert first_row(without_rounding, rows).score == Decimal(unrounded)


@PROPERTY
@given(
    category=st.sampled_from(("产出", "效益", "满意度")),
    comparator=st.sampled_from(REVERSE),
    target=amounts(low=0, high=1000, places=2),
    share=st.integers(0, 10_000),
)
@example(category="产出", comparator="≤", target=Decimal(0), share=0)  # 投诉 ≤0次, none came
@example(category="满意度", comparator="<", target=Decimal(5), share=10_000)  # exactly at a < target
def test_a_reverse_target_is_met_in_full_by_any_actual_not_above_it(category, comparator, target, share):
    actual = (target * share / 10_000).quantize(CENT)
    row = first_row(RULES, rows_in(category, 1, f"{comparator}{target}次", f"{actual}次"))
    assert row.score == row.weight == SPLIT_TOTALS[category]


# ---- the same input gives the same bytes --------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SHIPPED_SETS))
def test_same_record_scores_to_byte_identical_json(name):
    rules = SHIPPED_SETS[name]
    settings(max_examples=15, deadline=None)(given(record_data(rules, missing=True, findings=True))(_same_bytes))(rules)


def _same_bytes(rules, data):
    once = rules.score(evalrules.record_from_data(data))
    record = evalrules.record_from_data(data)
    recompiled = evalrules.loads(rules.source, rules.path)
    from_json = evalrules.parse_record(json.dumps(data, ensure_ascii=False), format="json")
    from_yaml = evalrules.parse_record(yaml.safe_dump(data, allow_unicode=True), format="yaml")
    for lang in ("zh", "en"):
        expected = once.to_json(lang).encode("utf-8")
        assert rules.score(record).to_json(lang).encode("utf-8") == expected
        assert rules.score(record).to_json(lang).encode("utf-8") == expected  # and again
        assert recompiled.score(record).to_json(lang).encode("utf-8") == expected
        assert rules.score(from_json).to_json(lang).encode("utf-8") == expected
        assert rules.score(from_yaml).to_json(lang).encode("utf-8") == expected


@pytest.mark.parametrize("context", ["prec=3", "Inexact trapped"])
def test_same_record_scores_the_same_whatever_the_callers_decimal_context(context):
    record = evalrules.read_record(ROOT / "examples" / "suzhou-2024-party-building.yaml")
    expected = RULES.score(record).to_json().encode("utf-8")
    with decimal.localcontext() as ctx:
        if context == "prec=3":
            ctx.prec = 3
        else:
            ctx.traps[decimal.Inexact] = True
        assert RULES.score(record).to_json().encode("utf-8") == expected


# ---- a policy author's edits change exactly what they say ---------------------------------------


@pytest.mark.parametrize("actual", ["140", "135.5", "150"])
def test_raising_the_output_threshold_to_150_percent_spares_an_indicator_between_130_and_150_percent(actual):
    rows = rows_in("产出", 1, "≥100", actual)
    edited = variant(("above 130% deduct 1% per point", "above 150% deduct 1% per point"))
    shipped_score, edited_score = first_row(RULES, rows).score, first_row(edited, rows).score
    assert edited_score == Decimal(30)
    assert shipped_score == (30 * (1 - (Decimal(actual) / 100 - Decimal("1.3")))).quantize(CENT)
    assert shipped_score < edited_score
    if actual == "140":
        assert shipped_score == Decimal(27)  # 10 points past 130%: 10% of the weight off


def test_raising_the_output_threshold_leaves_the_benefit_threshold_alone():
    edited = variant(("above 130% deduct 1% per point", "above 150% deduct 1% per point"))
    rows = rows_in("效益", 1, "≥100", "210")
    assert first_row(edited, rows).score == first_row(RULES, rows).score == Decimal("15.75")


@pytest.mark.parametrize(("actual", "shipped", "edited"), [("90", "15", "18"), ("99", "28.5", "28.8"), ("80", "0", "6")])
def test_lowering_the_deduction_to_4_percent_a_point_costs_less_per_point_short(actual, shipped, edited):
    # 产出 with one row: weight 30; 10 points short cost 50% of it as shipped, 40% once edited
    rows = rows_in("产出", 1, "≥100", actual)
    four = variant(("below deduct 5% per point", "below deduct 4% per point"))
    assert first_row(RULES, rows).score == Decimal(shipped)
    assert first_row(four, rows).score == Decimal(edited)


def test_the_deduction_edit_applies_to_every_category_that_inherits_it():
    # 产出 and 效益 are `like 基本`: the one edit reaches every category
    four = variant(("below deduct 5% per point", "below deduct 4% per point"))
    for category, weight in (("产出", 30), ("效益", Decimal("17.5")), ("满意度", Decimal("17.5"))):
        rows = rows_in(category, 1, "≥100", "90")
        assert first_row(four, rows).score == weight * Decimal("0.6")
        assert first_row(RULES, rows).score == weight * Decimal("0.5")
