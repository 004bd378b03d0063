"""Evaluate: one record + a compiled rule set → a `Result`.

Rows are grouped by category; the category's weight policy gives each row its weight; each row is
then scored by its kind (a number as target: quantitative; a word: qualitative), or by the
missing-value or not-applicable policy. What cannot be scored is kept as a finding with the field
path of the row, never dropped; and whatever the engine does that a reader would not expect (a
value it could not compute and the form's number it used instead, a unit it assumed, a row left
for review, a total that counts a row twice or passes the maximum) is a finding too, so that no
outcome is silent. This is the hot path: it does arithmetic and builds small objects;
explanations and messages are written later, on demand.
"""

from __future__ import annotations

import decimal
import re
import unicodedata
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..decimals import CONTEXT, ZERO, approx_percent, percent, plain
from ..messages import message
from ..display import is_hidden
from ..names import explain_difference, fold, hint
from ..phrases import joined
from ..records.values import Quantity, When, Word, deadline_met, excerpt, may_be_date, read_when
from . import audit, totals
from .amounts import check_budget, check_items, check_negative, values_of
from .deductions import deduct
from .compiled import CompiledCategory, CompiledIndicator, CompiledValue, ScoringRules
from .findings import Clause, Finding
from .result import DeductionResult, IndicatorResult, Result
from .schemes import DerivedActual, QualitativeOutcome, QualitativeScheme, QuantitativeScheme, RuleTarget, Working
from .weights import Assigned, FixedPolicy, SplitPolicy, WrittenPolicy, rescale

if TYPE_CHECKING:
    from ..records.record import Indicator, Record
    from .trace import Trace


def score_record(
    rules: ScoringRules, record: Record, source: str = "<record>", audit: bool = True, trace: Trace | None = None
) -> Result:
    """Score `record`. With a `trace` (opt-in, for the coverage of a rule set's clauses: see
    trace.py) the evaluator also hands it what a result does not keep, once per record."""
    with decimal.localcontext(CONTEXT):  # the result must not depend on the caller's context
        return _score_record(rules, record, source, audit, trace)


