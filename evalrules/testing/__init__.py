"""Hypothesis strategies for filled forms of any rule set: the public testing API of evalrules.

A tester writes property tests of their own against a rule set with these alone:

    from hypothesis import given
    import evalrules
    from evalrules.testing import records

    RULES = evalrules.load("suzhou-2024")

    @given(records(RULES))
    def test_no_score_passes_its_weight(record):
        for row in RULES.score(record).indicators:
            assert row.score is None or 0 <= row.score <= row.weight

`records(ruleset)` draws whole forms for that rule set (shipped or not) from its compiled
structure: its categories and their aliases, fixed, split and as-written weights (by subcategory
too), blocks and their groups, required rows and optional categories, indicator rules (their
targets, aliases and the values they compute from the budget), budget amounts, qualitative levels,
bands, words, `as_target` and deadlines, quantitative schemes (≥, ≤, =, >, <, reverse rules,
thresholds, steps, rounding), units, missing and not-applicable actuals and deductions.
`record_data` draws the same forms as plain data (the YAML/JSON record format, every number as
text); `targets`, `actuals` and `amounts` draw the pieces.

Draws aim where the rules change behaviour, not uniformly over a huge range: most quantitative
actuals sit exactly on, or 0.01% / 0.01 / one rounding step / half a rounding step either side of,
a completion where their scheme changes (100%, the above-threshold, the point where a deduction
takes the whole weight, each step of a stepped deduction), or on an actual whose score is a
rounding tie of that row's weight; qualitative shares sit on band edges; claims on a band's ends
in points; dates on either side of a deadline's month or day; derived rates (`value … = a / b`) on
100% and 0.01% either side. docs/testing.md states the mix; tests/test_testing.py measures it.

Only this package and `evalrules verify` import Hypothesis: `import evalrules` does not. The
package reads in pipeline order: `draws` (how forms write things, small draws) → `edges` (where a
scheme changes behaviour) → `values` (amounts, targets, actuals) → `forms` (whole forms).
"""

from __future__ import annotations

from .edges import completion_edges
from .forms import record_data, records
from .values import actuals, amounts, targets

__all__ = ["actuals", "amounts", "completion_edges", "record_data", "records", "targets"]
