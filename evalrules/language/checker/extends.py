"""Extends: a child rule file's blocks merged into the rule set of the file it extends.

The loader reads the file an `extends` names and hands the checker the child with its `parent`
set; `merge` runs first and gives the rest of the checker one list of blocks, each node keeping
the span of the file it was written in, so that every diagnostic, clause id and explanation names
the file that set it. Nothing here reads a file.

How blocks meet, by their key (type and name; `grades`, `missing`, `budget`, `not_applicable` by
type alone, one to a rule set):
- a child block whose key the parent lacks is added as written (with `override`, an error: there
  is nothing to override, with a did-you-mean);
- a child block whose key the parent has must be written `override …`; the blocks of
  `CLAUSE_WISE` are merged slot by slot (`SLOTS`: each clause written replaces the parent's clause
  of that slot, a slot the parent does not state is added), every other block is replaced whole;
- the child's `ruleset` block is required and is merged field by field;
- the file extended may be a part (规则片段, `part "…"`): its blocks are merged as a rule set's,
  and what the merged file is (a part, or a rule set with its `ruleset` block) is the child's
  word alone; a part extends only a part (`parent_kind`).
A slot's kind may not change (`weights fixed` → `weights split`, `levels` → `bands`), except among
the variants of `FREE_VARIANTS`; nor may a number change between a percentage and a plain number.

A new clause type needs one line: its slot in the kinds table of its checker module (which this
table is built from), or in `SLOTS` below; a clause type in neither has a slot of its own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from ...errors import Span
from ...messages import CATALOGUE, Message, message
from ...names import suggest
from .. import nodes as n
from .base import Reporter
from .categories import CATEGORY_KINDS
from .schemes import QUALITATIVE_KINDS, QUANTITATIVE_KINDS

# The slot each clause fills in its block: an override's clause replaces the parent's of that slot.
SLOTS: dict[type, str] = {
    **CATEGORY_KINDS,
    **QUANTITATIVE_KINDS,
    **QUALITATIVE_KINDS,
    n.ActualFrom: "actual",
}
# Slots whose clause may change from one variant to another in an override: these state the
# scoring formula itself, which is what a province changes. Elsewhere (how weights are set, how
# levels are stated) other clauses and every form rely on the variant, so it stays.
FREE_VARIANTS = frozenset({"reverse", "below", "above"})
# How a variant is named in a message: as it is written in a rule file.
VARIANTS: dict[type, str] = {
    n.FixedWeights: "weights fixed",
    n.WrittenWeights: "weights as_written",
    n.SplitWeights: "weights split",
    n.Levels: "levels",
    n.Bands: "bands",
}
# Blocks merged clause by clause; every other block is replaced whole by its override.
CLAUSE_WISE = (n.Category, n.Quantitative, n.Qualitative, n.Indicator)
# How a block is named in a message, and the keyword that opens it.
OWNERS: dict[type, str] = {
    n.Category: "owner.category",
    n.Quantitative: "owner.quantitative_scheme",
    n.Qualitative: "owner.qualitative_scheme",
    n.Indicator: "owner.indicator",
    n.Check: "owner.check",
    n.Value: "owner.value",
}
KEYWORDS: dict[type, str] = {
    n.Category: "category",
    n.Quantitative: "quantitative",
    n.Qualitative: "qualitative",
    n.Indicator: "indicator",
    n.Check: "check",
    n.Value: "value",
    n.Grades: "grades",
    n.Missing: "missing",
    n.Budget: "budget",
    n.NotApplicable: "not_applicable",
    n.Metadata: "ruleset",
    n.Part: "part",
}

Key = tuple[type, str | None]


def slot(clause: object) -> str:
    """The slot a clause fills: `quantitative 基本` and `qualitative 六级` each have their own."""
    if isinstance(clause, n.UseScheme):
        return clause.kind
    return SLOTS.get(type(clause), type(clause).__name__)


def merge(report: Reporter, parent: Sequence[n.Item], child: Sequence[n.Item]) -> list[n.Item]:
    """The blocks of the rule set the child file states: the parent's, changed by the child's."""
    merged: list[Any] = [item for item in parent if not isinstance(item, (n.Metadata, n.Part))]
    index = {_key(block): at for at, block in enumerate(merged)}
    parent_meta = next((item for item in parent if isinstance(item, n.Metadata)), None)
    touched: set[Key] = set()
    metadata: list[n.Metadata | n.Part] = []
    for position, item in enumerate(child):
        if isinstance(item, n.Extends):
            if position != 0:
                report.error(item.span, "check.extends_first")
            continue
        if isinstance(item, n.Metadata):
            metadata.append(_metadata(parent_meta, item) if parent_meta is not None else item)
            continue
        if isinstance(item, n.Part):  # what the file is: the child's word, never the parent's
            metadata.append(item)
            continue
        block = item.block if isinstance(item, n.Override) else item
        key = _key(block)
        if key in touched or key not in index:
            if isinstance(item, n.Override) and key not in index:
                known = [k[1] or KEYWORDS.get(k[0], "") for k in index if k[0] is key[0]]
                hint = suggest(key[1], known) if key[1] is not None else None
                report.error(_name_span(block), "check.override_nothing", hint, owner=owner(block))
                continue  # most often a misspelt name: the block's clauses alone would only add errors
            merged.append(block)  # new, or a name written twice in the child (the checker says so)
            continue
        touched.add(key)
        old = merged[index[key]]
        if not isinstance(item, n.Override):
            where = _where(_name_span(old))
            report.error(_name_span(block), "check.needs_override", owner=owner(block), where=where, keyword=keyword(block))
            continue
        merged[index[key]] = _clause_wise(report, old, block) if isinstance(block, CLAUSE_WISE) else block
    return metadata + merged


def parent_kind(report: Reporter, child: Sequence[n.Item], parent: Sequence[n.Item]) -> None:
    """A part extends only a part: a rule set's blocks need its `ruleset` block and the rest of
    the whole, which a part does not have."""
    extends = next((item for item in child if isinstance(item, n.Extends)), None)
    is_part = any(isinstance(item, n.Part) for item in child)
    if extends is not None and is_part and not any(isinstance(item, n.Part) for item in parent):
        report.error(extends.name.span, "check.part_extends_ruleset", name=extends.name.value)


def alone(report: Reporter, items: Sequence[n.Item]) -> list[n.Item]:
    """The blocks of a file that extends none: an `override` there has nothing to override (its
    block is checked as written); an `extends` the loader did not resolve is reported."""
    plain: list[n.Item] = []
    for item in items:
        if isinstance(item, n.Extends):
            report.error(item.span, "check.extends_unresolved", name=item.name.value)
        elif isinstance(item, n.Override):
            report.error(item.span, "check.override_without_extends", owner=owner(item.block))
            plain.append(item.block)
        else:
            plain.append(item)
    return plain


def _metadata(parent: n.Metadata, child: n.Metadata) -> n.Metadata:
    """The child's title; every other field the child's where written, else the parent's."""
    dated = child.effective_from is not None
    return dataclasses.replace(
        child,
        jurisdiction=child.jurisdiction or parent.jurisdiction,
        year=child.year if child.year is not None else parent.year,
        effective_from=child.effective_from if dated else parent.effective_from,
        effective_to=child.effective_to if dated else parent.effective_to,
        maximum=child.maximum or parent.maximum,
    )


