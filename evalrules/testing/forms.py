"""Whole forms for a rule set: its shape read from the compiled rule set (categories, weights,
blocks and groups, indicator rules, budget and values), rows drawn with values.py, and the
options that add missing, not-applicable, out-of-range values and mistakes."""

from __future__ import annotations

import decimal
import functools
from collections.abc import Mapping, Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import strategies as st

from ..decimals import CONTEXT, apportion, plain
from ..engine.loader import load
from ..engine.ruleset import RuleSet
from ..engine.schemes import QualitativeScheme, QuantitativeScheme
from ..engine.weights import FixedPolicy, SplitPolicy, WrittenPolicy
from ..errors import Unavailable
from ..records.record import Record, record_from_data
from ..records.values import Quantity, Word, deadline_met, read_when
from .draws import (
    ZERO,
    ONE,
    BASIS_POINT,
    CENT,
    QUALITATIVE_TARGETS,
    ROW_NAMES,
    SUBCATEGORIES,
    EXPLANATIONS,
    PROJECTS,
    _NOT_A_WORD,
    _int,
    _choice,
    _chance,
    _percent_text,
    _number_text,
    _decimal,
)
from .edges import (
    completion_edges,
)
from .values import (
    _target,
    _deadline_pair,
    _quantitative_actual,
    _shares,
    _claim,
)


# ---- a rule set's shape --------------------------------------------------------------------------