def _score_record(rules: ScoringRules, record: Record, source: str, audit_checks: bool, trace: Trace | None) -> Result:
    findings: list[Finding] = []
    if record.budget:
        check_budget(rules, record, source, findings)
    if record.items is not None:
        check_items(record.items, findings)
    if rules.category_aliases or rules.indicator_aliases:
        record = _canonical(rules, record)
    rows = record.indicators
    results: list[IndicatorResult] = [None] * len(rows)  # type: ignore[list-item]
    checks = rules.checks if audit_checks else ()
    values, failed = values_of(rules, record, findings) if rules.indicators or checks else ({}, None)

    groups: dict[str, list[int]] = {}
    negative: list[int] | None = None  # rows with a negative self-score or form weight: rare
    grouped: list[int] | None = None  # rows with a `group` (湖北 目标1, 目标2): rare
    shown: list[int] | None = None  # rows with a group or 其中 sub-rows, shown with the row: rare
    for i, row in enumerate(rows):
        group = groups.get(row.category)
        if group is None:
            groups[row.category] = [i]
        else:
            group.append(i)
        if row.group is not None or row.parts:
            shown = [i] if shown is None else shown + [i]
            if row.group is not None:
                grouped = [i] if grouped is None else grouped + [i]
        claimed, weight = row.score, row.weight
        if (claimed is not None and claimed.is_signed()) or (weight is not None and weight.is_signed()):
            negative = [i] if negative is None else negative + [i]  # −0 is signed too: looked at again
    if negative is not None:
        check_negative(rules, rows, negative, findings)
    weightless = _weightless(rules, rows, groups)
    if weightless:
        said = message("score.no_weight_column", count=sum(len(m) for c, m in groups.items() if c in rules.written_categories))
        findings.append(Finding("no-weight-column", "warning", "indicators", said, None))
    total = ZERO
    provisional = False
    for category_name, members in groups.items():
        category = rules.categories.get(category_name)
        if category is None:
            for i in members:
                results[i] = _unknown_category(rules, rows[i], i, findings)
            provisional = True
            continue
        names = [rows[i].name for i in members]
        if len(set(names)) < len(names):
            _duplicates(category, names, members, findings)
            provisional = provisional or category.counted  # the total counts a row twice
        if type(category.weights) is not FixedPolicy:  # a fixed category finds such a name unknown
            _lookalike_names(rules, names, members, findings)
        if weightless and type(category.weights) is WrittenPolicy:
            scored = [_claimed(category, rows[i], i, findings) for i in members]
        else:
            scored = _score_category(rules, category, rows, members, names, values, failed, findings, record.project.year)
        for result in scored:
            results[result.index] = result
            if result.status == "review":
                provisional = True
            elif result.score is not None and category.counted:
                total += result.score
    for i in shown or ():  # shown with their row; nothing here is scored
        results[i].group, results[i].parts = rows[i].group, rows[i].parts
    if grouped is not None:
        totals.unused_groups(rules, rows, grouped, findings)
    if rules.blocks or record.declared_totals or weightless:
        totals.check_totals(rules, record, results, weightless, findings)
    _categories_on_form(rules, rows, groups, findings)
    if total > rules.maximum:
        provisional = True
        findings.append(_above_maximum(total, rules.maximum))
    deductions: list[DeductionResult] = []
    before_deductions = total
    if record.deductions:
        total = deduct(rules, record, results, total, deductions, findings)
    if checks:
        context = audit.Context(record, results, total, rules.maximum, values, rules.fixed_indicators, provisional, before_deductions)
        for check in checks:
            check.run(context, findings)
        if trace is not None:  # how often each check held and failed: a passing check leaves no finding
            trace.checks = {check.name: check.outcomes(context) for check in checks}
    if trace is not None:
        if rules.values and not (rules.indicators or checks):  # not computed above: nothing read them
            values = values_of(rules, record, [])[0]
        trace.record, trace.values = record, values
    if len(findings) > 1:
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
        deductions,
    )


# ---- names and the rows a form must have ---------------------------------------------------------


def _canonical(rules: ScoringRules, record: Record) -> Record:
    """The record with every category and indicator written by an alias renamed to the rule set's
    name (`产出指标` → `产出`), so that grouping, weights, rules and checks meet one name."""
    categories, names = rules.category_aliases, rules.indicator_aliases
    rows = list(record.indicators)
    renamed = False
    for i, row in enumerate(rows):
        category, name = categories.get(row.category, row.category), names.get(row.name, row.name)
        if category is not row.category or name is not row.name:
            rows[i] = row.model_copy(update={"category": category, "name": name})
            renamed = True
    return record.model_copy(update={"indicators": tuple(rows)}) if renamed else record


def _categories_on_form(
    rules: ScoringRules, rows: tuple[Indicator, ...], groups: dict[str, list[int]], findings: list[Finding]
) -> None:
    """A counted category with points and no row on the form (unless `optional`), and a `required`
    row a category does not list: the form is incomplete, and its total lacks those points."""
    for name, category in rules.categories.items():
        members = groups.get(name)
        if members is None:
            if category.counted and category.total > 0 and not category.optional:
                said = message("score.category_without_rows", category=name, points=category.total)
                values = (("category", name), ("points", plain(category.total)))
                findings.append(Finding("category-without-rows", "error", "indicators", said, category.clause, values))
            continue
        if category.required:
            listed = {rows[i].name for i in members}
            for required in category.required:
                if required not in listed:
                    said = message("score.required_indicator_missing", category=name, name=required)
                    values = (("category", name), ("name", required))
                    findings.append(Finding("required-indicator-missing", "error", "indicators", said, category.required_clause, values))


# ---- a category ---------------------------------------------------------------------------------


