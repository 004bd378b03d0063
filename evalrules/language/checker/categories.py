"""Categories (their weight policy and schemes), indicator rules, and the names a form's rows meet."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

from ...decimals import ZERO, is_power_of_ten
from ...display import is_hidden
from ...errors import Span
from ...messages import Message, message
from ...names import suggest
from .. import nodes as n
from ...records.values import Value, ValueProblem, parse_value
from .base import COARSEST_SCORE_STEP, Reporter, term
from .resolved import ResolvedCategory, ResolvedIndicator

CATEGORY_KINDS: dict[type, str] = {
    n.FixedWeights: "weights",
    n.WrittenWeights: "weights",
    n.SplitWeights: "weights",
    n.Excluded: "exclusion",
    n.Required: "required",
    n.OptionalCategory: "optional",
    n.Aliases: "aliases",
}
INDICATOR_KINDS: dict[type, str] = {n.TargetGiven: "target", n.Aliases: "aliases"}


def categories(
    report: Reporter,
    nodes: list[n.Category],
    qualitative: dict[str, n.Qualitative],
    quantitative: dict[str, n.Quantitative],
) -> dict[str, ResolvedCategory]:
    seen: dict[str, n.Category] = {}
    resolved: dict[str, ResolvedCategory] = {}
    for category in nodes:
        if not report.declare(seen, category.name, category, "category"):  # type: ignore[arg-type]
            continue
        owner = message("owner.category", name=category.name.text)
        stated = report.kinds([c for c in category.clauses if not isinstance(c, n.UseScheme)], CATEGORY_KINDS, owner)
        schemes = _uses(report, category.clauses, qualitative, quantitative, owner)
        weights = stated.get("weights")
        if weights is None:
            report.error(category.name.span, "check.no_weights", owner=owner)
        else:
            _weight_policy(report, weights)  # type: ignore[arg-type]
        named = {c.kind for c in category.clauses if isinstance(c, n.UseScheme)}
        for kind in ("quantitative", "qualitative"):
            if kind not in named:
                report.error(category.name.span, f"check.no_scheme_{kind}", owner=owner)
        required = stated.get("required")
        if isinstance(required, n.Required):
            listed: dict[str, n.Name] = {}
            for name in required.names:
                report.declare(listed, name, name, "required_indicator")  # type: ignore[arg-type]
        if weights is not None and len(schemes) == 2:
            resolved[category.name.text] = ResolvedCategory(
                node=category,
                weights=weights,  # type: ignore[arg-type]
                quantitative=schemes["quantitative"],  # type: ignore[arg-type]
                qualitative=schemes["qualitative"],  # type: ignore[arg-type]
                counted="exclusion" not in stated,
                required=required,  # type: ignore[arg-type]
                optional="optional" in stated,
                aliases=stated.get("aliases"),  # type: ignore[arg-type]
            )
    return resolved


def _uses(
    report: Reporter,
    clauses: Sequence[object],
    qualitative: dict[str, n.Qualitative],
    quantitative: dict[str, n.Quantitative],
    owner: Message,
) -> dict[str, object]:
    """The schemes a category or an indicator rule `use`s, by kind."""
    found: dict[str, object] = {}
    tables: dict[str, dict[str, n.Qualitative] | dict[str, n.Quantitative]] = {
        "qualitative": qualitative,
        "quantitative": quantitative,
    }
    uses = [c for c in clauses if isinstance(c, n.UseScheme)]
    for use in uses:
        table = tables[use.kind]
        if use.kind in found:
            report.error(use.span, f"check.scheme_twice_{use.kind}", owner=owner)
        elif use.scheme.text not in table:
            report.unknown(use.scheme, f"{use.kind}_scheme", table)
        else:
            found[use.kind] = table[use.scheme.text]
    return found


def _weight_policy(report: Reporter, policy: n.WeightPolicy) -> None:
    if isinstance(policy, n.FixedWeights):
        names: dict[str, n.FixedWeight] = {}
        for weight in policy.weights:
            report.declare(names, weight.indicator, weight, "indicator")  # type: ignore[arg-type]
            if weight.weight.percent:
                report.error(weight.weight.span, "check.weight_percent")
            elif weight.weight.value == 0:
                report.warn(weight.weight.span, "check.weight_zero", name=weight.indicator.text)
        total = sum((w.weight.value for w in policy.weights), ZERO)
        if policy.total is not None:
            report.points(policy.total, "category_total")
        if policy.total is not None and total != policy.total.value:
            report.error(policy.total.span, "check.fixed_sum", sum=total, total=policy.total.text)
        if not policy.weights:
            report.error(policy.span, "check.fixed_empty")
    elif isinstance(policy, n.WrittenWeights):
        if policy.total is not None:  # no total: free, which only a block allows (blocks.py)
            report.points(policy.total, "category_total")
            report.positive(policy.total, "category_total")
        by = policy.by_subcategory
        if by is not None and by.apportion is not None:
            report.quantum(by.apportion, COARSEST_SCORE_STEP, "apportion")
            if policy.total is not None:
                _multiple_of_step(report, policy.total, by.apportion)
    else:
        report.points(policy.total, "category_total")
        report.positive(policy.total, "category_total")
        if policy.apportion is not None:
            report.quantum(policy.apportion, COARSEST_SCORE_STEP, "apportion")
            _multiple_of_step(report, policy.total, policy.apportion)
        report.rounding(policy.rounding, COARSEST_SCORE_STEP, "apportion")


def _multiple_of_step(report: Reporter, total: n.Number, step: n.Number) -> None:
    """An equal split apportioned to a step sums exactly to its total only when the total is a
    whole number of steps (2.5 in steps of 1 would give 2 + 1 = 3)."""
    if is_power_of_ten(step.value) and not step.percent and total.value % step.value != 0:  # else: its own error
        report.error(total.span, "check.apportion_multiple", total=total.text, step=step.text)


def largest_weight(resolved: Iterable[ResolvedCategory]) -> Decimal | None:
    """The most one row can weigh: the largest fixed weight, or a whole split/as_written total."""
    weights = [
        max((w.weight.value for w in c.weights.weights), default=ZERO) if isinstance(c.weights, n.FixedWeights) else c.total
        for c in resolved
    ]
    return max(weights, default=None)


def indicators(
    report: Reporter,
    nodes: list[n.Indicator],
    values: dict[str, n.Value],
    qualitative: dict[str, n.Qualitative],
    quantitative: dict[str, n.Quantitative],
) -> dict[str, ResolvedIndicator]:
    seen: dict[str, n.Indicator] = {}
    resolved: dict[str, ResolvedIndicator] = {}
    for indicator in nodes:
        if not report.declare(seen, indicator.name, indicator, "indicator_rule"):  # type: ignore[arg-type]
            continue
        owner = message("owner.indicator", name=indicator.name.text)
        actual = None
        for clause in indicator.clauses:
            if isinstance(clause, n.ActualFrom):
                if actual is not None:
                    report.error(clause.span, "check.actual_twice", owner=owner)
                elif clause.value.text not in values:
                    report.unknown(clause.value, "value", values)
                else:
                    actual = values[clause.value.text]
        schemes = _uses(report, indicator.clauses, qualitative, quantitative, owner)
        stated = report.kinds([c for c in indicator.clauses if type(c) in INDICATOR_KINDS], INDICATOR_KINDS, owner)
        target = stated.get("target")
        target_value = _target(report, target) if isinstance(target, n.TargetGiven) else None
        resolved[indicator.name.text] = ResolvedIndicator(
            indicator,
            actual,
            schemes.get("quantitative"),  # type: ignore[arg-type]
            schemes.get("qualitative"),  # type: ignore[arg-type]
            target,  # type: ignore[arg-type]
            target_value,
            stated.get("aliases"),  # type: ignore[arg-type]
        )
    return resolved


def _target(report: Reporter, target: n.TargetGiven) -> Value | None:
    """The rules' target read by the record reader, so that it means what a form's would."""
    try:
        return parse_value(target.text.value)
    except ValueProblem as problem:
        report.error(target.text.span, "check.target_unreadable", target=target.text.value, problem=problem.what)
        return None


def aliases(report: Reporter, categories: Iterable[ResolvedCategory], rules: Iterable[ResolvedIndicator]) -> None:
    """An alias names one thing only: not another category (or indicator), nor another's alias,
    nor itself. Indicator aliases also may not be a fixed-weight indicator's name: a row of that
    name would be read as the aliased indicator instead."""
    _aliases(report, [(c.node.name, c.aliases) for c in categories], {}, "category")
    fixed = {
        weight.indicator.text: weight.indicator
        for c in categories
        if isinstance(c.weights, n.FixedWeights)
        for weight in c.weights.weights
    }
    _aliases(report, [(r.node.name, r.aliases) for r in rules], fixed, "indicator")


def _aliases(
    report: Reporter, owners: list[tuple[n.Name, n.Aliases | None]], others: dict[str, n.Name], what: str
) -> None:
    names = {name.text: name for name, _ in owners} | {k: v for k, v in others.items()}
    taken: dict[str, n.Name] = {}  # alias → the name it stands for
    for owner, block in owners:
        for alias in block.names if block is not None else ():
            if alias.text == owner.text:
                report.error(alias.span, "check.alias_is_name", alias=alias.text)
            elif alias.text in names:
                clash = names[alias.text]
                report.error(alias.span, "check.alias_clash", alias=alias.text, what=term(what), line=clash.span.line)
            elif alias.text in taken:
                first = taken[alias.text]
                report.error(alias.span, "check.alias_twice", alias=alias.text, name=first.text, line=first.span.line)
            else:
                taken[alias.text] = owner


def required_rows(report: Reporter, categories: Iterable[ResolvedCategory], rules: Iterable[ResolvedIndicator]) -> None:
    """A required row must be one a form can list: in a fixed category, one of its fixed weights;
    never an alias (rows are matched by the rules' names once aliases are read)."""
    alias_of = {
        alias.text: r.node.name.text
        for r in rules
        if r.aliases is not None
        for alias in r.aliases.names
        if alias.text != r.node.name.text
    }
    for category in categories:
        if category.required is None:
            continue
        fixed = category.weights.weights if isinstance(category.weights, n.FixedWeights) else None
        known = {w.indicator.text for w in fixed} if fixed is not None else None
        for name in category.required.names:
            if name.text in alias_of:
                report.error(name.span, "check.required_is_alias", name=name.text, canonical=alias_of[name.text])
            elif known is not None and name.text not in known:
                category_name = category.node.name.text
                report.error(name.span, "check.required_not_fixed", suggest(name.text, known), category=category_name, name=name.text)


def deductions(report: Reporter, blocks: list[object]) -> n.Deductions | None:
    block = report.only_one(blocks, "deductions")
    if isinstance(block, n.Deductions):
        report.points(block.floor, "deduction_floor")
    return block  # type: ignore[return-value]


def indicator_names(
    report: Reporter,
    resolved: Iterable[ResolvedCategory],
    rules: Iterable[ResolvedIndicator],
    checks: Iterable[n.Check],
) -> None:
    """Warn where a name meant for a form's row can never meet one (issue 7: a typo that changes
    scores silently). An indicator rule, or a check choosing rows by name, whose name no category
    weighs, never applies. Only fixed weights name indicators; a `split` or `as_written`
    category takes a row of any name, so with one of those a name is suspect only when it is a
    near miss of a fixed-weight name (see `_near_miss`): the warning goes to the rule, not the
    fixed weight, since a misspelt fixed weight already shows on every form (its row is then an
    unknown indicator) while a misspelt rule is silently skipped.
    """
    fixed: dict[str, n.FixedWeight] = {}
    any_name = False
    for category in resolved:
        if isinstance(category.weights, n.FixedWeights):
            for weight in category.weights.weights:
                fixed.setdefault(weight.indicator.text, weight)
        else:
            any_name = True
    named: list[tuple[str, Span, str | None]] = [(i.node.name.text, i.node.name.span, None) for i in rules]
    named += [(text.value, text.span, check.name.text) for check in checks if (text := _row_name_chosen(check))]
    for name, span, check in named:
        if name in fixed:
            continue
        near = _near_miss(name, fixed)
        where = {} if check is None else {"check": check}
        if near is not None:
            key = "check.indicator_near_fixed" if check is None else "check.where_near_fixed"
            hint = message("hint.did_you_mean", name=near)
            report.warn(span, key, hint, name=name, fixed=near, line=fixed[near].span.line, **where)
        elif not any_name:
            key = "check.indicator_unweighted" if check is None else "check.where_unweighted"
            report.warn(span, key, suggest(name, fixed), name=name, **where)


def _row_name_chosen(check: n.Check) -> n.Text | None:
    """The text of `for each row in indicators where row.name is "…"`: a check about one row."""
    where = check.where
    if check.row is None or check.collection is None or check.collection.name.text != "indicators" or where is None:
        return None
    for test in n.tests_of(where):  # `where row.name is "…" and …` chooses by name too
        chooses = isinstance(test.left, n.Reference) and test.left.name.text == f"{check.row.text}.name"
        if chooses and test.comparator == "=" and isinstance(test.right, n.Text):
            return test.right
    return None


def _folded(name: str) -> str:
    """A name as a reader sees it: full-width forms folded (NFKC), invisible characters dropped."""
    return "".join(c for c in unicodedata.normalize("NFKC", name) if not is_hidden(c) and not c.isspace()).casefold()


def _near_miss(name: str, known: Iterable[str]) -> str | None:
    """A known name that `name` likely mistypes: the same once folded, or one edit away (one
    character changed, added, dropped, or two neighbours swapped) in names of three or more."""
    key = _folded(name)
    close = None
    for candidate in known:
        other = _folded(candidate)
        if other == key:
            return candidate
        if close is None and min(len(key), len(other)) >= 3 and _one_edit(key, other):
            close = candidate
    return close


def _one_edit(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    start = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    if len(a) < len(b):
        return a[start:] == b[start + 1 :]
    rest = a[start + 1 :] == b[start + 1 :]
    swapped = a[start : start + 2] == b[start : start + 2][::-1] and a[start + 2 :] == b[start + 2 :]
    return rest or swapped
