"""The rule file's own facts: its `ruleset` block (or `part` line) and `maximum`, the `budget`
fields, the `value`s."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ...messages import message
from ...names import suggest
from .. import nodes as n
from .base import MAX_EXPRESSION_NODES, Reporter, calls, choices, references, size

YEARS = range(2000, 2100)


def part(report: Reporter, parts: list[object], rulesets: list[object]) -> n.Part | None:
    """`part "…"`: the file is a part (规则片段), written once, and then has no `ruleset` block.
    A part is checked as far as it can be alone (`check` leaves out what needs a whole rule set)."""
    if not parts:
        return None
    first = parts[0]
    assert isinstance(first, n.Part)
    for extra in parts[1:]:
        report.error(extra.span, "check.second_part", line=first.span.line)  # type: ignore[attr-defined]
    for ruleset in rulesets:
        report.error(ruleset.span, "check.part_and_ruleset", line=first.span.line)  # type: ignore[attr-defined]
    return first


def metadata(report: Reporter, blocks: list[object], parent_is_part: bool = False) -> n.Metadata | None:
    if not blocks:
        hint = message("check.no_ruleset_extends_part") if parent_is_part else None
        report.error(report.file_start(), "check.no_ruleset", hint)
        return None
    meta = report.only_one(blocks, "ruleset")
    assert isinstance(meta, n.Metadata)
    if meta.year is not None and meta.year not in YEARS:
        report.warn(meta.span, "check.year_unusual", year=meta.year)
    dates = []
    for text in (meta.effective_from, meta.effective_to):
        if text is None:
            continue
        try:
            dates.append(datetime.date.fromisoformat(text))
        except ValueError:
            report.error(meta.span, "check.not_a_date", date=text)
    if len(dates) == 2 and dates[0] > dates[1]:
        report.error(meta.span, "check.ends_before_start", start=meta.effective_from, end=meta.effective_to)
    elif len(dates) == 2 and meta.year is not None and not dates[0].year <= meta.year <= dates[1].year:
        report.warn(meta.span, "check.effective_outside_year", start=meta.effective_from, end=meta.effective_to, year=meta.year)
    return meta


def maximum(report: Reporter, meta: n.Metadata, computed: Decimal) -> None:
    """`maximum`, when stated, is the sum of the counted categories' totals."""
    if meta.maximum is not None:
        report.points(meta.maximum, "maximum")
    if meta.maximum is not None and meta.maximum.value != computed:
        report.error(meta.maximum.span, "check.maximum_mismatch", computed=computed, maximum=meta.maximum.text)


def budget(report: Reporter, block: n.Budget | None) -> dict[str, n.BudgetField]:
    names: dict[str, n.BudgetField] = {}
    if block is not None:
        for budget_field in block.fields:
            report.declare(names, budget_field.name, budget_field, "budget_field")  # type: ignore[arg-type]
    return names


def values(report: Reporter, nodes: list[n.Value], budget: dict[str, n.BudgetField]) -> dict[str, n.Value]:
    declared: dict[str, n.Value] = {}
    kinds: dict[str, str] = {}  # what each value declared so far measures
    for value in nodes:
        if value.name.text in budget:
            report.error(value.name.span, "check.value_is_budget_field", name=value.name.text)
            continue
        if size(value.expr) > MAX_EXPRESSION_NODES:
            report.error(value.span, "check.value_too_long", name=value.name.text, most=MAX_EXPRESSION_NODES)
            continue
        for call in calls(value.expr):
            report.error(call.span, "check.call_in_value", function=call.function.text)
        # A value may use budget fields and the values declared before it: no cycles.
        for ref in references(value.expr):
            if ref.text not in budget and ref.text not in declared:
                known = list(budget) + list(declared)
                report.error(ref.span, "check.value_unknown_reference", suggest(ref.text, known), name=ref.text)
        _choices(report, value.expr, kinds)
        report.rounding(value.rounding)
        if report.declare(declared, value.name, value, "value"):  # type: ignore[arg-type]
            kinds[value.name.text] = measure(value.expr, kinds)
    return declared


def _choices(report: Reporter, expr: n.Expr, kinds: dict[str, str]) -> None:
    """`otherwise` and `if`: the two ways must not be a rate and an amount, and an
    `if` compares numbers (there is no text among amounts, and nothing printed to round to)."""
    for choice in choices(expr):
        first, second = (choice.primary, choice.fallback) if isinstance(choice, n.Otherwise) else (choice.then, choice.otherwise)
        one, other = measure(first, kinds), measure(second, kinds)
        if {one, other} == {"amount", "rate"}:  # a plain number (`otherwise 0`) goes with either
            word = "otherwise" if isinstance(choice, n.Otherwise) else "if"
            report.error(second.span, "check.choice_kinds", word=word, first=message(_MEASURES[one]), second=message(_MEASURES[other]))
        if isinstance(choice, n.Conditional):
            for test in n.tests_of(choice.condition):
                if isinstance(test.right, (n.Text, n.Empty, n.Truth)):
                    report.error(test.span, "check.value_condition_numbers")
                elif test.printed:
                    report.error(test.span, "check.printed_in_value")
                if test.tolerance is not None:
                    if test.comparator not in ("=", "!="):
                        report.error(test.tolerance.span, "check.within_numbers")
                    report.positive(test.tolerance, "tolerance")


_MEASURES = {"amount": "measure.amount", "rate": "measure.rate", "number": "measure.number"}


def measure(expr: n.Expr, kinds: dict[str, str]) -> str:
    """What a value measures: "amount" (money, in the budget's unit), "rate" or a plain "number".

    Budget fields are amounts; an amount divided by an amount is a rate (实际支付数 ÷ 财政拨款数);
    a sum or difference with an amount in it is an amount; scaling keeps the kind; `otherwise` and
    `if` measure what their first way does, or the second's when the first is a plain number.
    """
    if isinstance(expr, n.Literal):
        return "rate" if expr.number.percent else "number"
    if isinstance(expr, n.Reference):
        return kinds.get(expr.name.text, "amount")
    if isinstance(expr, n.Negate):
        return measure(expr.operand, kinds)
    if isinstance(expr, (n.Otherwise, n.Conditional)):
        first, second = (expr.primary, expr.fallback) if isinstance(expr, n.Otherwise) else (expr.then, expr.otherwise)
        kind = measure(first, kinds)
        return measure(second, kinds) if kind == "number" else kind
    if isinstance(expr, n.Call):
        return "number"
    left, right = measure(expr.left, kinds), measure(expr.right, kinds)
    if expr.operator == "/":
        if right == "number":
            return left
        if left == right:
            return "rate" if left == "amount" else "number"
        return "amount" if left == "amount" else "number"
    return "amount" if "amount" in (left, right) else "rate" if "rate" in (left, right) else "number"