class _Shape:
    """What the strategies read of a compiled rule set, worked out once."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        spellings: dict[str, list[str]] = {name: [name] for name in rules.categories}
        for alias, name in rules.category_aliases.items():
            spellings[name].append(alias)
        self.category_spellings = {name: tuple(s) for name, s in spellings.items()}
        names: dict[str, list[str]] = {name: [name] for name in rules.indicators}
        for alias, name in rules.indicator_aliases.items():
            names[name].append(alias)
        self.indicator_spellings = {name: tuple(s) for name, s in names.items()}
        self.canonical = dict(rules.category_aliases)
        fixed = {name for _, name, _ in rules.fixed_indicators}
        # names a row of a split or as-written category may take beside made-up ones: a rule that
        # applies in any category and gives neither a target nor an actual, and is no fixed name
        self.free_rule_names = tuple(
            name for name, rule in rules.indicators.items() if rule.target is None and rule.actual is None and name not in fixed
        )
        self.grouped = next((b for b in rules.blocks.values() if b.groups), None)
        self.year = rules.year or 2024
        self.read = {f for v in rules.values for f in v.reads}
        self.edges = tuple(sorted({e for c in rules.categories.values() for e in completion_edges(c.quantitative)}))
        self.not_applicable = tuple(sorted(rules.not_applicable.words)) if rules.not_applicable is not None else ()
        # `by subcategory` shares go in the order subcategories first appear: rows stay in order
        self.shuffle = not any(
            isinstance(c.weights, WrittenPolicy) and c.weights.subcategory_step is not None for c in rules.categories.values()
        )
        self.counts = {
            name: _interesting_counts(c.weights, c.quantitative)
            for name, c in rules.categories.items()
            if isinstance(c.weights, SplitPolicy)
        }


@functools.lru_cache(maxsize=64)
def _shape(rules: RuleSet) -> _Shape:
    return _Shape(rules)


def _rule_set(ruleset: RuleSet | str) -> RuleSet:
    return ruleset if isinstance(ruleset, RuleSet) else load(ruleset)


class _Options:
    __slots__ = ("missing", "not_applicable", "out_of_range", "findings", "max_rows", "good")

    def __init__(self, missing: bool, not_applicable: bool, out_of_range: bool, findings: bool, max_rows: int) -> None:
        self.missing, self.not_applicable, self.out_of_range, self.findings = missing, not_applicable, out_of_range, findings
        self.max_rows = max_rows
        self.good = False


# ---- weights -------------------------------------------------------------------------------------

_QUANTA = (ONE, Decimal("0.1"), CENT)  # powers of ten: what `apportion` steps by


def _written_weights(draw: st.DrawFn, total: Decimal, count: int) -> list[Decimal]:
    """`count` weights as a form writes them that sum exactly to `total`, none 0 where it can."""
    quanta = [q for q in _QUANTA if total % q == 0 and total / q >= count]
    if not quanta or total <= 0:
        return [total] + [ZERO] * (count - 1)
    quantum = _choice(draw, quanta)
    parts = list(apportion(total, [Decimal(_int(draw, 1, 4)) for _ in range(count)], quantum))
    if ZERO in parts:
        parts = list(apportion(total, [ONE] * count, quantum))
    return parts


def _interesting_counts(policy: SplitPolicy, scheme: QuantitativeScheme) -> tuple[int, ...]:
    """Row counts (up to 12) whose equal share is not a whole `round score` step (a full score
    then rounds), or whose shares do not sum to the total: where a split can go wrong."""
    step = scheme.round_score.quantum if scheme.round_score is not None else None
    found = []
    for count in range(1, 13):
        shares = policy.shares(count)
        if sum(shares) != policy.total or (step is not None and any(s != s.quantize(step, context=CONTEXT) for s in shares)):
            found.append(count)
    return tuple(found)


# ---- rows ----------------------------------------------------------------------------------------

_KINDS = ("quantitative",) * 5 + ("qualitative",) * 3
_KINDS_DATED = _KINDS + ("deadline",)


def _row(
    draw: st.DrawFn, shape: _Shape, options: _Options, category: str, name: str, weight: Decimal | None, derived: Decimal | None
) -> dict[str, Any]:
    """One indicator row of `category` named `name`, scored with `weight` (None: not known here)."""
    rules = shape.rules
    compiled = rules.categories[category]
    rule = rules.indicators.get(name)
    quantitative = rule.quantitative if rule is not None and rule.quantitative else compiled.quantitative
    qualitative = rule.qualitative if rule is not None and rule.qualitative else compiled.qualitative
    spelled = _choice(draw, shape.indicator_spellings[name]) if name in shape.indicator_spellings else name
    row: dict[str, Any] = {"category": _choice(draw, shape.category_spellings[category]), "name": spelled}

    target: Quantity | Word
    if rule is not None and rule.target is not None:  # the rules give the target; the form may print it
        target = rule.target
        printed = _choice(draw, (target.text, None, "≥" + target.text if isinstance(target, Quantity) and target.comparator is None else target.text))
        if options.findings and isinstance(target, Quantity) and _chance(draw, 5):
            printed = "≥" + _number_text(target.number * Decimal("0.9"), target.unit)  # target-differs
        if printed is not None:
            row["target"] = printed
    elif rule is not None and rule.actual is not None:  # a computed actual: a number target in its unit
        row["target"], target = _target(draw, rule.actual.unit or "", _choice(draw, ("≥", "=")))
    else:
        kind = _choice(draw, _KINDS_DATED if qualitative.deadline is not None or options.findings else _KINDS)
        if kind == "deadline":
            row["target"], row["actual"] = _deadline_pair(draw, shape.year)
            if qualitative.deadline is not None and weight is not None:
                target_when, actual_when = read_when(Word(row["target"])), read_when(Word(row["actual"]))
                if target_when is not None and actual_when is not None:  # met or missed: which place
                    place = qualitative.deadline[0 if deadline_met(target_when, actual_when, shape.year) else 1]
                    if isinstance(place, str):  # a band: the claim decides the score
                        row["score"] = plain(_claim(draw, qualitative, place, weight, options.findings))
            return _finish(draw, row, options, shape)
        if kind == "quantitative":
            row["target"], target = _target(draw)
        else:
            row["target"] = _choice(draw, QUALITATIVE_TARGETS)
            target = Word(row["target"])

    if isinstance(target, Quantity):
        if derived is not None and not _chance(draw, 4):  # the form prints the rate the rules compute
            row["actual"] = _percent_text(derived.quantize(BASIS_POINT, rounding=ROUND_HALF_UP)) if target.unit == "%" else plain(derived)
        else:
            row["actual"] = _quantitative_actual(draw, target, quantitative, weight, options.good, options.out_of_range)
    else:
        row.update(_qualitative_row(draw, qualitative, target, weight, options))
    return _finish(draw, row, options, shape)


def _qualitative_row(draw: st.DrawFn, scheme: QualitativeScheme, target: Word, weight: Decimal | None, options: _Options) -> dict[str, Any]:
    kinds = ["share"] if scheme.levels is not None or scheme.bands is not None else []
    if scheme.words:
        kinds.append("word")
    if scheme.as_target is not None:
        kinds.append("as target")
    if options.out_of_range:
        kinds.append("outside")
    kind = _choice(draw, kinds)
    found: dict[str, Any] = {}
    place: Any = None
    if kind == "share":
        shares = _shares(scheme)
        share = shares[0] if options.good else _choice(draw, shares)
        found["actual"] = _percent_text(share, _chance(draw, 10))
    elif kind == "word":
        word = _choice(draw, sorted(scheme.words))
        found["actual"], place = word, scheme.words[word]
    elif kind == "as target":
        found["actual"], place = target.text, scheme.as_target
    else:
        found["actual"] = _choice(draw, ("95%", "120%", "达标80") + _NOT_A_WORD)
    if isinstance(place, str) and weight is not None:  # placed in a band: the claim decides the score
        found["score"] = plain(_claim(draw, scheme, place, weight, options.findings))
    return found


def _finish(draw: st.DrawFn, row: dict[str, Any], options: _Options, shape: _Shape) -> dict[str, Any]:
    """Missing and not-applicable actuals, explanations."""
    if options.missing and _chance(draw, 6):
        row.pop("actual", None)
        how = _int(draw, 0, 3)  # 0: left out; 1: written as null; 2, 3: with an explanation
        if how >= 2:
            row["explanation"] = EXPLANATIONS[how - 2]
        elif how == 1:
            row["actual"] = None
        return row
    if options.not_applicable and shape.not_applicable and _chance(draw, 8):
        row["actual"] = _choice(draw, shape.not_applicable)
        return row
    said = _int(draw, 0, 3 * len(EXPLANATIONS) - 1) - 2 * len(EXPLANATIONS)  # one row in three
    if said >= 0:
        row["explanation"] = EXPLANATIONS[said]
    return row


# ---- categories ----------------------------------------------------------------------------------


def _names(draw: st.DrawFn, shape: _Shape, count: int, taken: Sequence[str] = ()) -> list[str]:
    """`count` distinct row names for a split or as-written category: made-up names, now and then
    the name of an indicator rule that applies in any category."""
    names: list[str] = []
    for i in range(count):
        free = [n for n in shape.free_rule_names if n not in names]
        if free and _chance(draw, 6):
            names.append(_choice(draw, free))
        else:
            names.append(f"{_choice(draw, ROW_NAMES)}{len(taken) + i + 1}")
    return names


def _category_rows(
    draw: st.DrawFn, shape: _Shape, options: _Options, category: str, total: Decimal | None, derived: Mapping[str, Decimal]
) -> list[dict[str, Any]]:
    """The rows of one category. `total`: what a free category's rows weigh together (its share
    of a block), else None."""
    rules = shape.rules
    compiled = rules.categories[category]
    policy = compiled.weights
    weights: list[Decimal | None]
    subcategories: list[str] | None = None
    printed = True  # the form prints the weights it is scored with
    if isinstance(policy, FixedPolicy):
        names = list(policy.weights)
        weights = [policy.weights[n][0] for n in names]
        printed = _int(draw, 0, 1) == 0  # printed or not: the rules' weight is used
    elif isinstance(policy, SplitPolicy):
        interesting = shape.counts[category]
        count = _choice(draw, interesting) if interesting and _chance(draw, 4) else _int(draw, 1, options.max_rows)
        names = _names(draw, shape, count)
        weights = list(policy.shares(count))
        printed = _int(draw, 0, 1) == 0
    else:  # as written: the weights must sum to the total (free: to the block's share)
        assert isinstance(policy, WrittenPolicy)
        whole = policy.total if policy.total is not None else total
        if policy.subcategory_step is not None and whole is not None:
            chosen = list(SUBCATEGORIES[:4])
            chosen = [chosen.pop(_int(draw, 0, len(chosen) - 1)) for _ in range(_int(draw, 1, 4))]
            shares = policy.subcategory_shares(list(chosen))
            names, weights, subcategories = [], [], []
            for sub in chosen:
                count = _int(draw, 1, 3)
                names += _names(draw, shape, count, names)
                weights += _written_weights(draw, shares[sub], count)
                subcategories += [sub] * count
        else:
            count = _int(draw, 1, options.max_rows)
            names = _names(draw, shape, count)
            weights = list(_written_weights(draw, whole, count)) if whole is not None else [None] * count
    rows = []
    for i, name in enumerate(names):
        weight = weights[i]
        rule = rules.indicators.get(name)
        computed = derived.get(rule.actual.name) if rule is not None and rule.actual is not None else None
        row = _row(draw, shape, options, category, name, weight, computed)
        if subcategories is not None:
            row["subcategory"] = subcategories[i]
        else:
            sub = _int(draw, 0, 2 * len(SUBCATEGORIES) - 1) - len(SUBCATEGORIES)  # half the rows
            if sub >= 0:
                row["subcategory"] = SUBCATEGORIES[sub]
        if weight is not None and printed:
            row["weight"] = plain(weight)
        rows.append(row)
    return rows


def _free_totals(draw: st.DrawFn, shape: _Shape) -> dict[str, Decimal]:
    """How the points each block's fixed categories leave are shared among its free ones."""
    rules = shape.rules
    found: dict[str, Decimal] = {}
    for block in rules.blocks.values():
        free = [c for c in block.categories if rules.categories[c].free]
        fixed = sum((rules.categories[c].total for c in block.categories if not rules.categories[c].free), ZERO)
        if free:
            found.update(zip(free, _written_weights(draw, block.total - fixed, len(free))))
    return found


