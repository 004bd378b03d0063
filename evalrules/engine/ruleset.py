"""The compiled rule set: an immutable value, built once by the compiler, applied to many records.

`RuleSet` is what `evalrules.load` returns. Its parts (`compiled.py`: schemes, weight policies,
value closures, the missing-value and grade policies) each keep the clause they came from.
`RuleSet.score` hands a record to `evaluate.score_record`.

A rule set is immutable and may be shared by any number of threads. It holds closures, so it is
pickled as what it was compiled from, its source text and file name (and those of every file it
`extends`), and compiled again when loaded, without reading any file: the compiler, which builds
every rule set, registers how (`copyreg`), so this module needs no import of the stages above it.
Two rule sets are equal when they were compiled from the same texts under the same names; copying
one gives the same object back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from ..decimals import plain
from ..errors import Diagnostic
from ..records.record import Record, record_from_data
from .audit import CompiledCheck
from .compiled import (
    CompiledBlock,
    CompiledCategory,
    CompiledIndicator,
    CompiledValue,
    DeductionPolicy,
    GradePolicy,
    MissingPolicy,
    NotApplicablePolicy,
)
from .evaluate import score_record
from .result import Result
from .trace import Trace
from .weights import FixedPolicy, WrittenPolicy

__all__ = [
    "CompiledBlock",
    "CompiledCategory",
    "CompiledIndicator",
    "CompiledValue",
    "GradePolicy",
    "MissingPolicy",
    "NotApplicablePolicy",
    "RuleSet",
    "file_name",
]


def file_name(path: str) -> str:
    """A rule file's name without its folders: what results cite (`suzhou-2024.rules`)."""
    return path.replace("\\", "/").rsplit("/", 1)[-1] or path


@dataclass(frozen=True, slots=True, eq=False)
class RuleSet:
    """A compiled rule set. Build it with `evalrules.load`; score records with `score`."""

    path: str  # the rule file as given to the loader (positions of its diagnostics use it)
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
    # The categories whose weights the form writes (`weights as_written`): what a form without a
    # weight column is told apart by.
    written_categories: frozenset[str] = frozenset()
    # Budget amounts declared `signed` (an adjustment may be negative); any other below 0 is a finding.
    signed_budget: frozenset[str] = frozenset()
    # `block`s: categories sharing one total (年度绩效目标 80), by name, in declared order.
    blocks: Mapping[str, CompiledBlock] = field(default_factory=lambda: MappingProxyType({}))
    # The files this one extends, nearest first, as (path, text): what it was compiled from with it.
    extends: tuple[tuple[str, str], ...] = ()
    # Other spellings a form may write (`aliases`): alias → the rule set's name.
    category_aliases: Mapping[str, str] = field(default_factory=dict)
    indicator_aliases: Mapping[str, str] = field(default_factory=dict)
    deductions: DeductionPolicy | None = None  # whether a record's 扣减分数 apply, and their floor

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

    def traced(self, record: Record | Mapping[str, Any], source: str = "<record>") -> tuple[Result, Trace]:
        """Score one record with its checks, as `score` does, and trace it: the `Trace` holds what
        the result does not keep (how often each check held and failed, the values computed, the
        rows as the rules name them), for the coverage of the rule set's clauses
        (`evalrules test --coverage`). Scoring without a trace pays nothing for it."""
        if not isinstance(record, Record):
            record = record_from_data(record, source)
        trace = Trace()
        return score_record(self, record, source, True, trace), trace

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
        written = frozenset(name for name, category in self.categories.items() if isinstance(category.weights, WrittenPolicy))
        object.__setattr__(self, "written_categories", written)

    @property
    def name(self) -> str:
        """The rule file's name without its folders (`suzhou-2024.rules`), as results cite it."""
        return file_name(self.path)

    def describe(self) -> dict[str, Any]:
        """The rule set's metadata, as it appears at the head of every JSON result."""
        return {
            "title": self.title,
            "file": self.name,
            "jurisdiction": self.jurisdiction,
            "year": self.year,
            "effective_from": self.effective_from,
            "effective_to": self.effective_to,
            "maximum": plain(self.maximum),
        }

    # ---- an immutable value ----------------------------------------------------------------

    @property
    def sources(self) -> dict[str, str]:
        """The text of this rule file and of every file it extends, by path (for diagnostics)."""
        return {path: text for path, text in ((self.path, self.source), *self.extends)}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RuleSet):
            return NotImplemented
        same = self.path == other.path and self.source == other.source and self.extends == other.extends
        return self is other or same

    def __hash__(self) -> int:
        return hash((self.path, self.source, self.extends))

    def __copy__(self) -> RuleSet:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> RuleSet:
        return self
