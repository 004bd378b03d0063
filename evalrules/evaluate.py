"""Evaluate: one record + a compiled `RuleSet` → a `Result`.

Rows are grouped by category; the category's weight policy gives each row its weight; each row is
then scored by its kind (a number as target: quantitative; a word: qualitative), or by the
missing-value or not-applicable policy. What cannot be scored is kept as a finding with the field
path of the row, never dropped. This is the hot path: it does arithmetic and builds small objects;
explanations are written later, on demand.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from . import audit
from .names import suggest
from .decimals import CONTEXT, ZERO, approx_percent, percent, plain
from .errors import RecordError, RecordProblem, Unavailable
from .result import Clause, Finding, IndicatorResult, Result
from .schemes import QuantitativeScheme, Working
from .values import Quantity, Word
from .weights import Assigned, SplitPolicy, WrittenPolicy, rescale

if TYPE_CHECKING:
    from .records import Indicator, Record
    from .ruleset import CompiledCategory, CompiledValue, RuleSet


class DerivedActual:
    """Working of an actual computed from the budget (`indicator … { actual 执行率 }`)."""

    __slots__ = ("value", "env")

    def __init__(self, value: CompiledValue, env: dict[str, Decimal]) -> None:
        self.value = value
        self.env = env  # the record's budget amounts and values, for the explanation

    @property
    def numbers(self) -> str:
        """The expression with the record's numbers, e.g. 29.16 ÷ 29.2 (written only on demand)."""
        return self.value.render(self.env)


def score_record(rules: RuleSet, record: Record, source: str = "<record>", audit: bool = True) -> Result:
    with decimal.localcontext(CONTEXT):  # the result must not depend on the caller's context
        return _score_record(rules, record, source, audit)


def _score_record(rules: RuleSet, record: Record, source: str, audit_checks: bool) -> Result:
    if record.budget:
        _check_budget(rules, record, source)
    rows = record.indicators
    results: list[IndicatorResult] = [None] * len(rows)  # type: ignore[list-item]
    findings: list[Finding] = []
    checks = rules.checks if audit_checks else ()
    values = _values(rules, record) if rules.indicators or checks else {}

    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        group = groups.get(row.category)
        if group is None:
            groups[row.category] = [i]
        else:
            group.append(i)
    total = ZERO
    provisional = False
    for category_name, members in groups.items():
        category = rules.categories.get(category_name)
        if category is None:
            for i in members:
                results[i] = _unknown_category(rules, rows[i], i, findings)
            provisional = True
            continue
        for result in _score_category(rules, category, rows, members, values, findings):
            results[result.index] = result
            if result.status == "review":
                provisional = True
            elif result.score is not None and category.counted:
                total += result.score
    if checks:
        context = audit.Context(record, results, total, rules.maximum, values, rules.fixed_indicators)
        for check in checks:
            check.run(context, findings)
    if findings:
        findings.sort(key=_finding_order)
    return Result(
        rules.description,
        source,
        record.project.name,
        record.project.year,
        results,
        total,
        rules.maximum,
        rules.grades.grade(total) if rules.grades is not None else None,
        provisional,
        findings,
    )


def _check_budget(rules: RuleSet, record: Record, source: str) -> None:
    unknown = [name for name in record.budget if name not in rules.budget_fields]
    if unknown:
        problems = [
            RecordProblem(
                f"budget.{name}",
                f"the rule set '{rules.title}' declares no budget amount '{name}'"
                + (f"; {hint.text('en')}" if (hint := suggest(name, rules.budget_fields)) else ""),
            )
            for name in unknown
        ]
        raise RecordError(source, problems)


def _values(rules: RuleSet, record: Record) -> dict[str, Decimal]:
    """The record's budget amounts, and every declared value they allow to compute."""
    env: dict[str, Decimal] = dict(record.budget)
    for value in rules.values:  # in declared order: a value may use the ones before it
        try:
            result = value.compute(env)
        except Unavailable:
            continue
        env[value.name] = value.rounding(result) if value.rounding is not None else result
    return env


