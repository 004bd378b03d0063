"""The additions of issue 8 to values and checks, run through the engine: `otherwise` and `if` in
values, and `and`, `when`, `is empty`, `provisional is …` and `as printed` in checks.

The property tests state invariants of printed precision in plain words; the arithmetic they
predict with is exact (fractions), never the engine's decimals.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import floor
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import evalrules

_SCHEMES = """
qualitative 六级 { levels 100% 0% }
quantitative 基本 { completion ratio reverse inverse_ratio below proportional above none }
category 产出 { weights as_written total 10 quantitative 基本 qualitative 六级 }
missing { without explanation score 0 with explanation review }
"""

PRINTED = evalrules.loads(
    'ruleset "printed" { }\nbudget { appropriated paid }\nvalue 执行率 = paid / appropriated\n'
    + _SCHEMES
    + """
check 填报 error for each row in indicators {
  require row.actual = 执行率 as printed
  at row.actual
  zh "{left:%} {right:%}" en "{left:%} {right:%}"
}
""",
    "printed.rules",
)


def form(paid: Any, appropriated: Any, actual: str, **row: Any) -> dict[str, Any]:
    return {
        "project": {"name": "p", "year": 2024},
        "budget": {"paid": str(paid), "appropriated": str(appropriated)},
        "indicators": [{"category": "产出", "name": "预算执行率", "target": "=100%", "weight": 10, "actual": actual, **row}],
    }


def findings(rules: evalrules.RuleSet, record: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f.check, f.path) for f in rules.score(evalrules.record_from_data(record)).findings]


def printed_half_up(rate: Fraction, decimals: int) -> str:
    """rate as a percentage rounded half-up to `decimals` places, written with all of them."""
    scaled = rate * 100 * 10**decimals
    digits = floor(scaled + Fraction(1, 2))
    text = str(Decimal(digits).scaleb(-decimals))
    return text + "%"


amounts = st.integers(min_value=1, max_value=10**9).map(lambda cents: Decimal(cents).scaleb(-2))


@settings(max_examples=150, deadline=None)
@given(paid=amounts, appropriated=amounts, decimals=st.integers(min_value=0, max_value=6))
def test_a_rate_printed_as_the_computed_one_rounded_half_up_to_any_decimals_is_consistent(
    paid: Decimal, appropriated: Decimal, decimals: int
) -> None:
    printed = printed_half_up(Fraction(paid) / Fraction(appropriated), decimals)
    assert findings(PRINTED, form(paid, appropriated, printed)) == []


@settings(max_examples=150, deadline=None)
@given(paid=amounts, appropriated=amounts, decimals=st.integers(min_value=0, max_value=6), up=st.booleans())
def test_a_rate_one_unit_off_in_its_last_printed_decimal_is_never_consistent(
    paid: Decimal, appropriated: Decimal, decimals: int, up: bool
) -> None:
    right = Decimal(printed_half_up(Fraction(paid) / Fraction(appropriated), decimals)[:-1])
    wrong = right + (1 if up else -1) * Decimal(1).scaleb(-decimals)
    if wrong < 0:
        return
    text = f"{wrong:f}%"
    assert findings(PRINTED, form(paid, appropriated, text)) == [("填报", "indicators[0].actual")]


def test_printed_precision_reads_the_decimals_written_not_the_number() -> None:
    # 86.2% computed: 86% and 86.2% and 86.20% agree, 86.3% does not; 97.81%: 97.80% does not
    assert findings(PRINTED, form("86.2", "100", "86%")) == []
    assert findings(PRINTED, form("86.2", "100", "86.20%")) == []
    assert findings(PRINTED, form("86.2", "100", "86.3%")) == [("填报", "indicators[0].actual")]
    assert findings(PRINTED, form("97.81", "100", "97.8%")) == []
    assert findings(PRINTED, form("97.81", "100", "97.80%")) == [("填报", "indicators[0].actual")]
    said = PRINTED.score(evalrules.record_from_data(form("97.81", "100", "97.80%"))).findings[0]
    assert said.message("en") == "97.80% 97.81%"  # the actual as printed, trailing zero kept
    # half-up, not half-even: 86.5% printed to whole percents is 87%
    assert findings(PRINTED, form("86.5", "100", "87%")) == []
    assert findings(PRINTED, form("86.5", "100", "86%")) == [("填报", "indicators[0].actual")]


CONDITIONS = evalrules.loads(
    'ruleset "conditions" { }\nbudget { appropriated paid balance }\nvalue 执行率 = paid / appropriated\n'
    + _SCHEMES.replace("weights as_written total 10", "weights split 10 apportion 0.01")
    + """
