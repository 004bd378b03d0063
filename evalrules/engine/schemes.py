"""Compiled scoring schemes: how one indicator's score follows from its weight, target and actual.

The compiler builds one `QuantitativeScheme` per `quantitative` block (with `like` resolved) and
one `QualitativeScheme` per `qualitative` block. Each holds its parameters as exact decimals and
the clause ids they came from; `score` does only arithmetic, and returns a `Working` that records
every intermediate number so an explanation can be written later, only when someone asks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from operator import methodcaller
from typing import Any

from ..decimals import CONTEXT, HUNDRED, ONE, ZERO, Rounder, plain
from ..records.values import Comparator, Quantity

_REVERSE = (Comparator.LE, Comparator.LT)


def rounding_step(rounder: Rounder | None) -> Callable[[Decimal], Decimal] | None:
    """The `Rounder`'s step as one C-level call (`x.quantize(…)`): it runs for most rows of every
    form, and a Python-level `__call__` costs as much again as the rounding."""
    if rounder is None:
        return None
    return methodcaller("quantize", rounder.quantum, rounding=rounder.mode, context=CONTEXT)


@dataclass(slots=True)
class Working:
    """The arithmetic of one quantitative score, kept for the explanation."""

    completion_raw: Decimal
    completion: Decimal
    side: str  # "met", "below", "above" (past the threshold), "within" (above target, no penalty)
    points: Decimal = ZERO  # percentage points short of / past the mark
    deduction: Decimal = ZERO  # share of the weight taken off (slope), or points taken off (steps)
    factor: Decimal = ONE
    unrounded: Decimal = ZERO
    score: Decimal = ZERO
    clause: Any = None  # the Clause that decided the score
    warn: bool = False


class QuantitativeScheme:
    """A compiled `quantitative` block."""

    __slots__ = (
        "name",
        "reverse",
        "zero_at",
        "round_completion",
        "below",
        "below_rate",
        "below_basis",
        "step_points",
        "step",
        "above",
        "threshold",
        "above_rate",
        "round_score",
        "clauses",
        "bare_actual_from_target",
        "_round_completion",
        "_round_score",
    )

    def __init__(
        self,
        name: str,
        *,
        reverse: str,
        zero_at: Decimal | None,
        round_completion: Rounder | None,
        below: str,
        below_rate: Decimal | None,
        below_basis: str,
        step_points: Decimal | None,
        step: Decimal | None,
        above: str,
        threshold: Decimal | None,
        above_rate: Decimal | None,
        round_score: Rounder | None,
        clauses: dict[str, Any],
        bare_actual_from_target: bool = False,
    ) -> None:
        self.name = name
        self.reverse = reverse  # "inverse_ratio" or "linear"
        self.zero_at = zero_at
        self.round_completion = round_completion
        self.below = below  # "proportional", "slope" or "steps"
        self.below_rate = below_rate
        self.below_basis = below_basis  # "completion" or "difference"
        self.step_points = step_points
        self.step = step
        self.above = above  # "none", "penalty" or "warn"
        self.threshold = threshold
        self.above_rate = above_rate
        self.round_score = round_score
        self.clauses = clauses  # part ("completion", "reverse", "below", "above", …) → Clause
        self.bare_actual_from_target = bare_actual_from_target  # `bare actual unit from target`
        self._round_completion = rounding_step(round_completion)
        self._round_score = rounding_step(round_score)

    def completion(self, target: Quantity, actual: Quantity) -> Decimal:
        """Completion before rounding: actual ÷ target, or the reverse rule for ≤ and < targets."""
        t, a = target.number, actual.number
        comparator = target.comparator or Comparator.GE
        if comparator in _REVERSE:
            if a <= t:
                return ONE
            if self.reverse == "inverse_ratio":
                return t / a if a > 0 else ZERO
            if t <= 0:
                return ZERO
            zero_at = self.zero_at or ONE
            return max((zero_at * t - a) / ((zero_at - ONE) * t), ZERO)
        if t == 0:  # a zero target is met by zero (=) or by anything not negative (≥, >)
            if comparator is Comparator.EQ:
                return ONE if a == 0 else ZERO
            return ONE if a >= 0 else ZERO
        return a / t

    def score(self, weight: Decimal, target: Quantity, actual: Quantity) -> Working:
        raw = self.completion(target, actual)
        c = self._round_completion(raw) if self._round_completion is not None else raw
        if c < ONE:
            work = self._below(weight, target, actual, raw, c)
        elif c > ONE and self.above != "none" and self.threshold is not None and c > self.threshold:
            work = Working(raw, c, "above", clause=self.clauses["above"])
            if self.above == "penalty":
                work.points = (c - self.threshold) * HUNDRED
                work.deduction = work.points * self.above_rate  # type: ignore[operator]
                work.factor = ONE - work.deduction
            else:
                work.warn = True
            work.unrounded = weight * _clamp(work.factor)
        else:
            side = "met" if c == ONE else "within"
            work = Working(raw, c, side, clause=self.clauses["above" if side == "within" else "completion"])
            work.unrounded = weight
        unrounded = min(max(work.unrounded, ZERO), weight)
        work.unrounded = unrounded
        work.score = self._round_score(unrounded) if self._round_score is not None else unrounded
        return work

    def _below(self, weight: Decimal, target: Quantity, actual: Quantity, raw: Decimal, c: Decimal) -> Working:
        work = Working(raw, c, "below", clause=self.clauses["below"])
        if self.below == "proportional":
            work.factor = c
            work.unrounded = weight * _clamp(c)
            return work
        if self.below_basis == "difference" and target.is_percent and actual.is_percent:
            gap = actual.number - target.number
            if (target.comparator or Comparator.GE) not in _REVERSE:
                gap = -gap
            work.points = gap * HUNDRED
        else:
            work.points = (ONE - c) * HUNDRED
        if self.below == "slope":
            work.deduction = work.points * self.below_rate  # type: ignore[operator]
            work.factor = ONE - work.deduction
            work.unrounded = weight * _clamp(work.factor)
        else:  # steps: whole points off per full step of shortfall, 扣完为止
            steps = (work.points / (self.step * HUNDRED)).to_integral_value(rounding="ROUND_FLOOR")  # type: ignore[operator]
            work.deduction = steps * self.step_points  # type: ignore[operator]
            work.unrounded = weight - work.deduction
        return work


def _clamp(factor: Decimal) -> Decimal:
    return ZERO if factor < ZERO else ONE if factor > ONE else factor


@dataclass(slots=True)
class QualitativeOutcome:
    level: Decimal | None  # share of the weight; None for a score chosen inside a band
    band: str | None
    unrounded: Decimal
    score: Decimal
    how: str = "share"  # how the actual was placed: "share", "word", "target", "met", "missed"
    claimed: Decimal | None = None  # inside a band: the self-score the form claims
    low: Decimal | None = None  # inside a band: its ends in points
    high: Decimal | None = None
    decision: str | None = None  # inside a band: "accepted", "adjusted" or "unclaimed"
    low_bracket: str = "["
    high_bracket: str = "]"
    clause: Any = None  # the clause that placed the actual (words, as_target, deadline), if one did

    @property
    def points_range(self) -> str:
        """The band in points as an interval, `[6, 8)`: its brackets are the band's."""
        return f"{self.low_bracket}{plain(self.low)}, {plain(self.high)}{self.high_bracket}"  # type: ignore[arg-type]