def _duplicates(category: CompiledCategory, names: list[str], members: list[int], findings: list[Finding]) -> None:
    """A finding at the name of every row that repeats an earlier one of its category."""
    first: dict[str, int] = {}
    for i, name in zip(members, names):
        if name not in first:
            first[name] = i
            continue
        key = "score.duplicate_indicator" if category.counted else "score.duplicate_indicator_not_counted"
        said = message(key, category=category.name, name=name, first=first[name] + 1)
        values = (("category", category.name), ("name", name), ("first", f"indicators[{first[name]}]"))
        findings.append(Finding("duplicate-indicator", "error", f"indicators[{i}].name", said, None, values))


def _lookalike_names(rules: ScoringRules, names: list[str], members: list[int], findings: list[Finding]) -> None:
    """A finding at every name a reader cannot tell from another: a name holding an invisible
    character, or one that differs from an indicator rule's name or another row's only in such
    characters or in full-width/half-width forms. Scoring goes by the name as written, so such a
    row silently misses its rule or is not seen as a duplicate; the finding says exactly how the
    names differ. Most names are printable and NFKC-normal: two C calls and nothing else."""
    for i, name in zip(members, names):
        if name.isprintable() and unicodedata.is_normalized("NFKC", name):
            continue
        folded = fold(name)
        if folded == name:
            continue  # e.g. an ideographic space: not printable, but seen
        rule = next((known for known in rules.indicators if known != name and fold(known) == folded), None)
        row = next((j for j, other in zip(members, names) if other != name and fold(other) == folded), None)
        if rule is not None:
            head, known = message("score.name_lookalike_rule", name=name, known=rule), rule
        elif row is not None:
            head, known = message("score.name_lookalike_row", name=name, known=names[members.index(row)], row=row + 1), names[members.index(row)]
        else:
            known = "".join(c for c in name if not is_hidden(c))
            if known == name:
                continue  # only full-width forms, and nothing they could be taken for
            head = message("score.name_hidden", name=name)
        said = joined(head, explain_difference(name, known))
        findings.append(Finding("indicator-name-lookalike", "warning", f"indicators[{i}].name", said, None, (("name", name),)))


def _score_category(
    rules: ScoringRules,
    category: CompiledCategory,
    rows: tuple[Indicator, ...],
    members: list[int],
    names: list[str],
    values: dict[str, Decimal],
    failed: dict[str, Any] | None,
    findings: list[Finding],
    year: int,
) -> list[IndicatorResult]:
    na = rules.not_applicable
    dropped: list[int] = []
    sharing = members
    if na is not None and na.rescale:
        dropped = [i for i in members if type(rows[i].actual) is Word and rows[i].actual.text in na.words]  # type: ignore[union-attr]
        if dropped:
            sharing = [i for i in members if i not in dropped]
            names = [rows[i].name for i in sharing]
    policy = category.weights
    # an equal split reads no weight of the form: it is not listed for it
    assigned = policy.assign(names, names if type(policy) is SplitPolicy else [rows[i].weight for i in sharing])  # type: ignore[arg-type]
    if dropped and not sharing and category.counted:  # nothing to share the category's points with
        findings.append(_nothing_applicable(category, members[0]))
    if dropped:
        by_row = dict(zip(sharing, assigned))
        _rescale(category, rows, sharing, dropped, by_row, na.quantum or Decimal("0.01"))  # type: ignore[union-attr]
        assigned = [by_row[i] for i in sharing]
    if type(category.weights) is WrittenPolicy:
        _check_written_total(category, rows, members, findings)
    out = [_score_row(rules, category, rows[i], i, weight, values, failed, findings, year) for i, weight in zip(sharing, assigned)]
    for i in dropped:  # dropped as not applicable; its weight went to the others
        drop = Assigned(ZERO, "rescaled", na.clause)  # type: ignore[union-attr]
        out.append(_result(rows[i], i, None, drop, ZERO, None, "not_applicable", drop.clause))
    return out


def _weightless(rules: ScoringRules, rows: tuple[Indicator, ...], groups: dict[str, list[int]]) -> bool:
    """The form has no weight column: it has rows whose weights the rules take from the form
    (`as_written`), and not one of them has a weight. Such a form is scored as far as it can be,
    with one finding for the form, never one for each row."""
    if not rules.written_categories:  # no category takes its weights from the form
        return False
    written = [members for category, members in groups.items() if category in rules.written_categories]
    return bool(written) and all(rows[i].weight is None for members in written for i in members)