check 两项 error {
  require budget.balance = budget.appropriated - budget.paid and budget.paid <= budget.appropriated
  at budget.paid
  zh "{left} {right}" en "{left} {right}"
}
check 说明 warning for each row in indicators {
  when row.completion < 90% and provisional is false
  require row.explanation is not empty
  at row.explanation
  zh "{row.name}" en "{row.name}"
}
check 暂定 info {
  when 执行率 < 100%
  require provisional is false
  at indicators
  zh "暂定" en "provisional"
}
""",
    "conditions.rules",
)


def conditions_form(budget: dict[str, str], *rows: dict[str, Any]) -> dict[str, Any]:
    return {"project": {"name": "p", "year": 2024}, "budget": budget, "indicators": list(rows)}


def row(name: str, actual: str | None, **more: Any) -> dict[str, Any]:
    return {"category": "产出", "name": name, "target": "≥10", "weight": 5, "actual": actual, **more}


def test_a_test_joined_by_and_is_tried_even_when_another_lacks_its_operands() -> None:
    # no balance: the first test is not tried; the second fails, and its sides are the message's
    record = conditions_form({"appropriated": "10", "paid": "11"}, row("甲", "10"), row("乙", "10"))
    result = CONDITIONS.score(evalrules.record_from_data(record))
    failed = [f for f in result.findings if f.check == "两项"]
    assert [(f.path, f.message("en")) for f in failed] == [("budget.paid", "11 10")]
    assert dict(failed[0].values)["comparator"] == "≤"
    # the first test fails: its sides, and one finding only
    record["budget"]["balance"] = "-2"
    failed = [f for f in CONDITIONS.score(evalrules.record_from_data(record)).findings if f.check == "两项"]
    assert [f.message("en") for f in failed] == ["-2 -1"]


def test_when_limits_a_check_to_the_rows_and_records_that_meet_it() -> None:
    budget = {"appropriated": "10", "paid": "10", "balance": "0"}
    rows = (
        row("有说明", "5", explanation="天气原因"),
        row("空白", "5", explanation="   "),
        row("未写", "5"),
        row("达标", "10"),
    )
    # completion 50% without a reason (blank or absent) is a finding; 100% needs none
    assert findings(CONDITIONS, conditions_form(budget, *rows)) == [
        ("说明", "indicators[1].explanation"),
        ("说明", "indicators[2].explanation"),
    ]
    # a row left for review makes the total provisional: `when … provisional is false` is not met,
    # and `暂定` applies only when 执行率 < 100%
    review = row("待复核", None, explanation="尚未验收")
    assert findings(CONDITIONS, conditions_form(budget, *rows, review)) == [("left-for-review", "indicators[4].actual")]
    short = {"appropriated": "10", "paid": "9", "balance": "1"}
    assert ("暂定", "indicators") in findings(CONDITIONS, conditions_form(short, *rows, review))
    # `when` reading a value the record cannot compute: the check does not apply
    assert ("暂定", "indicators") not in findings(CONDITIONS, conditions_form({"paid": "9"}, *rows, review))


def fallback_rules() -> evalrules.RuleSet:
    # compiled when a test runs, not at import: a mutation run must see the compiler at work
    return evalrules.loads(
        'ruleset "fallback" { }\nbudget { a b c d }\n'
        "value 内 = d / (a otherwise b) otherwise c / d\n"
        "value 外 = 内 + (if a = 0 then 1 else 2)\n" + _SCHEMES + "indicator 率 { actual 内 }\n",
        "fallback.rules",
    )


def fallback_findings(budget: dict[str, str]) -> list[tuple[str, str, str]]:
    record = {"project": {"name": "p", "year": 2024}, "budget": budget,
              "indicators": [{"category": "产出", "name": "率", "target": "≥100%", "weight": 10, "actual": "100%"}]}  # fmt: skip
    result = fallback_rules().score(evalrules.record_from_data(record))
    return [(f.check, f.path, dict(f.values)["fallback"]) for f in result.findings if f.check == "value-fallback"]


def test_only_the_fallbacks_of_the_way_finally_used_are_findings_at_their_cause() -> None:
    assert fallback_findings({"a": "2", "b": "0", "c": "1", "d": "4"}) == []
    # a not given: the inner `otherwise` takes b, and d ÷ b is computed
    assert fallback_findings({"b": "2", "c": "1", "d": "4"}) == [("value-fallback", "budget.a", "b")]
    # a not given and b = 0: d ÷ b fails, so the inner fallback is not what was used: only the outer,
    # which names the divisor as the way taken (b), not as written (a otherwise b)
    assert fallback_findings({"b": "0", "c": "1", "d": "4"}) == [("value-fallback", "budget.b", "c ÷ d")]
    record = {"project": {"name": "p", "year": 2024}, "budget": {"b": "0", "c": "1", "d": "4"},
              "indicators": [{"category": "产出", "name": "率", "target": "≥100%", "weight": 10, "actual": "100%"}]}  # fmt: skip
    (outer,) = fallback_rules().score(evalrules.record_from_data(record)).findings
    assert "division by zero: b is 0" in outer.message("en")
    # neither way: no fallback finding; the row says the value could not be computed
    record = {"project": {"name": "p", "year": 2024}, "budget": {"b": "0", "d": "0"},
              "indicators": [{"category": "产出", "name": "率", "target": "≥100%", "weight": 10, "actual": "100%"}]}  # fmt: skip
    checks = [f.check for f in fallback_rules().score(evalrules.record_from_data(record)).findings]
    assert checks == ["actual-not-computed"]


def test_the_explanation_names_the_way_used_and_the_formula_written_in_the_rules_names_both() -> None:
    inner, outer = fallback_rules().values
    assert inner.formula == "d ÷ (a otherwise b) otherwise c ÷ d"
    assert outer.formula == "内 + (if a = 0 then 1 else 2)"
    record = {"project": {"name": "p", "year": 2024}, "budget": {"b": "2", "d": "4"},
              "indicators": [{"category": "产出", "name": "率", "target": "≥100%", "weight": 10, "actual": "100%"}]}  # fmt: skip
    said = fallback_rules().score(evalrules.record_from_data(record)).indicators[0].explain("en")
    assert said.startswith("actual d ÷ b = 4 ÷ 2 = 200% (a cannot be computed: a not given; the way after `otherwise` is used)")


def test_a_check_can_add_up_the_deductions_a_record_carries() -> None:
    # The record model gains `deductions` with H1 of issue 8; the check language reads them by name,
    # and a record without any has none (the sum is 0, no row to fail).
    from types import SimpleNamespace

    from evalrules.engine import audit

    rules = evalrules.loads(
        'ruleset "d" { }\n' + _SCHEMES + """
