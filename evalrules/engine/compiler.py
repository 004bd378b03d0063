"""Compile: checked rules → an immutable `RuleSet` of plain objects and closures.

Every name was resolved by the checker, so compiling cannot fail: numbers are already exact
decimals, rounding clauses become `Rounder`s, expressions become closures over the budget mapping,
and every compiled piece keeps the id (`file:line`) of the clause it came from. Nothing from a rule
file is ever handed to `eval` or `exec`; the operators of an expression are looked up in a fixed
table of four.

A clause cites the rule set by its file name alone (`suzhou-2024.rules:49`), never the folder it
was loaded from, so that results are the same wherever the rules lie. A `RuleSet` holds closures:
this module, which builds every one, registers with `copyreg` how to pickle one (as its source text
and name) and how to load it (by compiling that text again).
"""

from __future__ import annotations

import copyreg
import operator
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any
from decimal import Decimal
from types import MappingProxyType

from ..decimals import ROUNDING_MODES, Rounder, plain
from ..errors import Unavailable
from ..language import nodes as n
from ..language import paths
from ..language.checker import check
from ..language.checker.resolved import CheckedRules
from ..language.parser import parse
from . import audit
from .compiled import (
    CompiledCategory,
    CompiledIndicator,
    CompiledValue,
    DeductionPolicy,
    GradePolicy,
    MissingPolicy,
    NotApplicablePolicy,
)
from .findings import Clause
from .ruleset import RuleSet, file_name
from .schemes import QualitativeScheme, QuantitativeScheme
from .weights import FixedPolicy, SplitPolicy, WeightPolicy, WrittenPolicy

_OPERATORS: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
}
_SYMBOLS = {"+": "+", "-": "−", "*": "×", "/": "÷"}

Env = Mapping[str, Decimal]


def clause_of(node: object) -> Clause:
    span = node.span  # type: ignore[attr-defined]
    return Clause(_cited(span.file), span.line, span.column)


@lru_cache(maxsize=64)
def _cited(path: str) -> str:
    return file_name(path)


def rounder(rounding: n.Rounding | None) -> Rounder | None:
    if rounding is None:
        return None
    return Rounder(
        rounding.quantum.value,
        ROUNDING_MODES[rounding.mode.text],
        rounding.quantum.text,
        clause_of(rounding).id,
    )


def compile_expr(
    expr: n.Expr,
    reference: Callable[[n.Reference], Callable[[Any], Any]] | None = None,
    call: Callable[[n.Call], Callable[[Any], Any]] | None = None,
    labels: Mapping[str, str] | None = None,
) -> Callable[[Any], Decimal]:
    """A closure computing `expr`; names are read by `reference` (default: a key of a mapping).

    What cannot be computed raises `Unavailable(why, what)`: ("absent", the amount's label) for a
    name the mapping lacks, ("zero", the divisor as written with labels) for a division by zero.
    """
    labels = labels or {}
    if isinstance(expr, n.Literal):
        constant = expr.number.value
        return lambda env: constant
    if isinstance(expr, n.Reference):
        if reference is not None:
            return reference(expr)
        key = expr.name.text
        label = labels.get(key, key)

        def lookup(env: Env) -> Decimal:
            found = env.get(key)
            if found is None:
                raise Unavailable("absent", label)
            return found

        return lookup
    if isinstance(expr, n.Call):
        assert call is not None, "the checker admits calls only where a call resolver is given"
        return call(expr)
    if isinstance(expr, n.Negate):
        inner = compile_expr(expr.operand, reference, call, labels)
        return lambda env: -inner(env)
    left = compile_expr(expr.left, reference, call, labels)
    right = compile_expr(expr.right, reference, call, labels)
    if expr.operator == "/":
        divisor_text = render_expr(expr.right, None, labels)

        def divide(env: Any) -> Decimal:
            divisor = right(env)
            if divisor == 0:
                raise Unavailable("zero", divisor_text)
            return left(env) / divisor

        return divide
    apply = _OPERATORS[expr.operator]
    return lambda env: apply(left(env), right(env))


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def render_expr(expr: n.Expr, env: Env | None, labels: Mapping[str, str], outer: int = 0) -> str:
    """The expression written out: with names (`实际支付数 ÷ 财政拨款数`) or with the numbers used.

    Parentheses are written where the rule file needs them: around a sum inside a product, and
    around the right side of a − or ÷ of the same precedence.
    """
    if isinstance(expr, n.Literal):
        return expr.number.text
    if isinstance(expr, n.Reference):
        key = expr.name.text
        if env is None:
            return labels.get(key, key)
        found = env.get(key)
        return plain(found) if found is not None else "?"
    if isinstance(expr, n.Negate):
        return "−" + render_expr(expr.operand, env, labels, 3)
    assert isinstance(expr, n.Binary)
    level = _PRECEDENCE[expr.operator]
    left = render_expr(expr.left, env, labels, level)
    right_level = level + 1 if expr.operator in "-/" else level
    right = render_expr(expr.right, env, labels, right_level)
    text = f"{left} {_SYMBOLS[expr.operator]} {right}"
    return f"({text})" if level < outer else text