def _claimed(category: CompiledCategory, row: Indicator, i: int, findings: list[Finding]) -> IndicatorResult:
    """A row of a form without a weight column: its claimed score is taken as it stands, marked so."""
    assigned = Assigned(None, None, category.weights.clause)
    claimed = row.score
    if claimed is not None and claimed >= ZERO:
        return _result(row, i, None, assigned, None, claimed, "claimed", category.weights.clause)
    result = _result(row, i, None, assigned, None, None, "review", category.weights.clause)
    if claimed is None:  # a negative claim has its own finding already
        said = message("score.claim_missing", name=row.name)
        result.working = Finding("claim-missing", "warning", f"indicators[{i}].score", said, category.weights.clause)
        findings.append(result.working)
    return result


def _nothing_applicable(category: CompiledCategory, first: int) -> Finding:
    said = message("score.category_not_applicable", category=category.name, points=category.total)
    values = (("category", category.name), ("points", plain(category.total)))
    return Finding("category-not-applicable", "warning", f"indicators[{first}]", said, category.clause, values)


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
    policy: WrittenPolicy = category.weights  # type: ignore[assignment]
    total = policy.total
    if total is None:
        return  # a free total: the block and the form's declared totals are checked in totals.py
    if policy.subcategory_step is not None:
        _check_subcategory_totals(category, policy, rows, members, findings)
        return
    written = ZERO
    for i in members:
        weight = rows[i].weight
        if weight is not None:
            written += weight
    if written != total:
        said = message("score.weights_total", category=category.name, written=written, total=total)
        values = (("written", plain(written)), ("total", plain(total)))
        findings.append(Finding("weights-total", "error", f"indicators[{members[0]}]", said, category.weights.clause, values))


def _check_subcategory_totals(
    category: CompiledCategory, policy: WrittenPolicy, rows: tuple[Indicator, ...], members: list[int], findings: list[Finding]
) -> None:
    """`by subcategory`: the total shared equally among the subcategories present; each one's
    written weights must sum to its share. Rows without a subcategory count as one more."""
    by_subcategory: dict[str | None, list[int]] = {}
    for i in members:
        by_subcategory.setdefault(rows[i].subcategory, []).append(i)
    shares = policy.subcategory_shares(list(by_subcategory))
    for subcategory, listed in by_subcategory.items():
        written = sum((rows[i].weight for i in listed if rows[i].weight is not None), ZERO)
        share = shares[subcategory]
        if written != share:
            said = message(
                "score.weights_total_subcategory", category=category.name, subcategory=excerpt(subcategory or "—"),
                written=written, share=share, total=policy.total, count=len(shares),
            )  # fmt: skip
            values = (("subcategory", subcategory or ""), ("written", plain(written)), ("total", plain(share)))
            findings.append(Finding("weights-total", "error", f"indicators[{listed[0]}]", said, policy.clause, values))


# ---- a row --------------------------------------------------------------------------------------


def _with_rule_target(
    rules: ScoringRules,
    category: CompiledCategory,
    row: Indicator,
    i: int,
    assigned: Assigned,
    values: dict[str, Decimal],
    failed: dict[str, Any] | None,
    findings: list[Finding],
    year: int,
    override: CompiledIndicator,
) -> IndicatorResult:
    """The rules give the row's target: it replaces what the form printed, kept for the finding."""
    stated = row.target
    if stated is not None and not _same_target(stated, override.target):
        said = message("score.target_differs", name=row.name, stated=stated.text, target=override.target.text)
        values_said = (("stated", stated.text), ("target", override.target.text))
        findings.append(Finding("target-differs", "warning", f"indicators[{i}].target", said, override.target_clause, values_said))
    row = row.model_copy(update={"target": override.target})
    result = _score_row(rules, category, row, i, assigned, values, failed, findings, year, True)
    result.working = RuleTarget(result.working, override.target, stated, override.target_clause)
    return result


