"""The edges of what rule files and forms may say, each tested on both sides.

A limit tested only far from its edge lets `<` become `<=` unnoticed (the mutation run found these
edges unexercised): the smallest and largest numbers a form may hold, the finest rounding step a
rule file may state, the lowest `zero at` of a reverse-linear scheme, a target of zero, a unit
written on one side only, and the weight source and kind of rows that are missing or not
applicable."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import evalrules
from evalrules.records.values import Comparator, ValueProblem, parse_value

ROOT = Path(__file__).resolve().parent.parent
SUZHOU = (ROOT / "rules" / "suzhou-2024.rules").read_text(encoding="utf-8")


def _record(*rows: dict[str, str]) -> evalrules.Record:
    return evalrules.record_from_data({"project": {"name": "测试", "year": 2024}, "indicators": list(rows)})


# A number in a YAML or JSON record may come as a number (a Decimal here), with an exponent; text
# on a form is written out in digits.
@pytest.mark.parametrize(
    "given",
    ["0.000000000000000000000000000001", "-0.000000000000000000000000000001", "99999999999999999999", "0",
     Decimal("1E-30"), Decimal("-1E-30"), Decimal("9.99E+19")],
)  # fmt: skip
def test_the_smallest_and_largest_numbers_a_form_may_hold_are_read(given: str | Decimal) -> None:
    assert parse_value(given).number == Decimal(given)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "given", ["0.0000000000000000000000000000009", "100000000000000000000", Decimal("9E-31"), Decimal("1E+20")]
)
def test_one_step_beyond_either_edge_is_refused(given: str | Decimal) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_value(given)
    assert caught.value.id == "record.out_of_range"


def test_the_finest_rounding_step_a_rule_file_may_state_is_1e_20_and_it_scores() -> None:
    finest = "0." + "0" * 19 + "1"  # 1E-20
    rules = evalrules.loads(SUZHOU.replace("round completion 0.01% half_up", f"round completion {finest} half_up"), "rules/suzhou-2024.rules")
    row = rules.score(_record({"category": "产出", "name": "讲座场次", "target": ">=3场", "actual": "2场"})).indicators[0]
    assert row.completion == Decimal("0.66666666666666666667")  # 2 ÷ 3 rounded at the 20th place


def test_a_rounding_step_finer_than_1e_20_is_refused_at_its_position() -> None:
    finer = "0." + "0" * 20 + "1"  # 1E-21
    with pytest.raises(evalrules.RuleCheckError) as caught:
        evalrules.loads(SUZHOU.replace("round score 0.01 half_up", f"round score {finer} half_up", 1), "rules/suzhou-2024.rules")
    assert [d.id for d in caught.value.diagnostics] == ["check.rounding_step_fine"]


def _reverse_linear(zero_at: str) -> str:
    return SUZHOU.replace("reverse inverse_ratio", f"reverse linear zero at {zero_at}")


def test_a_reverse_linear_scheme_must_reach_zero_beyond_100_percent() -> None:
    with pytest.raises(evalrules.RuleCheckError) as caught:
        evalrules.loads(_reverse_linear("100%"), "rules/suzhou-2024.rules")
    assert "check.zero_at_low" in [d.id for d in caught.value.diagnostics]
    rules = evalrules.loads(_reverse_linear("100.01%"), "rules/suzhou-2024.rules")
    # actual 100.005 against ≤100: halfway to the zero at 100.01 → half the weight of 15
    row = rules.score(_record({"category": "产出", "name": "成本", "target": "<=100万元", "actual": "100.005万元"})).indicators[0]
    assert row.completion == Decimal("0.5")


def test_a_target_of_zero_met_by_zero_scores_full_and_is_explained() -> None:
    rules = evalrules.load("suzhou-2024")
    row = rules.score(_record({"category": "产出", "name": "事故次数", "target": ">=0场", "actual": "0场"})).indicators[0]
    assert (row.completion, row.score, row.status) == (Decimal(1), Decimal("30.00"), "scored")
    assert "0场" in row.explain("zh")


def test_a_unit_written_on_the_target_only_is_assumed_for_the_actual_and_said() -> None:
    rules = evalrules.load("suzhou-2024")
    result = rules.score(_record({"category": "产出", "name": "讲座场次", "target": ">=10场", "actual": "14"}))
    row = result.indicators[0]
    assert (row.completion, row.score) == (Decimal("1.4"), Decimal("27.00"))  # 140%: 10 points past 130%, −10%
    assumed = [f for f in result.findings if f.check == "unit-assumed"]
    assert [(f.severity, f.path) for f in assumed] == [("info", "indicators[0].actual")]


def test_a_bare_actual_read_in_the_targets_unit_keeps_the_comparator_written_before_it() -> None:
    # `bare actual unit from target`: ≥95 against ≥90% is read as ≥95%, and the typed result says ≥
    rules = evalrules.loads(SUZHOU.replace("round completion 0.01% half_up", "round completion 0.01% half_up bare actual unit from target", 1), "rules/suzhou-2024.rules")
    row = rules.score(_record({"category": "产出", "name": "合格率", "target": "≥90%", "actual": "≥95"})).indicators[0]
    assert (row.actual.comparator, row.actual.number, row.actual.unit, row.actual.text) == (Comparator.GE, Decimal("0.95"), "%", "≥95%")


def test_a_rule_target_row_whose_actual_value_fails_says_why_the_value_failed() -> None:
    # an indicator with the rules' own target and actual: the finding gives the value's cause (a
    # zero divisor), not merely that the value is absent
    rules = evalrules.loads(
        """ruleset "t" { year 2024 }