def compile_rules(checked: CheckedRules) -> RuleSet:
    """Turn checked rules into a `RuleSet`, ready to score any number of records."""
    meta = checked.metadata
    labels = {f.name.text: (f.label.value if f.label else f.name.text) for f in (checked.budget.fields if checked.budget else ())}
    budget_unit = checked.budget.unit.value if checked.budget and checked.budget.unit else None
    kinds: dict[str, str] = {}
    for name, value in checked.values.items():
        kinds[name] = value_kind(value.expr, kinds)
    values = tuple(
        CompiledValue(
            name=name,
            compute=compile_expr(value.expr, labels=labels),
            rounding=rounder(value.rounding),
            clause=clause_of(value),
            formula=render_expr(value.expr, None, labels),
            render=_renderer(value.expr, labels),
            unit=_UNITS[kinds[name]] if kinds[name] != "amount" else budget_unit,
        )
        for name, value in checked.values.items()
    )
    quantitative = {name: _quantitative(name, clauses) for name, clauses in checked.quantitative.items()}
    qualitative = {name: _qualitative(node) for name, node in checked.qualitative.items()}
    categories = {
        name: CompiledCategory(
            name=name,
            weights=_weights(category.weights),
            quantitative=quantitative[category.quantitative.name.text],
            qualitative=qualitative[category.qualitative.name.text],
            counted=category.counted,
            total=category.total,
            clause=clause_of(category.node),
            required=tuple(r.text for r in category.required.names) if category.required else (),
            required_clause=clause_of(category.required) if category.required else None,
            optional=category.optional,
        )
        for name, category in checked.categories.items()
    }
    indicators = {
        name: CompiledIndicator(
            name=name,
            actual=next(v for v in values if v.name == rule.actual.name.text) if rule.actual else None,
            quantitative=quantitative[rule.quantitative.name.text] if rule.quantitative else None,
            qualitative=qualitative[rule.qualitative.name.text] if rule.qualitative else None,
            clause=clause_of(rule.node),
            target=rule.target_value,
            target_clause=clause_of(rule.target) if rule.target else None,
        )
        for name, rule in checked.indicators.items()
    }
    return RuleSet(
        checks=tuple(_check(check) for check in checked.checks.values()),
        path=checked.file.path,
        source=checked.file.source,
        title=meta.title.value,
        jurisdiction=meta.jurisdiction.value if meta.jurisdiction else None,
        year=meta.year,
        effective_from=meta.effective_from,
        effective_to=meta.effective_to,
        budget_fields=MappingProxyType(labels),
        signed_budget=frozenset(f.name.text for f in checked.budget.fields if f.signed) if checked.budget else frozenset(),
        budget_unit=budget_unit,
        values=values,
        categories=MappingProxyType(categories),
        indicators=MappingProxyType(indicators),
        missing=_missing(checked.missing),
        not_applicable=_not_applicable(checked.not_applicable),
        grades=_grades(checked.grades),
        maximum=checked.maximum,
        warnings=tuple(checked.warnings),
        category_aliases=MappingProxyType(_aliases(checked.categories)),
        indicator_aliases=MappingProxyType(_aliases(checked.indicators)),
        deductions=_deductions(checked.deductions),
    )


def _aliases(owners: Mapping[str, Any]) -> dict[str, str]:
    """alias → the name it stands for, from the `aliases` clauses of categories or indicator rules."""
    return {
        alias.text: name
        for name, owner in owners.items()
        if owner.aliases is not None
        for alias in owner.aliases.names
    }


def _deductions(node: n.Deductions | None) -> DeductionPolicy | None:
    return DeductionPolicy(node.floor.value, clause_of(node)) if node is not None else None


_UNITS = {"rate": "%", "number": None}


