"""Amounts: what a record's budget and sub-items hold, checked before scoring, and the values the
rule set computes from them.

Run first by the evaluator: budget names the rule set does not declare are a record error with
their path; an amount, self-score or weight below zero where none may be is a finding; each
declared value is computed in order (`value 执行率 = paid / appropriated`), and what cannot be
computed is kept with its cause, so that a row using it says why. A value computed by the way after
`otherwise` is a `value-fallback` finding, never silent.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..decimals import ZERO, approx_percent, plain
from ..errors import RecordError, RecordProblem, Unavailable
from ..messages import message
from ..names import hint
from ..phrases import joined, phrase
from .compiled import Choice, CompiledValue, ScoringRules, cause
from .findings import Finding
from .weights import WrittenPolicy

if TYPE_CHECKING:
    from ..records.record import Indicator, Items, Record


def check_budget(rules: ScoringRules, record: Record, source: str, findings: list[Finding]) -> None:
    declared = rules.budget_fields
    unknown = [name for name in record.budget if name not in declared]
    if unknown:
        problems = [
            RecordProblem(
                f"budget.{name}",
                joined(
                    message("score.unknown_budget_amount", rules=rules.title, name=name),
                    hint(name, declared),
                ),
            )
            for name in unknown
        ]
        raise RecordError(source, problems)
    if min(record.budget.values()) < ZERO:
        signed = rules.signed_budget
        for name, amount in record.budget.items():
            if amount < ZERO and name not in signed:
                said = message("score.negative_budget", label=declared[name], amount=amount)
                findings.append(_negative_amount(f"budget.{name}", said, amount))


def check_items(items: Items, findings: list[Finding]) -> None:
    """Sub-item amounts are budgeted or spent money: none is below zero."""
    total = items.declared_total
    if total is not None and ((total.budget or ZERO) < ZERO or (total.spent or ZERO) < ZERO):
        for field, key in (("budget", "score.negative_total_budget"), ("spent", "score.negative_total_spent")):
            amount = getattr(total, field)
            if amount is not None and amount < ZERO:
                path = f"items.declared_total.{field}"
                findings.append(_negative_amount(path, message(key, amount=amount), amount))
    for i, item in enumerate(items.rows):
        if (item.budget or ZERO) < ZERO or (item.spent or ZERO) < ZERO:
            for field, key in (("budget", "score.negative_item_budget"), ("spent", "score.negative_item_spent")):
                amount = getattr(item, field)
                if amount is not None and amount < ZERO:
                    said = message(key, name=item.name, amount=amount)
                    findings.append(_negative_amount(f"items.rows[{i}].{field}", said, amount))


def _negative_amount(path: str, said: Any, amount: Decimal) -> Finding:
    return Finding("negative-amount", "error", path, said, None, (("amount", plain(amount)),))


def check_negative(rules: ScoringRules, rows: tuple[Indicator, ...], negative: list[int], findings: list[Finding]) -> None:
    """A self-score below zero; a form weight below zero where the rules do not use it (where they
    do, in an `as_written` category, the row cannot be scored and its weight problem says so)."""
    for i in negative:
        row = rows[i]
        claimed, weight = row.score, row.weight
        if claimed is not None and claimed < ZERO:
            said = message("score.negative_score", name=row.name, score=claimed)
            findings.append(Finding("negative-score", "error", f"indicators[{i}].score", said, None, (("score", plain(claimed)),)))
        category = rules.categories.get(row.category)
        if weight is not None and weight < ZERO and (category is None or type(category.weights) is not WrittenPolicy):
            said = message("score.negative_weight", name=row.name, weight=weight)
            clause = category.weights.clause if category is not None else None
            findings.append(Finding("negative-weight", "error", f"indicators[{i}].weight", said, clause, (("weight", plain(weight)),)))


def values_of(
    rules: ScoringRules, record: Record, findings: list[Finding]
) -> tuple[dict[str, Decimal], dict[str, Any] | None]:
    """The record's budget amounts and every declared value they allow to compute; and, for each
    value that could not be computed, why (the `Unavailable` raised, traced to its first cause).
    A value computed by the way after an `otherwise` is a `value-fallback` finding."""
    env: dict[str, Decimal] = dict(record.budget)
    failed: dict[str, Any] | None = None
    for value in rules.values:  # in declared order: a value may use the ones before it
        try:
            result = value.compute(env)
        except Unavailable as why:
            if failed is None:
                failed = {}
            # a value built on one that failed fails for the same reason
            failed[value.name] = failed.get(why.args[1], why) if why.args[0] == "absent" else why
            continue
        env[value.name] = value.rounding(result) if value.rounding is not None else result
        if value.choices is not None:
            for choice in value.choices(env):
                if choice.kind == "fallback":
                    findings.append(_fallback(value, choice, env, failed))
    return env, failed


def _fallback(value: CompiledValue, choice: Choice, env: dict[str, Decimal], failed: dict[str, Any] | None) -> Finding:
    """`value-fallback`: the way before `otherwise` could not be computed, why, and the way used.
    The finding points at the budget amount that was absent or zero (through a value that could
    not be computed, to its own cause)."""
    why, what, where = cause(choice.reason, failed)
    computed = env[value.name]
    shown = approx_percent(computed) if value.unit == "%" else plain(computed) + (value.unit or "")
    reason = message("value.division_by_zero", divisor=what) if why == "zero" else message("value.amount_absent", amount=what)
    said = phrase("score.value_fallback", value=value.name, formula=choice.formula, reason=reason, fallback=choice.taken, result=shown)
    values = (("value", value.name), ("formula", choice.formula), ("fallback", choice.taken), ("result", shown))
    return Finding("value-fallback", "info", where if where.startswith("budget") else "budget", said, choice.clause, values)
