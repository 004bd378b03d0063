"""Deductions (扣减分数): points a reviewer takes off a scored form, applied after scoring.

Run by the evaluator once every row is scored and the totals are checked. A rule set that allows
them says so (`deductions { floor 0 }`); each of the record's deductions comes off the named row's
score (never below 0) or off the total (never below the floor), in the record's order, and is kept
in the result with what it took off; what could not be applied is a finding, never dropped.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..decimals import ZERO, plain
from ..messages import message
from ..records.values import excerpt
from .compiled import ScoringRules
from .findings import Finding
from .result import DeductionResult, IndicatorResult
from .schemes import Deducted

if TYPE_CHECKING:
    from ..records.record import Record


def deduct(
    rules: ScoringRules,
    record: Record,
    results: list[IndicatorResult],
    total: Decimal,
    out: list[DeductionResult],
    findings: list[Finding],
) -> Decimal:
    """Apply the record's deductions in order: from the named row's score (never below 0) or from
    the total; the total never goes below the rule set's floor. Without a `deductions` block in the
    rules none is applied, and one finding says so. Returns the total after them."""
    policy = rules.deductions
    if policy is None:
        points = sum((d.points for d in record.deductions), ZERO)
        said = message("score.deductions_not_allowed", rules=rules.title, count=len(record.deductions), points=points)
        values = (("count", str(len(record.deductions))), ("points", plain(points)))
        findings.append(Finding("deductions-not-allowed", "error", "deductions", said, None, values))
        for i, d in enumerate(record.deductions):
            out.append(DeductionResult(i, d.reason, d.points, d.indicator, None, "not_applied", None, None, None, None))
        return total
    names = rules.indicator_aliases
    for i, d in enumerate(record.deductions):
        row: IndicatorResult | None = None
        if d.indicator is not None:
            wanted = names.get(d.indicator, d.indicator)
            row = next((r for r in results if r.name == wanted), None)
            if row is None or row.score is None:
                key, check, severity = (
                    ("score.deduction_row_unknown", "deduction-row-unknown", "error")
                    if row is None
                    else ("score.deduction_row_unscored", "deduction-row-unscored", "warning")
                )
                said = message(key, name=excerpt(d.indicator), points=d.points)
                findings.append(Finding(check, severity, f"deductions[{i}].indicator", said, policy.clause, (("indicator", d.indicator),)))
                out.append(DeductionResult(i, d.reason, d.points, d.indicator, row.index if row else None, "not_applied", None, None, None, policy.clause))
                continue
        counted = row is None or rules.categories[row.category].counted
        room = max(total - policy.floor, ZERO) if counted else d.points  # what the floor lets go
        before = total if row is None else row.score
        applied = min(d.points, room, before if row is not None else room)  # type: ignore[type-var]
        after = before - applied  # type: ignore[operator]
        if row is not None:
            row.score = after
            row.working = Deducted(row.working, before, applied, excerpt(d.reason), policy.clause)
        if counted:
            total -= applied
        status = "applied" if applied == d.points else "floored"
        if status == "floored":
            said = message("score.deduction_floored", points=d.points, applied=applied, reason=excerpt(d.reason))
            findings.append(Finding("deduction-floored", "info", f"deductions[{i}].points", said, policy.clause, (("points", plain(d.points)), ("applied", plain(applied)))))
        out.append(DeductionResult(i, d.reason, d.points, d.indicator, row.index if row else None, status, applied, before, after, policy.clause))
    return total