def value_kind(expr: n.Expr, kinds: Mapping[str, str]) -> str:
    """What a value measures: "amount" (money, in the budget's unit), "rate" or a plain "number".

    Budget fields are amounts; an amount divided by an amount is a rate (实际支付数 ÷ 财政拨款数);
    a sum or difference with an amount in it is an amount; scaling keeps the kind.
    """
    if isinstance(expr, n.Literal):
        return "rate" if expr.number.percent else "number"
    if isinstance(expr, n.Reference):
        return kinds.get(expr.name.text, "amount")
    if isinstance(expr, n.Negate):
        return value_kind(expr.operand, kinds)
    assert isinstance(expr, n.Binary)
    left, right = value_kind(expr.left, kinds), value_kind(expr.right, kinds)
    if expr.operator == "/":
        if right == "number":
            return left
        if left == right:
            return "rate" if left == "amount" else "number"
        return "amount" if left == "amount" else "number"
    if expr.operator == "*":
        return "amount" if "amount" in (left, right) else "rate" if "rate" in (left, right) else "number"
    return "amount" if "amount" in (left, right) else "rate" if "rate" in (left, right) else "number"


def _check(check: n.Check) -> audit.CompiledCheck:
    row = check.row.text if check.row is not None else None
    collection = check.collection.name.text if check.collection is not None else None
    requirement = next(c for c in check.clauses if isinstance(c, n.Requirement))
    place = next(c for c in check.clauses if isinstance(c, n.Reference)).name.text
    if row is not None and (place == row or place.startswith(row + ".")):
        field = place[len(row) + 1 :]
        field = paths.RECORD_FIELDS.get(collection or "", {}).get(field, field)
        place = f"{collection}[{{}}]" + (f".{field}" if field else "")

    def reference(ref: n.Reference) -> Callable[[Any], Any]:
        return audit.needed(audit.accessor(ref.name.text, row))

    def call(node: n.Call) -> Callable[[Any], Any]:
        return audit.summer(node.argument.name.text)  # type: ignore[union-attr]

    def side(expr: n.Expr | n.Text) -> Callable[[Any], Any]:
        # a bare path reads straight from the record (None where absent); arithmetic needs values
        if isinstance(expr, n.Text):
            return audit.constant(expr.value)
        if isinstance(expr, n.Reference):
            return audit.accessor(expr.name.text, row)
        return compile_expr(expr, reference, call)

    tolerance = requirement.tolerance.value if requirement.tolerance is not None else None
    where = check.where
    fast: tuple[audit.Column, audit.Column] | None = None
    chosen: tuple[audit.Column, str, audit.Column] | None = None
    if row is not None:
        filter_sides = (_column(where.left, row), _column(where.right, row)) if where is not None else (None, None)
        if where is not None and None not in filter_sides:
            chosen = (filter_sides[0], where.comparator, filter_sides[1])  # type: ignore[assignment]
        sides = (_column(requirement.left, row), _column(requirement.right, row))
        if None not in sides and (where is None or chosen is not None):
            fast = sides  # type: ignore[assignment]
    sides = {
        own: expr.name.text if isinstance(expr, n.Reference) else None
        for own, expr in (("left", requirement.left), ("right", requirement.right))
    }
    messages = {m.language: audit.compile_message(m.text.value, row, sides) for m in check.clauses if isinstance(m, n.Message)}
    return audit.CompiledCheck(
        name=check.name.text,
        severity=check.severity,
        collection=collection,
        left=side(requirement.left),
        comparator=requirement.comparator,
        right=side(requirement.right),
        holds=audit.comparison(requirement.comparator, tolerance),
        at=place,
        messages=messages,
        clause=clause_of(check),
        # a `where` that reads the row alone is run over columns (`chosen`); any other, row by row
        where=audit.condition(side(where.left), where.comparator, side(where.right)) if where is not None and chosen is None else None,
        on_row=fast,  # type: ignore[arg-type]
        chosen=chosen,
    )


def _column(expr: n.Expr | n.Text, row: str) -> audit.Column | None:
    """A side of a per-row check as a column of the collection, or a constant; None when it reads more."""
    if isinstance(expr, n.Text):
        return ("constant", expr.value)
    if isinstance(expr, n.Literal):
        return ("constant", expr.number.value)
    if isinstance(expr, n.Reference) and expr.name.text.startswith(row + "."):
        return ("field", expr.name.text[len(row) + 1 :])
    return None


def recompile(source: str, path: str) -> RuleSet:
    """Compile rule-file text again: how a pickled `RuleSet` is loaded."""
    return compile_rules(check(parse(source, path)))


def _pickled(rules: RuleSet) -> tuple[Any, ...]:
    return (recompile, (rules.source, rules.path))


copyreg.pickle(RuleSet, _pickled)


def _renderer(expr: n.Expr, labels: Mapping[str, str]) -> Callable[[Env], str]:
    return lambda env: render_expr(expr, env, labels)