budget { a "甲数" b "乙数" }
value 率 = a / b
qualitative 六级 { levels 100% 0% }
quantitative 基本 { completion ratio reverse inverse_ratio below proportional above none }
category 产出 { weights split 10 apportion 0.01 quantitative 基本 qualitative 六级 }
indicator 达标率 { target "100%" actual 率 }
missing { without explanation score 0 with explanation review }
""",
        "t.rules",
    )
    record = evalrules.record_from_data({"project": {"name": "p", "year": 2024}, "budget": {"a": "5", "b": "0"},
                                         "indicators": [{"category": "产出", "name": "达标率", "actual": "90%"}]})  # fmt: skip
    (finding,) = [f for f in rules.score(record).findings if f.check == "actual-not-computed"]
    assert "乙数为 0，不能作除数" in finding.message("zh")


@pytest.mark.parametrize(
    ("clause", "not_applicable"),
    [
        # rescale: the split is made among the applicable rows only; the inapplicable one weighs 0
        ("rescale apportion 0.01", ("qualitative", Decimal(0), "rescaled", "not_applicable", None)),
        # full: the inapplicable row keeps its share and scores it in full
        ("full", ("qualitative", Decimal(10), "split", "not_applicable", Decimal(10))),
    ],
)
def test_missing_and_not_applicable_rows_say_their_kind_and_where_their_weight_came_from(
    clause: str, not_applicable: tuple[object, ...]
) -> None:
    rules = evalrules.loads(SUZHOU + f'\nnot_applicable "不适用" {clause}\n', "rules/suzhou-2024.rules")
    result = rules.score(_record(
        {"category": "产出", "name": "讲座场次", "target": ">=10场", "actual": "12场"},
        {"category": "产出", "name": "覆盖人数", "target": ">=100人"},
        {"category": "产出", "name": "质量", "target": "达标", "actual": "不适用"},
    ))  # fmt: skip
    share = Decimal(15) if clause.startswith("rescale") else Decimal(10)
    rows = [(r.kind, r.weight, r.weight_source, r.status, r.score) for r in result.indicators]
    assert rows == [
        ("quantitative", share, "split", "scored", share),
        ("quantitative", share, "split", "missing", Decimal(0)),  # no actual, no explanation: 0 (Suzhou)
        not_applicable,
    ]


def test_a_rescale_that_keeps_no_row_gives_every_row_no_weight_and_a_total_of_zero() -> None:
    rules = evalrules.loads(SUZHOU + '\nnot_applicable "不适用" rescale apportion 0.01\n', "rules/suzhou-2024.rules")
    result = rules.score(_record(
        {"category": "产出", "name": "质量", "target": "达标", "actual": "不适用"},
        {"category": "产出", "name": "时效", "target": "及时", "actual": "不适用"},
    ))  # fmt: skip
    assert [(r.weight, r.weight_source, r.status) for r in result.indicators] == [(Decimal(0), "rescaled", "not_applicable")] * 2


def test_a_negative_weight_is_an_error_at_the_weight_carrying_the_weight_written() -> None:
    # The finding's values are data a program reads (JSON `values`): their names are part of the
    # result format, as documented in json-result.md.
    result = evalrules.load("suzhou-2024").score(_record({"category": "产出", "name": "讲座", "weight": "-3", "target": ">=1个", "actual": "1个"}))
    (finding,) = [f for f in result.findings if f.check == "negative-weight"]
    assert (finding.severity, finding.path, finding.values) == ("error", "indicators[0].weight", (("weight", "-3"),))
    assert finding.to_dict("en")["values"] == {"weight": "-3"}


def test_a_row_that_cannot_be_scored_says_its_kind_and_is_left_for_review_with_what_was_written() -> None:
    result = evalrules.load("suzhou-2024").score(_record(
        {"category": "产出", "name": "场次", "target": ">=10场", "actual": "10人"},
        {"category": "产出", "name": "时限", "target": "9月底前", "actual": "按时"},
        {"category": "产出", "name": "效果", "target": ">=10场", "actual": "较好"},
    ))  # fmt: skip
    assert [(r.kind, r.status, r.score) for r in result.indicators] == [
        ("quantitative", "review", None),  # a number in another unit
        ("qualitative", "review", None),  # a deadline the actual does not date
        ("quantitative", "review", None),  # a word where a number is due
    ]
    assert [(f.check, f.path, f.values) for f in result.findings if f.path.startswith("indicators[")] == [
        ("unit-mismatch", "indicators[0].actual", (("actual", "10人"), ("target", ">=10场"))),
        ("deadline-mismatch", "indicators[1].actual", (("actual", "按时"), ("target", "9月底前"))),
        ("actual-not-number", "indicators[2].actual", (("actual", "较好"), ("target", ">=10场"))),
    ]


def test_a_category_with_no_applicable_row_is_said_once_citing_the_category() -> None:
    rules = evalrules.loads(SUZHOU + '\nnot_applicable "不适用" rescale apportion 0.01\n', "rules/suzhou-2024.rules")
    result = rules.score(_record(
        {"category": "产出", "name": "质量", "target": "达标", "actual": "不适用"},
        {"category": "产出", "name": "时效", "target": "及时", "actual": "不适用"},
    ))  # fmt: skip
    (said,) = [f for f in result.findings if f.check == "category-not-applicable"]
    assert (said.severity, said.path, said.clause) == ("warning", "indicators[0]", rules.categories["产出"].clause)
    assert said.values == (("category", "产出"), ("points", "30"))
