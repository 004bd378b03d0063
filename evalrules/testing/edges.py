"""Where a quantitative scheme changes behaviour: the completions at which its score stops
being full, starts losing a slope, reaches 0, and the actuals whose score is a rounding tie."""

from __future__ import annotations

import functools
from decimal import ROUND_FLOOR, Decimal


from ..engine.schemes import QuantitativeScheme
from .draws import (
    ZERO,
    ONE,
    HUNDRED,
    BASIS_POINT,
    _exact,
)


# ---- where a scheme changes behaviour ------------------------------------------------------------


@_exact
def completion_edges(scheme: QuantitativeScheme) -> tuple[Decimal, ...]:
    """The completions at which a compiled quantitative scheme changes behaviour, 100% first: the
    target met; where a `below deduct r per point` takes the whole weight (80% for 5%); the first
    four steps of `below deduct n points every s`; the above-threshold and, past it, where its
    deduction takes the whole weight (230% for `above 130% deduct 1% per point`)."""
    edges = [ONE]
    if scheme.below == "slope" and scheme.below_rate:
        edges.append(ONE - ONE / (scheme.below_rate * HUNDRED))
    if scheme.below == "steps" and scheme.step:
        edges += [ONE - k * scheme.step for k in range(1, 5)]
    if scheme.above != "none" and scheme.threshold is not None:
        edges.append(scheme.threshold)
        if scheme.above == "penalty" and scheme.above_rate:
            edges.append(scheme.threshold + ONE / (scheme.above_rate * HUNDRED))
    return tuple(dict.fromkeys(e for e in edges if e >= 0))


def _offsets(scheme: QuantitativeScheme | None) -> tuple[Decimal, ...]:
    """Around an edge, in completion: on it, 0.01% either side, one and half a rounding step."""
    offsets = [ZERO, BASIS_POINT, -BASIS_POINT]
    if scheme is not None and scheme.round_completion is not None:
        q = scheme.round_completion.quantum
        offsets += [q, -q, q / 2, -q / 2]
    return tuple(dict.fromkeys(offsets))


def _unrounded(scheme: QuantitativeScheme, weight: Decimal, c: Decimal) -> Decimal:
    """The score by the scheme's clauses before `round score`, for a completion c (≥ targets,
    points of completion): what aiming at a rounding tie needs, computed here, not by the engine."""
    if c < ONE:
        if scheme.below == "proportional":
            score = weight * c
        elif scheme.below == "slope":
            score = weight * (ONE - (ONE - c) * HUNDRED * scheme.below_rate)  # type: ignore[operator]
        else:
            steps = ((ONE - c) / scheme.step).to_integral_value(rounding=ROUND_FLOOR)  # type: ignore[operator]
            score = weight - steps * scheme.step_points  # type: ignore[operator]
    elif scheme.above == "penalty" and c > scheme.threshold:  # type: ignore[operator]
        score = weight * (ONE - (c - scheme.threshold) * HUNDRED * scheme.above_rate)  # type: ignore[operator]
    else:
        score = weight
    return min(max(score, ZERO), weight)


@functools.lru_cache(maxsize=4096)
@_exact
def _score_ties(scheme: QuantitativeScheme, weight: Decimal) -> tuple[Decimal, ...]:
    """Completions (of a ≥ target) at which `weight`'s score lands exactly half a `round score`
    step between two results: the nearest below 100% and past the above-threshold, at most 8."""
    if scheme.round_score is None or weight <= 0:
        return ()
    half = scheme.round_score.quantum / 2
    step = scheme.round_completion.quantum if scheme.round_completion is not None else BASIS_POINT
    starts = [(ONE, -step)]
    if scheme.above == "penalty" and scheme.threshold is not None:
        starts.append((scheme.threshold, step))
    found: list[Decimal] = []
    for start, direction in starts:
        c = start
        for _ in range(400):
            c += direction
            if c < 0:
                break
            units = _unrounded(scheme, weight, c) / half
            if units == units.to_integral_value() and int(units) % 2 == 1:
                found.append(c)
                if len(found) % 4 == 0:
                    break
    return tuple(found[:8])
