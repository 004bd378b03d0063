"""The compiled Suzhou 2024 rule set agrees with the reference evaluator (tests/reference.py).

The reference is written from the 填表说明 with exact fractions and hand-written 四舍五入; the
engine compiles the rule file. On every generated form both must give each row the same weight,
score and status, and the form the same total, grade and provisional flag. A few hand-worked
cases check the reference itself first, so that agreement means something.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import example, given, settings

import evalrules
import reference
from evalrules.testing import records

ROOT = Path(__file__).resolve().parent.parent
RULES = evalrules.load(ROOT / "rules" / "suzhou-2024.rules")
EXAMPLE = ROOT / "examples" / "suzhou-2024-party-building.yaml"


def _form(*rows: dict, budget: dict | None = None) -> evalrules.Record:
    data: dict = {"project": {"name": "p", "year": "2024"}, "indicators": list(rows)}
    if budget is not None:
        data["budget"] = budget
    return evalrules.record_from_data(data)


Row = tuple[str, str, Decimal | None, Decimal | None, str]


def engine_rows(result: evalrules.Result) -> list[Row]:
    return [(r.category, r.name, r.weight, r.score, r.status) for r in result.indicators]


def reference_rows(result: reference.ReferenceResult) -> list[Row]:
    return [(r.category, r.name, r.weight, r.score, r.status) for r in result.rows]


# ---- the reference, checked by hand -------------------------------------------------------------


def test_reference_scores_the_example_form_as_the_readme_says():
    result = reference.evaluate(evalrules.read_record(EXAMPLE))
    assert result.total == Decimal("81.94")
    assert result.grade == "优"
    assert not result.provisional
    rate = next(row for row in result.rows if row.name == "预算执行率")
    # 29.16 ÷ 29.2 = 99.863…% → 99.86%; 0.14 points short × 5% = 0.7%; 8 × 0.993 = 7.944 → 7.94
    assert (rate.weight, rate.score) == (Decimal(8), Decimal("7.94"))


@pytest.mark.parametrize(
    ("category", "count", "target", "actual", "expected"),
    [
        ("产出", 4, "≥100人", "90人", "3.75"),  # weight 7.5; 10 points short: 7.5 × (1 − 50%)
        ("产出", 4, "≥100人", "79人", "0"),  # 21 points short cost 105%: floored at 0
        ("产出", 4, "≥100人", "140人", "6.75"),  # 10 points past 130%: 7.5 × 0.9
        ("产出", 4, "≥100人", "230人", "0"),  # 100 points past 130%
        ("效益", 1, "≥100", "250", "8.75"),  # 50 points past 200%: 17.5 × 0.5
        ("效益", 1, "≥100", "190", "17.5"),  # within 200%
        ("满意度", 1, "≥90%", "99%", "17.5"),  # above target, and 满意度 has no threshold
        ("产出", 3, "≤5天", "4天", "10"),  # reverse, met
        ("满意度", 1, "≤0次", "0次", "17.5"),  # a reverse target of 0 is met by 0
        ("满意度", 1, "≤0次", "1次", "0"),  # … and by nothing above it: 0 ÷ 1 = 0%
        ("产出", 3, "≤5天", "6天", "1.67"),  # 5 ÷ 6 → 83.33%; 10 × (1 − 83.35%) = 1.665 → 1.67
        ("产出", 7, "=3次", "3次", "4.29"),  # 30 ÷ 7: 4.29 for the first four rows, 4.28 after
    ],
)
def test_reference_quantitative_rows_worked_by_hand(category, count, target, actual, expected):
    rows = [{"category": category, "name": f"n{i}", "target": target, "actual": actual} for i in range(count)]
    first = reference.evaluate(_form(*rows)).rows[0]
    assert first.score == Decimal(expected)


def test_reference_reverse_row_short_of_target():
    # ≤5天 with 5.1天: c = 5 ÷ 5.1 = 98.039…% → 98.04%; 1.96 points × 5% = 9.8% off; 10 × 0.902 = 9.02
    row = {"category": "产出", "name": "n", "target": "≤5天", "actual": "5.1天"}
    rows = [row] + [{"category": "产出", "name": f"m{i}", "target": "≤5天", "actual": "5天"} for i in range(2)]
    assert reference.evaluate(_form(*rows)).rows[0].score == Decimal("9.02")


def test_reference_rounds_half_up_and_splits_to_the_cent():
    assert reference.round_half_up(Fraction("0.465"), reference.CENT) == Fraction("0.47")
    assert reference.round_half_up(Fraction("0.475"), reference.CENT) == Fraction("0.48")
    assert reference.round_half_up(Fraction("-0.465"), reference.CENT) == Fraction("-0.47")
    assert reference.round_half_up(Fraction("0.4649999"), reference.CENT) == Fraction("0.46")
    assert reference.split_weights(Decimal(30), 7) == [Decimal(x) for x in ("4.29", "4.29", "4.29", "4.29", "4.28", "4.28", "4.28")]
    assert sum(reference.split_weights(Decimal("17.5"), 3)) == Decimal("17.5")


def test_reference_missing_actuals():
    result = reference.evaluate(
        _form(
            {"category": "满意度", "name": "a", "target": "≥90%"},
            {"category": "满意度", "name": "b", "target": "≥90%", "explanation": "待统计"},
        )
    )
    assert [(r.score, r.status) for r in result.rows] == [(Decimal(0), "missing"), (None, "review")]
    assert result.provisional


def test_reference_refuses_what_the_spec_does_not_cover():
    with pytest.raises(reference.OutsideTheSpec):
        reference.evaluate(_form({"category": "产出", "name": "n", "target": "达标", "actual": "达成预期指标"}))
    with pytest.raises(reference.OutsideTheSpec):
        reference.evaluate(_form({"category": "决策", "name": "不存在的指标", "target": "充分", "actual": "100%"}))


# ---- engine and reference agree -----------------------------------------------------------------


def test_compiled_rules_score_the_example_form_as_the_reference_does():
    record = evalrules.read_record(EXAMPLE)
    assert engine_rows(RULES.score(record)) == reference_rows(reference.evaluate(record))


# Edges that random forms reach only by luck: on the thresholds, a zero reverse target met by zero,
# a derived execution rate above 100%, an explained missing execution rate that the budget supplies.
EDGES = _form(
    {"category": "过程", "name": "预算执行率", "target": "=100%", "explanation": "见预算执行情况"},
    {"category": "产出", "name": "a", "target": "≥100", "actual": "130"},
    {"category": "产出", "name": "b", "target": "≥100", "actual": "130.01"},
    {"category": "产出", "name": "c", "target": "≤0次", "actual": "0次"},
    {"category": "效益", "name": "d", "target": "≥1", "actual": "2"},
    {"category": "效益", "name": "e", "target": "≥1", "actual": "2.0001"},
    {"category": "满意度", "name": "f", "target": "<90%", "actual": "90%"},
    {"category": "满意度", "name": "g", "target": ">90%", "actual": "90%"},
    budget={"paid": "30.01", "appropriated": "30"},
)


@settings(max_examples=300, deadline=None)
@given(records(RULES, missing=True))
@example(EDGES)
def test_compiled_rules_agree_with_the_reference_on_every_row_total_grade_and_provisional_flag(record):
    result = RULES.score(record)
    expected = reference.evaluate(record)
    assert engine_rows(result) == reference_rows(expected)
    assert result.total == expected.total
    assert result.grade == expected.grade
    assert result.provisional == expected.provisional


@settings(max_examples=100, deadline=None)
@given(records(RULES))
def test_forms_within_the_rules_are_scored_without_error_findings_of_the_engine(record):
    # The rule file's audit checks may well find the generated claims and weights inconsistent;
    # what must not happen is a row the engine cannot score.
    audit = {check.name for check in RULES.checks}
    # A generated form lists some categories only: that the form lacks the others is a finding
    # about the form (category-without-rows), not a row the engine could not score.
    about_the_form = audit | {"category-without-rows"}
    result = RULES.score(record)
    engine = [f for f in result.findings if f.severity == "error" and f.check not in about_the_form]
    assert not engine, [f.message("en") for f in engine]


def test_completion_of_an_actual_with_many_digits_is_rounded_from_its_exact_value():
    record = _form({"category": "满意度", "name": "n", "target": "≥3", "actual": "2.99954999999999999999999999999999"})
    assert reference.evaluate(record).rows[0].score == Decimal("17.48")
    assert engine_rows(RULES.score(record)) == reference_rows(reference.evaluate(record))
