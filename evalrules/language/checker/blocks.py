"""Blocks: `block NAME total N { categories … [groups] }`, categories whose totals share one total.

A block is what a form prints as 年度绩效目标（80分）: its categories' totals (fixed, or free with
`weights as_written` and no total) must make up the block's total, and with `groups` the form's
numbered target blocks (目标1, 目标2, from the rows' `group`) must. Here the rule file alone is
checked: every category listed exists, is counted and sits in one block only; the fixed totals
do not pass the block's; a free total sits in a block; one block at most has groups. What the
form declares is checked when it is scored (engine/totals.py).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ...decimals import ZERO
from ...messages import message
from .. import nodes as n
from .base import Reporter
from .resolved import ResolvedBlock, ResolvedCategory

BLOCK_KINDS: dict[type, str] = {n.BlockCategories: "categories", n.BlockGroups: "groups"}


def blocks(
    report: Reporter,
    nodes: list[n.Block],
    declared: dict[str, n.Category],
    categories: dict[str, ResolvedCategory],
) -> tuple[dict[str, ResolvedBlock], bool]:
    """The blocks, and whether every one resolved (a maximum is only compared when they did).

    `categories` is updated in place: a free category gets its block's total as its bound.
    """
    seen: dict[str, object] = {}
    resolved: dict[str, ResolvedBlock] = {}
    placed: dict[str, n.Name] = {}  # category → where a block first lists it
    grouped: n.Block | None = None
    complete = True
    for block in nodes:
        if block.name.text in declared:
            first = declared[block.name.text].name.span.line
            report.error(block.name.span, "check.block_is_category", name=block.name.text, line=first)
            complete = False
            continue
        if not report.declare(seen, block.name, block, "block"):
            complete = False
            continue
        owner = message("owner.block", name=block.name.text)
        report.points(block.total, "block_total")
        report.positive(block.total, "block_total")
        stated = report.kinds(list(block.clauses), BLOCK_KINDS, owner)
        listed = stated.get("categories")
        if listed is None:
            report.error(block.name.span, "check.block_no_categories", owner=owner)
            complete = False
            continue
        if "groups" in stated:
            if grouped is not None:
                report.error(stated["groups"].span, "check.groups_twice", line=grouped.span.line)  # type: ignore[attr-defined]
            grouped = block
        names: list[str] = []
        ok = True
        for name in listed.names:  # type: ignore[attr-defined]
            if name.text not in declared:
                report.unknown(name, "category", declared)
                ok = False
            elif name.text in placed:
                report.error(name.span, "check.category_in_two_blocks", name=name.text, line=placed[name.text].span.line)
                ok = False
            else:
                placed[name.text] = name
                names.append(name.text)
                category = categories.get(name.text)
                if category is None:
                    ok = False  # its own error is reported already
                elif not category.counted:
                    report.error(name.span, "check.block_excluded", name=name.text, block=block.name.text)
                    ok = False
        if not ok:
            complete = False
            continue
        _totals(report, block, [categories[name] for name in names])
        resolved[block.name.text] = ResolvedBlock(block, block.total.value, tuple(names), "groups" in stated)
        for name in names:
            if categories[name].fixed_total is None:
                categories[name] = replace(categories[name], bound=block.total.value)
    for name, category in categories.items():
        if category.fixed_total is None and name not in placed:
            report.error(category.weights.span, "check.free_total_outside_block", name=name)
            complete = False  # its total is unknown: a maximum compared now would be a false error
    return resolved, complete


def _totals(report: Reporter, block: n.Block, members: list[ResolvedCategory]) -> None:
    """The fixed totals make up the block's total exactly, or leave points for the free ones."""
    fixed = [c.fixed_total for c in members if c.fixed_total is not None]
    total: Decimal = sum(fixed, ZERO)  # type: ignore[arg-type]
    free = len(fixed) < len(members)
    if not free and total != block.total.value:
        report.error(block.total.span, "check.block_sum", sum=total, total=block.total.text, name=block.name.text)
    elif free and total >= block.total.value:
        report.error(block.total.span, "check.block_sum_free", sum=total, total=block.total.text, name=block.name.text)
