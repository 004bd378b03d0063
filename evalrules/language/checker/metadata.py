"""The rule file's own facts: its `ruleset` block and `maximum`, the `budget` fields, the `value`s."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ...names import suggest
from .. import nodes as n
from .base import MAX_EXPRESSION_NODES, Reporter, calls, references, size

YEARS = range(2000, 2100)


def metadata(report: Reporter, blocks: list[object]) -> n.Metadata | None:
    if not blocks:
        report.error(report.file_start(), "check.no_ruleset")
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
        report.rounding(value.rounding)
        report.declare(declared, value.name, value, "value")  # type: ignore[arg-type]
    return declared
