"""Details of compiled rules that the scoring and audit cases leave open: a check's row target and
its `at ROW` path, how often a check that never applies held, the words in a qualitative scheme's
list of allowed actuals, a `missing` score for an explained row, the way a nested `otherwise` took,
a value's `if` comparing two amounts, and `compile_expr`'s own contract for the resolvers it is
given. Every rule set is compiled inside its test: mutation testing switches a mutant on only
after this module is imported."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import evalrules
from evalrules.engine.compiler import compile_expr
from evalrules.language import nodes as n
from evalrules.language.parser import parse

SCHEMES = """
qualitative 六级 { levels 100% 0% }
quantitative 基本 { completion ratio reverse inverse_ratio below proportional above none }
category 产出 { weights as_written total 10 quantitative 基本 qualitative 六级 }
"""
REVIEW_IF_EXPLAINED = "missing { without explanation score 0 with explanation review }\n"


def rules_of(body: str, missing: str = REVIEW_IF_EXPLAINED) -> evalrules.RuleSet:
    return evalrules.loads('ruleset "details" { }\n' + body + SCHEMES + missing, "details.rules")


def form(*rows: dict[str, Any], **fields: Any) -> evalrules.Record:
    return evalrules.record_from_data({"project": {"name": "p", "year": 2024}, "indicators": list(rows), **fields})


def row(name: str, **fields: Any) -> dict[str, Any]:
    return {"category": "产出", "name": name, "weight": 10, **fields}


def value_expr(text: str) -> n.Expr:
    """The expression of the one value in `text`, parsed but not checked (the checker would reject
    what these tests hand to `compile_expr` directly)."""
    return next(item.expr for item in parse(text, "direct.rules").items if isinstance(item, n.Value))


# ---- checks ------------------------------------------------------------------------------------


def test_a_check_reads_the_number_of_the_target_written_on_each_row():
    """`row.target` is the number of the target as written (≥10 → 10), compared as a number."""
    rules = rules_of("""
check 目标过高 warning for each row in indicators {
  require row.target <= 5
  at row.target
  zh "目标 {left} 高于 {right}" en "target {left} is above {right}"
}
""")
    result = rules.score(form(row("讲座", target=">=10", actual="12"), row("简报", target=">=4", actual="4")))
    found = [(f.path, dict(f.values)["left"], f.message("en")) for f in result.findings if f.check == "目标过高"]
    assert found == [("indicators[0].target", "10", "target 10 is above 5")]


def test_a_check_pointing_at_the_row_itself_names_the_row_without_a_field():
    """`at row` points at the whole row: `indicators[1]`, with no trailing field or dot."""
    rules = rules_of("""
check 自评超权重 warning for each row in indicators {
  require row.claimed <= row.weight
  at row
  zh "自评分 {left} 超过权重" en "claims {left}, more than the weight"
}
""")
    result = rules.score(form(row("讲座", target=">=10", actual="10", score="10"), row("简报", target=">=4", actual="4", score="12")))
    assert [(f.check, f.path) for f in result.findings if f.check == "自评超权重"] == [("自评超权重", "indicators[1]")]


def test_a_check_whose_operands_the_record_never_gives_neither_held_nor_failed():
    """In a trace, a whole-record check the record gives no operand for counts as not tried: held
    0 times and failed 0 times, while one the record gives operands for counts once."""
    rules = rules_of("""budget { full_year executed }