def _same_target(stated: Any, target: Any) -> bool:
    """Whether the form's target says what the rules' does: a bare number is read as ≥, as in scoring."""
    if type(stated) is not type(target):
        return False
    if type(stated) is Quantity:
        return (stated.comparator_or_default(), stated.number, stated.unit) == (
            target.comparator_or_default(),
            target.number,
            target.unit,
        )
    return stated == target


def _score_row(
    rules: ScoringRules,
    category: CompiledCategory,
    row: Indicator,
    i: int,
    assigned: Assigned,
    values: dict[str, Decimal],
    failed: dict[str, Any] | None,
    findings: list[Finding],
    year: int,
    targeted: bool = False,  # the rules' target is in place already
) -> IndicatorResult:
    override = rules.indicators.get(row.name) if rules.indicators else None
    if override is not None and override.target is not None and not targeted:
        return _with_rule_target(rules, category, row, i, assigned, values, failed, findings, year, override)
    weight = assigned.weight
    if weight is None or assigned.problem is not None:
        return _weight_problem(category, row, i, assigned, findings)
    actual = row.actual
    source: DerivedActual | Finding | None = None  # where the actual scored came from, if not the form
    if override is not None and override.actual is not None:
        value = override.actual
        found = values.get(value.name)
        if found is not None:
            unit = value.unit
            text = approx_percent(found) if unit == "%" else plain(found) + (unit or "")
            actual = Quantity(None, found, unit, text)
            source = DerivedActual(value, values, failed)
        elif actual is None:  # neither computed nor written: the missing-value policy decides
            return _missing(rules, row, i, assigned, findings, (override, failed))
        else:
            source = _not_computed(row, i, override, failed, message("score.form_actual_used", stated=actual.text))
            findings.append(source)

    if actual is None:
        return _missing(rules, row, i, assigned, findings)
    na = rules.not_applicable
    if na is not None and type(actual) is Word and actual.text in na.words:  # scored full
        return _result(row, i, None, assigned, weight, weight, "not_applicable", na.clause)

    target = row.target
    qualitative = override.qualitative if override is not None and override.qualitative else category.qualitative
    dated = False  # a date on one side at least, not only a bare month (12月 may count months)
    # Most rows write no date: one search rules that out before read_when is called twice.
    if target is not None and may_be_date(target.text + actual.text) is not None:
        target_when, actual_when = read_when(target), read_when(actual)
        if target_when is not None or actual_when is not None:
            dated = not ((target_when is None or target_when.bare) and (actual_when is None or actual_when.bare))
        if dated:
            if target_when is not None and actual_when is not None:
                return _deadline(qualitative, row, i, assigned, target_when, actual_when, year, findings)
            if target_when is None or type(actual) is not Word or qualitative.place(actual, target) is None:
                return _unscorable(row, i, assigned, findings, "deadline-mismatch", actual, target)
    if type(target) is Quantity and not dated:  # a date target read as a number (9月内) is none
        scheme = override.quantitative if override is not None and override.quantitative else category.quantitative
        if type(actual) is not Quantity:
            return _unscorable(row, i, assigned, findings, "actual-not-number", actual, target)
        if target.number < 0:
            return _unscorable(row, i, assigned, findings, "target-negative", actual, target)
        if target.unit != actual.unit:
            if actual.unit is None and scheme.bare_actual_from_target:  # 95 against ≥90%: 95%
                findings.append(_unit_assumed(row, i, target, actual, scheme.clauses["bare actual"]))
                actual = _in_unit_of(actual, target)
            elif not _units_agree(target, actual):
                return _unscorable(row, i, assigned, findings, "unit-mismatch", actual, target)
            else:
                findings.append(_unit_assumed(row, i, target, actual))
        work = scheme.score(weight, target, actual)
        if work.warn:
            findings.append(_above_threshold(row, i, scheme, work))
        return IndicatorResult(
            i, row.category, row.subcategory, row.name, "quantitative", weight, assigned.source, target, actual,
            row.actual, work.completion, work.score, row.score, "scored", work.clause, (scheme, work, source),
        )  # fmt: skip

    placed = qualitative.place(actual, target)
    if placed is None:
        result = _result(row, i, "qualitative", assigned, weight, None, "review", qualitative.clause, actual)
        said = message("score.qualitative_level", name=row.name, actual=actual.text, allowed=qualitative.allowed_text)
        finding = Finding("qualitative-level", "error", f"indicators[{i}].actual", said, qualitative.clause, (("actual", actual.text),))
        result.working = finding
        findings.append(finding)
        return result
    place, how = placed
    if how == "share" or (how == "word" and not isinstance(place, str)):  # a share, as written or listed
        band = qualitative.band_of_share(place) if qualitative.bands is not None else None  # type: ignore[arg-type]
        outcome = qualitative.score(weight, place, band)  # type: ignore[arg-type]
        outcome.how = how
        clause = qualitative.clause
    else:
        clause = qualitative.clauses["words" if how == "word" else "as target"]
        outcome = qualitative.score_at(weight, place, row.score, how, clause)
        _band_claim(row, i, outcome, findings)
    return IndicatorResult(
        i, row.category, row.subcategory, row.name, "qualitative", weight, assigned.source, target, actual,
        row.actual, None, outcome.score, row.score, "scored", clause, (qualitative, outcome, source),
    )  # fmt: skip


