"""Explanations: the arithmetic of each score written out step by step, in Chinese or English.

Scoring keeps the numbers (`schemes.Working`, `schemes.QualitativeOutcome`, the finding that
stopped a row); this module turns them into text only when asked, so scoring stays fast. Every
word comes from the message catalogue (`messages/engine.py`); only numbers and punctuation are put
together here. Every explanation names the clause it applied as `file:line`.

It sits below `result.py`, which calls it: it reads an indicator result by the fields named in
`Row`, never by importing the result module.
"""

from __future__ import annotations

import dataclasses
import decimal
from decimal import Decimal
from typing import Any, Protocol

from ..decimals import ONE, Rounder, approx_percent, percent, plain
from ..messages import text
from ..records.values import Comparator, Quantity, Word
from .compiled import Choice, cause
from .findings import Clause, Finding, Written
from .schemes import (
    Deducted,
    DerivedActual,
    QualitativeOutcome,
    QualitativeScheme,
    QuantitativeScheme,
    RuleTarget,
    Working,
)

_ROUNDING = {
    decimal.ROUND_HALF_UP: "round.half_up",
    decimal.ROUND_HALF_EVEN: "round.half_even",
    decimal.ROUND_HALF_DOWN: "round.half_down",
    decimal.ROUND_DOWN: "round.down",
    decimal.ROUND_UP: "round.up",
    decimal.ROUND_FLOOR: "round.floor",
    decimal.ROUND_CEILING: "round.ceiling",
}
_WEIGHT = {"fixed": "weight.fixed", "split": "weight.split", "form": "weight.form", "rescaled": "weight.rescaled"}
# Punctuation between the steps of one explanation, and around a clause id.
_STEP = {"zh": "，", "en": "; "}
_COMMA = {"zh": "，", "en": ", "}
_WHERE = {"zh": "（{}）", "en": " [{}]"}
_PAREN = {"zh": "（{}）", "en": " ({})"}


class Row(Protocol):
    """What an explanation reads of an indicator result (`result.IndicatorResult`)."""

    status: str
    working: Any
    score: Decimal | None
    weight: Decimal | None
    weight_source: str | None
    target: Quantity | Word | None
    actual: Quantity | Word | None
    stated_actual: Quantity | Word | None
    clause: Clause | None


def describe_rounding(rounder: Rounder, lang: str) -> str:
    """A rounding step in words: 四舍五入至 0.01% / rounded half-up to 0.01%."""
    return text(_ROUNDING[rounder.mode], lang, quantum=rounder.quantum_text)


# Explanations repeat: a portfolio has thousands of rows at 100% of the same weights. An
# explanation is a function of the numbers it shows, so it is kept by them and written once; the
# store is emptied when it grows past what a few rule sets' usual rows need. Every number is
# printed by decimals' own context, never the caller's.
_KEPT: dict[tuple[Any, ...], str] = {}
_KEEP = 20_000


def explain_indicator(row: Row, lang: str) -> str:
    """How the row's score was reached, ending with the clause applied; `lang` already checked."""
    working = row.working
    if type(working) is Written:  # written out already: pickled, or read from JSON
        return working.text(lang)
    if type(working) is RuleTarget or type(working) is Deducted:
        return _wrapped(row, working, lang)
    key = _key(row, working, lang)
    if key is None:
        return _explain(row, working, lang) + where(row.clause, lang)
    said = _KEPT.get(key)
    if said is None:
        if len(_KEPT) >= _KEEP:
            _KEPT.clear()
        said = _KEPT[key] = _explain(row, working, lang) + where(row.clause, lang)
    return said


def _key(row: Row, working: Any, lang: str) -> tuple[Any, ...] | None:
    """What a scored row's explanation depends on, or None when it is not worth keeping."""
    if type(working) is not tuple or working[2] is not None:  # a computed actual shows its own numbers
        return None
    outcome = working[1]
    if type(outcome) is QualitativeOutcome:
        if outcome.level is None or outcome.how not in ("share", "word"):  # names the row's words
            return None
        return (lang, row.clause, row.weight, outcome.level, outcome.band, outcome.unrounded, outcome.score)
    work: Working = outcome
    target, actual = row.target, row.actual
    return (
        lang, row.clause, working[0], row.weight, row.weight_source, target, actual,
        work.completion_raw, work.completion, work.side, work.points, work.deduction, work.factor,
        work.unrounded, work.score,
    )  # fmt: skip


def _wrapped(row: Row, working: RuleTarget | Deducted, lang: str) -> str:
    """A row scored against the rules' target, or lowered by a deduction: what the rules or the
    reviewer did, and the row's own explanation (with the score it had before a deduction)."""
    if type(working) is Deducted:
        before = dataclasses.replace(row, score=working.before, working=working.inner)  # type: ignore[type-var]
        step = text(
            "explain.deducted",
            lang,
            reason=working.reason,
            before=plain(working.before),
            applied=plain(working.applied),
            after=plain(working.before - working.applied),
        )
        return explain_indicator(before, lang) + _STEP[lang] + step + where(working.clause, lang)
    inner = dataclasses.replace(row, working=working.inner)  # type: ignore[type-var]
    head = text("explain.rule_target", lang, target=working.target.text) + where(working.clause, lang)
    stated = working.stated
    if stated is not None and stated.text != working.target.text:
        head += text("explain.rule_target_stated", lang, stated=stated.text)
    return head + _STEP[lang] + explain_indicator(inner, lang)


