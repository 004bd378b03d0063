"""Compile: checked rules → an immutable `RuleSet` of plain objects and closures.

Every name was resolved by the checker, so compiling cannot fail: numbers are already exact
decimals, rounding clauses become `Rounder`s, expressions become closures over the budget mapping,
and every compiled piece keeps the id (`file:line`) of the clause it came from. Nothing from a rule
file is ever handed to `eval` or `exec`; the operators of an expression are looked up in a fixed
table of four.

A clause cites the rule set by its file name alone (`suzhou-2024.rules:53`), never the folder it
was loaded from, so that results are the same wherever the rules lie. A `RuleSet` holds closures:
this module, which builds every one, registers with `copyreg` how to pickle one (as its source text
and name, and those of the files it extends) and how to load it (by compiling those texts again).
"""

from __future__ import annotations

import copyreg
import operator
from dataclasses import replace
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
from ..language.checker.policies import in_points, points_of
from ..language.checker.base import choices, parts
from ..language.checker.metadata import measure
from ..language.checker.resolved import CheckedRules
from ..language.parser import parse
from . import audit
from .compiled import (
    Choice,
    CompiledBlock,
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
    sources: Mapping[str, n.Expr] | None = None,
) -> Callable[[Any], Decimal]:
    """A closure computing `expr`; names are read by `reference` (default: a key of a mapping).

    What cannot be computed raises `Unavailable(why, what, where)`: ("absent", the amount's label,
    `budget.NAME` or the value's name) for a name the mapping lacks, ("zero", the divisor as
    written with labels, the budget field it reads) for a division by zero. `sources` (each
    value's expression) lets a divisor that is a value be traced to its budget fields.
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
        where = f"budget.{key}" if key in labels else key

        def lookup(env: Env) -> Decimal:
            found = env.get(key)
            if found is None:
                raise Unavailable("absent", label, where)
            return found

        return lookup
    if isinstance(expr, n.Call):
        assert call is not None, "the checker admits calls only where a call resolver is given"
        return call(expr)
    if isinstance(expr, n.Negate):
        inner = compile_expr(expr.operand, reference, call, labels, sources)
        return lambda env: -inner(env)
    if isinstance(expr, n.Otherwise):
        return _otherwise(expr, reference, call, labels, sources)
    if isinstance(expr, n.Conditional):
        holds = compile_condition(expr.condition, reference, call, labels, sources)
        then = compile_expr(expr.then, reference, call, labels, sources)
        other = compile_expr(expr.otherwise, reference, call, labels, sources)
        return lambda env: then(env) if holds(env) else other(env)
    left = compile_expr(expr.left, reference, call, labels, sources)
    right = compile_expr(expr.right, reference, call, labels, sources)
    if expr.operator == "/":
        divisor_text = render_expr(expr.right, None, labels)
        divisor_place = _place_of(expr.right, labels, sources or {})
        chosen = bool(choices(expr.right))  # with `otherwise`/`if`: the place of the way taken

        def divide(env: Any) -> Decimal:
            divisor = right(env)
            if divisor == 0:
                if chosen:
                    taken = render_expr(expr.right, None, labels, pick=env)
                    raise Unavailable("zero", taken, _place_of(expr.right, labels, sources or {}, env))
                raise Unavailable("zero", divisor_text, divisor_place)
            return left(env) / divisor

        return divide
    apply = _OPERATORS[expr.operator]
    return lambda env: apply(left(env), right(env))


def _otherwise(
    expr: n.Otherwise,
    reference: Callable[[n.Reference], Callable[[Any], Any]] | None,
    call: Callable[[n.Call], Callable[[Any], Any]] | None,
    labels: Mapping[str, str],
    sources: Mapping[str, n.Expr] | None,
) -> Callable[[Any], Decimal]:
    """`a otherwise b`: a, or b when a cannot be computed; b failing too fails the whole."""
    primary = compile_expr(expr.primary, reference, call, labels, sources)
    fallback = compile_expr(expr.fallback, reference, call, labels, sources)

    def either(env: Any) -> Decimal:
        try:
            return primary(env)
        except Unavailable:
            return fallback(env)

    return either


def compile_condition(
    condition: n.Condition,
    reference: Callable[[n.Reference], Callable[[Any], Any]] | None = None,
    call: Callable[[n.Call], Callable[[Any], Any]] | None = None,
    labels: Mapping[str, str] | None = None,
    sources: Mapping[str, n.Expr] | None = None,
) -> Callable[[Any], bool]:
    """Whether every test of a value's condition holds; an operand that cannot be computed raises
    `Unavailable` (an absent amount is not 0: the condition cannot be decided)."""
    tests = []
    for test in n.tests_of(condition):
        left = compile_expr(test.left, reference, call, labels, sources)
        right = compile_expr(test.right, reference, call, labels, sources)  # type: ignore[arg-type]
        tolerance = test.tolerance.value if test.tolerance is not None else None
        tests.append((left, right, audit.comparison(test.comparator, tolerance)))

    def holds(env: Any) -> bool:
        return all(compare(left(env), right(env)) for left, right, compare in tests)

    return holds


def _place_of(expr: n.Expr, labels: Mapping[str, str], sources: Mapping[str, n.Expr], env: Env | None = None) -> str:
    """Where on the form a divisor's zero lies: `budget.NAME` when it reads one budget field (with
    the amounts `env`, only along the ways an `otherwise` or `if` took), else the whole `budget`."""
    fields = _reads(expr, labels, sources, env)
    return f"budget.{fields[0]}" if len(fields) == 1 else "budget"


def _reads(
    expr: n.Expr, labels: Mapping[str, str], sources: Mapping[str, n.Expr], env: Env | None = None
) -> tuple[str, ...]:
    """The budget amounts an expression reads, a value followed to its own, in reading order;
    with the amounts `env`, only along the ways an `otherwise` or `if` took."""
    fields: list[str] = []
    stack, seen = [expr], set()
    while stack:
        node = stack.pop()
        if isinstance(node, n.Reference):
            key = node.name.text
            if key in labels:
                if key not in fields:
                    fields.append(key)
            elif key in sources and key not in seen:
                seen.add(key)
                stack.append(sources[key])
        elif env is not None and isinstance(node, (n.Otherwise, n.Conditional)):
            stack.append(_way(node, env))
        else:
            stack.extend(reversed(parts(node)))
    return tuple(fields)


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def render_expr(
    expr: n.Expr, env: Env | None, labels: Mapping[str, str], outer: int = 0, pick: Env | None = None
) -> str:
    """The expression written out: with names (`实际支付数 ÷ 财政拨款数`) or with the numbers used.

    Parentheses are written where the rule file needs them: around a sum inside a product, around
    the right side of a − or ÷ of the same precedence, and around a negative number or negation
    inside another operation. With numbers (`env`), or with names
    and `pick` (the amounts that decide), an `otherwise` or `if` is written as the way taken only;
    with names alone it is written as in the rule file.
    """
    if isinstance(expr, n.Literal):
        return expr.number.text
    if isinstance(expr, n.Reference):
        key = expr.name.text
        if env is None:
            return labels.get(key, key)
        found = env.get(key)
        if found is None:
            return "?"
        if found < 0:  # −3, and (−3) inside anything: `5 − (−3)`, never `5 − -3`
            return f"(−{plain(-found)})" if outer > 0 else f"−{plain(-found)}"
        return plain(found)
    if isinstance(expr, n.Negate):
        operand = render_expr(expr.operand, env, labels, 3, pick)
        return "−" + (f"({operand})" if operand.startswith("−") else operand)  # −(−x), never −−x
    if isinstance(expr, (n.Otherwise, n.Conditional)):
        deciding = env if env is not None else pick
        if deciding is not None:
            return render_expr(_way(expr, deciding), env, labels, outer, pick)
        if isinstance(expr, n.Otherwise):
            text = f"{render_expr(expr.primary, None, labels, 1)} otherwise {render_expr(expr.fallback, None, labels)}"
        else:
            condition = render_condition(expr.condition, labels)
            then, other = render_expr(expr.then, None, labels), render_expr(expr.otherwise, None, labels)
            text = f"if {condition} then {then} else {other}"
        return f"({text})" if outer > 0 else text
    assert isinstance(expr, n.Binary)
    level = _PRECEDENCE[expr.operator]
    left = render_expr(expr.left, env, labels, level, pick)
    right_level = level + 1 if expr.operator in "-/" else level
    right = render_expr(expr.right, env, labels, right_level, pick)
    text = f"{left} {_SYMBOLS[expr.operator]} {right}"
    return f"({text})" if level < outer else text


_COMPARATORS = {"=": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def render_condition(condition: n.Condition, labels: Mapping[str, str]) -> str:
    """A value's condition written out with labels: `全年预算数 = 0 and 全年执行数 > 0`."""
    said = []
    for test in n.tests_of(condition):
        text = f"{render_expr(test.left, None, labels)} {_COMPARATORS[test.comparator]} {render_expr(test.right, None, labels)}"  # type: ignore[arg-type]
        if test.tolerance is not None:
            text += f" within {test.tolerance.text}"
        said.append(text)
    return " and ".join(said)