def _score_category(
    rules: RuleSet,
    category: CompiledCategory,
    rows: tuple[Indicator, ...],
    members: list[int],
    values: dict[str, Decimal],
    findings: list[Finding],
) -> list[IndicatorResult]:
    na = rules.not_applicable
    dropped: list[int] = []
    sharing = members
    if na is not None and na.rescale:
        dropped = [i for i in members if type(rows[i].actual) is Word and rows[i].actual.text in na.words]  # type: ignore[union-attr]
        if dropped:
            sharing = [i for i in members if i not in dropped]
    assigned = category.weights.assign([rows[i].name for i in sharing], [rows[i].weight for i in sharing])
    if dropped:
        by_row = dict(zip(sharing, assigned))
        _rescale(category, rows, sharing, dropped, by_row, na.quantum or Decimal("0.01"))  # type: ignore[union-attr]
        assigned = [by_row[i] for i in sharing]
    if type(category.weights) is WrittenPolicy:
        _check_written_total(category, rows, members, findings)
    out = [_score_row(rules, category, rows[i], i, weight, values, findings) for i, weight in zip(sharing, assigned)]
    for i in dropped:  # dropped as not applicable; its weight went to the others
        drop = Assigned(ZERO, "rescaled", na.clause)  # type: ignore[union-attr]
        out.append(_result(rows[i], i, None, drop, ZERO, None, "not_applicable", drop.clause))
    return out


def _rescale(
    category: CompiledCategory,
    rows: tuple[Indicator, ...],
    sharing: list[int],
    inapplicable: list[int],
    by_row: dict[int, Assigned],
    quantum: Decimal,
) -> None:
    if isinstance(category.weights, SplitPolicy):
        return  # the split over the remaining rows already shares the whole total
    dropped_names = [rows[i].name for i in inapplicable]
    dropped = category.weights.assign(dropped_names, [rows[i].weight for i in inapplicable])
    dropped_total = sum((a.weight for a in dropped if a.weight is not None), ZERO)
    kept = [i for i in sharing if by_row[i].weight is not None]
    scaled = rescale([by_row[i].weight for i in kept], dropped_total, quantum)  # type: ignore[misc]
    for i, weight in zip(kept, scaled):
        by_row[i] = Assigned(weight, "rescaled", by_row[i].clause)


def _check_written_total(
    category: CompiledCategory, rows: tuple[Indicator, ...], members: list[int], findings: list[Finding]
) -> None:
    written = ZERO
    for i in members:
        weight = rows[i].weight
        if weight is not None:
            written += weight
    if written != category.weights.total:
        total = plain(category.weights.total)
        findings.append(
            Finding(
                "weights-total",
                "error",
                f"indicators[{members[0]}]",
                f"“{category.name}”类指标权重合计 {plain(written)}，应为 {total}",
                f"the weights of category '{category.name}' sum to {plain(written)}, not {total}",
                category.weights.clause,
                (("written", plain(written)), ("total", total)),
            )
        )