check 扣分 warning {
  require sum(deductions.points) <= 5
  at deductions
  zh "扣减合计 {left}" en "deductions sum to {left}"
}
check 扣分原因 error for each row in deductions {
  require row.reason is not empty
  at row.reason
  zh "{row.points}" en "{row.points}"
}
""",
        "d.rules",
    )
    entered = [SimpleNamespace(reason="资料不全", points=Decimal(4), indicator=None),
               SimpleNamespace(reason=" ", points=Decimal(2), indicator="甲")]  # fmt: skip
    for deductions, expected in (([], []), (entered, [("扣分", "deductions"), ("扣分原因", "deductions[1].reason")])):
        record = SimpleNamespace(deductions=deductions, indicators=())
        found: list[Any] = []
        context = audit.Context(record, [], Decimal(0), Decimal(10), {})
        for check in rules.checks:
            check.run(context, found)
        assert [(f.check, f.path) for f in found] == expected
    assert found[0].message("en") == "deductions sum to 6"


def within_rules() -> evalrules.RuleSet:
    # compiled when a test runs, not at import: a mutation run must see the compiler at work
    return evalrules.loads(
    'ruleset "within" { }\nbudget { appropriated paid }\n'
    + _SCHEMES
    + """
check 相等 error {
  require budget.paid = budget.appropriated within 0.05
  at budget.paid
  zh "{left} {right}" en "{left} {right}"
}
check 不等 warning {
  require budget.paid != budget.appropriated within 0.05
  at budget.appropriated
  zh "{left} {right}" en "{left} {right}"
}
check 行 error for each row in indicators {
  require row.claimed >= 0 and row.claimed = budget.appropriated within 0.05
  at row.claimed
  zh "{left} {right}" en "{left} {right}"
}
""",
    "within.rules",
)


@given(cents=st.integers(min_value=-20, max_value=20))
def test_within_n_counts_two_amounts_equal_when_they_differ_by_n_or_less(cents: int) -> None:
    # `within 0.05`: equal up to 0.05 inclusive, in either direction; `!=` is its opposite, and a
    # tolerance on a later test of `and` counts as on the first.
    appropriated = Decimal(10)
    paid = appropriated + Decimal(cents) / 100
    close = abs(paid - appropriated) <= Decimal("0.05")
    found = findings(within_rules(), form(paid, appropriated, "100%"))
    assert (("相等", "budget.paid") in found) is not close
    assert (("不等", "budget.appropriated") in found) is close
    claimed = findings(within_rules(), form(appropriated, appropriated, "100%", score=str(paid)))
    assert (("行", "indicators[0].score") in claimed) is not close


def places_rules() -> evalrules.RuleSet:
    return evalrules.loads(
    """ruleset "places" { year 2024 }