def _clause_wise(report: Reporter, parent: Any, child: Any) -> Any:
    """The parent's block with each slot the child writes taken from the child."""
    written: dict[str, list[object]] = {}
    for clause in child.clauses:
        written.setdefault(slot(clause), []).append(clause)
    clauses: list[object] = []
    for clause in parent.clauses:
        own = written.pop(slot(clause), None)
        if own is None:
            clauses.append(clause)
            continue
        _same_kind(report, child, clause, own[0])
        clauses.extend(own)  # all of them: a slot written twice is still reported by its checker
    clauses.extend(c for own in written.values() for c in own)
    changes: dict[str, Any] = {"name": child.name, "clauses": tuple(clauses), "span": child.span}
    if isinstance(child, n.Quantitative):
        changes["like"] = child.like or parent.like
    return dataclasses.replace(parent, **changes)


def _same_kind(report: Reporter, block: Any, old: Any, new: Any) -> None:
    """An override changes a clause's parameters, never its kind (see FREE_VARIANTS)."""
    kind = _kind(slot(new))
    where = _where(old.span)
    if type(old) is not type(new):
        if slot(new) not in FREE_VARIANTS:
            report.error(
                new.span, "check.override_kind", owner=owner(block), kind=kind,
                old=_variant(old), where=where, new=_variant(new),
            )  # fmt: skip
        return
    for name, was, now in _numbers(old, new):
        if was.percent != now.percent:
            report.error(
                now.span, "check.override_percent", owner=owner(block), kind=kind, old=was.text, where=where,
                new=now.text, old_form=message(_form(was)), new_form=message(_form(now)),
            )  # fmt: skip


def _numbers(old: object, new: object) -> list[tuple[str, n.Number, n.Number]]:
    """The numbers two clauses of one type state in the same place (a rounding's step too)."""
    pairs = []
    for field in dataclasses.fields(old):  # type: ignore[arg-type]
        was, now = getattr(old, field.name), getattr(new, field.name)
        if isinstance(was, n.Rounding) and isinstance(now, n.Rounding):
            was, now = was.quantum, now.quantum
        if isinstance(was, n.Number) and isinstance(now, n.Number):
            pairs.append((field.name, was, now))
    return pairs


def _form(number: n.Number) -> str:
    return "term.percentage" if number.percent else "term.plain_number"


def _kind(slot_name: str) -> Message | str:
    key = "kind." + slot_name.replace(" ", "_")
    return message(key) if key in CATALOGUE else slot_name


def _variant(clause: object) -> str:
    return VARIANTS[type(clause)]  # every slot of several kinds that may not change has its names


def _key(block: object) -> Key:
    name = getattr(block, "name", None)
    return (type(block), name.text if isinstance(name, n.Name) else None)


def _name_span(block: Any) -> Span:
    name = getattr(block, "name", None)
    return name.span if isinstance(name, n.Name) else block.span


def _where(span: Span) -> str:
    return f"{span.file}:{span.line}"


def keyword(block: object) -> str:
    return KEYWORDS.get(type(block), type(block).__name__.lower())


def owner(block: object) -> Message:
    """`category '产出'`, `the grades block`: how a message names a block."""
    name = getattr(block, "name", None)
    if isinstance(name, n.Name) and type(block) in OWNERS:
        return message(OWNERS[type(block)], name=name.text)
    if isinstance(name, n.Name):
        return message("owner.named_block", keyword=keyword(block), name=name.text)
    return message("owner.singleton", keyword=keyword(block))
