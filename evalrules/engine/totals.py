"""Totals: what a form declares beside its headings, and what blocks and groups require of it.

Run by the evaluator once every row is scored, on the weights the rows were given. A form prints
totals beside its headings (“产出指标（50分）”, “目标1（40分）”): `declared_totals` in the record,
keyed by the heading's name. Each must name a category, a block or a group (`declared-total-unknown`);
a total the rules fix must be the rules' (`declared-total-rules`), and a total the rules leave free
(a free category, a group) must be the sum of its rows' weights (`declared-total-rows`). A block's
parts (its categories' totals, or with `groups` its groups' totals, each declared or else summed
from the rows) must make up the block's total (`block-total`). On a form without a weight column
the claimed scores stand in for the weights, and no part may claim more than its total
(`claimed-above-total`). A row's `group` the rules cannot use is said too (`group-not-used`).

Each discrepancy is one finding: a total the rules fix is compared with the rules only (its rows
are compared with the rules by `weights-total` or `block-total`), a free one with its rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ..decimals import ZERO, plain
from ..messages import message
from ..names import hint
from ..phrases import joined
from ..records.values import excerpt
from .compiled import CompiledBlock, ScoringRules
from .findings import Clause, Finding
from .result import IndicatorResult

if TYPE_CHECKING:
    from ..records.record import Indicator, Record


@dataclass(slots=True)
class _Part:
    """A category, block or group of the form: its rows, and the total the rules give it, if any."""

    name: str
    rules_total: Decimal | None
    clause: Clause | None
    rows: list[int] = field(default_factory=list)


def group_block(rules: ScoringRules) -> CompiledBlock | None:
    """The block whose rows carry `group` (the checker allows one at most)."""
    return next((b for b in rules.blocks.values() if b.groups), None)


def unused_groups(rules: ScoringRules, rows: Sequence[Indicator], grouped: list[int], findings: list[Finding]) -> None:
    """A `group` written on a row the rules read no group of: said, never ignored."""
    block = group_block(rules)
    for i in grouped:
        row = rows[i]
        if block is not None and row.category in block.categories:
            continue
        if block is None:
            said = message("score.group_not_used", name=row.name, group=excerpt(row.group or ""))
        else:
            said = message("score.group_outside_block", name=row.name, group=excerpt(row.group or ""), category=row.category, block=block.name)
        clause = block.clause if block is not None else None
        findings.append(Finding("group-not-used", "warning", f"indicators[{i}].group", said, clause, (("group", row.group or ""),)))


def check_totals(
    rules: ScoringRules,
    record: Record,
    results: list[IndicatorResult],
    weightless: bool,
    findings: list[Finding],
) -> None:
    rows = record.indicators
    parts = _parts(rules, rows, findings)
    declared = record.declared_totals
    for key, value in declared.items():
        _declared(key, value, parts, results, weightless, findings)
    for block in rules.blocks.values():
        _block_total(rules, block, rows, parts, declared, results, findings)
    if weightless:
        _claimed_sums(rules, parts, declared, results, findings)


def _parts(rules: ScoringRules, rows: Sequence[Indicator], findings: list[Finding]) -> dict[str, _Part]:
    """Every category and block of the rules, and every group of the form, by name, with its rows."""
    parts: dict[str, _Part] = {}
    for name, category in rules.categories.items():
        parts[name] = _Part(name, None if category.free else category.total, category.weights.clause)
    for name, block in rules.blocks.items():
        parts[name] = _Part(name, block.total, block.clause)
    in_block = {c: b for b in rules.blocks.values() for c in b.categories}
    grouped = group_block(rules)
    for i, row in enumerate(rows):
        part = parts.get(row.category)
        if part is None:
            continue  # an unknown category: its own finding
        part.rows.append(i)
        block = in_block.get(row.category)
        if block is not None:
            parts[block.name].rows.append(i)
            if block is grouped and row.group is not None and row.group not in rules.categories and row.group not in rules.blocks:
                parts.setdefault(row.group, _Part(row.group, None, block.clause)).rows.append(i)
    return parts


def _weights(rows: list[int], results: list[IndicatorResult]) -> Decimal | None:
    """The sum of the rows' weights; None when a row has none (its own finding says why)."""
    total = ZERO
    for i in rows:
        weight = results[i].weight
        if weight is None:
            return None
        total += weight
    return total