def _way(expr: n.Otherwise | n.Conditional, env: Env) -> n.Expr:
    """The way an `otherwise` or `if` takes for these amounts (the first, when nothing decides)."""
    try:
        if isinstance(expr, n.Otherwise):
            compile_expr(expr.primary)(env)
            return expr.primary
        return expr.then if compile_condition(expr.condition)(env) else expr.otherwise
    except Unavailable:
        return expr.fallback if isinstance(expr, n.Otherwise) else expr.then


def _chooser(expr: n.Expr, labels: Mapping[str, str], sources: Mapping[str, n.Expr]) -> Callable[[Env], tuple[Choice, ...]] | None:
    """For an expression with `otherwise` or `if`: the ways taken for a record's amounts, in
    reading order, each with what decided it (None for an expression without any)."""
    inner = [c for c in (_chooser(part, labels, sources) for part in parts(expr)) if c is not None]
    if isinstance(expr, n.Otherwise):
        primary = compile_expr(expr.primary, labels=labels, sources=sources)
        formula, clause = render_expr(expr.primary, None, labels), clause_of(expr)
        before = _chooser(expr.primary, labels, sources)
        after = _chooser(expr.fallback, labels, sources)

        def fallback(env: Env) -> tuple[Choice, ...]:
            try:
                primary(env)
            except Unavailable as why:
                taken = render_expr(expr.fallback, None, labels, pick=env)
                return (Choice("fallback", formula, taken, clause, reason=why.args), *(after(env) if after else ()))
            return before(env) if before else ()

        return fallback
    if isinstance(expr, n.Conditional):
        holds = compile_condition(expr.condition, labels=labels, sources=sources)
        condition, clause = render_condition(expr.condition, labels), clause_of(expr)
        ways = {True: (expr.then, _chooser(expr.then, labels, sources)), False: (expr.otherwise, _chooser(expr.otherwise, labels, sources))}

        def condition_of(env: Env) -> tuple[Choice, ...]:
            held = holds(env)
            way, further = ways[held]
            taken = render_expr(way, None, labels, pick=env)
            return (Choice("condition", condition, taken, clause, holds=held), *(further(env) if further else ()))

        return condition_of
    if not inner:
        return None
    return lambda env: tuple(choice for walk in inner for choice in walk(env))