def _deadline(
    qualitative: QualitativeScheme,
    row: Indicator,
    i: int,
    assigned: Assigned,
    target: When,
    actual: When,
    year: int,
    findings: list[Finding],
) -> IndicatorResult:
    """A date actual against a date target: met or missed, placed by the scheme's `deadline`."""
    weight: Decimal = assigned.weight  # type: ignore[assignment]
    if qualitative.deadline is None:
        said = message("score.deadline_not_scored", name=row.name, target=target.text, actual=actual.text, scheme=qualitative.name)
        values = (("target", target.text), ("actual", actual.text))
        finding = Finding("deadline-not-scored", "warning", f"indicators[{i}].actual", said, qualitative.clause, values)
        findings.append(finding)
        result = _result(row, i, "qualitative", assigned, weight, None, "review", qualitative.clause)
        result.working = finding
        return result
    met = deadline_met(target, actual, year)
    clause = qualitative.clauses["deadline"]
    outcome = qualitative.score_at(weight, qualitative.deadline[0 if met else 1], row.score, "met" if met else "missed", clause)
    _band_claim(row, i, outcome, findings)
    return IndicatorResult(
        i, row.category, row.subcategory, row.name, "qualitative", weight, assigned.source, row.target, row.actual,
        row.actual, None, outcome.score, row.score, "scored", clause, (qualitative, outcome, None),
    )  # fmt: skip


def _band_claim(row: Indicator, i: int, outcome: QualitativeOutcome, findings: list[Finding]) -> None:
    """A claim outside its band, or no claim where the band leaves the score to it: a finding."""
    if outcome.decision not in ("adjusted", "unclaimed"):
        return
    band, points, score = outcome.band, outcome.points_range, plain(outcome.score)
    if outcome.decision == "adjusted":
        claimed = plain(outcome.claimed)  # type: ignore[arg-type]
        said = message("score.claim_outside_band", name=row.name, claimed=claimed, band=band, range=points, score=score)
        values = (("claimed", claimed), ("band", band), ("range", points), ("score", score))
        findings.append(Finding("claim-outside-band", "error", f"indicators[{i}].score", said, outcome.clause, values))
    else:
        said = message("score.band_unclaimed", name=row.name, band=band, range=points, score=score)
        values = (("band", band), ("range", points), ("score", score))
        findings.append(Finding("band-unclaimed", "warning", f"indicators[{i}].score", said, outcome.clause, values))