budget unit "万元" { a "甲数" b "乙数" c "丙数" }
value 乙值 = b + 0
value 率 = a / 乙值 + 0 otherwise 0%
value 选 = if a = 0 then a / b else a / c
"""
    + _SCHEMES
    + """
indicator 率 { actual 率 }
indicator 选 { actual 选 }
""",
    "places.rules",
)


def test_a_zero_divisor_is_located_at_the_amount_it_comes_from_and_named_by_its_label() -> None:
    # 乙值 is b + 0: a division by 乙值 that is 0 points at budget.b (a value followed to the one
    # amount it reads, inside a sum too); the way after `else` names its amounts by their labels.
    rows = [{"category": "产出", "name": n, "weight": 5, "target": "=100%", "actual": "100%"} for n in ("率", "选")]
    result = places_rules().score({"project": {"name": "p", "year": 2024}, "budget": {"a": "5", "b": "0", "c": "0"}, "indicators": rows})
    assert [(f.check, f.path) for f in result.findings] == [
        ("value-fallback", "budget.b"),
        ("actual-not-computed", "indicators[1].actual"),
    ]
    (not_computed,) = [f for f in result.findings if f.check == "actual-not-computed"]
    assert "丙数为 0" in not_computed.message("zh")


def nested_rules() -> evalrules.RuleSet:
    return evalrules.loads(
        """ruleset "nested" { year 2024 }
budget unit "万元" { a "甲数" b "乙数" c "丙数" }
value 选 = if c > 0 then (a otherwise b) else b
value 基 = a / b
value 倍 = 基 * 2
value 差 = a otherwise b
"""
        + _SCHEMES
        + """