def where(clause: Clause | None, lang: str) -> str:
    return "" if clause is None else _WHERE[lang].format(clause.id)


def _explain(row: Row, working: Any, lang: str) -> str:
    if type(working) is Finding:
        return text("explain.not_scored", lang, reason=working.message(lang))
    status = row.status
    if status == "missing":
        return text("explain.missing", lang, score=plain(row.score))  # type: ignore[arg-type]
    if status == "claimed":
        return text("explain.claimed", lang, score=plain(row.score))  # type: ignore[arg-type]
    if status == "review" and row.actual is None:
        return text("explain.review", lang)
    if status == "not_applicable":
        if row.score is None:
            return text("explain.dropped", lang)
        return text("explain.full", lang, score=plain(row.score))
    if working is not None:
        scheme = working[0]
        if type(scheme) is QuantitativeScheme:
            return _quantitative(row, scheme, working[1], working[2], lang)
        if type(scheme) is QualitativeScheme:
            return _qualitative(row, scheme, working[1], lang)
    return text("explain.unscored", lang)


def _weight(row: Row, lang: str) -> str:
    return text(_WEIGHT.get(row.weight_source or "", "weight.other"), lang, weight=plain(row.weight))  # type: ignore[arg-type]


def _number(q: Quantity) -> str:
    return percent(q.number) if q.unit == "%" else plain(q.number) + (q.unit or "")


def _quantitative(row: Row, scheme: QuantitativeScheme, work: Working, source: Any, lang: str) -> str:
    target, actual = row.target, row.actual
    assert isinstance(target, Quantity) and isinstance(actual, Quantity)
    comparator = target.comparator or Comparator.GE
    reverse = comparator in (Comparator.LE, Comparator.LT)
    derived = source if type(source) is DerivedActual else None
    parts = []
    if derived is not None:
        stated = row.stated_actual
        value = approx_percent(actual.number) if actual.unit == "%" else plain(actual.number) + (actual.unit or "")
        shown = text("explain.derived", lang, formula=derived.formula, numbers=derived.numbers, value=value)
        shown += "".join(_choice(choice, derived.failed, lang) for choice in derived.choices)
        parts.append(shown + (text("explain.stated", lang, stated=stated.text) if stated is not None else ""))
    elif type(source) is Finding:  # the rules compute the actual, but could not: the form's was used
        parts.append(source.message(lang))  # what could not be computed, why, and what was used
    # completion
    if reverse:
        if work.completion_raw == ONE and actual.number <= target.number:
            how = text("explain.within_target", lang, actual=_number(actual), target=_number(target))
        elif scheme.reverse == "inverse_ratio":
            how = f"{_number(target)} ÷ {_number(actual)}"
        else:
            how = text("explain.linear_reverse", lang, zero_at=percent(scheme.zero_at))  # type: ignore[arg-type]
    elif target.number == 0:
        how = text("explain.zero_target", lang, target=_number(target), actual=_number(actual))
    elif derived is not None and target.is_percent and target.number == ONE:
        how = derived.numbers
    else:
        how = f"{_number(actual)} ÷ {_number(target)}"
    if scheme.round_completion is not None and work.completion != work.completion_raw:
        how += _COMMA[lang] + describe_rounding(scheme.round_completion, lang)
    completion = percent(work.completion) if scheme.round_completion is not None else approx_percent(work.completion)
    parts.append(text("explain.completion", lang, completion=completion, how=how))
    weight = plain(row.weight)  # type: ignore[arg-type]
    side = work.side
    if side == "met":
        parts.append(text("explain.met", lang, weight=_weight(row, lang)))
    elif side == "within":
        if scheme.above == "none" or scheme.threshold is None:
            parts.append(text("explain.above_no_deduction", lang, weight=weight))
        else:
            parts.append(text("explain.within_threshold", lang, limit=percent(scheme.threshold), weight=weight))
    elif side == "above":
        limit = percent(scheme.threshold)  # type: ignore[arg-type]
        if scheme.above == "warn":
            parts.append(text("explain.above_warn", lang, limit=limit, weight=weight))
        else:
            rate = percent(scheme.above_rate)  # type: ignore[arg-type]
            points, deduction = plain(work.points), percent(work.deduction)
            parts.append(text("explain.above_penalty", lang, limit=limit, points=points, rate=rate, deduction=deduction))
            parts.append(_product(weight, f"(1 − {deduction})", work, scheme, lang))
    else:  # below
        points = plain(work.points)
        if scheme.below == "proportional":
            parts.append(_product(weight, completion, work, scheme, lang))
        elif scheme.below == "slope":
            rate, deduction = percent(scheme.below_rate), percent(work.deduction)  # type: ignore[arg-type]
            by_difference = scheme.below_basis == "difference" and target.is_percent and actual.is_percent
            key = "explain.below_slope_difference" if by_difference else "explain.below_slope"
            parts.append(text(key, lang, points=points, rate=rate, deduction=deduction))
            parts.append(_product(weight, f"(1 − {deduction})", work, scheme, lang))
        else:
            deducted = plain(work.deduction)
            arithmetic = f"{weight} − {deducted} = {_rounded(work, scheme, lang)}"
            if work.deduction > row.weight:  # type: ignore[operator]
                arithmetic += text("explain.floored", lang)
            key = "explain.below_steps_one" if scheme.step_points == 1 else "explain.below_steps"
            step, each = percent(scheme.step), plain(scheme.step_points)  # type: ignore[arg-type]
            parts.append(text(key, lang, points=points, step=step, each=each, deducted=deducted, arithmetic=arithmetic))
    return _STEP[lang].join(parts)


