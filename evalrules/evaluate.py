"""Evaluate: one record + a compiled `RuleSet` → a `Result`.

Rows are grouped by category; the category's weight policy gives each row its weight; each row is
then scored by its kind (a number as target: quantitative; a word: qualitative), or by the
missing-value or not-applicable policy. What cannot be scored is kept as a finding with the field
path of the row, never dropped. This is the hot path: it does arithmetic and builds small objects;
explanations are written later, on demand.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from .checker import suggest
from .decimals import ZERO, approx_percent, percent, plain
from .errors import RecordError, RecordProblem, Unavailable
from .result import Clause, Finding, IndicatorResult, Result
from .values import Quantity, Word
from .weights import Assigned, SplitPolicy, WrittenPolicy, rescale

if TYPE_CHECKING:
    from .records import Indicator, Record
    from .ruleset import CompiledCategory, RuleSet


class DerivedActual:
    """Working of an actual computed from the budget (`indicator … { actual 执行率 }`)."""

    __slots__ = ("value", "numbers")

    def __init__(self, value: object, numbers: str) -> None:
        self.value = value  # the CompiledValue
        self.numbers = numbers  # the expression with the record's numbers: 29.16 ÷ 29.2


def score_record(rules: RuleSet, record: Record, source: str = "<record>") -> Result:
    _check_budget(rules, record, source)
    rows = record.indicators
    results: list[IndicatorResult | None] = [None] * len(rows)
    findings: list[Finding] = []
    values = _values(rules, record) if rules.indicators else {}

    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(row.category, []).append(i)
    for category_name, members in groups.items():
        category = rules.categories.get(category_name)
        if category is None:
            for i in members:
                results[i] = _unknown_category(rules, rows[i], i, findings)
            continue
        _score_category(rules, category, rows, members, values, results, findings)

    indicator_results: list[IndicatorResult] = results  # type: ignore[assignment]
    total = ZERO
    provisional = False
    for result in indicator_results:
        if result.status == "review":
            provisional = True
        elif result.score is not None:
            category = rules.categories.get(result.category)
            if category is not None and category.counted:
                total += result.score
    findings.sort(key=_finding_order)
    return Result(
        ruleset=rules.describe(),
        source=source,
        project=record.project.name,
        year=record.project.year,
        indicators=indicator_results,
        total=total,
        maximum=rules.maximum,
        grade=rules.grades.grade(total) if rules.grades is not None else None,
        provisional=provisional,
        findings=findings,
    )


def _check_budget(rules: RuleSet, record: Record, source: str) -> None:
    unknown = [name for name in record.budget if name not in rules.budget_fields]
    if unknown:
        problems = [
            RecordProblem(
                f"budget.{name}",
                f"the rule set '{rules.title}' declares no budget amount '{name}'"
                + (f"; {hint}" if (hint := suggest(name, rules.budget_fields)) else ""),
            )
            for name in unknown
        ]
        raise RecordError(source, problems)


def _values(rules: RuleSet, record: Record) -> dict[str, Decimal]:
    """Every declared value that the record's budget block allows to compute."""
    env: dict[str, Decimal] = dict(record.budget)
    computed: dict[str, Decimal] = {}
    for value in rules.values:
        try:
            result = value.compute(env)
        except Unavailable:
            continue
        if value.rounding is not None:
            result = value.rounding(result)
        env[value.name] = computed[value.name] = result
    computed.update((k, v) for k, v in record.budget.items() if k not in computed)
    return computed