# What a `words`, `as_target` or `deadline` clause places an actual in: a share, or a band's name.
Place = Decimal | str


class QualitativeScheme:
    """A compiled `qualitative` block: levels or bands, the words and clauses that place an
    actual, and the score rounding."""

    __slots__ = (
        "name", "levels", "bands", "words", "as_target", "deadline", "round_score", "clause", "clauses",
        "allowed_text", "_round_score", "_band",
    )  # fmt: skip

    def __init__(
        self,
        name: str,
        *,
        levels: frozenset[Decimal] | None,
        bands: tuple[tuple[str, object], ...] | None,
        words: dict[str, Place],
        round_score: Rounder | None,
        clause: Any,
        allowed_text: str,
        as_target: Place | None = None,
        deadline: tuple[Place, Place] | None = None,
        clauses: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.levels = levels
        self.bands = bands  # (band name, nodes.Interval) in the order written
        self._band = dict(bands) if bands else {}
        self.words = words
        self.as_target = as_target
        self.deadline = deadline  # (met, missed)
        self.round_score = round_score
        self._round_score = rounding_step(round_score)
        self.clause = clause
        self.clauses = clauses or {}  # "words", "as target", "deadline" → Clause
        self.allowed_text = allowed_text  # "100%, 80%, 60%, 40%, 20%, 0%" for messages

    def place(self, actual: object, target: object) -> tuple[Place, str] | None:
        """Where an actual goes, and how it got there ("share", "word", "target"); None when the
        scheme cannot place it. A percentage is its own share (one of the `levels`, or inside a
        band); a word listed in `words` goes where the list says; a word equal to the row's target
        word goes where `as_target` says. The checker has made sure every listed place exists."""
        if isinstance(actual, Quantity):
            if actual.unit != "%" or actual.comparator is not None:
                return None
            share = actual.number
            if self.levels is not None:
                return (share, "share") if share in self.levels else None
            return (share, "share") if self.band_of_share(share) is not None else None
        written = getattr(actual, "text", "")
        word = self.words.get(written)
        if word is not None:
            return word, "word"
        if self.as_target is not None and type(target) is type(actual) and getattr(target, "text", None) == written:
            return self.as_target, "target"
        return None

    def band_of_share(self, share: Decimal) -> str | None:
        for band_name, interval in self.bands or ():
            if interval.contains(share):  # type: ignore[attr-defined]
                return band_name
        return None

    def score(self, weight: Decimal, level: Decimal, band: str | None = None) -> QualitativeOutcome:
        unrounded = weight * level
        score = self._round_score(unrounded) if self._round_score is not None else unrounded
        return QualitativeOutcome(level, band, unrounded, score)

    def score_at(self, weight: Decimal, place: Place, claimed: Decimal | None, how: str, clause: Any) -> QualitativeOutcome:
        """The score of an actual placed by a word, the target or a deadline: a share of the
        weight, or, for a band, the claimed score checked against the band (`score_in_band`)."""
        if isinstance(place, str):
            outcome = self.score_in_band(weight, place, claimed)
        else:
            outcome = self.score(weight, place, self.band_of_share(place))
        outcome.how, outcome.clause = how, clause
        return outcome

    def score_in_band(self, weight: Decimal, band: str, claimed: Decimal | None) -> QualitativeOutcome:
        """A score inside a band of the weight, at the `round score` step (the checker requires it):
        the claim rounded as stated when it lies in the band ("accepted"); the nearest score inside
        the band when it does not ("adjusted"); the band's lowest score when there is no claim
        ("unclaimed"). At an open end the nearest score is one step inside."""
        interval = self._band[band]
        low, high = weight * interval.low.value, weight * interval.high.value  # type: ignore[attr-defined]
        brackets = ("[" if interval.low_closed else "(", "]" if interval.high_closed else ")")  # type: ignore[attr-defined]
        outcome = QualitativeOutcome(None, band, ZERO, ZERO, claimed=claimed, low=low, high=high, low_bracket=brackets[0], high_bracket=brackets[1])
        rounder = self.round_score
        assert rounder is not None, "the checker requires `round score` where a band is named"
        step = rounder.quantum
        lowest = _multiple(low, step, ROUND_CEILING)
        if lowest == low and not interval.low_closed:  # type: ignore[attr-defined]
            lowest += step
        highest = _multiple(high, step, ROUND_FLOOR)
        if highest == high and not interval.high_closed:  # type: ignore[attr-defined]
            highest -= step
        if lowest > highest:  # a band narrower than one step: its lower end, rounded as stated
            lowest = highest = rounder(low)
        if weight == 0:
            lowest = highest = ZERO
        if claimed is None:
            outcome.decision, outcome.unrounded = "unclaimed", lowest
            outcome.score = lowest
            return outcome
        inside = (claimed >= low if interval.low_closed else claimed > low) and (  # type: ignore[attr-defined]
            claimed <= high if interval.high_closed else claimed < high  # type: ignore[attr-defined]
        )
        outcome.unrounded = claimed
        if inside and weight != 0 or weight == 0 and claimed == 0:
            outcome.decision = "accepted"
            outcome.score = min(max(rounder(claimed), lowest), highest)
        else:
            outcome.decision = "adjusted"
            outcome.score = lowest if claimed < low or claimed < lowest else highest
        return outcome


def _multiple(x: Decimal, step: Decimal, direction: str) -> Decimal:
    """`x` rounded to a multiple of `step` in one direction (up or down)."""
    return x.quantize(step, rounding=direction, context=CONTEXT)


class DerivedActual:
    """Working of an actual computed from the budget (`indicator … { actual 执行率 }`)."""

    __slots__ = ("value", "env", "failed")

    def __init__(self, value: Any, env: dict[str, Decimal], failed: dict[str, Any] | None = None) -> None:
        self.value = value  # the compiled value (compiled.CompiledValue): its formula and renderer
        self.env = env  # the record's budget amounts and values, for the explanation
        self.failed = failed  # why each value that could not be computed was not (for a fallback)

    @property
    def numbers(self) -> str:
        """The expression with the record's numbers, e.g. 29.16 ÷ 29.2 (written only on demand)."""
        return self.value.render(self.env)

    @property
    def formula(self) -> str:
        """The formula with labels; with `otherwise` or `if`, the ways taken for this record."""
        return self.value.formula_for(self.env)

    @property
    def choices(self) -> tuple[Any, ...]:
        """The ways its `otherwise` and `if` took for this record (compiled.Choice), in order."""
        return self.value.choices(self.env) if self.value.choices is not None else ()

class RuleTarget:
    """Working of a row scored against the target its indicator rule gives (`target "100%"`):
    the row's own working, and what the form printed instead, if anything."""

    __slots__ = ("inner", "target", "stated", "clause")

    def __init__(self, inner: Any, target: Any, stated: Any, clause: Any) -> None:
        self.inner = inner  # the working of the row, as scored with the rules' target
        self.target = target  # the rules' target (a Quantity or Word)
        self.stated = stated  # the target the form printed, or None
        self.clause = clause  # the `target` clause


class Deducted:
    """Working of a row whose score a record's deduction (扣减分数) lowered."""

    __slots__ = ("inner", "before", "applied", "reason", "clause")

    def __init__(self, inner: Any, before: Decimal, applied: Decimal, reason: str, clause: Any) -> None:
        self.inner = inner  # the working of the score before the deduction
        self.before = before  # that score
        self.applied = applied  # the points taken off (at most `before`, and as the floor allows)
        self.reason = reason
        self.clause = clause  # the `deductions` block