def _declared(
    key: str,
    value: Decimal,
    parts: dict[str, _Part],
    results: list[IndicatorResult],
    weightless: bool,
    findings: list[Finding],
) -> None:
    path = f"declared_totals.{key}"
    shown = excerpt(key)
    part = parts.get(key)
    if part is None:
        said = joined(message("score.declared_total_unknown", name=shown), hint(key, parts))
        findings.append(Finding("declared-total-unknown", "error", path, said, None, (("name", key),)))
        return
    if part.rules_total is not None:
        if value != part.rules_total:
            said = message("score.declared_total_rules", name=shown, declared=value, total=part.rules_total)
            values = (("declared", plain(value)), ("total", plain(part.rules_total)))
            findings.append(Finding("declared-total-rules", "error", path, said, part.clause, values))
        return
    summed = _weights(part.rows, results) if part.rows and not weightless else None
    if summed is not None and summed != value:
        said = message("score.declared_total_rows", name=shown, declared=value, sum=summed)
        values = (("declared", plain(value)), ("sum", plain(summed)))
        findings.append(Finding("declared-total-rows", "error", path, said, part.clause, values))


def _block_total(
    rules: ScoringRules,
    block: CompiledBlock,
    rows: Sequence[Indicator],
    parts: dict[str, _Part],
    declared: dict[str, Decimal],
    results: list[IndicatorResult],
    findings: list[Finding],
) -> None:
    """The block's parts, each declared or summed from its rows, make up the block's total."""
    pieces: list[tuple[str, Decimal | None, bool]] = []  # (name, total, declared on the form)
    if block.groups:
        members = parts[block.name].rows
        names = list(dict.fromkeys(rows[i].group for i in members))
        if len(names) > 1 and None in names:
            for i in members:
                if rows[i].group is None:
                    said = message("score.group_missing", name=rows[i].name, block=block.name)
                    findings.append(Finding("group-missing", "error", f"indicators[{i}].group", said, block.clause))
        for name in names:
            rows_of = [i for i in members if rows[i].group == name]
            if name is not None and name in declared:
                pieces.append((name, declared[name], True))
            else:
                pieces.append((name or "—", _weights(rows_of, results), False))
    else:
        for name in block.categories:
            category = rules.categories[name]
            if not category.free:
                pieces.append((name, category.total, False))
            elif name in declared:
                pieces.append((name, declared[name], True))
            else:
                pieces.append((name, _weights(parts[name].rows, results) if parts[name].rows else ZERO, False))
    if not parts[block.name].rows or any(total is None for _, total, _ in pieces):
        return  # nothing printed of the block, or a part whose total cannot be known: said elsewhere
    summed = sum((total for _, total, _ in pieces), ZERO)  # type: ignore[misc]
    if summed == block.total:
        return
    shares = " + ".join(f"{excerpt(name)} {plain(total)}" for name, total, _ in pieces)  # type: ignore[arg-type]
    key = "score.block_total_groups" if block.groups else "score.block_total_categories"
    said = message(key, block=block.name, shares=shares, sum=summed, total=block.total)
    path = "declared_totals" if any(on_form for _, _, on_form in pieces) else "indicators"
    values = (("sum", plain(summed)), ("total", plain(block.total)))
    findings.append(Finding("block-total", "error", path, said, block.clause, values))


def _claimed_sums(
    rules: ScoringRules,
    parts: dict[str, _Part],
    declared: dict[str, Decimal],
    results: list[IndicatorResult],
    findings: list[Finding],
) -> None:
    """Without a weight column, no part may score more than its total (the rules', else declared)."""
    for name, part in parts.items():
        on_form = part.rules_total is None
        total = part.rules_total if part.rules_total is not None else declared.get(name)
        if total is None or not part.rows:
            continue
        scored = sum((results[i].score for i in part.rows if results[i].score is not None), ZERO)
        if scored > total:
            said = message("score.claimed_above_total", name=excerpt(name), sum=scored, total=total)
            path = f"declared_totals.{name}" if on_form else "indicators"
            values = (("sum", plain(scored)), ("total", plain(total)))
            findings.append(Finding("claimed-above-total", "error", path, said, part.clause, values))