def _score_row(
    rules: RuleSet,
    category: CompiledCategory,
    row: Indicator,
    i: int,
    assigned: Assigned,
    values: dict[str, Decimal],
    findings: list[Finding],
) -> IndicatorResult:
    weight = assigned.weight
    if weight is None or assigned.problem is not None:
        return _weight_problem(category, row, i, assigned, findings)
    override = rules.indicators.get(row.name) if rules.indicators else None
    actual = row.actual
    derived = None
    if override is not None and override.actual is not None:
        found = values.get(override.actual.name)
        if found is not None:
            unit = override.actual.unit
            text = approx_percent(found) if unit == "%" else plain(found) + (unit or "")
            actual = Quantity(None, found, unit, text)
            derived = DerivedActual(override.actual, values)

    if actual is None:
        return _missing(rules, row, i, assigned)
    na = rules.not_applicable
    if na is not None and type(actual) is Word and actual.text in na.words:  # scored full
        return _result(row, i, None, assigned, weight, weight, "not_applicable", na.clause)

    target = row.target
    if type(target) is Quantity:
        scheme = override.quantitative if override is not None and override.quantitative else category.quantitative
        if type(actual) is not Quantity:
            return _unscorable(row, i, assigned, findings, "actual-not-number", actual, target)
        if target.number < 0:
            return _unscorable(row, i, assigned, findings, "target-negative", actual, target)
        if target.unit != actual.unit and not _units_agree(target, actual):
            return _unscorable(row, i, assigned, findings, "unit-mismatch", actual, target)
        work = scheme.score(weight, target, actual)
        result = _result(row, i, "quantitative", assigned, weight, work.score, "scored", work.clause, actual)
        result.completion = work.completion
        result.working = (scheme, work, derived)
        if work.warn:
            findings.append(_above_threshold(row, i, scheme, work))
        return result

    qualitative = override.qualitative if override is not None and override.qualitative else category.qualitative
    level, band = qualitative.level_of(actual)
    if level is None:
        result = _result(row, i, "qualitative", assigned, weight, None, "review", qualitative.clause, actual)
        result.working = finding = Finding(
            "qualitative-level",
            "error",
            f"indicators[{i}].actual",
            f"定性指标“{row.name}”的实际完成值“{actual.text}”不是规定的等级之一（{qualitative.allowed_text}）",
            f"qualitative indicator '{row.name}': actual '{actual.text}' is not one of the allowed levels "
            f"({qualitative.allowed_text})",
            qualitative.clause,
            (("actual", actual.text),),
        )
        findings.append(finding)
        return result
    outcome = qualitative.score(weight, level, band)
    result = _result(row, i, "qualitative", assigned, weight, outcome.score, "scored", qualitative.clause, actual)
    result.working = (qualitative, outcome, derived)
    return result


def _weight_problem(
    category: CompiledCategory, row: Indicator, i: int, assigned: Assigned, findings: list[Finding]
) -> IndicatorResult:
    if assigned.problem == "unknown-indicator":
        known = "、".join(category.weights.weights)  # type: ignore[union-attr]
        finding = Finding(
            "unknown-indicator",
            "error",
            f"indicators[{i}].name",
            f"“{category.name}”类的指标权重固定，规则中没有指标“{row.name}”（已知：{known}）",
            f"category '{category.name}' has fixed weights and no indicator '{row.name}'",
            assigned.clause,
            (("name", row.name),),
        )
    else:
        finding = Finding(
            "weight-missing",
            "error",
            f"indicators[{i}].weight",
            f"指标“{row.name}”未填写权重，而“{category.name}”类按表上权重评分",
            f"indicator '{row.name}' has no weight, and category '{category.name}' uses the weights as written",
            assigned.clause,
        )
    findings.append(finding)
    result = _result(row, i, None, assigned, assigned.weight, None, "review", assigned.clause)
    result.working = finding
    return result


def _above_threshold(row: Indicator, i: int, scheme: QuantitativeScheme, work: Working) -> Finding:
    completion, threshold = percent(work.completion), percent(scheme.threshold)  # type: ignore[arg-type]
    return Finding(
        "above-threshold",
        "warning",
        f"indicators[{i}].actual",
        f"指标“{row.name}”完成率 {completion} 超过 {threshold}，须说明原因",
        f"indicator '{row.name}' completion {completion} exceeds {threshold}: an explanation is required",
        work.clause,
        (("completion", completion), ("threshold", threshold)),
    )


def _units_agree(target: Quantity, actual: Quantity) -> bool:
    """A unit written on only one side is taken to be the other's, except for percentages."""
    if target.unit == actual.unit:
        return True
    if "%" in (target.unit, actual.unit):
        return False
    return target.unit is None or actual.unit is None