check 超支 warning {
  require budget.executed <= budget.full_year
  at budget.executed
  zh "超支" en "overspent"
}
""")
    _result, trace = rules.traced(form(row("讲座", target=">=10", actual="10")))
    assert trace.checks == {"超支": (0, 0)}
    _result, trace = rules.traced(form(row("讲座", target=">=10", actual="10"), budget={"full_year": "10", "executed": "8"}))
    assert trace.checks == {"超支": (1, 0)}


# ---- schemes and policies ----------------------------------------------------------------------


def _level_error(scheme: str) -> list[str]:
    """The qualitative-level errors for a word target and an actual of 95% under `scheme`."""
    rules = evalrules.loads(
        f'ruleset "q" {{ }}\nqualitative 达成度 {{ {scheme} }}\n'
        "quantitative 基本 { completion ratio reverse inverse_ratio below proportional above none }\n"
        "category 产出 { weights as_written total 10 quantitative 基本 qualitative 达成度 }\n" + REVIEW_IF_EXPLAINED,
        "q.rules",
    )
    result = rules.score(form(row("质量", target="达标", actual="95%")))
    return [f.message("en") for f in result.findings if f.check == "qualitative-level"]


def test_a_qualitative_level_finding_lists_the_levels_then_the_words_of_the_scheme():
    """An actual no level or word places is reported with everything allowed: the levels, then
    after a semicolon the words; a scheme of words alone lists its words once."""
    assert _level_error("levels 100% 50% 0% words { 达成 100% 部分 50% 未达成 0% }") == [
        "qualitative indicator '质量': actual '95%' is not one of the allowed levels (100%, 50%, 0%; 达成, 部分, 未达成)"
    ]
    assert _level_error("words { 达成 100% 部分 50% }") == [
        "qualitative indicator '质量': actual '95%' is not one of the allowed levels (达成, 部分)"
    ]


def test_a_row_without_an_actual_but_with_an_explanation_gets_the_missing_policys_score():
    """`with explanation score 3`: an explained row with no actual scores 3, status missing; an
    unexplained one scores the `without explanation` 0."""
    rules = rules_of("", missing="missing { without explanation score 0 with explanation score 3 }\n")
    result = rules.score(form(row("讲座", target=">=10"), row("简报", target=">=4", explanation="无法统计")))
    assert [(r.name, r.score, r.status) for r in result.indicators] == [("讲座", 0, "missing"), ("简报", 3, "missing")]


# ---- values ------------------------------------------------------------------------------------


def test_a_fallback_that_itself_falls_back_is_reported_as_the_way_it_took():
    """`a otherwise b otherwise c` with a and b both dividing by zero: the finding for a names the
    way finally taken (0.5), not the whole rest of the chain as written."""
    rules = rules_of("""budget { full_year executed a_full a_exec }
value 率 = executed / full_year otherwise a_exec / a_full otherwise 0.5
indicator 预算执行率 { actual 率 }
""")
    record = form(
        row("预算执行率", target="=100%"), budget={"full_year": "0", "executed": "0", "a_full": "0", "a_exec": "1"}
    )
    result = rules.score(record)
    taken = {f.path: dict(f.values)["fallback"] for f in result.findings if f.check == "value-fallback"}
    assert taken == {"budget.full_year": "0.5", "budget.a_full": "0.5"}
    assert result.indicators[0].score == 5


def test_a_value_if_comparing_two_amounts_reads_both_from_the_record():
    """`if executed < full_year then … else …` compares the record's two amounts: 8 < 10 takes the
    rate (80%), 12 < 10 does not (100%)."""
    rules = rules_of("""budget { full_year executed }
value 率 = if executed < full_year then executed / full_year else 100%
indicator 预算执行率 { actual 率 }
""")
    under = rules.score(form(row("预算执行率", target="=100%"), budget={"full_year": "10", "executed": "8"}))
    over = rules.score(form(row("预算执行率", target="=100%"), budget={"full_year": "10", "executed": "12"}))
    assert (under.indicators[0].score, over.indicators[0].score) == (8, 10)


# ---- compile_expr's contract -------------------------------------------------------------------
# The checker admits `otherwise` only in values, which read names from a mapping and have no calls,
# so a rule file cannot show these: `compile_expr` promises them to any caller that passes resolvers.


def test_compile_expr_reads_the_names_of_both_ways_of_an_otherwise_through_the_given_reference():
    """The reference resolver reads `a` (here from `budget.a`), on the way before `otherwise` too."""
    expr = value_expr("value v = a otherwise 7\n")

    def reference(ref: n.Reference):
        return lambda env: env["budget." + ref.name.text]

    assert compile_expr(expr, reference)({"budget.a": Decimal(3)}) == 3


def test_compile_expr_resolves_a_call_before_otherwise_through_the_given_call_resolver():
    """`sum(…) otherwise 0` computes the sum by the call resolver given."""
    expr = value_expr("value v = sum(items.rows.spent) otherwise 0\n")

    def call(node: n.Call):
        return lambda env: Decimal(5)

    assert compile_expr(expr, call=call)({}) == 5

