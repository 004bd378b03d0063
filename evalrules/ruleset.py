"""The compiled rule set: an immutable value, built once by the compiler, applied to many records.

`RuleSet` is what `evalrules.load` returns. Its parts are small compiled objects (schemes, weight
policies, value closures, the missing-value and grade policies), each keeping the clause it came
from. `RuleSet.score` hands a record to `evaluate.score_record`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .audit import CompiledCheck
from .decimals import plain
from .errors import Diagnostic
from .evaluate import score_record
from .records import Record, record_from_data
from .result import Clause, Result
from .schemes import QualitativeScheme, QuantitativeScheme
from .weights import FixedPolicy, WeightPolicy

if TYPE_CHECKING:
    from .nodes import Interval


@dataclass(frozen=True, slots=True)
class CompiledValue:
    name: str
    compute: Callable[[Mapping[str, Decimal]], Decimal]
    rounding: Any  # Rounder | None
    clause: Clause
    formula: str  # with labels: 实际支付数 ÷ 财政拨款数
    render: Callable[[Mapping[str, Decimal]], str]  # with numbers: 29.16 ÷ 29.2
    unit: str | None  # "%" for a rate (a quotient), else the budget's unit


@dataclass(frozen=True, slots=True)
class CompiledCategory:
    name: str
    weights: WeightPolicy
    quantitative: QuantitativeScheme
    qualitative: QualitativeScheme
    counted: bool
    total: Decimal
    clause: Clause


@dataclass(frozen=True, slots=True)
class CompiledIndicator:
    name: str
    actual: CompiledValue | None
    quantitative: QuantitativeScheme | None
    qualitative: QualitativeScheme | None
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


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A compiled rule set. Build it with `evalrules.load`; score records with `score`."""

    path: str
    source: str
    title: str
    jurisdiction: str | None
    year: int | None
    effective_from: str | None
    effective_to: str | None
    budget_fields: Mapping[str, str]  # name → label, in declared order
    budget_unit: str | None
    values: tuple[CompiledValue, ...]
    categories: Mapping[str, CompiledCategory]
    indicators: Mapping[str, CompiledIndicator]
    missing: MissingPolicy
    not_applicable: NotApplicablePolicy | None
    grades: GradePolicy | None
    maximum: Decimal
    warnings: tuple[Diagnostic, ...] = ()
    checks: tuple[CompiledCheck, ...] = ()  # the audit checks (复核), run after scoring
    description: Mapping[str, Any] = field(default_factory=dict)  # describe(), computed once
    # The indicators whose weights the rules fix, as (category, name, weight): what a form must list.
    fixed_indicators: tuple[tuple[str, str, Decimal], ...] = ()
    # Budget amounts declared `signed` (an adjustment may be negative); any other below 0 is a finding.
    signed_budget: frozenset[str] = frozenset()

    def score(self, record: Record | Mapping[str, Any], source: str = "<record>", *, audit: bool = True) -> Result:
        """Score one record (a `Record`, or a mapping in the record format).

        With `audit` (the default) the rule set's checks (复核) run too and add their findings;
        `audit=False` gives the scores alone, for a portfolio run that does not need them.
        Raises `RecordError`, naming the field path, when the record is malformed or names budget
        amounts this rule set does not declare.
        """
        if not isinstance(record, Record):
            record = record_from_data(record, source)
        return score_record(self, record, source, audit)

    def __post_init__(self) -> None:
        # Every result points at this one read-only mapping instead of building its own.
        object.__setattr__(self, "description", MappingProxyType(self.describe()))
        fixed = tuple(
            (category.name, name, weight)
            for category in self.categories.values()
            if isinstance(category.weights, FixedPolicy)
            for name, (weight, _clause) in category.weights.weights.items()
        )
        object.__setattr__(self, "fixed_indicators", fixed)

    def describe(self) -> dict[str, Any]:
        """The rule set's metadata, as it appears at the head of every JSON result."""
        return {
            "title": self.title,
            "file": self.path,
            "jurisdiction": self.jurisdiction,
            "year": self.year,
            "effective_from": self.effective_from,
            "effective_to": self.effective_to,
            "maximum": plain(self.maximum),
        }