def _missing(rules: RuleSet, row: Indicator, i: int, assigned: Assigned) -> IndicatorResult:
    policy = rules.missing
    explained = row.explanation is not None
    score = policy.with_explanation if explained else policy.without
    clause = policy.with_clause if explained else policy.without_clause
    weight = assigned.weight
    if score is None:
        return _result(row, i, None, assigned, weight, None, "review", clause)
    score = min(score, weight) if weight is not None else score
    return _result(row, i, None, assigned, weight, score, "missing", clause)


_UNSCORABLE = {
    "actual-not-number": (
        "定量指标“{name}”的实际完成值“{actual}”不是数值，无法与目标值“{target}”比较",
        "quantitative indicator '{name}': actual '{actual}' is not a number to compare with target '{target}'",
    ),
    "unit-mismatch": (
        "指标“{name}”的实际完成值“{actual}”与目标值“{target}”单位不一致，不予评分",
        "indicator '{name}': the unit of actual '{actual}' does not match target '{target}'; not scored",
    ),
    "target-negative": (
        "指标“{name}”的目标值“{target}”为负数，无法计算完成率",
        "indicator '{name}': target '{target}' is negative; completion cannot be computed",
    ),
}


def _unscorable(
    row: Indicator, i: int, assigned: Assigned, findings: list[Finding], check: str, actual: object, target: Quantity
) -> IndicatorResult:
    zh, en = _UNSCORABLE[check]
    words = {"name": row.name, "actual": getattr(actual, "text", ""), "target": target.text}
    finding = Finding(
        check,
        "error",
        f"indicators[{i}].actual",
        zh.format(**words),
        en.format(**words),
        None,
        (("actual", words["actual"]), ("target", target.text)),
    )
    findings.append(finding)
    result = _result(row, i, "quantitative", assigned, assigned.weight, None, "review", None, actual)
    result.working = finding
    return result


def _unknown_category(rules: RuleSet, row: Indicator, i: int, findings: list[Finding]) -> IndicatorResult:
    hint = known.text("en") if (known := suggest(row.category, rules.categories)) else ""
    finding = Finding(
        "unknown-category",
        "error",
        f"indicators[{i}].category",
        f"规则中没有指标类别“{row.category}”（{'、'.join(rules.categories)}）",
        f"the rule set has no category '{row.category}'" + (f"; {hint}" if hint else ""),
        None,
        (("category", row.category),),
    )
    findings.append(finding)
    assigned = Assigned(row.weight, "form" if row.weight is not None else None, None)
    result = _result(row, i, None, assigned, row.weight, None, "review", None)
    result.working = finding
    return result


def _result(
    row: Indicator,
    i: int,
    kind: str | None,
    assigned: Assigned,
    weight: Decimal | None,
    score: Decimal | None,
    status: str,
    clause: Clause | None,
    actual: object = None,
) -> IndicatorResult:
    target = row.target
    if kind is None and status != "review" and target is not None:
        kind = "quantitative" if type(target) is Quantity else "qualitative"
    return IndicatorResult(
        i,
        row.category,
        row.subcategory,
        row.name,
        kind,
        weight,
        assigned.source,
        target,
        actual if actual is not None else row.actual,  # type: ignore[arg-type]
        row.actual,
        None,
        score,
        row.score,
        status,
        clause,
    )


_SECTIONS = ("project", "budget", "items.declared_total", "items.rows", "indicators", "declared_total_score", "declared_max_score")
_INDEX = re.compile(r"\[(\d+)\]")


def _finding_order(finding: Finding) -> tuple[int, tuple[int, ...], str]:
    """Findings in the order of the record: by section, then row index, then path text."""
    path = finding.path
    section = next((i for i, s in enumerate(_SECTIONS) if path.startswith(s)), len(_SECTIONS))
    return (section, tuple(int(i) for i in _INDEX.findall(path)), path)
