"""Paths of the check language: what a `check` block of a rule file may name.

The collections a check may run over (`items.rows`, `indicators`, `fixed_indicators`) and their
rows' fields, the record's and the result's own paths, a check's `Scope` (the names it may use),
and the `{placeholders}` of its messages. The checker reads this to reject an unknown path with a
position; the engine's audit module (`engine/audit.py`) reads it to turn each path into an
accessor and to point a finding into the record. It knows names only, nothing of how they are read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Collections a check may run over, and the fields of their rows: field → numeric?
COLLECTIONS: dict[str, dict[str, bool]] = {
    "items.rows": {"name": False, "budget": True, "spent": True},
    "indicators": {
        "name": False,
        "category": False,
        "weight": True,  # the weight the rules gave the row
        "form_weight": True,  # the weight printed on the form
        "score": True,  # the score the rules give
        "claimed": True,  # the self-score claimed on the form
        "completion": True,
        "actual": True,  # the number of the actual as written on the form (99.86% → 0.9986)
        "actual_comparator": False,  # the comparator written before the actual ("≥"), or ""
        "target": True,  # the number of the target as written (≥90% → 0.9); a word target lacks it
        "subcategory": False,  # 二级指标, as written
        "group": False,  # the numbered target block (目标1), as written
        "explanation": False,  # 偏差原因 / 说明, as written
    },
    # The rule set's fixed-weight indicators (not rows of the form): `count` is how many rows of
    # the form have the indicator's category and name.
    "fixed_indicators": {"name": False, "category": False, "weight": True, "count": True},
    # 扣减分数 entered by a reviewer (the record's `deductions`): none when the record has none.
    "deductions": {"reason": False, "points": True, "indicator": False},
}
# Collections whose rows are the form's: a finding can point at one of their rows.
ON_FORM = ("items.rows", "indicators", "deductions")
# Fields of a form's row that the rules compute: not written on the form.
COMPUTED: dict[str, tuple[str, ...]] = {"indicators": ("weight", "score", "completion")}
# What a check may test with `is true` / `is false`: the result's provisional state.
FLAGS = ("provisional",)
# Where a row field is written in the record, when the record calls it otherwise (a finding's
# path points into the record: indicators[3].score, not indicators[3].claimed).
RECORD_FIELDS: dict[str, dict[str, str]] = {"indicators": {"form_weight": "weight", "claimed": "score"}}
# Paths of the record and of the result that are not budget amounts or values.
RECORD_PATHS = (
    "items.declared_total.budget",
    "items.declared_total.spent",
    "declared_total_score",
    "declared_max_score",
    "total",
    "total_before_deductions",  # the sum of the scores, before a reviewer's 扣减分数
    "maximum",
)
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


# ---- a check's names ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scope:
    """The names a check may use: budget fields, values, and its row (with the row's fields)."""

    budget: Sequence[str]
    values: Sequence[str]
    row: str | None
    collection: str | None

    def known(self) -> list[str]:
        names = [f"budget.{b}" for b in self.budget] + list(self.values) + list(RECORD_PATHS)
        if self.row is not None and self.collection is not None:
            names += [f"{self.row}.{f}" for f in COLLECTIONS[self.collection]]
        return names

    def numeric(self, path: str) -> bool:
        """Whether `path` names a number this scope knows."""
        if path in RECORD_PATHS or path in self.values:
            return True
        head, _, rest = path.partition(".")
        if head == "budget":
            return rest in self.budget
        if self.row is not None and head == self.row:
            return COLLECTIONS[self.collection].get(rest, False)  # type: ignore[index]
        return False

    def text(self, path: str) -> bool:
        """Whether `path` names a text field of the row (usable in a message only)."""
        head, _, rest = path.partition(".")
        return self.row is not None and head == self.row and COLLECTIONS[self.collection].get(rest) is False  # type: ignore[index]

    def printed(self, path: str) -> bool:
        """Whether `path` names a number written on the form (not one the rules compute), whose
        printed decimals `as printed` can read."""
        if path in RECORD_PATHS:
            return path not in ("total", "maximum")
        head, _, rest = path.partition(".")
        if head == "budget":
            return rest in self.budget
        if self.row is None or head != self.row or self.collection not in ON_FORM:
            return False
        return self.numeric(path) and rest not in COMPUTED.get(self.collection, ())  # type: ignore[arg-type]


def summable(path: str) -> bool:
    """`items.rows.spent`, `indicators.claimed`: a numeric field over a collection."""
    collection, _, field = path.rpartition(".")
    return COLLECTIONS.get(collection, {}).get(field, False)


def placeholders(text: str) -> list[str]:
    """The names inside {…} of a message, without a `:%` format."""
    return [p.strip().removesuffix(":%").strip() for p in PLACEHOLDER.findall(text)]
