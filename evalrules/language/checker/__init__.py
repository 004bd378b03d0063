"""Check: a parsed rule file → a resolved rule set, or every error in it at once.

Everything that can be known before a record is seen is checked here: unknown or duplicate names
(with a did-you-mean), references to budget fields the rule set does not declare, quantitative
schemes that leave a case unsaid, bands with gaps or overlaps, weights that cannot sum to a
declared total, unknown rounding modes. The output, `resolved.CheckedRules`, has every name
resolved to its node, so the compiler never has to look anything up or report anything.

One module a group of constructs, each a set of functions reporting through `base.Reporter`:
`metadata` (ruleset, maximum, budget, values), `schemes` (qualitative and quantitative),
`categories` (weight policies, indicator rules, names no row can meet), `blocks` (categories
sharing one total, groups), `policies` (missing,
not_applicable, grades), `checks` (audit checks). A new construct adds its function to one of them
and one line to `check` below, which fixes the order the diagnostics are found in.
"""

from __future__ import annotations

import dataclasses

from ...errors import Diagnostic, RuleCheckError
from .. import nodes as n
from . import blocks as blk
from . import categories as cat
from . import checks as audit
from . import extends
from . import metadata as meta
from . import policies, schemes
from .base import Reporter
from .resolved import CheckedRules


def check(rule_file: n.RuleFile) -> CheckedRules:
    """Check a parsed rule file; raise `RuleCheckError` with every error found.

    A file that extends another (its `parent`, set by the loader) is checked as the rule set it
    states: the parent is checked first, on its own (its errors are reported with its file name and
    lines), then the child's blocks are merged into it (`extends.merge`) and the whole is checked.
    A part (`part "…"`, `CheckedRules.part`) is checked as far as it can be alone; the loader, not
    the compiler, takes it: a part cannot score a form.
    """
    report = Reporter(rule_file)
    items: list[n.Item] = list(rule_file.items)
    parent_is_part = False
    if rule_file.parent is not None:
        parent = check(rule_file.parent)
        parent_is_part = parent.part is not None
        extends.parent_kind(report, items, parent.file.items)
        items = extends.merge(report, parent.file.items, items)
    else:
        items = extends.alone(report, items)
    rule_file = dataclasses.replace(rule_file, items=tuple(items))
    report.file = rule_file
    by_type: dict[type, list[object]] = {}
    for item in items:
        by_type.setdefault(type(item), []).append(item)

    # A part (`part "…"`) is checked alone for all but what needs a whole rule set: its `ruleset`
    # block, a category, a `missing` block, the maximum and what is computed from it.
    part = meta.part(report, by_type.get(n.Part, []), by_type.get(n.Metadata, []))
    metadata = None if part is not None else meta.metadata(report, by_type.get(n.Metadata, []), parent_is_part)
    budget = report.only_one(by_type.get(n.Budget, []), "budget")
    budget_names = meta.budget(report, budget)  # type: ignore[arg-type]
    values = meta.values(report, by_type.get(n.Value, []), budget_names)  # type: ignore[arg-type]
    qualitative = schemes.qualitative_schemes(report, by_type.get(n.Qualitative, []))  # type: ignore[arg-type]
    quantitative, quantitative_nodes = schemes.quantitative_schemes(report, by_type.get(n.Quantitative, []))  # type: ignore[arg-type]
    categories = cat.categories(report, by_type.get(n.Category, []), qualitative, quantitative_nodes)  # type: ignore[arg-type]
    declared_categories = {c.name.text: c for c in by_type.get(n.Category, [])}  # type: ignore[attr-defined]
    blocks, blocks_ok = blk.blocks(report, by_type.get(n.Block, []), declared_categories, categories)  # type: ignore[arg-type]
    indicators = cat.indicators(report, by_type.get(n.Indicator, []), values, qualitative, quantitative_nodes)  # type: ignore[arg-type]
    missing = None
    if by_type.get(n.Missing) or part is None:
        missing = policies.missing(report, by_type.get(n.Missing, []), cat.largest_weight(categories.values()))
    not_applicable = policies.not_applicable(report, by_type.get(n.NotApplicable, []))
    grades = report.only_one(by_type.get(n.Grades, []), "grades")
    deductions = cat.deductions(report, by_type.get(n.Deductions, []))
    checks = audit.checks(report, by_type.get(n.Check, []), list(budget_names), list(values))  # type: ignore[arg-type]

    checked = CheckedRules(
        file=rule_file,
        metadata=metadata,  # type: ignore[arg-type]
        budget=budget,  # type: ignore[arg-type]
        values=values,
        qualitative=qualitative,
        quantitative=quantitative,
        quantitative_nodes=quantitative_nodes,
        categories=categories,
        indicators=indicators,
        missing=missing,  # type: ignore[arg-type]
        not_applicable=not_applicable,
        grades=grades,  # type: ignore[arg-type]
        deductions=deductions,
        checks=checks,
        blocks=blocks,
        part=part,
    )
    # ---- what needs several blocks at once
    if not by_type.get(n.Category) and part is None:
        report.error(report.file_start(), "check.no_category")
    declared = {c.name.text for c in by_type.get(n.Category, [])}  # type: ignore[attr-defined]
    if metadata is not None and categories and len(categories) == len(declared) and blocks_ok:
        # only when every category resolved: a partial sum would report a second, false error
        meta.maximum(report, metadata, checked.maximum)
        schemes.step_points(report, quantitative_nodes.values(), max(c.total for c in categories.values()))
        cat.indicator_names(report, categories.values(), indicators.values(), checks.values())
    cat.aliases(report, categories.values(), indicators.values())
    cat.required_rows(report, categories.values(), indicators.values())
    policies.rescale(report, not_applicable, categories.values())
    if grades is not None:
        policies.grades(report, grades, checked.maximum if categories and part is None else None)  # type: ignore[arg-type]

    errors = [d for d in report.diagnostics if d.severity == "error"]
    files = [f.path for f in rule_file.chain()]
    ordered = sorted(report.diagnostics, key=lambda d: _position(d, files))
    if errors:
        raise RuleCheckError(ordered, rule_file.source, sources(rule_file))
    checked.warnings = [d for d in report.diagnostics if d.severity != "error"]
    return checked


def sources(rule_file: n.RuleFile) -> dict[str, str]:
    """Each file of an extends chain by its path: what a diagnostic in any of them is shown with."""
    return {f.path: f.source for f in reversed(rule_file.chain())}


def _position(diagnostic: Diagnostic, files: list[str]) -> tuple[int, int, int]:
    """The child's diagnostics first, then those of the file it extends, and so on; by position."""
    span = diagnostic.span
    order = files.index(span.file) if span.file in files else len(files)
    return (order, span.line, span.column)