def _quantitative(name: str, clauses: dict[str, n.QuantitativeClause]) -> QuantitativeScheme:
    reverse = clauses["reverse"]
    below = clauses["below"]
    above = clauses["above"]
    completion_rounding = clauses.get("completion rounding")
    score_rounding = clauses.get("score rounding")
    return QuantitativeScheme(
        name,
        reverse="linear" if isinstance(reverse, n.ReverseLinear) else "inverse_ratio",
        zero_at=reverse.zero_at.value if isinstance(reverse, n.ReverseLinear) else None,
        round_completion=rounder(completion_rounding.rounding) if completion_rounding else None,  # type: ignore[union-attr]
        below={n.BelowProportional: "proportional", n.BelowSlope: "slope", n.BelowSteps: "steps"}[type(below)],
        below_rate=below.rate.value if isinstance(below, n.BelowSlope) else None,
        below_basis=below.basis if isinstance(below, n.BelowSlope) else "completion",
        step_points=below.points.value if isinstance(below, n.BelowSteps) else None,
        step=below.step.value if isinstance(below, n.BelowSteps) else None,
        above={n.AboveNone: "none", n.AbovePenalty: "penalty", n.AboveWarn: "warn"}[type(above)],
        threshold=above.threshold.value if isinstance(above, (n.AbovePenalty, n.AboveWarn)) else None,
        above_rate=above.rate.value if isinstance(above, n.AbovePenalty) else None,
        round_score=rounder(score_rounding.rounding) if score_rounding else None,  # type: ignore[union-attr]
        clauses={kind: clause_of(clause) for kind, clause in clauses.items()},
    )


def _qualitative(node: n.Qualitative) -> QualitativeScheme:
    levels = next((c for c in node.clauses if isinstance(c, (n.Levels, n.Bands))), None)
    words = next((c for c in node.clauses if isinstance(c, n.Words)), None)
    rounding = next((c for c in node.clauses if isinstance(c, n.ScoreRounding)), None)
    word_levels = {w.word.text: w.level.value for w in words.levels} if words else {}
    if isinstance(levels, n.Levels):
        allowed = ", ".join(level.text for level in levels.levels)
    elif isinstance(levels, n.Bands):
        allowed = ", ".join(f"{b.name.text} {b.interval}" for b in levels.bands)
    else:
        allowed = ", ".join(word_levels)
    if words and levels is not None:
        allowed += "; " + ", ".join(word_levels)
    return QualitativeScheme(
        node.name.text,
        levels=frozenset(level.value for level in levels.levels) if isinstance(levels, n.Levels) else None,
        bands=tuple((b.name.text, b.interval) for b in levels.bands) if isinstance(levels, n.Bands) else None,
        words=word_levels,
        round_score=rounder(rounding.rounding) if rounding else None,
        clause=clause_of(levels or words or node),
        allowed_text=allowed,
    )


def _weights(policy: n.WeightPolicy) -> WeightPolicy:
    if isinstance(policy, n.FixedWeights):
        weights = {w.indicator.text: (w.weight.value, clause_of(w)) for w in policy.weights}
        total = policy.total.value if policy.total else sum((w for w, _ in weights.values()), Decimal(0))
        return FixedPolicy(weights, total, clause_of(policy))
    if isinstance(policy, n.WrittenWeights):
        return WrittenPolicy(policy.total.value, clause_of(policy))
    quantum = policy.apportion.value if policy.apportion is not None else None
    return SplitPolicy(policy.total.value, quantum, rounder(policy.rounding), clause_of(policy))


def _missing(node: n.Missing) -> MissingPolicy:
    without = next(c for c in node.cases if not c.explained)
    explained = next(c for c in node.cases if c.explained)
    return MissingPolicy(
        without=without.score.value if without.score is not None else None,
        with_explanation=explained.score.value if explained.score is not None else None,
        without_clause=clause_of(without),
        with_clause=clause_of(explained),
    )


def _not_applicable(node: n.NotApplicable | None) -> NotApplicablePolicy | None:
    if node is None:
        return None
    return NotApplicablePolicy(
        words=frozenset(w.value for w in node.words),
        rescale=node.action == "rescale",
        quantum=node.apportion.value if node.apportion else None,
        clause=clause_of(node),
    )


def _grades(node: n.Grades | None) -> GradePolicy | None:
    if node is None:
        return None
    bands = tuple(
        (
            g.name.text,
            g.at_least.value if g.at_least is not None else None,
            g.interval,
            clause_of(g),
        )
        for g in node.grades
    )
    return GradePolicy(bands)