def _choice(choice: Choice, failed: Any, lang: str) -> str:
    """Which way an `otherwise` or `if` of the value took, and why."""
    if choice.kind == "condition":
        key = "explain.condition_held" if choice.holds else "explain.condition_failed"
        return text(key, lang, condition=choice.formula)
    why, what, _ = cause(choice.reason, failed)
    reason = text("value.division_by_zero", lang, divisor=what) if why == "zero" else text("value.amount_absent", lang, amount=what)
    return text("explain.fallback", lang, formula=choice.formula, reason=reason)


def _product(weight: str, factor: str, work: Working, scheme: QuantitativeScheme, lang: str) -> str:
    said = f"{weight} × {factor} = {_rounded(work, scheme, lang)}"
    if work.factor < 0:
        said += text("explain.floored", lang)
    return said


def _rounded(work: Working, scheme: QuantitativeScheme, lang: str) -> str:
    if work.score == work.unrounded or scheme.round_score is None:
        return plain(work.score)
    how = describe_rounding(scheme.round_score, lang)
    return f"{plain(work.unrounded)} → {plain(work.score)}" + _PAREN[lang].format(how)


def _qualitative(row: Row, scheme: QualitativeScheme, outcome: QualitativeOutcome, lang: str) -> str:
    if outcome.level is not None:
        level = percent(outcome.level)
        arithmetic = f"{plain(row.weight)} × {level} = {plain(outcome.unrounded)}"  # type: ignore[arg-type]
        if outcome.score != outcome.unrounded:
            arithmetic += f" → {plain(outcome.score)}"
        if outcome.how in ("share", "word"):
            if outcome.band:
                return text("explain.qualitative_band", lang, level=level, band=outcome.band, arithmetic=arithmetic)
            return text("explain.qualitative", lang, level=level, arithmetic=arithmetic)
        place = text("explain.place_level", lang, level=level)
        return _STEP[lang].join((_placed(row, outcome, place, lang), arithmetic))
    interval = str(dict(scheme.bands or ())[outcome.band])
    place = text("explain.place_band", lang, band=outcome.band, interval=interval)
    weight, score = plain(row.weight), plain(outcome.score)  # type: ignore[arg-type]
    parts = [
        _placed(row, outcome, place, lang),
        text("explain.band_points", lang, weight=weight, interval=interval, range=outcome.points_range),
    ]
    if outcome.decision == "unclaimed":
        parts.append(text("explain.band_unclaimed", lang, score=score))
    elif outcome.decision == "adjusted":
        parts.append(text("explain.band_adjusted", lang, claimed=plain(outcome.claimed), score=score))  # type: ignore[arg-type]
    elif outcome.score != outcome.claimed:
        rounding = describe_rounding(scheme.round_score, lang)  # type: ignore[arg-type]
        parts.append(text("explain.band_accepted_rounded", lang, claimed=plain(outcome.claimed), rounding=rounding, score=score))  # type: ignore[arg-type]
    else:
        parts.append(text("explain.band_accepted", lang, claimed=plain(outcome.claimed)))  # type: ignore[arg-type]
    return _STEP[lang].join(parts)


def _placed(row: Row, outcome: QualitativeOutcome, place: str, lang: str) -> str:
    """How the actual was placed: by a word, as the target's own word, or by a deadline."""
    actual = row.actual.text if row.actual is not None else ""
    target = row.target.text if row.target is not None else ""
    return text(f"explain.placed_{outcome.how}", lang, actual=actual, target=target, place=place)


def summary(total: Decimal, maximum: Decimal, grade: str | None, provisional: bool, lang: str) -> str:
    """The total line: 合计 81.94（满分 82），等级 优 (with 暂定 and why, when provisional)."""
    key = "explain.total_provisional" if provisional else "explain.total"
    return text(key, lang, total=plain(total), maximum=plain(maximum), grade=grade or "—")
