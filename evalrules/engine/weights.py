"""Compiled weight policies: the weight each indicator row of a category gets.

`fixed`: each standard indicator has its weight in the rule file. `as_written`: the weight printed
on the form is used and the category's rows must sum to the total. `split`: the category total is
shared equally among the rows present, apportioned by largest remainder or rounded, as the rule
file says. A policy returns, per row, the weight, where it came from, the clause and, when the
weight cannot be had, a problem for a finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..decimals import ONE, ZERO, Rounder, apportion
from .findings import Clause


@dataclass(frozen=True, slots=True)
class Assigned:
    weight: Decimal | None
    source: str | None  # "fixed", "split", "form", "rescaled"
    clause: Clause | None
    problem: str | None = None  # "unknown-indicator", "weight-missing" or "negative-weight"


class FixedPolicy:
    __slots__ = ("weights", "clause", "_assigned")

    def __init__(self, weights: dict[str, tuple[Decimal, Clause]], clause: Clause) -> None:
        self.weights = weights
        self.clause = clause
        self._assigned = {name: Assigned(w, "fixed", c) for name, (w, c) in weights.items()}

    def assign(self, names: list[str], written: list[Decimal | None]) -> list[Assigned]:
        known = self._assigned
        return [
            known.get(name) or Assigned(form_weight, "form" if form_weight is not None else None, self.clause, "unknown-indicator")
            for name, form_weight in zip(names, written)
        ]


class WrittenPolicy:
    """`as_written`: the form's weights. `total` is None for a free total (inside a block); with
    `by subcategory` (`subcategory_step` set) the total is shared equally among the subcategories
    present, and each subcategory's written weights must sum to its share."""

    __slots__ = ("total", "clause", "subcategory_step")

    def __init__(self, total: Decimal | None, clause: Clause, subcategory_step: Decimal | None = None) -> None:
        self.total = total
        self.clause = clause
        self.subcategory_step = subcategory_step

    def subcategory_shares(self, subcategories: list[str | None]) -> dict[str | None, Decimal]:
        """The total shared equally among these subcategories, apportioned to the step (largest
        remainder, the spare steps to the first listed)."""
        assert self.total is not None and self.subcategory_step is not None
        shares = apportion(self.total, [ONE] * len(subcategories), self.subcategory_step)
        return dict(zip(subcategories, shares))

    def assign(self, names: list[str], written: list[Decimal | None]) -> list[Assigned]:
        return [
            Assigned(w, "form", self.clause)
            if w is not None and w >= ZERO
            else Assigned(None, None, self.clause, "weight-missing" if w is None else "negative-weight")
            for w in written
        ]


class SplitPolicy:
    __slots__ = ("total", "quantum", "rounder", "clause", "_cache")

    def __init__(self, total: Decimal, quantum: Decimal | None, rounder: Rounder | None, clause: Clause) -> None:
        self.total = total
        self.quantum = quantum  # largest-remainder apportionment to this step, or
        self.rounder = rounder  # each share rounded on its own
        self.clause = clause
        self._cache: dict[int, list[Assigned]] = {}

    def shares(self, count: int) -> tuple[Decimal, ...]:
        """The split of the total among `count` rows."""
        if self.quantum is not None:
            return apportion(self.total, [ONE] * count, self.quantum)
        if not count:
            return ()
        share = self.total / count
        return (self.rounder(share) if self.rounder else share,) * count

    def assign(self, names: list[str], written: list[Decimal | None]) -> list[Assigned]:
        # Memoised per count: the split depends on nothing else, and forms repeat counts.
        count = len(names)
        cached = self._cache.get(count)
        if cached is None:
            cached = self._cache[count] = [Assigned(w, "split", self.clause) for w in self.shares(count)]
        return cached


WeightPolicy = FixedPolicy | WrittenPolicy | SplitPolicy


def rescale(weights: list[Decimal], dropped: Decimal, quantum: Decimal) -> tuple[Decimal, ...]:
    """Weights scaled up so they also cover the `dropped` weight of inapplicable rows."""
    kept = sum(weights, ZERO)
    if kept == 0:
        return tuple(weights)
    return apportion(kept + dropped, weights, quantum)