def _not_computed(
    row: Indicator, i: int, override: CompiledIndicator, failed: dict[str, Any] | None, outcome: Any
) -> Finding:
    """The rules compute this row's actual, and could not: why, and what was done instead."""
    value: CompiledValue = override.actual  # type: ignore[assignment]
    why = (failed or {}).get(value.name)
    if why is not None and why.args[0] == "zero":
        reason = message("value.division_by_zero", divisor=why.args[1])
    else:
        reason = message("value.amount_absent", amount=why.args[1] if why is not None else value.name)
    said = joined(message("score.actual_not_computed", name=row.name, formula=value.formula), reason, outcome)
    stated = row.actual.text if row.actual is not None else ""
    values = (("formula", value.formula), ("stated", stated))
    return Finding("actual-not-computed", "warning", f"indicators[{i}].actual", said, override.clause, values)


def _negative_weight(row: Indicator, i: int, category: CompiledCategory, key: str) -> Finding:
    said = message(key, name=row.name, weight=row.weight, category=category.name)  # as_written: not scored
    return Finding("negative-weight", "error", f"indicators[{i}].weight", said, category.weights.clause, (("weight", plain(row.weight)),))  # type: ignore[arg-type]


def _weight_problem(
    category: CompiledCategory, row: Indicator, i: int, assigned: Assigned, findings: list[Finding]
) -> IndicatorResult:
    if assigned.problem == "unknown-indicator":
        known = category.weights.weights  # type: ignore[union-attr]
        said = joined(message("score.unknown_indicator", category=category.name, name=row.name), hint(row.name, known))
        finding = Finding("unknown-indicator", "error", f"indicators[{i}].name", said, assigned.clause, (("name", row.name),))
    elif assigned.problem == "negative-weight":
        finding = _negative_weight(row, i, category, "score.negative_weight_not_scored")
    else:
        said = message("score.weight_missing", name=row.name, category=category.name)
        finding = Finding("weight-missing", "error", f"indicators[{i}].weight", said, assigned.clause)
    findings.append(finding)
    result = _result(row, i, None, assigned, assigned.weight, None, "review", assigned.clause)
    result.working = finding
    return result


def _above_threshold(row: Indicator, i: int, scheme: QuantitativeScheme, work: Working) -> Finding:
    completion, threshold = percent(work.completion), percent(scheme.threshold)  # type: ignore[arg-type]
    said = message("score.above_threshold", name=row.name, completion=completion, threshold=threshold)
    values = (("completion", completion), ("threshold", threshold))
    return Finding("above-threshold", "warning", f"indicators[{i}].actual", said, work.clause, values)


def _above_maximum(total: Decimal, maximum: Decimal) -> Finding:
    said = message("score.total_above_maximum", total=total, maximum=maximum)
    return Finding("total-above-maximum", "error", "total", said, None, (("total", plain(total)), ("maximum", plain(maximum))))


def _units_agree(target: Quantity, actual: Quantity) -> bool:
    """A unit written on only one side is taken to be the other's (a finding says so), except for
    percentages: 90 is not 90%."""
    if target.unit == actual.unit:
        return True
    if "%" in (target.unit, actual.unit):
        return False
    return target.unit is None or actual.unit is None


def _unit_assumed(row: Indicator, i: int, target: Quantity, actual: Quantity, clause: Clause | None = None) -> Finding:
    unit = target.unit or actual.unit
    said = message("score.unit_assumed", name=row.name, target=target.text, actual=actual.text, unit=unit)
    return Finding("unit-assumed", "info", f"indicators[{i}].actual", said, clause, (("target", target.text), ("actual", actual.text)))


def _in_unit_of(actual: Quantity, target: Quantity) -> Quantity:
    """A bare actual read in the target's unit (`bare actual unit from target`): 95 against ≥90%
    is 95% (0.95, exactly: the exponent is shifted, nothing is divided)."""
    number = actual.number.scaleb(-2, CONTEXT) if target.unit == "%" else actual.number
    return Quantity(actual.comparator, number, target.unit, actual.text + (target.unit or ""))


