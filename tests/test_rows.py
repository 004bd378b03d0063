"""Rows, categories, aliases and deductions (issue 8): what the scoring cases as data do not say.

The scoring cases (tests/data/scoring_cases.yaml) hold the scores and findings; here are the record
format of deductions, the invariants of applying them, and that aliases reach every consumer of a
row's name (fixed weights, audit checks, deductions).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import evalrules
from evalrules.errors import RecordError
from evalrules.report import table

ROOT = Path(__file__).resolve().parent.parent
RULES = evalrules.load(ROOT / "docs" / "examples" / "rows.rules")
FORM = {
    "project": {"name": "示例", "year": 2024},
    "budget": {"full_year": 100, "executed": 95},
    "indicators": [
        {"category": "预算执行", "name": "执行率", "weight": 10, "actual": "95%"},
        {"category": "产出指标", "name": "道路", "target": ">=10公里", "weight": 12, "actual": "12公里"},
        {"category": "产出", "name": "桥梁", "target": ">=2座", "weight": 8, "actual": "1座"},
    ],
}


def test_a_deduction_needs_a_reason_and_points_that_are_not_negative_and_no_other_key() -> None:
    bad = {
        **FORM,
        "deductions": [
            {"reason": "资料不全", "points": -2},
            {"points": 1},
            {"reason": "笔误", "points": 1, "row": 2},
        ],
    }
    with pytest.raises(RecordError) as caught:
        evalrules.record_from_data(bad)
    paths = [p.path for p in caught.value.problems]
    assert paths == ["deductions[0].points", "deductions[1].reason", "deductions[2].row"]
    said = str(caught.value)
    assert "cannot be negative" in said or "不能为负" in said


def test_a_row_written_by_an_alias_meets_its_fixed_weight_and_shows_the_rules_name() -> None:
    result = RULES.score(FORM)
    first = result.indicators[0]
    assert (first.category, first.name, first.weight, first.weight_source) == ("预算执行", "预算执行率", Decimal(10), "fixed")
    assert [r.category for r in result.indicators] == ["预算执行", "产出", "产出"]
    assert [f.check for f in result.findings] == []  # 满意度 is optional; the aliases are no findings


def test_an_audit_check_choosing_rows_by_name_meets_a_row_written_by_an_alias() -> None:
    text = (ROOT / "docs" / "examples" / "rows.rules").read_text(encoding="utf-8") + """
check 执行率偏低 warning for each row in indicators where row.name is "预算执行率" {
  require row.completion >= 100%
  at row.actual
  zh "执行率低于 100%"
  en "execution below 100%"
}
"""
    result = evalrules.loads(text, "rows.rules").score(FORM)
    assert [(f.check, f.path) for f in result.findings] == [("执行率偏低", "indicators[0].actual")]


def test_a_deduction_naming_an_alias_comes_off_that_row() -> None:
    result = RULES.score({**FORM, "deductions": [{"reason": "笔误", "points": "0.5", "indicator": "执行率"}]})
    assert result.indicators[0].score == Decimal("9")
    assert result.deductions[0].row == 0 and result.deductions[0].status == "applied"
    assert result.total == Decimal("25")  # 9.5 + 12 + 4 − 0.5


def test_the_text_report_lists_the_deductions_above_the_total() -> None:
    result = RULES.score({**FORM, "deductions": [{"reason": "资料不全", "points": 2}]})
    lines = table(result, "zh").split("\n")
    at = next(i for i, line in enumerate(lines) if "资料不全" in line)
    assert lines[at] == "扣减（资料不全）：总分 25.5 − 2 = 23.5（rows.rules:51）"
    assert lines[at + 1].startswith("合计 23.5")


points = st.decimals(min_value=0, max_value=60, places=2)


@settings(max_examples=60, deadline=None)
@given(
    deductions=st.lists(
        st.tuples(points, st.sampled_from([None, "道路", "桥梁", "执行率", "隧道"])), max_size=5
    )
)
def test_deductions_never_raise_a_score_never_push_one_below_zero_and_take_off_exactly_what_they_say(deductions) -> None:
    listed = [{"reason": f"第{i}项", "points": str(p), **({"indicator": n} if n else {})} for i, (p, n) in enumerate(deductions)]
    before = RULES.score(FORM)
    after = RULES.score({**FORM, "deductions": listed})
    applied = sum((d.applied for d in after.deductions if d.applied is not None), Decimal(0))
    assert after.total == before.total - applied
    assert Decimal(0) <= after.total <= before.total
    for was, now in zip(before.indicators, after.indicators):
        assert Decimal(0) <= now.score <= was.score
    for d in after.deductions:
        assert d.status == "not_applied" or (d.applied <= d.points and d.after == d.before - d.applied)
