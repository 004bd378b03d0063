"""Audit checks (复核): the Suzhou checks find exactly the inconsistencies of a form, located.

A consistent form, built by hand from the seed, yields no finding; each case below changes one
thing in it and names every finding that change must produce, no more.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

import evalrules
from reference import FIXED_WEIGHTS

ROOT = Path(__file__).resolve().parent.parent
RULES = evalrules.load(ROOT / "rules" / "suzhou-2024.rules")
SEED = ROOT / "examples" / "suzhou-2024-party-building.yaml"

# The fixed 决策 and 过程 rows at full marks; 预算执行率, scored from the budget, follows them.
_FIXED = [
    (category, name, str(weight))
    for category, weights in FIXED_WEIGHTS.items()
    for name, weight in weights.items()
    if name != "预算执行率"
]
CONSISTENT: dict[str, Any] = {
    "project": {"name": "一致的表", "year": 2024},
    "budget": {
        "initial": "35.7", "adjustment": "-6.5", "appropriated": "29.2", "quota_balance": "0",
        "quota_recovered": "0.04", "paid": "29.16", "balance": "0.04", "carried_forward": "0", "recovered": "0.04",
    },
    "items": {
        "declared_total": {"budget": "29.2", "spent": "29.16"},
        "rows": [
            {"name": "甲", "budget": "19.46", "spent": "19.42"},
            {"name": "乙", "budget": "0.21", "spent": "0.21"},
            {"name": "丙", "budget": "5.24", "spent": "5.24"},
            {"name": "丁", "budget": "1.34", "spent": "1.34"},
            {"name": "戊", "budget": "2.95", "spent": "2.95"},
        ],
    },
    "indicators": [
        {"category": c, "name": n, "target": "好", "weight": w, "actual": "100%", "score": w} for c, n, w in _FIXED
    ]
    + [
        {"category": "过程", "name": "预算执行率", "target": "=100%", "weight": "8", "actual": "99.86%", "score": "7.94"},
        {"category": "产出", "name": "讲座", "target": ">=2", "weight": "15", "actual": "2", "score": "15"},
        {"category": "产出", "name": "质量", "target": "达标", "weight": "15", "actual": "100%", "score": "15"},
        {"category": "效益", "name": "获得感", "target": "提升", "weight": "17.5", "actual": "100%", "score": "17.5"},
        {"category": "满意度", "name": "满意度", "target": "较高", "weight": "17.5", "actual": "100%", "score": "17.5"},
    ],
    "declared_total_score": "81.94",
    "declared_max_score": "82",
}


REMOVED = object()  # an edit's value: take the row or field out of the form


def changed(*edits: tuple[str, Any]) -> dict[str, Any]:
    """The consistent form with each dotted path (`items.rows.1.spent`) set to a new value.

    The value REMOVED takes the row or field out; the path `indicators.+` appends a row.
    """
    record = copy.deepcopy(CONSISTENT)
    for path, value in edits:
        *parents, last = path.split(".")
        node: Any = record
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if last == "+":
            node.append(value)
        elif value is REMOVED:
            del node[int(last) if isinstance(node, list) else last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return record


def findings(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(f.check, f.severity, f.path) for f in RULES.score(record).findings]


def test_a_consistent_form_yields_no_finding() -> None:
    assert findings(CONSISTENT) == []


CASES = [
    ("指标结余数 off by a cent", [("budget.quota_balance", "0.01")],
     [("指标结余数", "error", "budget.quota_balance")]),
    ("资金结余 takes part in two identities", [("budget.balance", "0.05")],
     [("资金结余", "error", "budget.balance"), ("结余去向", "error", "budget.balance")]),
    ("财政收回数 off by a cent", [("budget.recovered", "0.05")],
     [("结余去向", "error", "budget.balance")]),
    ("a sub-item's budget moved", [("items.rows.0.budget", "19.47")],
     [("子项预算合计", "error", "items.declared_total.budget")]),
    ("a sub-item's spending moved", [("items.rows.0.spent", "19.43")],
     [("子项支出合计", "error", "items.declared_total.spent")]),
    ("the declared spending total moved", [("items.declared_total.spent", "29.17")],
     [("子项支出合计", "error", "items.declared_total.spent"), ("支出合计与实际支付", "error", "items.declared_total.spent")]),
    ("the declared budget total is the initial budget, as on the seed", [("items.declared_total.budget", "35.7")],
     [("子项预算合计", "error", "items.declared_total.budget"), ("调整预算合计", "error", "items.declared_total.budget")]),
    ("a sub-item overspends", [("items.rows.1.budget", "0.15"), ("items.rows.0.budget", "19.52")],
     [("子项超支", "warning", "items.rows[1].spent")]),
    ("a fixed weight written wrong", [("indicators.0.weight", "1")],
     [("权重不符", "error", "indicators[0].weight")]),
    ("a split weight written wrong", [("indicators.12.weight", "7.5")],
     [("权重不符", "error", "indicators[12].weight")]),
    ("the form's maximum is 80", [("declared_max_score", "80")],
     [("满分", "warning", "declared_max_score")]),
    ("a claimed score a cent high, the total left as it was", [("indicators.10.score", "7.95")],
     [("自评分", "error", "indicators[10].score"), ("合计与自评分", "error", "declared_total_score")]),
    ("a claimed score above the weight", [("indicators.0.score", "0.6"), ("declared_total_score", "82.04")],
     [("自评分", "error", "indicators[0].score"), ("自评分超过权重", "error", "indicators[0].score"),
      ("合计与总分", "error", "declared_total_score")]),
    ("the declared total off", [("declared_total_score", "82")],
     [("合计与自评分", "error", "declared_total_score"), ("合计与总分", "error", "declared_total_score")]),
    ("a fixed indicator left off, the total made to agree", [("indicators.0", REMOVED), ("declared_total_score", "81.44")],
     [("缺少固定指标", "error", "indicators")]),
    ("a fixed indicator listed twice, the total made to agree",
     [("indicators.+", CONSISTENT["indicators"][0]), ("declared_total_score", "82.44")],
     [("duplicate-indicator", "error", "indicators[15].name"), ("total-above-maximum", "error", "total")]),
    ("an unknown indicator in a fixed category, as well as the one it replaces missing",
     [("indicators.0.name", "立项依据"), ("declared_total_score", "81.44")],
     [("缺少固定指标", "error", "indicators"), ("unknown-indicator", "error", "indicators[0].name"),
      ("合计与自评分", "error", "declared_total_score")]),
    ("the stated 预算执行率 is not paid ÷ appropriated at 0.01%", [("indicators.10.actual", "99.87%")],
     [("预算执行率填报", "error", "indicators[10].actual")]),
    ("an actual written with a comparator", [("indicators.11.actual", "≥2")],
     [("实际值带比较符", "warning", "indicators[11].actual")]),
    ("an actual in another unit than its target: not scored", [("indicators.11.target", ">=2场"), ("indicators.11.actual", "2万元"), ("declared_total_score", "66.94")],
     [("unit-mismatch", "error", "indicators[11].actual"), ("合计与自评分", "error", "declared_total_score")]),
    ("a qualitative actual that is not an allowed level: not scored", [("indicators.12.actual", "90%"), ("declared_total_score", "66.94")],
     [("qualitative-level", "error", "indicators[12].actual"), ("合计与自评分", "error", "declared_total_score")]),
]


@pytest.mark.parametrize(("edits", "expected"), [pytest.param(e, x, id=name) for name, e, x in CASES])
def test_each_inconsistency_yields_exactly_its_findings(edits: list[tuple[str, str]], expected: list[tuple[str, str, str]]) -> None:
    assert findings(changed(*edits)) == expected


def test_an_execution_rate_above_100_percent_is_flagged_not_capped() -> None:
    record = {
        "project": {"name": "超支", "year": 2024},
        "budget": {"appropriated": "10", "paid": "10.5"},
        "indicators": CONSISTENT["indicators"][:10]
        + [{"category": "过程", "name": "预算执行率", "target": "=100%", "actual": "105%"}],
    }
    result = RULES.score(record)
    # the form stops after 过程: its 产出, 效益 and 满意度 are missing, which is not this test's point
    got = [(f.check, f.severity, f.path) for f in result.findings if f.check != "category-without-rows"]
    assert got == [("执行率超过100", "warning", "budget.paid")]
    assert result.findings[0].message("zh") == "预算执行率 105% 超过 100%：实际支付数大于财政拨款数"


def test_a_check_whose_operands_the_form_lacks_does_not_apply() -> None:
    record = {"project": {"name": "空", "year": 2024}, "indicators": CONSISTENT["indicators"]}
    # No audit check applies; the engine still says that it could not compute 预算执行率 and
    # scored the form's own figure instead.
    assert findings(record) == [("actual-not-computed", "warning", "indicators[10].actual")]


def test_the_seed_form_yields_exactly_the_four_known_findings() -> None:
    result = RULES.score(evalrules.read_record(SEED))
    got = [(f.check, f.severity, f.path, f.message("zh")) for f in result.findings]
    assert got == [
        ("调整预算合计", "error", "items.declared_total.budget",
         "子项调整预算数合计 35.7 不等于调整后预算 年初预算数 + 追加追减数 = 29.2（相差 6.5）"),
        ("子项超支", "warning", "items.rows[1].spent", "子项“市级机关群团组织系列活动”实际支出 0.21 超过调整预算数 0.15"),
        ("子项超支", "warning", "items.rows[4].spent", "子项“廉洁文化建设系列活动”实际支出 2.95 超过调整预算数 2.2"),
        ("满分", "warning", "declared_max_score", "表上满分 80 与规则的满分 82 不一致"),
    ]
    assert all(row.score == row.claimed for row in result.indicators)  # every claimed score matches


def test_findings_carry_the_clause_and_the_values_compared() -> None:
    finding = RULES.score(evalrules.read_record(SEED)).findings[0]
    line = (ROOT / "rules" / "suzhou-2024.rules").read_text(encoding="utf-8").splitlines()[finding.clause.line - 1]
    assert line.startswith("check 调整预算合计 error")
    assert dict(finding.values) == {"left": "35.7", "right": "29.2", "comparator": "="}


def test_a_policy_author_adds_an_identity_without_touching_python() -> None:
    text = (ROOT / "rules" / "suzhou-2024.rules").read_text(encoding="utf-8") + """