def compile_rules(checked: CheckedRules) -> RuleSet:
    """Turn checked rules into a `RuleSet`, ready to score any number of records."""
    meta = checked.metadata
    labels = {f.name.text: (f.label.value if f.label else f.name.text) for f in (checked.budget.fields if checked.budget else ())}
    budget_unit = checked.budget.unit.value if checked.budget and checked.budget.unit else None
    kinds: dict[str, str] = {}
    for name, value in checked.values.items():
        kinds[name] = value_kind(value.expr, kinds)
    sources = {name: value.expr for name, value in checked.values.items()}
    values = tuple(
        CompiledValue(
            name=name,
            compute=compile_expr(value.expr, labels=labels, sources=sources),
            rounding=rounder(value.rounding),
            clause=clause_of(value),
            formula=render_expr(value.expr, None, labels),
            render=_renderer(value.expr, labels),
            unit=_UNITS[kinds[name]] if kinds[name] != "amount" else budget_unit,
            choices=_chooser(value.expr, labels, sources),
            picked=_picker(value.expr, labels) if choices(value.expr) else None,
            reads=_reads(value.expr, labels, sources),
        )
        for name, value in checked.values.items()
    )
    quantitative = {name: _quantitative(name, clauses) for name, clauses in checked.quantitative.items()}
    qualitative = {name: _qualitative(node) for name, node in checked.qualitative.items()}
    blocks = {name: _block(block) for name, block in checked.blocks.items()}
    block_of = {category: block.name for block in blocks.values() for category in block.categories}
    categories = {
        name: CompiledCategory(
            name=name,
            weights=_weights(category.weights),
            quantitative=quantitative[category.quantitative.name.text],
            qualitative=qualitative[category.qualitative.name.text],
            counted=category.counted,
            total=category.total,
            clause=clause_of(category.node),
            free=category.fixed_total is None,
            block=block_of.get(name),
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
        extends=tuple((f.path, f.source) for f in checked.file.chain()[1:]),
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
        blocks=MappingProxyType(blocks),
        indicators=MappingProxyType(indicators),
        missing=_missing(checked.missing),
        not_applicable=_not_applicable(checked.not_applicable),
        grades=_grades(checked.grades, checked.maximum),
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
    """What a value measures: "amount" (money, in the budget's unit), "rate" or a plain "number"
    (the checker's `measure`, which also holds both ways of an `otherwise` or `if` to one kind)."""
    return measure(expr, dict(kinds))


def _check(check: n.Check) -> audit.CompiledCheck:
    row = check.row.text if check.row is not None else None
    collection = check.collection.name.text if check.collection is not None else None
    requirement = next(c for c in check.clauses if isinstance(c, (n.Requirement, n.AllOf)))
    when = next((c.condition for c in check.clauses if isinstance(c, n.When)), None)
    place = next(c for c in check.clauses if isinstance(c, n.Reference)).name.text
    if row is not None and (place == row or place.startswith(row + ".")):
        field = place[len(row) + 1 :]
        field = paths.RECORD_FIELDS.get(collection or "", {}).get(field, field)
        place = f"{collection}[{{}}]" + (f".{field}" if field else "")

    def reference(ref: n.Reference) -> Callable[[Any], Any]:
        return audit.needed(audit.accessor(ref.name.text, row))

    def call(node: n.Call) -> Callable[[Any], Any]:
        return audit.summer(node.argument.name.text)  # type: ignore[union-attr]

    def side(expr: n.Expr | n.Text | n.Truth) -> Callable[[Any], Any]:
        # a bare path reads straight from the record (None where absent); arithmetic needs values
        if isinstance(expr, (n.Text, n.Truth)):
            return audit.constant(expr.value)
        if isinstance(expr, n.Reference):
            return audit.accessor(expr.name.text, row)
        return compile_expr(expr, reference, call)

    def compiled(test: n.Requirement) -> audit.Test:
        if isinstance(test.right, n.Empty):  # `is empty`: an absent text is empty too
            return (audit.emptied(side(test.left)), test.comparator, audit.constant(""), audit.comparison(test.comparator, None))
        tolerance = test.tolerance.value if test.tolerance is not None else None
        holds = audit.comparison(test.comparator, tolerance, test.printed)
        return (side(test.left), test.comparator, side(test.right), holds)  # type: ignore[arg-type]

    tests = n.tests_of(requirement)
    first, *more = [compiled(test) for test in tests]
    filters = n.tests_of(check.where) if check.where is not None else ()
    fast: tuple[audit.Column, audit.Column] | None = None
    chosen: tuple[audit.Column, str, audit.Column] | None = None
    if row is not None:
        if len(filters) == 1 and filters[0].tolerance is None and not filters[0].printed:
            filter_sides = (_column(filters[0].left, row), _column(filters[0].right, row))
            if None not in filter_sides:
                chosen = (filter_sides[0], filters[0].comparator, filter_sides[1])  # type: ignore[assignment]
        sides = (_column(tests[0].left, row), _column(tests[0].right, row))
        if None not in sides and not more and when is None and (not filters or chosen is not None):
            fast = sides  # type: ignore[assignment]
    sides = {
        own: expr.name.text if isinstance(expr, n.Reference) and len(tests) == 1 else None
        for own, expr in (("left", tests[0].left), ("right", tests[0].right))
    }
    messages = {m.language: audit.compile_message(m.text.value, row, sides) for m in check.clauses if isinstance(m, n.Message)}
    left, comparator, right, holds = first
    return audit.CompiledCheck(
        name=check.name.text,
        severity=check.severity,
        collection=collection,
        left=left,
        comparator=comparator,
        right=right,
        holds=holds,
        at=place,
        messages=messages,
        clause=clause_of(check),
        # a `where` that reads the row alone is run over columns (`chosen`); any other, row by row
        where=audit.condition([compiled(t) for t in filters]) if filters and chosen is None else None,
        on_row=fast,  # type: ignore[arg-type]
        chosen=chosen,
        more=tuple(more),
        when=audit.condition([compiled(t) for t in n.tests_of(when)]) if when is not None else None,
    )


def _column(expr: n.Expr | n.Text | n.Empty | n.Truth, row: str) -> audit.Column | None:
    """A side of a per-row check as a column of the collection, or a constant; None when it reads
    more, or when the test is not a plain comparison of the two (`is empty`, `is true`)."""
    if isinstance(expr, n.Text):
        return ("constant", expr.value)
    if isinstance(expr, n.Literal):
        return ("constant", expr.number.value)
    if isinstance(expr, n.Reference) and expr.name.text.startswith(row + "."):
        return ("field", expr.name.text[len(row) + 1 :])
    return None


def recompile(source: str, path: str, extends: tuple[tuple[str, str], ...] = ()) -> RuleSet:
    """Compile rule-file text again, with the texts of the files it extends (nearest first): how a
    pickled `RuleSet` is loaded. No file is read."""
    parent = None
    for parent_path, parent_source in reversed(extends):
        parent = replace(parse(parent_source, parent_path), parent=parent)
    return compile_rules(check(replace(parse(source, path), parent=parent)))


def _pickled(rules: RuleSet) -> tuple[Any, ...]:
    return (recompile, (rules.source, rules.path, rules.extends))


copyreg.pickle(RuleSet, _pickled)


def _renderer(expr: n.Expr, labels: Mapping[str, str]) -> Callable[[Env], str]:
    return lambda env: render_expr(expr, env, labels)


def _picker(expr: n.Expr, labels: Mapping[str, str]) -> Callable[[Env], str]:
    return lambda env: render_expr(expr, None, labels, pick=env)


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
        bare_actual_from_target="bare actual" in clauses,
    )


def _qualitative(node: n.Qualitative) -> QualitativeScheme:
    levels = next((c for c in node.clauses if isinstance(c, (n.Levels, n.Bands))), None)
    words = next((c for c in node.clauses if isinstance(c, n.Words)), None)
    rounding = next((c for c in node.clauses if isinstance(c, n.ScoreRounding)), None)
    as_target = next((c for c in node.clauses if isinstance(c, n.AsTarget)), None)
    deadline = next((c for c in node.clauses if isinstance(c, n.Deadline)), None)
    word_levels = {w.word.text: _place(w.level) for w in words.levels} if words else {}
    if isinstance(levels, n.Levels):
        allowed = ", ".join(level.text for level in levels.levels)
    elif isinstance(levels, n.Bands):
        allowed = ", ".join(f"{b.name.text} {b.interval}" for b in levels.bands)
    else:
        allowed = ", ".join(word_levels)
    if words and levels is not None:
        allowed += "; " + ", ".join(word_levels)
    placing = {"words": words, "as target": as_target, "deadline": deadline}
    return QualitativeScheme(
        node.name.text,
        levels=frozenset(level.value for level in levels.levels) if isinstance(levels, n.Levels) else None,
        bands=tuple((b.name.text, b.interval) for b in levels.bands) if isinstance(levels, n.Bands) else None,
        words=word_levels,
        round_score=rounder(rounding.rounding) if rounding else None,
        clause=clause_of(levels or words or node),
        allowed_text=allowed,
        as_target=_place(as_target.place) if as_target else None,
        deadline=(_place(deadline.met), _place(deadline.missed)) if deadline else None,
        clauses={kind: clause_of(clause) for kind, clause in placing.items() if clause is not None},
    )


def _place(place: n.Place) -> Decimal | str:
    """A share of the weight, or a band by its name."""
    return place.text if isinstance(place, n.Name) else place.value


def _weights(policy: n.WeightPolicy) -> WeightPolicy:
    if isinstance(policy, n.FixedWeights):
        weights = {w.indicator.text: (w.weight.value, clause_of(w)) for w in policy.weights}
        return FixedPolicy(weights, clause_of(policy))  # its total is the category's (checked)
    if isinstance(policy, n.WrittenWeights):
        total = policy.total.value if policy.total is not None else None
        by = policy.by_subcategory
        step = (by.apportion.value if by.apportion is not None else _SUBCATEGORY_STEP) if by is not None else None
        return WrittenPolicy(total, clause_of(policy), step)
    quantum = policy.apportion.value if policy.apportion is not None else None
    return SplitPolicy(policy.total.value, quantum, rounder(policy.rounding), clause_of(policy))


# `by subcategory` without `apportion`: the shares are apportioned to the cent (documented).
_SUBCATEGORY_STEP = Decimal("0.01")


def _block(resolved: Any) -> CompiledBlock:
    node = resolved.node
    return CompiledBlock(node.name.text, resolved.total, resolved.categories, resolved.groups, clause_of(node))


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


def _grades(node: n.Grades | None, maximum: Decimal) -> GradePolicy | None:
    """Grade bounds in points: a share of the maximum (`优 >= 90%`) is multiplied out here."""
    if node is None:
        return None
    bands = tuple(
        (
            g.name.text,
            points_of(g.at_least, maximum) if g.at_least is not None else None,
            in_points(g.interval, maximum) if g.interval is not None else None,
            clause_of(g),
        )
        for g in node.grades
    )
    return GradePolicy(bands)  # type: ignore[arg-type]
