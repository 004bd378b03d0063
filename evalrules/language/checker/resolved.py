"""What the checker hands the compiler: a rule file whose every name is resolved to its node."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ...decimals import ZERO
from ...errors import Diagnostic
from ...records.values import Value
from .. import nodes as n


@dataclass(frozen=True, slots=True)
class ResolvedCategory:
    node: n.Category
    weights: n.WeightPolicy
    quantitative: n.Quantitative
    qualitative: n.Qualitative
    counted: bool
    bound: Decimal | None = None  # a free total (`weights as_written`) is at most its block's total
    required: n.Required | None = None  # rows a form must list here
    optional: bool = False  # a form may leave the category out
    aliases: n.Aliases | None = None

    @property
    def fixed_total(self) -> Decimal | None:
        """The total the rules give the category; None for a free total (`weights as_written`)."""
        policy = self.weights
        if isinstance(policy, n.FixedWeights):
            return policy.total.value if policy.total else sum((w.weight.value for w in policy.weights), ZERO)
        return policy.total.value if policy.total is not None else None

    @property
    def total(self) -> Decimal:
        """The most this category can contribute: its declared or fixed total, or for a free total
        its block's total."""
        fixed = self.fixed_total
        if fixed is not None:
            return fixed
        return self.bound if self.bound is not None else ZERO


@dataclass(frozen=True, slots=True)
class ResolvedBlock:
    node: n.Block
    total: Decimal
    categories: tuple[str, ...]  # in the order listed
    groups: bool


@dataclass(frozen=True, slots=True)
class ResolvedIndicator:
    node: n.Indicator
    actual: n.Value | None
    quantitative: n.Quantitative | None
    qualitative: n.Qualitative | None
    target: n.TargetGiven | None = None
    target_value: Value | None = None  # the target read as a form's target is read
    aliases: n.Aliases | None = None


@dataclass(slots=True)
class CheckedRules:
    """A rule file whose every name is resolved; what the compiler takes (unless it is a part)."""

    file: n.RuleFile
    metadata: n.Metadata
    budget: n.Budget | None
    values: dict[str, n.Value]
    qualitative: dict[str, n.Qualitative]
    quantitative: dict[str, dict[str, n.QuantitativeClause]]  # scheme name → kind → clause
    quantitative_nodes: dict[str, n.Quantitative]
    categories: dict[str, ResolvedCategory]
    indicators: dict[str, ResolvedIndicator]
    missing: n.Missing
    not_applicable: n.NotApplicable | None
    grades: n.Grades | None
    deductions: n.Deductions | None = None
    checks: dict[str, n.Check] = field(default_factory=dict)
    blocks: dict[str, ResolvedBlock] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    # A part (规则片段): checked alone, never compiled; `metadata` and `missing` are then None.
    part: n.Part | None = None

    @property
    def maximum(self) -> Decimal:
        """The blocks' totals and the totals of the counted categories in no block."""
        inside = {name for block in self.blocks.values() for name in block.categories}
        loose = sum((c.total for name, c in self.categories.items() if c.counted and name not in inside), ZERO)
        return loose + sum((b.total for b in self.blocks.values()), ZERO)
