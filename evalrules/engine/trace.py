"""Trace: what scoring one record used that its result does not keep, for the coverage of clauses.

A result already says which clause decided each row (`IndicatorResult.clause` and its working),
which grade band it reached, which findings cite which clause. What it cannot say is what left no
mark: an audit check that held (it has no finding), the values computed from the budget, and the
rows as the rules name them (aliases resolved). `evalrules test --coverage` (tools/coverage.py)
reads the result and the trace together and maps them onto the clauses of the rule file.

`RuleSet.traced(record)` scores a record as `RuleSet.score` does and also fills a `Trace` with
those. Opt-in, and free when off: the evaluator takes the trace as an argument that defaults to
None and looks at it once per record, after the checks; nothing on the path of a row changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..records.record import Record


@dataclass(slots=True)
class Trace:
    """What scoring one record used beyond its result."""

    record: Record | None = None  # the record as scored: categories and names written by an alias renamed
    values: Mapping[str, Decimal] = field(default_factory=dict)  # budget amounts and the values computed from them
    checks: dict[str, tuple[int, int]] = field(default_factory=dict)  # check → (times held, times failed)