indicator 选 { actual 选 }
indicator 倍 { actual 倍 }
""",
        "nested.rules",
    )


def nested_result(budget: dict[str, str]) -> evalrules.Result:
    rows = [{"category": "产出", "name": n, "weight": 5, "target": "=100%", "actual": "100%"} for n in ("选", "倍")]
    return nested_rules().score({"project": {"name": "p", "year": 2024}, "budget": budget, "indicators": rows})


def test_a_fallback_inside_the_way_an_if_takes_is_a_finding_worded_with_labels() -> None:
    (fallback,) = [f for f in nested_result({"b": "2", "c": "1"}).findings if ("value", "选") in f.values]
    assert (fallback.path, dict(fallback.values)["formula"], dict(fallback.values)["fallback"]) == ("budget.a", "甲数", "乙数")


def test_a_value_built_on_one_that_failed_gives_that_ones_cause() -> None:
    # 倍 = 基 × 2 and 基 = a ÷ b with b = 0: 倍 fails for the zero of 乙数, not as a value not given
    result = nested_result({"a": "1", "b": "0", "c": "1"})
    (failed,) = [f for f in result.findings if f.check == "actual-not-computed" and f.path == "indicators[1].actual"]
    assert "乙数为 0，不能作除数" in failed.message("zh")


def test_a_negative_amount_alone_is_written_without_brackets_and_inside_a_sum_with_them() -> None:
    rules = nested_rules()
    差 = next(v for v in rules.values if v.name == "差")
    基 = next(v for v in rules.values if v.name == "基")
    assert 差.render({"a": Decimal("-6.5")}) == "−6.5"
    assert 基.render({"a": Decimal("3"), "b": Decimal("-2")}) == "3 ÷ (−2)"


def test_an_actual_computed_as_an_amount_is_explained_in_its_unit_not_as_a_percentage() -> None:
    # 选 = 甲数 here, 3 万元: the explanation once wrote it as 300%
    rows = [{"category": "产出", "name": "选", "weight": 5, "target": "≥3万元", "actual": "3万元"}]
    result = nested_rules().score({"project": {"name": "p", "year": 2024}, "budget": {"a": "3", "b": "2", "c": "1"}, "indicators": rows})
    said = result.indicators[0].explain("en")
    assert said.startswith("actual 甲数 = 3 = 3万元 (since 丙数 > 0: the way after `then`)"), said
    assert "%" not in said.split(";")[0]


def test_a_fallback_inside_the_else_way_and_a_zero_on_the_right_of_a_condition_are_located() -> None:
    # `else (c otherwise b)` taken with c not given: a value-fallback at budget.c, as for `then`;
    # `if 1 > a / 乙值` with 乙值 = b + 0 = 0: the condition cannot be computed, the way after
    # `otherwise` is used, and the finding points at budget.b, the amount the divisor reads.
    rules = evalrules.loads(
        'ruleset "ways" { year 2024 }\nbudget unit "万元" { a "甲数" b "乙数" c "丙数" }\nvalue 乙值 = b + 0\n'
        "value 另 = if a = 0 then 1 else (c otherwise b)\n"
        "value 比 = (if 1 > a / 乙值 then 1 else 2) otherwise 3\n" + _SCHEMES
        + "indicator 另 { actual 另 }\nindicator 比 { actual 比 }\n",
        "ways.rules",
    )
    rows = [{"category": "产出", "name": name, "target": "≥1万元", "weight": 5, "actual": "1万元"} for name in ("另", "比")]
    record = {"project": {"name": "p", "year": 2024}, "budget": {"a": "5", "b": "0"}, "indicators": rows}
    found = [(dict(f.values)["value"], f.path) for f in rules.score(record).findings if f.check == "value-fallback"]
    assert found == [("比", "budget.b"), ("另", "budget.c")]  # in the order of the record's fields


def test_a_test_joined_by_and_is_tried_after_others_that_cannot_be_computed_or_lack_operands() -> None:
    # balance not given: the first test lacks an operand and the second, which computes with it,
    # cannot be computed; neither is tried, and the third still fails, is the finding, and counts
    rules = evalrules.loads(
        'ruleset "three" { }\nbudget { appropriated paid balance }\n' + _SCHEMES
        + "check 三项 error {\n  require budget.balance = budget.appropriated - budget.paid and budget.balance + 1 > 0"
        " and budget.paid <= budget.appropriated\n  at budget.paid\n  zh \"{left} {right}\" en \"{left} {right}\"\n}\n",
        "three.rules",
    )
    record = evalrules.record_from_data(conditions_form({"appropriated": "0", "paid": "1"}, row("甲", "10")))
    result, trace = rules.traced(record)
    assert [f.message("en") for f in result.findings if f.check == "三项"] == ["1 0"]
    assert trace.checks["三项"] == (0, 1)


def test_a_check_message_quotes_the_maximum_of_the_rule_set() -> None:
    # the message is written when read, from a context kept for it: the maximum must be kept too
    rules = evalrules.loads(
        'ruleset "m" { maximum 10 }\nbudget { paid }\n' + _SCHEMES
        + 'check 超分 error {\n  require total <= 5\n  at indicators\n'
        '  zh "总分 {left} 超过 5（满分 {maximum}）" en "total {left} over 5 (of {maximum})"\n}\n',
        "m.rules",
    )
    result = rules.score(conditions_form({}, row("甲", "10", weight=10)))
    assert [f.message("en") for f in result.findings if f.check == "超分"] == ["total 10 over 5 (of 10)"]