def _score_category(
    rules: RuleSet,
    category: CompiledCategory,
    rows: tuple[Indicator, ...],
    members: list[int],
    values: dict[str, Decimal],
    results: list[IndicatorResult | None],
    findings: list[Finding],
) -> None:
    na = rules.not_applicable
    inapplicable = (
        [i for i in members if isinstance(rows[i].actual, Word) and rows[i].actual.text in na.words]  # type: ignore[union-attr]
        if na is not None
        else []
    )
    sharing = [i for i in members if i not in inapplicable] if na is not None and na.rescale else members
    assigned = category.weights.assign([rows[i].name for i in sharing], [rows[i].weight for i in sharing])
    by_row = dict(zip(sharing, assigned))
    if inapplicable and na is not None and na.rescale:
        _rescale(category, rows, sharing, inapplicable, by_row, na.quantum or Decimal("0.01"))
    if isinstance(category.weights, WrittenPolicy):
        _check_written_total(category, rows, members, findings)
    for i in members:
        row = rows[i]
        weight = by_row.get(i)
        if weight is None:  # dropped as not applicable; its weight went to the others
            dropped = Assigned(ZERO, "rescaled", na.clause)  # type: ignore[union-attr]
            results[i] = _result(row, i, None, dropped, ZERO, None, "not_applicable", dropped.clause)
            continue
        results[i] = _score_row(rules, category, row, i, weight, values, findings)


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
    written = sum((rows[i].weight for i in members if rows[i].weight is not None), ZERO)
    if written != category.weights.total:  # type: ignore[union-attr]
        total = plain(category.weights.total)  # type: ignore[union-attr]
        findings.append(
            Finding(
                "weights-total",
                "error",
                f"indicators[{members[0]}]",
                f"“{category.name}”类指标权重合计 {plain(written)}，应为 {total}",
                f"the weights of category '{category.name}' sum to {plain(written)}, not {total}",
                category.weights.clause,  # type: ignore[union-attr]
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
    path = f"indicators[{i}]"
    if assigned.problem is not None or assigned.weight is None:
        if assigned.problem == "unknown-indicator":
            known = "、".join(category.weights.weights)  # type: ignore[union-attr]
            findings.append(
                Finding(
                    "unknown-indicator",
                    "error",
                    f"{path}.name",
                    f"“{category.name}”类的指标权重固定，规则中没有指标“{row.name}”（已知：{known}）",
                    f"category '{category.name}' has fixed weights and no indicator '{row.name}'",
                    assigned.clause,
                    (("name", row.name),),
                )
            )
        else:
            findings.append(
                Finding(
                    "weight-missing",
                    "error",
                    f"{path}.weight",
                    f"指标“{row.name}”未填写权重，而“{category.name}”类按表上权重评分",
                    f"indicator '{row.name}' has no weight, and category '{category.name}' uses the weights as written",
                    assigned.clause,
                )
            )
        return _result(row, i, None, assigned, None, None, "review", assigned.clause)

    weight: Decimal = assigned.weight
    override = rules.indicators.get(row.name)
    actual = row.actual
    derived = None
    if override is not None and override.actual is not None:
        found = values.get(override.actual.name)
        if found is not None:
            actual = Quantity(None, found, "%", approx_percent(found))
            derived = DerivedActual(override.actual, override.actual.render(values))

    na = rules.not_applicable
    if na is not None and isinstance(actual, Word) and actual.text in na.words:  # scored full
        return _result(row, i, None, assigned, weight, weight, "not_applicable", na.clause)
    if actual is None:
        return _missing(rules, row, i, assigned, findings)

    target = row.target
    if isinstance(target, Quantity):
        scheme = override.quantitative if override is not None and override.quantitative else category.quantitative
        if not isinstance(actual, Quantity):
            return _unscorable(row, i, assigned, findings, "actual-not-number", actual, target)
        if target.number < 0 or target.unit != actual.unit and not _units_agree(target, actual):
            return _unscorable(row, i, assigned, findings, "unit-mismatch" if target.number >= 0 else "target-negative", actual, target)
        work = scheme.score(weight, target, actual)
        work_clause = work.clause
        if work.warn:
            findings.append(
                Finding(
                    "above-threshold",
                    "warning",
                    f"{path}.actual",
                    f"指标“{row.name}”完成率 {percent(work.completion)} 超过 {percent(scheme.threshold)}，须说明原因",  # type: ignore[arg-type]
                    f"indicator '{row.name}' completion {percent(work.completion)} exceeds {percent(scheme.threshold)}: an explanation is required",  # type: ignore[arg-type]
                    work_clause,
                )
            )
        result = _result(row, i, "quantitative", assigned, weight, work.score, "scored", work_clause, actual)
        result.completion = work.completion
        result.working = (scheme, work, derived)
        return result

    scheme_q = override.qualitative if override is not None and override.qualitative else category.qualitative
    level, band = scheme_q.level_of(actual)
    clause = scheme_q.clause
    if level is None:
        findings.append(
            Finding(
                "qualitative-level",
                "error",
                f"{path}.actual",
                f"定性指标“{row.name}”的实际完成值“{actual.text}”不是规定的等级之一（{scheme_q.allowed_text}）",
                f"qualitative indicator '{row.name}': actual '{actual.text}' is not one of the allowed levels ({scheme_q.allowed_text})",
                clause,
                (("actual", actual.text),),
            )
        )
        return _result(row, i, "qualitative", assigned, weight, None, "review", clause, actual)
    outcome = scheme_q.score(weight, level)
    outcome.band = band
    result = _result(row, i, "qualitative", assigned, weight, outcome.score, "scored", clause, actual)
    result.working = (scheme_q, outcome, derived)
    return result


def _units_agree(target: Quantity, actual: Quantity) -> bool:
    """A unit written on only one side is taken to be the other's, except for percentages."""
    if target.unit == actual.unit:
        return True
    if "%" in (target.unit, actual.unit):
        return False
    return target.unit is None or actual.unit is None


def _missing(rules: RuleSet, row: Indicator, i: int, assigned: Assigned, findings: list[Finding]) -> IndicatorResult:
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
    findings.append(
        Finding(
            check,
            "error",
            f"indicators[{i}].actual",
            zh.format(**words),
            en.format(**words),
            None,
            (("actual", words["actual"]), ("target", target.text)),
        )
    )
    return _result(row, i, "quantitative", assigned, assigned.weight, None, "review", None, actual)


def _unknown_category(rules: RuleSet, row: Indicator, i: int, findings: list[Finding]) -> IndicatorResult:
    hint = suggest(row.category, rules.categories) or ""
    findings.append(
        Finding(
            "unknown-category",
            "error",
            f"indicators[{i}].category",
            f"规则中没有指标类别“{row.category}”（{'、'.join(rules.categories)}）",
            f"the rule set has no category '{row.category}'" + (f"; {hint}" if hint else ""),
            None,
            (("category", row.category),),
        )
    )
    assigned = Assigned(row.weight, "form" if row.weight is not None else None, None)
    return _result(row, i, None, assigned, row.weight, None, "review", None)


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
        kind = "quantitative" if isinstance(target, Quantity) else "qualitative"
    return IndicatorResult(
        index=i,
        category=row.category,
        subcategory=row.subcategory,
        name=row.name,
        kind=kind,
        weight=weight,
        weight_source=assigned.source,
        target=target,
        actual=actual if actual is not None else row.actual,  # type: ignore[arg-type]
        stated_actual=row.actual,
        completion=None,
        score=score,
        claimed=row.score,
        status=status,
        clause=clause,
    )


def _finding_order(finding: Finding) -> tuple[int, str]:
    """Findings in the order of the record: by indicator row, then by path text."""
    path = finding.path
    if path.startswith("indicators["):
        return (int(path[11 : path.index("]")]), path)
    return (-1, path)
