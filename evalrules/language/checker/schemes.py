"""Scoring schemes: qualitative (levels, bands, words) and quantitative (clauses by kind, `like`)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ...decimals import ONE, ZERO
from ...messages import Message, message
from .. import nodes as n
from .base import COARSEST_COMPLETION_STEP, COARSEST_SCORE_STEP, Reporter

# The clauses a quantitative scheme must state (after `like` is resolved), by kind.
QUANTITATIVE_KINDS: dict[type, str] = {
    n.CompletionRatio: "completion",
    n.ReverseInverse: "reverse",
    n.ReverseLinear: "reverse",
    n.CompletionRounding: "completion rounding",
    n.BelowProportional: "below",
    n.BelowSlope: "below",
    n.BelowSteps: "below",
    n.AboveNone: "above",
    n.AbovePenalty: "above",
    n.AboveWarn: "above",
    n.ScoreRounding: "score rounding",
    n.BareActual: "bare actual",
}
REQUIRED_QUANTITATIVE = ("completion", "reverse", "below", "above")
QUALITATIVE_KINDS: dict[type, str] = {
    n.Levels: "levels",
    n.Bands: "levels",
    n.Words: "words",
    n.AsTarget: "as target",
    n.Deadline: "deadline",
    n.ScoreRounding: "score rounding",
}


# ---- qualitative schemes
def qualitative_schemes(report: Reporter, nodes: list[n.Qualitative]) -> dict[str, n.Qualitative]:
    schemes: dict[str, n.Qualitative] = {}
    for scheme in nodes:
        owner = message("owner.qualitative_scheme", name=scheme.name.text)
        stated = report.kinds(scheme.clauses, QUALITATIVE_KINDS, owner)
        if "levels" not in stated and "words" not in stated:
            report.error(scheme.span, "check.no_levels", owner=owner)
        levels = stated.get("levels")
        if isinstance(levels, n.Levels):
            _levels(report, levels)
        elif isinstance(levels, n.Bands):
            for band in levels.bands:
                for bound in (band.interval.low, band.interval.high):
                    report.rate(bound, "band_bound")
                    report.share(bound, "band_bound")
            report.intervals([(b.name, b.interval) for b in levels.bands], ZERO, ONE, levels.span, "band")
        words = stated.get("words")
        if isinstance(words, n.Words):
            _words(report, words, levels, owner)
        as_target = stated.get("as target")
        if isinstance(as_target, n.AsTarget):
            _place(report, as_target.place, levels, owner, "as_target_share")
        deadline = stated.get("deadline")
        if isinstance(deadline, n.Deadline):
            _deadline(report, deadline, levels, owner)
        rounding = stated.get("score rounding")
        if isinstance(rounding, n.ScoreRounding):
            _score_rounding(report, rounding.rounding)
        else:
            _band_needs_rounding(report, scheme.clauses, owner)
        report.declare(schemes, scheme.name, scheme, "qualitative_scheme")  # type: ignore[arg-type]
    return schemes


def _levels(report: Reporter, levels: n.Levels) -> None:
    seen: set[Decimal] = set()
    for level in levels.levels:
        if not level.percent:
            report.error(level.span, "check.level_percent", number=level.text)
        report.share(level, "level")
        if level.value in seen:
            report.error(level.span, "check.level_twice", number=level.text)
        seen.add(level.value)


def _words(report: Reporter, words: n.Words, levels: object, owner: Message) -> None:
    seen: dict[str, n.WordLevel] = {}
    for word in words.levels:
        report.declare(seen, word.word, word, "word")  # type: ignore[arg-type]
        _place(report, word.level, levels, owner, message("param.word_share", word=word.word.text))


def _place(report: Reporter, place: n.Place, levels: object, owner: Message, what: Message | str) -> None:
    """Where a word, the target's own word or a deadline puts an actual: a share of the weight
    (one of the `levels`, when they are stated), or the name of one of the `bands`."""
    if isinstance(place, n.Name):
        if not isinstance(levels, n.Bands):
            report.error(place.span, "check.place_needs_bands", owner=owner, name=place.text)
        elif place.text not in {band.name.text for band in levels.bands}:
            report.unknown(place, "band", [band.name.text for band in levels.bands])
        return
    report.rate(place, what)
    report.share(place, what)
    if isinstance(levels, n.Levels) and place.value not in {lv.value for lv in levels.levels}:
        report.error(place.span, "check.word_level_unknown", number=place.text)


def _deadline(report: Reporter, deadline: n.Deadline, levels: object, owner: Message) -> None:
    _place(report, deadline.met, levels, owner, "deadline_share")
    _place(report, deadline.missed, levels, owner, "deadline_share")
    if deadline.met.text == deadline.missed.text:
        report.warn(deadline.missed.span, "check.deadline_same", place=deadline.met.text)


def _band_needs_rounding(report: Reporter, clauses: Iterable[object], owner: Message) -> None:
    """A score inside a band is the claimed score rounded as stated: the step must be stated."""
    for clause in clauses:
        places: tuple[n.Place, ...] = ()
        if isinstance(clause, n.Words):
            places = tuple(word.level for word in clause.levels)
        elif isinstance(clause, n.AsTarget):
            places = (clause.place,)
        elif isinstance(clause, n.Deadline):
            places = (clause.met, clause.missed)
        named = next((p for p in places if isinstance(p, n.Name)), None)
        if named is not None:
            report.error(named.span, "check.band_needs_rounding", owner=owner, name=named.text)
            return


# ---- quantitative schemes
def quantitative_schemes(
    report: Reporter, nodes: list[n.Quantitative]
) -> tuple[dict[str, dict[str, n.QuantitativeClause]], dict[str, n.Quantitative]]:
    """Each scheme's clauses by kind, its `like` chain resolved; and each scheme's node."""
    declared: dict[str, n.Quantitative] = {}
    for scheme in nodes:
        report.declare(declared, scheme.name, scheme, "quantitative_scheme")  # type: ignore[arg-type]
    resolved: dict[str, dict[str, n.QuantitativeClause]] = {}
    for name, scheme in declared.items():
        chain = _like_chain(report, scheme, declared)
        clauses: dict[str, n.QuantitativeClause] = {}
        for link in reversed(chain):  # the scheme's own clauses override those it is `like`
            own = report.kinds(link.clauses, QUANTITATIVE_KINDS, message("owner.quantitative_scheme", name=link.name.text))
            clauses.update(own)  # type: ignore[arg-type]
        broken = chain[-1].like is not None  # an unknown or looping `like`: already reported
        for kind in REQUIRED_QUANTITATIVE:
            if kind not in clauses and not broken:
                report.error(scheme.name.span, f"check.scheme_unsaid_{kind}", name=name)
        for clause in scheme.clauses:
            _quantitative_clause(report, clause)
        resolved[name] = clauses
    return resolved, declared


def _like_chain(report: Reporter, scheme: n.Quantitative, declared: dict[str, n.Quantitative]) -> list[n.Quantitative]:
    """The scheme, the scheme it is `like`, and so on; ends early at an unknown or a loop."""
    chain = [scheme]
    while chain[-1].like is not None:
        like = chain[-1].like
        parent = declared.get(like.text)
        if parent is None:
            if len(chain) == 1:  # report an unknown name once, where it is written
                report.unknown(like, "quantitative_scheme", declared)
            break
        if parent in chain:
            loop = " → ".join([link.name.text for link in chain] + [parent.name.text])
            report.error(scheme.like.span, "check.like_loop", name=scheme.name.text, loop=loop)  # type: ignore[union-attr]
            break
        chain.append(parent)
    return chain


def _quantitative_clause(report: Reporter, clause: n.QuantitativeClause) -> None:
    if isinstance(clause, n.CompletionRounding):
        report.rounding(clause.rounding, COARSEST_COMPLETION_STEP, "completion_rounding")
    elif isinstance(clause, n.ScoreRounding):
        _score_rounding(report, clause.rounding)
    elif isinstance(clause, n.ReverseLinear):
        report.rate(clause.zero_at, "zero_at")
        if clause.zero_at.value <= ONE:
            report.error(clause.zero_at.span, "check.zero_at_low")
        report.far(clause.zero_at, "zero_at")
    elif isinstance(clause, (n.BelowSlope, n.AbovePenalty)):
        _deduction_rate(report, clause.rate)
    elif isinstance(clause, n.BelowSteps):
        report.points(clause.points, "step_points")
        report.positive(clause.points, "step_points")
        report.rate(clause.step, "shortfall_step")
        report.positive(clause.step, "shortfall_step")
        if clause.step.percent and clause.step.value > ONE:  # a shortfall is at most 100 points: completion 0%
            report.error(clause.step.span, "check.step_never_reached", number=clause.step.text)
    if isinstance(clause, (n.AbovePenalty, n.AboveWarn)):
        report.rate(clause.threshold, "above_threshold")
        if clause.threshold.value < ONE:
            report.error(clause.threshold.span, "check.threshold_low")
        report.far(clause.threshold, "above_threshold")


def _deduction_rate(report: Reporter, rate: n.Number) -> None:
    """A share of the weight per point: above 100% one point would take more than the weight."""
    report.rate(rate, "deduction_rate")
    report.positive(rate, "deduction_rate")
    if rate.percent and rate.value > ONE:  # without % it is refused above
        report.error(rate.span, "check.rate_too_high", number=rate.text)


def _score_rounding(report: Reporter, rounding: n.Rounding) -> None:
    report.rounding(rounding, COARSEST_SCORE_STEP, "score_rounding")


def step_points(report: Reporter, schemes: Iterable[n.Quantitative], largest_total: Decimal) -> None:
    """Points per step of shortfall above every category's total: one step takes everything."""
    for scheme in schemes:
        for clause in scheme.clauses:
            if isinstance(clause, n.BelowSteps) and not clause.points.percent and clause.points.value > largest_total:
                report.warn(clause.points.span, "check.step_points_above_total", number=clause.points.text, total=largest_total)
