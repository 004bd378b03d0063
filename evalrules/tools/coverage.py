"""Coverage of clauses: which clauses of a rule set (and of every file it extends) the test cases
exercised, for `evalrules test --coverage`.

The clauses are listed from the checked syntax tree of the whole chain, as the rule set scores
(a clause an `override` replaced is not in it): each is an `Item`, a clause id (`file:line`) and
what on that line must happen. A line can hold several items: each level of `levels 100% 80% …`,
both sides of a threshold, a check holding and a check failing. A case's result (the clause that
decided each row, its working, its grade, its findings, its deductions) and its `Trace` (engine/
trace.py: how often each check held and failed, the values computed, the rows as the rules name
them) say which items it exercised:

- a scoring clause counts when a case's result used it, that is, when it decided or changed a
  score, a weight or a grade: a level, band or word an actual was placed at; `completion ratio`
  for a row scored against a target ≥, = or >; `reverse` for a ≤ or < target missed; a `below`
  clause for a row below target; an `above` clause with a threshold both up to it (full score) and
  past it; a rounding step when it changed the number it rounds; a fixed weight when a row got it;
  a split, `as_written` or `by subcategory` clause when a row's weight came from it, and
  `apportion` when it gave some row a share other than the others'; a missing-value or
  not-applicable clause when a row was scored by it; a grade when a result got it; `deductions`
  when one was applied, its floor when a deduction on the total was cut short by it;
- a value counts when a case computed it; each way of its `otherwise` or `if` when taken;
- an indicator's `actual` clause when a row's actual was computed by it, its `target` when a row
  was scored against it; an alias when a form wrote the name that way;
- an audit check, and a category's `required`, count only when the cases made them both hold and
  fail; a block when a form had rows in it, its `groups` when a row named its group.

Structure that decides nothing by itself (the `ruleset` and `budget` blocks, a category's header
and the schemes it names, a block's category list, a check's `at` and messages) is not listed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from ..decimals import plain
from ..engine.compiler import clause_of, compile_condition, compile_expr
from ..engine.result import Result
from ..engine.ruleset import RuleSet, file_name
from ..engine.schemes import Deducted, DerivedActual, RuleTarget
from ..engine.trace import Trace
from ..errors import Unavailable
from ..language import nodes as n
from ..language.checker import check
from ..language.checker.resolved import CheckedRules
from ..language.parser import parse
from ..messages import text
from ..records.record import Record
from ..records.values import Comparator, Quantity

_REVERSE = (Comparator.LE, Comparator.LT)


@dataclass(frozen=True, slots=True)
class Item:
    """One thing a clause must be seen doing: `clause` (its id), `kind` and `key` (which level,
    band, word, way…). `what` and `values` name it through the catalogue (`coverage.what.*`)."""

    clause: str
    kind: str
    key: str
    line: int
    file: str
    what: str
    values: tuple[tuple[str, str], ...] = ()

    @property
    def id(self) -> tuple[str, str, str]:
        return (self.clause, self.kind, self.key)

    def said(self, lang: str) -> str:
        return text(f"coverage.what.{self.what}", lang, **dict(self.values))


@dataclass(slots=True)
class Clauses:
    """The items of a rule set, in the order of its files (the rule set's own first) and lines,
    and what the mapping from results needs to find an item's clause."""

    rules: RuleSet
    items: list[Item] = field(default_factory=list)
    lines: dict[str, str] = field(default_factory=dict)  # clause id → the line's text
    index: dict[tuple[Any, ...], str] = field(default_factory=dict)  # what the engine names → clause id
    checked: CheckedRules | None = None

    def add(self, node: Any, kind: str, key: str, what: str, index: tuple[Any, ...] | None = None, **values: str) -> None:
        clause = clause_of(node)
        self.items.append(Item(clause.id, kind, key, clause.line, clause.file, what, tuple(values.items())))
        if index is not None:
            self.index[index] = clause.id
        if clause.id not in self.lines:
            source = self.rules.sources.get(node.span.file, "")
            lines = source.splitlines()
            self.lines[clause.id] = lines[clause.line - 1].strip() if clause.line <= len(lines) else ""


def checked_rules(rules: RuleSet) -> CheckedRules:
    """The checked syntax tree of a compiled rule set's whole chain, from the texts it keeps."""
    parent = None
    for path, source in reversed(rules.extends):
        parent = replace(parse(source, path), parent=parent)
    return check(replace(parse(rules.source, rules.path), parent=parent))


def clauses_of(rules: RuleSet) -> Clauses:
    """Every item of `rules`, from its checked syntax tree."""
    c = checked_rules(rules)
    out = Clauses(rules, checked=c)
    for name, scheme in c.quantitative.items():
        for kind, node in scheme.items():
            _quantitative(out, name, kind, node)
    for name, node in c.qualitative.items():
        _qualitative(out, name, node)
    for name, category in c.categories.items():
        _category(out, name, category)
    for name, block in c.blocks.items():
        out.add(block.node, "block", "", "block", ("block", name), name=name)
        groups = next((g for g in block.node.clauses if isinstance(g, n.BlockGroups)), None)
        if groups is not None:
            out.add(groups, "groups", "", "groups", ("groups", name))
    for name, indicator in c.indicators.items():
        actual = next((a for a in indicator.node.clauses if isinstance(a, n.ActualFrom)), None)
        if actual is not None:
            out.add(actual, "actual", name, "actual", ("actual", name), value=actual.value.text)
        if indicator.target is not None:
            out.add(indicator.target, "target", name, "target", ("target", name), target=indicator.target.text.value)
        for alias in indicator.aliases.names if indicator.aliases else ():
            out.add(indicator.aliases, "alias", alias.text, "alias", ("indicator alias", alias.text), alias=alias.text)
    for name, value in c.values.items():
        out.add(value, "value", name, "value", ("value", name), name=name)
        if value.rounding is not None:
            out.add(value.rounding, "rounding", f"value {name}", "rounding", ("value rounding", name))
        for node in _choices(value.expr):
            if isinstance(node, n.Otherwise):
                out.add(node, "otherwise", "primary", "primary")
                out.add(node, "otherwise", "fallback", "fallback")
            else:
                out.add(node, "if", "then", "then")
                out.add(node, "if", "else", "else")
    for case in c.missing.cases:
        key = "with" if case.explained else "without"
        out.add(case, "missing", key, f"missing_{key}", ("missing", key))
    if c.not_applicable is not None:
        out.add(c.not_applicable, "not applicable", "", "not_applicable", ("not applicable",))
    for grade in c.grades.grades if c.grades else ():
        out.add(grade, "grade", grade.name.text, "grade", ("grade", grade.name.text), grade=grade.name.text)
    if c.deductions is not None:
        out.add(c.deductions, "deductions", "", "deductions", ("deductions",))
        out.add(c.deductions, "floor", "", "floor", ("floor",), floor=c.deductions.floor.text)
    for name, node in c.checks.items():
        out.add(node, "check", "held", "check_held", ("check", name), name=name)
        out.add(node, "check", "failed", "check_failed", name=name)
    unique: dict[tuple[str, str, str], Item] = {}
    for item in out.items:  # a scheme `like` another shares its clauses, and so their items
        unique.setdefault(item.id, item)
    order = {name: rank for rank, name in enumerate(rule_files(rules))}
    out.items = sorted(unique.values(), key=lambda item: (order.get(item.file, len(order)), item.line))
    return out


def _quantitative(out: Clauses, scheme: str, kind: str, node: Any) -> None:
    at = ("quantitative", scheme, kind)
    if kind == "completion":
        out.add(node, "completion", "", "completion", at)
    elif kind == "reverse":
        out.add(node, "reverse", "", "reverse", at)
    elif kind == "completion rounding":
        out.add(node, "rounding", "completion", "rounding", at)
    elif kind == "below":
        out.add(node, "below", "", "below", at)
    elif kind == "above" and isinstance(node, n.AboveNone):
        out.add(node, "above", "", "above", at)
    elif kind == "above":
        out.add(node, "within", "", "within", at, threshold=node.threshold.text)
        out.add(node, "past", "", "past", at, threshold=node.threshold.text)
    elif kind == "score rounding":
        out.add(node, "rounding", "score", "rounding", at)
    elif kind == "bare actual":
        out.add(node, "bare", "", "bare", at)


def _qualitative(out: Clauses, scheme: str, node: n.Qualitative) -> None:
    for clause in node.clauses:
        if isinstance(clause, n.Levels):
            for level in clause.levels:
                key = plain(level.value)
                out.add(clause, "level", key, "level", ("level", scheme, key), level=level.text)
        elif isinstance(clause, n.Bands):
            for band in clause.bands:
                out.add(band, "band", band.name.text, "band", ("band", scheme, band.name.text), band=band.name.text)
        elif isinstance(clause, n.Words):
            for word in clause.levels:
                out.add(word, "word", word.word.text, "word", ("word", scheme, word.word.text), word=word.word.text)
        elif isinstance(clause, n.AsTarget):
            out.add(clause, "as target", "", "as_target", ("as target", scheme))
        elif isinstance(clause, n.Deadline):
            out.add(clause, "deadline", "met", "deadline_met", ("deadline", scheme))
            out.add(clause, "deadline", "missed", "deadline_missed")
        elif isinstance(clause, n.ScoreRounding):
            out.add(clause, "rounding", "score", "rounding", ("qualitative rounding", scheme))


def _category(out: Clauses, name: str, category: Any) -> None:
    weights = category.weights
    if isinstance(weights, n.FixedWeights):
        for weight in weights.weights:
            key = weight.indicator.text
            out.add(weight, "weight", key, "weight_fixed", ("weight", name, key), name=key)
    elif isinstance(weights, n.SplitWeights):
        out.add(weights, "split", "", "split", ("split", name))
        if weights.apportion is not None:
            out.add(weights, "apportion", "", "apportion", ("apportion", name))
        if weights.rounding is not None:
            out.add(weights.rounding, "rounding", f"split {name}", "rounding", ("split rounding", name))
    else:
        out.add(weights, "written", "", "written", ("written", name))
        if weights.by_subcategory is not None:
            out.add(weights.by_subcategory, "by subcategory", "", "by_subcategory", ("by subcategory", name))
    if category.required is not None:
        out.add(category.required, "required", "held", "required_held", ("required", name))
        out.add(category.required, "required", "failed", "required_failed")
    for alias in category.aliases.names if category.aliases else ():
        out.add(category.aliases, "alias", alias.text, "alias", ("category alias", alias.text), alias=alias.text)


def _choices(expr: Any) -> Iterator[n.Otherwise | n.Conditional]:
    """Every `otherwise` and `if` of an expression, outermost first."""
    if isinstance(expr, (n.Otherwise, n.Conditional)):
        yield expr
    for part in _parts(expr):
        yield from _choices(part)


def _parts(expr: Any) -> tuple[Any, ...]:
    if isinstance(expr, n.Binary):
        return (expr.left, expr.right)
    if isinstance(expr, n.Negate):
        return (expr.operand,)
    if isinstance(expr, n.Otherwise):
        return (expr.primary, expr.fallback)
    if isinstance(expr, n.Conditional):
        return (expr.then, expr.otherwise)
    return ()


# ---- what a case exercised ----------------------------------------------------------------------


def exercised(clauses: Clauses, result: Result, trace: Trace, written: Record) -> set[tuple[str, str, str]]:
    """The items one case exercised: read from its result and its trace."""
    rules, index = clauses.rules, clauses.index
    seen: set[tuple[str, str, str]] = set()

    def mark(kind: str, key: str, *at: Any) -> None:
        clause = index.get(at)
        if clause is not None:
            seen.add((clause, kind, key))

    split_weights: dict[str, list[Decimal]] = {}
    for row in result.indicators:
        category = rules.categories.get(row.category)
        if category is not None and row.weight_source is not None:
            _weight(mark, category, row, split_weights)
        working = row.working
        if isinstance(working, Deducted):
            working = working.inner
        if isinstance(working, RuleTarget):
            mark("target", row.name, "target", row.name)
            working = working.inner
        if row.status == "scored" and isinstance(working, tuple):
            scheme, work, source = working
            if isinstance(source, DerivedActual):
                mark("actual", row.name, "actual", row.name)
            if row.kind == "quantitative":
                _quantitative_row(mark, scheme, work, row)
            else:
                _qualitative_row(mark, scheme, work, row)
        elif row.status in ("missing", "review") and row.clause is not None:
            policy = rules.missing
            if row.clause == policy.without_clause:
                mark("missing", "without", "missing", "without")
            elif row.clause == policy.with_clause:
                mark("missing", "with", "missing", "with")
        elif row.status == "not_applicable":
            mark("not applicable", "", "not applicable")
    for name, weights in split_weights.items():
        if len(set(weights)) > 1:  # the largest remainder gave some row a step more
            mark("apportion", "", "apportion", name)
        policy = rules.categories[name].weights
        share = policy.total / len(weights)
        if policy.rounder is not None and policy.rounder(share) != share:
            mark("rounding", f"split {name}", "split rounding", name)
    for finding in result.findings:
        if finding.check == "unit-assumed" and finding.clause is not None:
            seen.add((finding.clause.id, "bare", ""))
    if result.grade is not None:
        mark("grade", result.grade, "grade", result.grade)
    for deduction in result.deductions:
        if deduction.status != "not_applied":
            mark("deductions", "", "deductions")
            if deduction.row is None and deduction.status == "floored":
                mark("floor", "", "floor")
    _values(clauses, trace, mark, seen)
    for name, (held, failed) in trace.checks.items():
        if held:
            mark("check", "held", "check", name)
        if failed:
            mark("check", "failed", "check", name)
    _structure(clauses, result, trace, written, mark)
    return seen


def _weight(mark: Any, category: Any, row: Any, split_weights: dict[str, list[Decimal]]) -> None:
    weights = category.weights
    name = category.name
    kind = type(weights).__name__
    if kind == "FixedPolicy":
        if row.name in weights.weights:
            mark("weight", row.name, "weight", name, row.name)
    elif kind == "SplitPolicy":
        mark("split", "", "split", name)
        if row.weight_source == "split" and row.weight is not None:
            split_weights.setdefault(name, []).append(row.weight)
    else:
        if row.weight_source in ("form", "rescaled"):
            mark("written", "", "written", name)
        if weights.subcategory_step is not None and row.subcategory is not None:
            mark("by subcategory", "", "by subcategory", name)


def _quantitative_row(mark: Any, scheme: Any, work: Any, row: Any) -> None:
    name = scheme.name
    target, actual = row.target, row.actual
    comparator = target.comparator if isinstance(target, Quantity) else None
    if comparator in _REVERSE:
        if isinstance(actual, Quantity) and actual.number > target.number:
            mark("reverse", "", "quantitative", name, "reverse")
    else:
        mark("completion", "", "quantitative", name, "completion")
    if work.completion != work.completion_raw:
        mark("rounding", "completion", "quantitative", name, "completion rounding")
    if work.side == "below":
        mark("below", "", "quantitative", name, "below")
    elif work.side == "within":
        mark("within" if scheme.threshold is not None else "above", "", "quantitative", name, "above")
    elif work.side == "above":
        mark("past", "", "quantitative", name, "above")
    if work.score != work.unrounded:
        mark("rounding", "score", "quantitative", name, "score rounding")


def _qualitative_row(mark: Any, scheme: Any, outcome: Any, row: Any) -> None:
    name = scheme.name
    if outcome.level is not None and scheme.levels is not None:
        key = plain(outcome.level)
        mark("level", key, "level", name, key)
    if outcome.band is not None:
        mark("band", outcome.band, "band", name, outcome.band)
    if outcome.how == "word":
        word = getattr(row.actual, "text", "")
        mark("word", word, "word", name, word)
    elif outcome.how == "target":
        mark("as target", "", "as target", name)
    elif outcome.how in ("met", "missed"):
        mark("deadline", outcome.how, "deadline", name)
    if outcome.level is not None:
        changed = outcome.score != outcome.unrounded
    else:  # inside a band: the step decided a score that is neither the claim nor an end
        changed = outcome.score not in (outcome.claimed, outcome.low, outcome.high)
    if changed:
        mark("rounding", "score", "qualitative rounding", name)


def _values(clauses: Clauses, trace: Trace, mark: Any, seen: set[tuple[str, str, str]]) -> None:
    checked = clauses.checked
    assert checked is not None
    env = trace.values
    compiled = {value.name: value for value in clauses.rules.values}
    for name, node in checked.values.items():
        if name not in env:
            continue
        mark("value", name, "value", name)
        value = compiled[name]
        if value.rounding is not None:
            try:
                raw = value.compute(env)
            except Unavailable:
                raw = None
            if raw is not None and value.rounding(raw) != raw:
                mark("rounding", f"value {name}", "value rounding", name)
        for way in _ways(node.expr, env):
            seen.add(way)


def _ways(expr: Any, env: Any) -> Iterator[tuple[str, str, str]]:
    """The ways each `otherwise` and `if` reached for these amounts took, as items."""
    if isinstance(expr, n.Otherwise):
        clause = clause_of(expr).id
        try:
            compile_expr(expr.primary)(env)
        except Unavailable:
            yield (clause, "otherwise", "fallback")
            yield from _ways(expr.fallback, env)
        else:
            yield (clause, "otherwise", "primary")
            yield from _ways(expr.primary, env)
        return
    if isinstance(expr, n.Conditional):
        clause = clause_of(expr).id
        try:
            held = compile_condition(expr.condition)(env)
        except Unavailable:
            return
        yield (clause, "if", "then" if held else "else")
        yield from _ways(expr.then if held else expr.otherwise, env)
        return
    for part in _parts(expr):
        yield from _ways(part, env)


def _structure(clauses: Clauses, result: Result, trace: Trace, written: Record, mark: Any) -> None:
    """Blocks, groups, `required`, aliases: read from the rows as written and as scored."""
    rules = clauses.rules
    scored = trace.record if trace.record is not None else written
    listed: dict[str, set[str]] = {}
    for row in scored.indicators:
        listed.setdefault(row.category, set()).add(row.name)
    for block in rules.blocks.values():
        rows = [row for row in scored.indicators if row.category in block.categories]
        if rows:
            mark("block", "", "block", block.name)
        if block.groups and any(row.group is not None for row in rows):
            mark("groups", "", "groups", block.name)
    for name, category in rules.categories.items():
        if category.required and name in listed:
            missing = set(category.required) - listed[name]
            mark("required", "failed" if missing else "held", "required", name)
    for row in written.indicators:
        if row.category in rules.category_aliases:
            mark("alias", row.category, "category alias", row.category)
        if row.name in rules.indicator_aliases:
            mark("alias", row.name, "indicator alias", row.name)


# ---- the report ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Coverage:
    """The items of one rule set and those its cases exercised."""

    clauses: Clauses
    seen: set[tuple[str, str, str]] = field(default_factory=set)

    def add(self, result: Result, trace: Trace, written: Record) -> None:
        self.seen |= exercised(self.clauses, result, trace, written)

    @property
    def items(self) -> list[Item]:
        return self.clauses.items

    @property
    def missed(self) -> list[Item]:
        return [item for item in self.items if item.id not in self.seen]

    @property
    def share(self) -> Decimal:
        total = len(self.items)
        return Decimal(1) if not total else Decimal(total - len(self.missed)) / Decimal(total)


def rule_files(rules: RuleSet) -> list[str]:
    """The file names a rule set's clauses cite: its own first, then those it extends, nearest first."""
    return [file_name(path) for path, _ in ((rules.path, rules.source), *rules.extends)]
