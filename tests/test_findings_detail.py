"""Details of a compiled rule set and of scoring that the scoring cases cannot show: the clause
each declared value names (the line of its `value`), and that a record written without any alias
is scored as given, not as a copy."""

from __future__ import annotations

from pathlib import Path

import evalrules

ROOT = Path(__file__).resolve().parent.parent
ALIASED = """ruleset "aliases" { year 2024 }
budget { full_year executed }
value 执行率 = executed / full_year round 0.01% half_up
value 结余 = full_year - executed
qualitative 六级 { levels 100% 0% }
quantitative 基本 { completion ratio reverse inverse_ratio below proportional above none }
category 产出 { aliases 产出指标 weights split 10 apportion 0.01 quantitative 基本 qualitative 六级 }
indicator 道路 { aliases 公路 }
missing { without explanation score 0 with explanation review }
"""
FORM = {
    "project": {"name": "测试", "year": 2024},
    "indicators": [{"category": "产出", "name": "道路", "target": ">=10公里", "actual": "10公里"}],
}


def test_each_declared_value_names_the_line_of_its_value_clause():
    """A compiled rule set's values each cite their own `value` line, as file:line."""
    rules = evalrules.loads(ALIASED, "case.rules")  # compiled here, inside the test
    assert [(value.name, value.clause.id) for value in rules.values] == [("执行率", "case.rules:3"), ("结余", "case.rules:4")]


def test_a_record_written_without_aliases_is_scored_as_given_not_copied():
    """Under rules with aliases, a record that writes none of them is the very record scored (the
    trace holds it); one that writes an alias is scored as a renamed copy."""
    rules = evalrules.loads(ALIASED, "case.rules")
    record = evalrules.record_from_data(FORM)
    _result, trace = rules.traced(record)
    assert trace.record is record
    aliased = evalrules.record_from_data({**FORM, "indicators": [{**FORM["indicators"][0], "category": "产出指标", "name": "公路"}]})
    result, trace = rules.traced(aliased)
    assert trace.record is not aliased
    assert [(row.category, row.name) for row in trace.record.indicators] == [("产出", "道路")]
    assert result.indicators[0].score == 10