# ---- the budget ----------------------------------------------------------------------------------


def _budget(draw: st.DrawFn, shape: _Shape, options: _Options) -> dict[str, Decimal]:
    """Budget amounts, in cents, correlated so that a rate between two of them (a value such as
    `paid / appropriated`) often lands on 100% exactly, 0.01% either side, or a scheme's edge."""
    rules = shape.rules
    base = Decimal(_int(draw, 1, 50)) * 100  # whole hundreds: ×1.0001 is still whole cents
    budget: dict[str, Decimal] = {}
    for name in rules.budget_fields:
        if name not in shape.read and _chance(draw, 3):
            continue  # an amount no value reads: often left out
        if options.missing and _chance(draw, 8):
            if _int(draw, 0, 1):
                budget[name] = ZERO  # a rate over it cannot be computed
            continue
        branch = _int(draw, 0, 9)
        if branch < 4:
            ratio = ONE
        elif branch < 6:
            ratio = ONE + _choice(draw, (BASIS_POINT, -BASIS_POINT))
        elif branch < 7:
            ratio = _choice(draw, shape.edges or (ONE,))
        else:
            ratio = _int(draw, 1, 12_000) * BASIS_POINT
        amount = (base * ratio).quantize(CENT, rounding=ROUND_HALF_UP)
        if name in rules.signed_budget and _chance(draw, 4):
            amount = -amount  # an adjustment may cut the budget
        budget[name] = amount
    return budget