check 指标结余收回 warning {
  require budget.quota_recovered <= budget.quota_balance + budget.balance
  at budget.quota_recovered
  zh "指标结余收回数 {left} 超过可收回的 {right}"
  en "recovered quota {left} exceeds what could be recovered, {right}"
}
"""
    rules = evalrules.loads(text, "rules/suzhou-2024.rules")
    record = changed(("budget.quota_recovered", "0.09"))
    assert [f.check for f in rules.score(record).findings] == ["指标结余收回"]
    assert [f.check for f in rules.score(CONSISTENT).findings] == []


def test_scoring_without_the_audit_gives_the_same_scores_and_only_the_engines_findings() -> None:
    record = evalrules.read_record(SEED)
    full, bare = RULES.score(record), RULES.score(record, audit=False)
    assert [r.score for r in bare.indicators] == [r.score for r in full.indicators]
    assert bare.total == full.total and bare.findings == []


def test_a_placeholder_the_record_does_not_give_prints_a_dash() -> None:
    text = (ROOT / "rules" / "suzhou-2024.rules").read_text(encoding="utf-8") + """
check 支付为零 warning {
  require budget.paid <= 0
  at budget.paid
  zh "{budget.balance} {budget.balance:%} {left:%}"
  en "{budget.balance}"
}
"""
    rules = evalrules.loads(text, "rules/suzhou-2024.rules")
    record = {"project": {"name": "x", "year": 2024}, "budget": {"paid": "1"}, "indicators": CONSISTENT["indicators"]}
    (finding,) = [f for f in rules.score(record).findings if f.check == "支付为零"]
    assert (finding.message("zh"), finding.message("en")) == ("— — 100%", "—")


def test_where_chooses_the_rows_a_check_is_about_whether_it_reads_the_row_alone_or_more() -> None:
    """Filters and requirements that read the row alone run over columns; others row by row."""
    text = (ROOT / "rules" / "suzhou-2024.rules").read_text(encoding="utf-8") + """
