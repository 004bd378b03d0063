"""The parts of a compiled rule set that scoring reads: values, categories, indicator rules, and
the missing-value, not-applicable and grade policies.

The compiler builds them; the evaluator reads them; `ruleset.RuleSet` holds them together and
hands records to the evaluator. They live here, below both, so that imports flow one way:
compiler → ruleset → evaluate → compiled. `ScoringRules` names what the evaluator reads of a rule
set, so that it needs no import of `RuleSet` itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from .findings import Clause
from .schemes import QualitativeScheme, QuantitativeScheme
from .weights import WeightPolicy

if TYPE_CHECKING:
    from .audit import CompiledCheck
    from ..language.nodes import Interval


@dataclass(frozen=True, slots=True)
class Choice:
    """A way an `otherwise` or `if` of a value went for one record.

    `kind` "fallback": the way before `otherwise` (`formula`) could not be computed, for the
    `reason` Unavailable gives (why, what, where: "absent"/"zero", the label or divisor as written,
    the budget path or value it concerns), and the way after it (`taken`) was used. `kind`
    "condition": the condition (`formula`) held or not (`holds`), and `taken` was used.
    """

    kind: str
    formula: str
    taken: str
    clause: Clause
    reason: tuple[str, ...] = ()
    holds: bool = False


def cause(reason: tuple[str, ...], failed: Mapping[str, Any] | None) -> tuple[str, str, str]:
    """Why a way could not be computed, traced through a value that could not be computed to its
    own first cause: ("absent" or "zero", the label or divisor as written, its place)."""
    why, what, where = reason
    if why == "absent" and not where.startswith("budget") and failed and where in failed:
        why, what, where = failed[where].args
    return why, what, where


@dataclass(frozen=True, slots=True)
class CompiledValue:
    name: str
    compute: Callable[[Mapping[str, Decimal]], Decimal]  # raises Unavailable (why) when it cannot
    rounding: Any  # Rounder | None
    clause: Clause
    formula: str  # with labels: 实际支付数 ÷ 财政拨款数
    render: Callable[[Mapping[str, Decimal]], str]  # with numbers: 29.16 ÷ 29.2
    unit: str | None  # "%" for a rate (a quotient), else the budget's unit
    # With `otherwise` or `if` in the expression: the ways taken for a record's amounts, and the
    # formula of those ways alone (with labels); None without any.
    choices: Callable[[Mapping[str, Decimal]], tuple[Choice, ...]] | None = None
    picked: Callable[[Mapping[str, Decimal]], str] | None = None
    # The budget amounts the expression reads, followed through the values it uses, in reading
    # order (every way of an `otherwise` or `if`): read by tools that build forms, never by scoring.
    reads: tuple[str, ...] = ()

    def formula_for(self, env: Mapping[str, Decimal]) -> str:
        """The formula as computed for these amounts: with `otherwise`/`if`, the ways taken."""
        return self.formula if self.picked is None else self.picked(env)


@dataclass(frozen=True, slots=True)
class CompiledCategory:
    name: str
    weights: WeightPolicy
    quantitative: QuantitativeScheme
    qualitative: QualitativeScheme
    counted: bool
    total: Decimal  # the most it can contribute: a free total's is its block's total
    clause: Clause
    free: bool = False  # `weights as_written` without a total: what the form declares, or the rows' sum
    block: str | None = None  # the block it is part of
    required: tuple[str, ...] = ()  # rows a form must list here (`required`)
    required_clause: Clause | None = None
    optional: bool = False  # a form may leave the category out (`optional`)


@dataclass(frozen=True, slots=True)
class CompiledBlock:
    """`block NAME total N { categories … [groups] }`: categories sharing one total."""

    name: str
    total: Decimal
    categories: tuple[str, ...]
    groups: bool  # the rows' `group` names the form's numbered target blocks
    clause: Clause
    required: tuple[str, ...] = ()  # rows a form must list here (`required`)
    required_clause: Clause | None = None
    optional: bool = False  # a form may leave the category out (`optional`)


@dataclass(frozen=True, slots=True)
class CompiledIndicator:
    name: str
    actual: CompiledValue | None
    quantitative: QuantitativeScheme | None
    qualitative: QualitativeScheme | None
    clause: Clause
    target: Any = None  # Quantity | Word | None: the target the rules give (`target "100%"`)
    target_clause: Clause | None = None


@dataclass(frozen=True, slots=True)
class DeductionPolicy:
    """`deductions { floor 0 }`: a record's 扣减分数 are applied, and the total stays at or above the floor."""

    floor: Decimal
    clause: Clause


@dataclass(frozen=True, slots=True)
class MissingPolicy:
    """What a missing actual scores; None means the row goes to review (no score, provisional)."""

    without: Decimal | None
    with_explanation: Decimal | None
    without_clause: Clause
    with_clause: Clause


@dataclass(frozen=True, slots=True)
class NotApplicablePolicy:
    words: frozenset[str]
    rescale: bool  # True: drop the row and share its weight; False: score it full
    quantum: Decimal | None
    clause: Clause


@dataclass(frozen=True, slots=True)
class GradePolicy:
    bands: tuple[tuple[str, Decimal | None, Interval | None, Clause], ...]

    def grade(self, total: Decimal) -> str | None:
        for name, at_least, interval, _clause in self.bands:
            if at_least is not None:
                if total >= at_least:
                    return name
            elif interval is not None:
                if interval.contains(total):
                    return name
            else:
                return name
        return None


class ScoringRules(Protocol):
    """What the evaluator reads of a compiled rule set (`ruleset.RuleSet` has all of it)."""

    title: str
    budget_fields: Mapping[str, str]
    signed_budget: frozenset[str]
    values: tuple[CompiledValue, ...]
    categories: Mapping[str, CompiledCategory]
    blocks: Mapping[str, CompiledBlock]
    indicators: Mapping[str, CompiledIndicator]
    missing: MissingPolicy
    not_applicable: NotApplicablePolicy | None
    grades: GradePolicy | None
    maximum: Decimal
    checks: tuple[CompiledCheck, ...]
    description: Mapping[str, Any]
    fixed_indicators: tuple[tuple[str, str, Decimal], ...]
    written_categories: frozenset[str]  # the categories whose weights are written on the form
    category_aliases: Mapping[str, str]  # alias → the category's name
    indicator_aliases: Mapping[str, str]  # alias → the indicator rule's name
    deductions: DeductionPolicy | None