def _values(rules: RuleSet, budget: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """The values the rule set computes from these amounts, as the engine computes them."""
    env: dict[str, Decimal] = dict(budget)
    found: dict[str, Decimal] = {}
    with decimal.localcontext(CONTEXT):
        for value in rules.values:
            try:
                result = value.compute(env)
            except Unavailable:
                continue
            env[value.name] = found[value.name] = value.rounding(result) if value.rounding is not None else result
    return found


# ---- whole forms ---------------------------------------------------------------------------------


def _form(draw: st.DrawFn, shape: _Shape, options: _Options) -> dict[str, Any]:
    rules = shape.rules
    options.good = _chance(draw, 4)  # a well-run project: the upper grades come up too
    budget = _budget(draw, shape, options)
    derived = _values(rules, budget)
    free_totals = _free_totals(draw, shape)
    rows: list[dict[str, Any]] = []
    for name, category in rules.categories.items():
        if category.optional and _chance(draw, 3):
            continue  # a form may leave an optional category out
        rows += _category_rows(draw, shape, options, name, free_totals.get(name), derived)
    data: dict[str, Any] = {"project": {"name": _choice(draw, PROJECTS), "year": shape.year}}
    if rules.jurisdiction and _int(draw, 0, 1):
        data["project"]["jurisdiction"] = rules.jurisdiction
    if budget:
        data["budget"] = {name: plain(amount) for name, amount in budget.items()}
    if shape.grouped is not None:
        _group(draw, shape, rows)
    weightless = _weightless(draw, shape, rows)
    if shape.shuffle and _chance(draw, 5):  # forms are in category order; a few are not
        rows = draw(st.permutations(rows))
    if options.findings:
        rows = _mistakes(draw, rows)
    data["indicators"] = rows
    if not weightless and _chance(draw, 3):
        declared = _declared_totals(draw, shape, free_totals)
        if declared:
            data["declared_totals"] = declared
    if _chance(draw, 4):
        data["declared_max_score"] = plain(rules.maximum)
    if (rules.deductions is not None or options.findings) and _chance(draw, 3):
        data["deductions"] = _deductions(draw, rows)
    if _chance(draw, 5):
        data["items"] = _items(draw)
    return data


def _group(draw: st.DrawFn, shape: _Shape, rows: list[dict[str, Any]]) -> None:
    """The rows of the block with `groups` printed under numbered targets (目标1, 目标2)."""
    block = shape.grouped
    count = _int(draw, 0, 3)
    if count == 0:
        return  # a form that gives no row a group is one group
    for row in rows:
        if shape.canonical.get(row["category"], row["category"]) in block.categories:  # type: ignore[union-attr]
            row["group"] = f"目标{_int(draw, 1, count)}"


def _weightless(draw: st.DrawFn, shape: _Shape, rows: list[dict[str, Any]]) -> bool:
    """Now and then a form without a weight column (湖北): its as-written rows' claims count."""
    rules = shape.rules
    written = [r for r in rows if shape.canonical.get(r["category"], r["category"]) in rules.written_categories]
    if not written or not _chance(draw, 8):
        return False
    for row in written:
        weight = Decimal(row.pop("weight", "0"))
        share = _choice(draw, (ONE, Decimal("0.8"), Decimal("0.5"), ZERO))
        row["score"] = plain((weight * share).quantize(CENT, rounding=ROUND_FLOOR))
    return True


def _declared_totals(draw: st.DrawFn, shape: _Shape, free: Mapping[str, Decimal]) -> dict[str, str]:
    """Totals printed beside headings, as the rules or the rows make them."""
    rules = shape.rules
    declared: dict[str, str] = {}
    for name, category in rules.categories.items():
        if not category.counted or _int(draw, 0, 1):
            continue
        if not category.free:
            declared[name] = plain(category.total)
        elif name in free and shape.grouped is None:
            declared[name] = plain(free[name])
    for block in rules.blocks.values():
        if _int(draw, 0, 1):
            declared[block.name] = plain(block.total)
    return declared


_DEDUCTION_POINTS = (Decimal("0.5"), ONE, Decimal(2), Decimal(200))


def _deductions(draw: st.DrawFn, rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    found = []
    for _ in range(_int(draw, 1, 2)):
        deduction = {"reason": _choice(draw, ("资料不全", "逾期报送", "未验收")), "points": plain(_choice(draw, _DEDUCTION_POINTS))}
        if _int(draw, 0, 1):
            deduction["indicator"] = _choice(draw, rows)["name"]
        found.append(deduction)
    return found


def _items(draw: st.DrawFn) -> dict[str, Any]:
    rows = []
    for i in range(_int(draw, 1, 3)):
        budget = _int(draw, 0, 100_000)
        spent = budget if _int(draw, 0, 1) else _int(draw, 0, budget)
        rows.append({"name": f"子项{i + 1}", "budget": plain(Decimal(budget).scaleb(-2)), "spent": plain(Decimal(spent).scaleb(-2))})
    total = {"budget": plain(sum(Decimal(r["budget"]) for r in rows)), "spent": plain(sum(Decimal(r["spent"]) for r in rows))}
    return {"declared_total": total, "rows": rows}


_MISTAKES = ("repeat", "category", "drop", "rename", "weight", "claim")


def _mistakes(draw: st.DrawFn, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One to three things a form gets wrong: a row listed twice, an unknown category, a row left
    out or misnamed, a written weight off by 0.5, a claim anywhere."""
    rows = [dict(r) for r in rows]
    for _ in range(_int(draw, 1, 3)):
        kind = _choice(draw, _MISTAKES)
        i = _int(draw, 0, len(rows) - 1)
        if kind == "repeat":
            rows.append(dict(rows[i]))
        elif kind == "category":
            rows[i]["category"] += "类"
        elif kind == "drop" and len(rows) > 1:
            del rows[i]
        elif kind == "rename":
            rows[i]["name"] += "（调整）"
        elif kind == "weight" and "weight" in rows[i]:
            rows[i]["weight"] = plain(Decimal(rows[i]["weight"]) + Decimal("0.5"))
        elif kind == "claim":
            rows[i]["score"] = plain(_decimal(draw, ZERO, Decimal(40), 2))
    return rows


def record_data(
    ruleset: RuleSet | str,
    *,
    missing: bool = False,
    not_applicable: bool = False,
    out_of_range: bool = False,
    findings: bool = False,
    max_rows: int = 6,
) -> st.SearchStrategy[dict[str, Any]]:
    """Filled forms for `ruleset` (a compiled rule set, or what `evalrules.load` takes) as plain
    data: a dict in the record format (docs/record-format.md), every number written as text, ready
    for `yaml.safe_dump`, `json.dumps` or `RuleSet.score`.

    By default every form is one the rule set scores without an error finding of the engine:
    every category it must have, every fixed row once, written weights that sum to their totals,
    every actual present and one its scheme can place, claims inside their bands. The options
    add what real forms also hold:

    - `missing`: actuals left out (with or without an explanation), budget amounts left out or 0
      (so that a value such as an execution rate cannot be computed);
    - `not_applicable`: actuals written as the rule set's `not_applicable` words;
    - `out_of_range`: actuals no scheme places (95% under six levels, 120%, words not listed, a
      word where a number is due, another unit, a negative number, a comparator on the actual);
    - `findings`: forms with mistakes the engine reports (a row twice, an unknown category, a fixed
      row left out or misnamed, weights that do not sum, claims outside their band, a target
      other than the rules', deductions the rules do not allow).

    `max_rows` bounds the rows of each split or as-written category. The rule file's own audit
    checks (复核) may find the generated amounts, claims and totals inconsistent: the forms do not
    try to satisfy them."""
    shape = _shape(_rule_set(ruleset))

    @st.composite
    def forms(draw: st.DrawFn) -> dict[str, Any]:
        return _form(draw, shape, _Options(missing, not_applicable, out_of_range, findings, max_rows))

    return forms()


def records(
    ruleset: RuleSet | str,
    *,
    missing: bool = False,
    not_applicable: bool = False,
    out_of_range: bool = False,
    findings: bool = False,
    max_rows: int = 6,
) -> st.SearchStrategy[Record]:
    """Filled forms for `ruleset` as `evalrules.Record`s: `record_data` read by the library's own
    record reader (`evalrules.record_from_data`). The options are those of `record_data`."""
    return record_data(
        ruleset, missing=missing, not_applicable=not_applicable, out_of_range=out_of_range, findings=findings, max_rows=max_rows
    ).map(record_from_data)