check 产出未完成 warning for each row in indicators where row.category is "产出" {
  require row.completion >= 100%
  at row.actual
  zh "{row.name}"
  en "{row.name}"
}
check 非产出超权重 error for each row in indicators where row.category is not "产出" {
  require row.claimed <= row.weight * 1
  at row.claimed
  zh "{row.name}"
  en "{row.name}"
}
check 超权重非决策 info for each row in indicators where row.claimed > row.weight * 1 {
  require row.category is "决策"
  at row.actual
  zh "{row.name}"
  en "{row.name}"
}
check 按完成率选 info for each row in indicators where row.completion < 100% {
  require row.name is "讲座"
  at row.actual
  zh "{row.name}"
  en "{row.name}"
}
"""
    rules = evalrules.loads(text, "rules/suzhou-2024.rules")
    # 讲座 (产出, index 11) and 预算执行率 (过程, index 10) fall short; 立项依据充分性 (决策, index 0)
    # and 质量 (产出, index 12) claim more than their weight.
    record = changed(("indicators.11.actual", "1"), ("indicators.0.score", "0.6"), ("indicators.12.score", "16"))
    found = [(f.check, f.path) for f in rules.score(record).findings if f.check in ("产出未完成", "非产出超权重", "超权重非决策", "按完成率选")]
    assert found == [
        ("非产出超权重", "indicators[0].score"),  # 决策: chosen; 质量 (产出) is not
        ("按完成率选", "indicators[10].actual"),  # 预算执行率 is below 100% and is not 讲座; 讲座 passes
        ("产出未完成", "indicators[11].actual"),  # 产出: chosen; 预算执行率 (过程) is not
        ("超权重非决策", "indicators[12].actual"),  # a `where` with arithmetic, tried row by row
    ]


def test_findings_that_say_the_same_are_equal_and_those_that_differ_are_not() -> None:
    record = evalrules.read_record(SEED)
    first, second = RULES.score(record).findings, RULES.score(record).findings
    assert first == second and len(set(first)) == len(first)
    assert first[1] != first[2]  # the two overspends: same check, other rows and messages


@pytest.mark.parametrize(
    ("actual", "shown"),
    [
        ("99.86%%", "99.86%%"),  # not "9986%": the unit is not exactly %, so the text is quoted
        ("99.9‰", "99.9‰"),
        ("99.86", "99.86"),  # a bare number: not a percentage, quoted as written
        ("99.9%", "99.9%"),  # a percentage is shown as one
        ("99.9％", "99.9%"),
    ],
)
def test_a_percent_placeholder_quotes_the_row_actual_as_written_unless_its_unit_is_exactly_percent(actual: str, shown: str) -> None:
    record = changed(("indicators.10.actual", actual))
    (finding,) = [f for f in RULES.score(record).findings if f.check == "预算执行率填报"]
    assert finding.message("zh") == f"表上预算执行率 {shown}，按 实际支付数 ÷ 财政拨款数 应为 99.86%"
    assert finding.message("en").startswith(f"the form states a budget execution rate of {shown};")


def test_a_row_actual_percent_placeholder_of_its_own_quotes_the_actual_as_written() -> None:
    text = (ROOT / "rules" / "suzhou-2024.rules").read_text(encoding="utf-8") + """
check 实际值 info for each row in indicators where row.name is "预算执行率" {
  require row.actual = 2
  at row.actual
  zh "{row.actual:%} / {right:%}"
  en "{row.actual:%}"
}
"""
    rules = evalrules.loads(text, "rules/suzhou-2024.rules")
    (finding,) = [f for f in rules.score(changed(("indicators.10.actual", "99.86%%"))).findings if f.check == "实际值"]
    assert (finding.message("zh"), finding.message("en")) == ("99.86%% / 200%", "99.86%%")
