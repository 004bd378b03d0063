"""What happens around the scores: `missing` actuals, `not_applicable` indicators, `grades`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from ...decimals import ZERO
from .. import nodes as n
from .base import COARSEST_SCORE_STEP, Reporter
from .resolved import ResolvedCategory


def missing(report: Reporter, blocks: list[object], largest_weight: Decimal | None) -> n.Missing | None:
    if not blocks:
        report.error(report.file_start(), "check.no_missing")
        return None
    block = report.only_one(blocks, "missing")
    assert isinstance(block, n.Missing)
    cases: dict[str, n.MissingCase] = {}
    for case in block.cases:
        key = "with" if case.explained else "without"
        if key in cases:
            report.error(case.span, "check.missing_case_twice", case=key)
        cases[key] = case
        score = case.score
        if score is None:
            continue
        report.points(score, "missing_score")
        if score.value < 0:  # unreachable from the grammar; kept for hand-built nodes
            report.error(score.span, "check.missing_score_negative")
        elif largest_weight is not None and score.value > largest_weight and not score.percent:
            # capped at each row's weight when scored: a missing actual would earn full marks
            report.warn(score.span, "check.missing_score_above_weights", number=score.text, largest=largest_weight)
    for key in ("without", "with"):
        if key not in cases:
            report.error(block.span, f"check.missing_case_absent_{key}")
    return block


def not_applicable(report: Reporter, blocks: list[object]) -> n.NotApplicable | None:
    block = report.only_one(blocks, "not_applicable")
    if isinstance(block, n.NotApplicable):
        seen: set[str] = set()
        for word in block.words:
            if not word.value.strip():
                report.error(word.span, "check.na_word_empty")
            if word.value in seen:
                report.error(word.span, "check.na_word_twice", word=word.value)
            seen.add(word.value)
        if block.apportion is not None:
            report.quantum(block.apportion, COARSEST_SCORE_STEP, "apportion")
    return block  # type: ignore[return-value]


def rescale(report: Reporter, block: n.NotApplicable | None, categories: Iterable[ResolvedCategory]) -> None:
    """Rescaling a category of fixed weights needs the step its freed weight is apportioned in."""
    if isinstance(block, n.NotApplicable) and block.action == "rescale":
        fixed = [c for c in categories if not isinstance(c.weights, n.SplitWeights)]
        if fixed and block.apportion is None:
            report.error(block.span, "check.rescale_needs_step", category=fixed[0].node.name.text)


def grades(report: Reporter, block: n.Grades, maximum: Decimal | None) -> None:
    """Grade thresholds and intervals are points, or shares of the maximum written with %
    (`优 >= 90%`); the order and coverage checks compare both in points."""
    names: dict[str, n.Grade] = {}
    for grade in block.grades:
        report.declare(names, grade.name, grade, "grade")  # type: ignore[arg-type]
        for bound in (grade.at_least,) if grade.at_least else (grade.interval.low, grade.interval.high) if grade.interval else ():
            if bound.percent:
                report.share(bound, "grade_threshold")
        interval = grade.interval
        if interval is not None and interval.low.percent != interval.high.percent and interval.low.value and interval.high.value:  # 0 is 0 either way
            report.error(interval.span, "check.grade_interval_mixed", interval=str(interval))
    thresholds = [g for g in block.grades if g.at_least is not None]
    intervals = [g for g in block.grades if g.interval is not None]
    otherwise = [g for g in block.grades if g.at_least is None and g.interval is None]
    if thresholds and intervals:
        report.error(intervals[0].span, "check.grades_mixed")
        return
    for extra in otherwise[1:]:
        report.error(extra.span, "check.otherwise_twice")
    if otherwise and otherwise[0] is not block.grades[-1]:
        report.error(otherwise[0].span, "check.otherwise_last")
    if thresholds:
        _thresholds(report, thresholds, bool(otherwise), maximum)
    elif intervals and maximum is not None:
        report.intervals(
            [(g.name, in_points(g.interval, maximum)) for g in intervals],  # type: ignore[arg-type]
            ZERO,
            maximum,
            block.span,
            "grade",
        )


def points_of(number: n.Number, maximum: Decimal | None) -> Decimal | None:
    """A grade bound in points: a share (written with %) of the maximum, else the number itself;
    None for a share while the maximum is unknown (a category is broken: already reported)."""
    if not number.percent:
        return number.value
    return None if maximum is None else number.value * maximum


def in_points(interval: n.Interval, maximum: Decimal) -> n.Interval:
    """The interval with its ends in points (the text as written kept for messages)."""
    low, high = (replace(end, value=points_of(end, maximum)) for end in (interval.low, interval.high))
    return replace(interval, low=low, high=high)


def _thresholds(report: Reporter, thresholds: list[n.Grade], otherwise: bool, maximum: Decimal | None) -> None:
    """`at least` grades: highest first, the last reaching 0 unless an `otherwise` follows."""
    for before, after in zip(thresholds, thresholds[1:]):
        after_points, before_points = points_of(after.at_least, maximum), points_of(before.at_least, maximum)  # type: ignore[arg-type]
        if after_points is not None and before_points is not None and after_points >= before_points:
            report.error(
                after.span,
                "check.grade_order",
                name=after.name.text,
                threshold=after.at_least.text,  # type: ignore[union-attr]
                other=before.name.text,
                other_threshold=before.at_least.text,  # type: ignore[union-attr]
            )
    if not otherwise and thresholds[-1].at_least.value > 0:  # type: ignore[union-attr]
        report.error(thresholds[-1].span, "check.grade_gap", threshold=thresholds[-1].at_least.text)  # type: ignore[union-attr]
    if maximum is not None:
        for grade in thresholds:
            if not grade.at_least.percent and grade.at_least.value > maximum:  # type: ignore[union-attr]
                report.warn(
                    grade.span,
                    "check.grade_unreachable",
                    name=grade.name.text,
                    threshold=grade.at_least.text,  # type: ignore[union-attr]
                    maximum=maximum,
                )
