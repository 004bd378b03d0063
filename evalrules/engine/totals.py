"""Totals: what a form declares beside its headings, and what blocks and groups require of it.

Run by the evaluator once every row is scored, on the weights the rows were given. A form prints
totals beside its headings (“产出指标（50分）”, “目标1（40分）”): `declared_totals` in the record,
keyed by the heading's name. Each must name a category, a block or a group (`declared-total-unknown`);
a total the rules fix must be the rules' (`declared-total-rules`), and a total the rules leave free
(a free category, a group) must be the sum of its rows' weights (`declared-total-rows`). A block's
parts (its categories' totals, or with `groups` its groups' totals: the rules' total, else the sum
of the rows' weights, else, on a form without weights, the total printed) must make up the block's
total (`block-total`). A category shared `by subcategory` may print each subcategory's share too. On a form without a weight column
the claimed scores stand in for the weights, and no part may claim more than its total
(`claimed-above-total`). A row's `group` the rules cannot use is said too (`group-not-used`).

Each discrepancy is one finding: a total the rules fix is compared with the rules only (its rows
are compared with the rules by `weights-total` or `block-total`), a free one with its rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

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
    shared: dict[str, list[int]] = {}  # `by subcategory`: each subcategory present, with its rows
    for i, row in enumerate(rows):
        part = parts.get(row.category)
        if part is None:
            continue  # an unknown category: its own finding
        part.rows.append(i)
        policy = rules.categories[row.category].weights
        if getattr(policy, "subcategory_step", None) is not None and row.subcategory is not None:
            shared.setdefault(row.subcategory, []).append(i)
        block = in_block.get(row.category)
        if block is not None:
            parts[block.name].rows.append(i)
            if block is grouped and row.group is not None and row.group not in rules.categories and row.group not in rules.blocks:
                parts.setdefault(row.group, _Part(row.group, None, block.clause)).rows.append(i)
    if shared:
        _subcategory_parts(rules, rows, shared, parts)
    return parts


def _subcategory_parts(rules: ScoringRules, rows: Sequence[Indicator], shared: dict[str, list[int]], parts: dict[str, _Part]) -> None:
    """`weights as_written total 50 by subcategory`: a form may print each subcategory's share
    (“数量指标（12.5分）”); its total is the rules' share of the category among those present."""
    by_category: dict[str, list[str]] = {}
    for name, listed in shared.items():
        by_category.setdefault(rows[listed[0]].category, []).append(name)
    for category_name, names in by_category.items():
        policy = rules.categories[category_name].weights
        present = list(dict.fromkeys(rows[i].subcategory for i in parts[category_name].rows))
        shares = policy.subcategory_shares(present)  # type: ignore[union-attr]
        for name in names:
            if name not in parts:  # a category or block of that name comes first
                parts[name] = _Part(name, shares[name], policy.clause, shared[name])


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
    """The block's parts make up the block's total: each the rules' total, else its rows' weights,
    else (a form without weights) the total the form prints."""
    pieces: list[_Piece] = []
    if block.groups:
        members = parts[block.name].rows
        names = list(dict.fromkeys(rows[i].group for i in members))
        if len(names) > 1 and None in names:
            for i in members:
                if rows[i].group is None:
                    said = message("score.group_missing", name=rows[i].name, block=block.name)
                    findings.append(Finding("group-missing", "error", f"indicators[{i}].group", said, block.clause))
        for name in names:
            pieces.append(_piece(name or "—", [i for i in members if rows[i].group == name], declared.get(name or ""), results))
    else:
        for name in block.categories:
            category = rules.categories[name]
            if not category.free:
                pieces.append(_Piece(name, category.total, False, category.total))
            else:
                pieces.append(_piece(name, parts[name].rows, declared.get(name), results))
    if not parts[block.name].rows or any(piece.total is None for piece in pieces):
        return  # nothing printed of the block, or a part whose total cannot be known: said elsewhere
    summed = sum((piece.total for piece in pieces), ZERO)  # type: ignore[misc]
    if summed == block.total:
        return
    # A printed total its rows do not sum to is a finding of its own (declared-total-rows); when the
    # printed totals make up the block, the rows are what is wrong, and that finding says all.
    if any(p.printed != p.total for p in pieces) and sum((p.printed for p in pieces), ZERO) == block.total:  # type: ignore[misc]
        return
    shares = " + ".join(f"{excerpt(piece.name)} {plain(piece.total)}" for piece in pieces)  # type: ignore[arg-type]
    key = "score.block_total_groups" if block.groups else "score.block_total_categories"
    said = message(key, block=block.name, shares=shares, sum=summed, total=block.total)
    path = "declared_totals" if any(piece.on_form for piece in pieces) else "indicators"
    values = (("sum", plain(summed)), ("total", plain(block.total)))
    findings.append(Finding("block-total", "error", path, said, block.clause, values))


class _Piece(NamedTuple):
    """A part of a block: its name, the total it counts for, whether that total is the one the form
    prints, and the total the form prints for it (else the same total)."""

    name: str
    total: Decimal | None
    on_form: bool
    printed: Decimal | None


def _piece(name: str, rows: list[int], declared: Decimal | None, results: list[IndicatorResult]) -> _Piece:
    """A free part of a block: the sum of its rows' weights when they all have one (a printed total
    that differs is its own finding, `declared-total-rows`), else the total printed on the form."""
    weights = _weights(rows, results) if rows else ZERO
    if weights is not None and (rows or declared is None):
        return _Piece(name, weights, False, declared if declared is not None else weights)
    return _Piece(name, declared, declared is not None, declared)


def _claimed_sums(
    rules: ScoringRules,
    parts: dict[str, _Part],
    declared: dict[str, Decimal],
    results: list[IndicatorResult],
    findings: list[Finding],
) -> None:
    """Without a weight column, no part may score more than its total (the rules', else declared).
    A part that holds another already above its total (a block holding group 目标1) is not said
    again: one claim too many is one finding, at the innermost total it passes."""
    over: list[set[int]] = []
    for name, part in sorted(parts.items(), key=lambda item: len(item[1].rows)):
        on_form = part.rules_total is None
        total = part.rules_total if part.rules_total is not None else declared.get(name)
        if total is None or not part.rows:
            continue
        scored = sum((results[i].score for i in part.rows if results[i].score is not None), ZERO)
        if scored > total:
            members = set(part.rows)
            if any(inner <= members for inner in over):
                continue
            over.append(members)
            said = message("score.claimed_above_total", name=excerpt(name), sum=scored, total=total)
            path = f"declared_totals.{name}" if on_form else "indicators"
            values = (("sum", plain(scored)), ("total", plain(total)))
            findings.append(Finding("claimed-above-total", "error", path, said, part.clause, values))