def _missing(
    rules: ScoringRules,
    row: Indicator,
    i: int,
    assigned: Assigned,
    findings: list[Finding],
    not_computed: tuple[CompiledIndicator, dict[str, Any] | None] | None = None,
) -> IndicatorResult:
    policy = rules.missing
    explained = row.explanation is not None
    score = policy.with_explanation if explained else policy.without
    clause = policy.with_clause if explained else policy.without_clause
    weight = assigned.weight
    if score is not None:
        score = min(score, weight) if weight is not None else score
    if not_computed is not None:  # the rules compute the actual and could not: one finding says all
        outcome = message("score.no_actual_review") if score is None else message("score.no_actual_missing", score=score)
        findings.append(_not_computed(row, i, not_computed[0], not_computed[1], outcome))
    elif score is None:
        key = "score.left_for_review" if explained else "score.left_for_review_unexplained"
        said = message(key, name=row.name)
        findings.append(Finding("left-for-review", "warning", f"indicators[{i}].actual", said, clause))
    if score is None:
        return _result(row, i, None, assigned, weight, None, "review", clause)
    return _result(row, i, None, assigned, weight, score, "missing", clause)


_UNSCORABLE = {
    "actual-not-number": "score.actual_not_number",
    "unit-mismatch": "score.unit_mismatch",
    "target-negative": "score.target_negative",
    "deadline-mismatch": "score.deadline_mismatch",
}


def _unscorable(
    row: Indicator, i: int, assigned: Assigned, findings: list[Finding], check: str, actual: Any, target: Quantity | Word
) -> IndicatorResult:
    written = getattr(actual, "text", "")
    said = message(_UNSCORABLE[check], name=row.name, actual=written, target=target.text)
    finding = Finding(check, "error", f"indicators[{i}].actual", said, None, (("actual", written), ("target", target.text)))
    findings.append(finding)
    kind = "qualitative" if check == "deadline-mismatch" else "quantitative"
    result = _result(row, i, kind, assigned, assigned.weight, None, "review", None, actual)
    result.working = finding
    return result


def _unknown_category(rules: ScoringRules, row: Indicator, i: int, findings: list[Finding]) -> IndicatorResult:
    said = joined(message("score.unknown_category", category=row.category), hint(row.category, rules.categories))
    finding = Finding("unknown-category", "error", f"indicators[{i}].category", said, None, (("category", row.category),))
    findings.append(finding)
    weight = row.weight
    assigned = Assigned(weight, "form" if weight is not None else None, None)
    result = _result(row, i, None, assigned, weight, None, "review", None)
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


_SECTIONS = (
    "project",
    "budget",
    "items.declared_total",
    "items.rows",
    "indicators",
    "declared_totals",
    "deductions",
    "total",
    "declared_total_score",
    "declared_max_score",
)
_INDEX = re.compile(r"\[(\d+)\]")


def _finding_order(finding: Finding) -> tuple[int, tuple[int, ...], str]:
    """Findings in the order of the record: by section, then row index, then path text."""
    path = finding.path
    section = next((i for i, s in enumerate(_SECTIONS) if path.startswith(s)), len(_SECTIONS))
    return (section, tuple(int(i) for i in _INDEX.findall(path)), path)


# Every check the engine itself can report (the audit checks are named by the rule file).
CHECKS = (
    "unknown-category",
    "unknown-indicator",
    "weight-missing",
    "weights-total",
    "negative-weight",
    "qualitative-level",
    "actual-not-number",
    "unit-mismatch",
    "target-negative",
    "above-threshold",
    "actual-not-computed",
    "unit-assumed",
    "left-for-review",
    "negative-amount",
    "negative-score",
    "duplicate-indicator",
    "indicator-name-lookalike",
    "total-above-maximum",
    "category-not-applicable",
    "claim-outside-band",
    "band-unclaimed",
    "deadline-not-scored",
    "deadline-mismatch",
    "value-fallback",
    "no-weight-column",
    "claim-missing",
    "claimed-above-total",
    "block-total",
    "declared-total-unknown",
    "declared-total-rules",
    "declared-total-rows",
    "group-not-used",
    "group-missing",
    "category-without-rows",
    "required-indicator-missing",
    "target-differs",
    "deductions-not-allowed",
    "deduction-row-unknown",
    "deduction-row-unscored",
    "deduction-floored",
)
