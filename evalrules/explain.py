"""Explanations: the arithmetic of each score written out step by step, in Chinese or English.

Scoring keeps the numbers (`schemes.Working`, `schemes.QualitativeOutcome`, the finding that
stopped a row); this module turns them into text only when asked, so scoring stays fast. Every
explanation names the clause it applied as `file:line`.
"""

from __future__ import annotations

import decimal

from .decimals import CONTEXT, ONE, approx_percent, percent, plain
from .result import Clause, Finding, IndicatorResult, Result
from .schemes import QualitativeOutcome, QualitativeScheme, QuantitativeScheme, Working
from .values import Comparator, Quantity

_SOURCE = {
    "fixed": ("固定权重", "fixed weight"),
    "split": ("均分权重", "split weight"),
    "form": ("表上权重", "weight as written"),
    "rescaled": ("重新分摊的权重", "rescaled weight"),
}


def explain_indicator(result: IndicatorResult, lang: str = "zh") -> str:
    with decimal.localcontext(CONTEXT):  # the same digits whatever the caller's context
        return _explain_indicator(result, lang)


def _explain_indicator(result: IndicatorResult, lang: str) -> str:
    zh = lang == "zh"
    working = result.working
    if isinstance(working, Finding):
        text = ("不予评分：" if zh else "not scored: ") + working.message(lang)
    elif result.status == "missing":
        text = (
            f"未填写实际完成值且无说明，得 {plain(result.score)} 分"  # type: ignore[arg-type]
            if zh
            else f"no actual and no explanation: scores {plain(result.score)}"  # type: ignore[arg-type]
        )
    elif result.status == "review" and result.actual is None:
        text = (
            "未填写实际完成值，但有说明：交人工复核，暂不计分，总分为暂定"
            if zh
            else "no actual, but an explanation: left for review, not scored, the total is provisional"
        )
    elif result.status == "not_applicable":
        if result.score is None:
            text = "不适用：不计分，权重由同类其他指标分摊" if zh else "not applicable: dropped, its weight shared by the rest"
        else:
            text = f"不适用：按规则得满分 {plain(result.score)}" if zh else f"not applicable: scores full {plain(result.score)}"
    elif working is not None and isinstance(working[0], QuantitativeScheme):
        text = _quantitative(result, working[0], working[1], working[2], zh)
    elif working is not None and isinstance(working[0], QualitativeScheme):
        text = _qualitative(result, working[1], zh)
    else:
        text = "未评分" if zh else "not scored"
    return text + _where(result.clause, zh)


def _where(clause: Clause | None, zh: bool) -> str:
    if clause is None:
        return ""
    where = f"{clause.file}:{clause.line}"
    return f"（{where}）" if zh else f" [{where}]"


def _weight(result: IndicatorResult, zh: bool) -> str:
    words = _SOURCE.get(result.weight_source or "", ("权重", "weight"))
    return f"{words[0] if zh else words[1]} {plain(result.weight)}"  # type: ignore[arg-type]


def _number(q: Quantity) -> str:
    return percent(q.number) if q.unit == "%" else plain(q.number) + (q.unit or "")


def _quantitative(result: IndicatorResult, scheme: QuantitativeScheme, work: Working, derived: object, zh: bool) -> str:
    target, actual = result.target, result.actual
    assert isinstance(target, Quantity) and isinstance(actual, Quantity)
    comparator = target.comparator or Comparator.GE
    reverse = comparator in (Comparator.LE, Comparator.LT)
    parts = []
    if derived is not None:
        stated = result.stated_actual
        value = derived.value  # type: ignore[attr-defined]
        shown = f"{value.formula} = {derived.numbers} = {approx_percent(actual.number)}"  # type: ignore[attr-defined]
        if zh:
            parts.append(f"实际完成值 {shown}" + (f"（表上填报 {stated.text}）" if stated is not None else ""))
        else:
            parts.append(f"actual {shown}" + (f" (the form states {stated.text})" if stated is not None else ""))
    # completion
    if reverse:
        if work.completion_raw == ONE and actual.number <= target.number:
            inner = (f"实际 {_number(actual)} 未超过目标 {_number(target)}" if zh else f"actual {_number(actual)} within target {_number(target)}")
        elif scheme.reverse == "inverse_ratio":
            inner = f"{_number(target)} ÷ {_number(actual)}"
        else:
            zero_at = percent(scheme.zero_at)  # type: ignore[arg-type]
            inner = (f"超过目标后线性递减，至目标的 {zero_at} 为 0" if zh else f"falls linearly past target to 0 at {zero_at} of it")
    elif target.number == 0:
        inner = f"目标为 {_number(target)}，实际 {_number(actual)}" if zh else f"target {_number(target)}, actual {_number(actual)}"
    elif derived is not None and target.is_percent and target.number == ONE:
        inner = derived.numbers  # type: ignore[attr-defined]
    else:
        inner = f"{_number(actual)} ÷ {_number(target)}"
    if scheme.round_completion is not None and work.completion != work.completion_raw:
        inner += ("，" if zh else ", ") + scheme.round_completion.describe("zh" if zh else "en")
    completion = percent(work.completion) if scheme.round_completion is not None else approx_percent(work.completion)
    parts.append(f"完成率 {completion}（{inner}）" if zh else f"completion {completion} ({inner})")
    weight = plain(result.weight)  # type: ignore[arg-type]
    side = work.side
    if side == "met":
        parts.append(f"达到目标，得满分（{_weight(result, zh)}）" if zh else f"target met: full {_weight(result, zh)}")
    elif side == "within":
        if scheme.above == "none" or scheme.threshold is None:
            parts.append(f"超过目标不扣分，得满分 {weight}" if zh else f"above target, no deduction: full {weight}")
        else:
            limit = percent(scheme.threshold)
            parts.append(
                f"未超过 {limit}，得满分 {weight}" if zh else f"not past {limit}: full {weight}"
            )
    elif side == "above":
        limit = percent(scheme.threshold)  # type: ignore[arg-type]
        if scheme.above == "warn":
            parts.append(
                f"超过 {limit}，不扣分但须说明原因，得满分 {weight}"
                if zh
                else f"past {limit}: no deduction, but an explanation is required; full {weight}"
            )
        else:
            rate = percent(scheme.above_rate)  # type: ignore[arg-type]
            points, deduction = plain(work.points), percent(work.deduction)
            parts.append(
                f"超过 {limit} {points} 个百分点，扣减 {points} × {rate} = {deduction}"
                if zh
                else f"{points} points past {limit}, deduction {points} × {rate} = {deduction}"
            )
            parts.append(_product(weight, f"(1 − {deduction})", work, scheme, zh))
    else:  # below
        points = plain(work.points)
        if scheme.below == "proportional":
            parts.append(_product(weight, completion, work, scheme, zh))
        elif scheme.below == "slope":
            rate, deduction = percent(scheme.below_rate), percent(work.deduction)  # type: ignore[arg-type]
            by_difference = scheme.below_basis == "difference" and target.is_percent and actual.is_percent
            basis = ("（按目标值与实际值之差）" if zh else " (difference of target and actual)") if by_difference else ""
            parts.append(
                f"低于目标 {points} 个百分点{basis}，扣减 {points} × {rate} = {deduction}"
                if zh
                else f"{points} points below target{basis}, deduction {points} × {rate} = {deduction}"
            )
            parts.append(_product(weight, f"(1 − {deduction})", work, scheme, zh))
        else:
            step, each = percent(scheme.step), plain(scheme.step_points)  # type: ignore[arg-type]
            deducted = plain(work.deduction)
            floored = work.deduction > result.weight  # type: ignore[operator]
            if zh:
                text = f"低于目标 {points} 个百分点，每满 {step} 扣 {each} 分，扣 {deducted} 分；"
                text += f"{weight} − {deducted} = {_rounded(work, scheme, zh)}" + ("（扣完为止）" if floored else "")
            else:
                unit = "point" if scheme.step_points == 1 else "points"
                text = f"{points} points below target, {each} {unit} off per full {step}: {deducted} off; "
                text += f"{weight} − {deducted} = {_rounded(work, scheme, zh)}" + (" (floored at 0)" if floored else "")
            parts.append(text)
    return ("，" if zh else "; ").join(parts)


def _product(weight: str, factor: str, work: Working, scheme: QuantitativeScheme, zh: bool) -> str:
    text = f"{weight} × {factor} = {_rounded(work, scheme, zh)}"
    if work.factor < 0:
        text += "（扣完为止）" if zh else " (floored at 0)"
    return text


def _rounded(work: Working, scheme: QuantitativeScheme, zh: bool) -> str:
    if work.score == work.unrounded or scheme.round_score is None:
        return plain(work.score)
    how = scheme.round_score.describe("zh" if zh else "en")
    return f"{plain(work.unrounded)} → {plain(work.score)}（{how}）" if zh else f"{plain(work.unrounded)} → {plain(work.score)} ({how})"


def _qualitative(result: IndicatorResult, outcome: QualitativeOutcome, zh: bool) -> str:
    level = percent(outcome.level)  # type: ignore[arg-type]
    band = f"（{outcome.band}）" if zh and outcome.band else (f" ({outcome.band})" if outcome.band else "")
    weight = plain(result.weight)  # type: ignore[arg-type]
    scored = plain(outcome.score)
    arithmetic = f"{weight} × {level} = {plain(outcome.unrounded)}"
    if outcome.score != outcome.unrounded:
        arithmetic += f" → {scored}"
    if zh:
        return f"定性指标，实际完成等级 {level}{band}，得分 {arithmetic}"
    return f"qualitative, level {level}{band}: {arithmetic}"


def explain_result(result: Result, lang: str = "zh") -> str:
    zh = lang == "zh"
    lines = []
    for row in result.indicators:
        score = plain(row.score) if row.score is not None else "—"
        lines.append(f"[{row.category}] {row.name}: {score}  {row.explain(lang)}")
    total, maximum = plain(result.total), plain(result.maximum)
    grade = result.grade or "—"
    if zh:
        lines.append(f"合计 {total}（满分 {maximum}），等级 {grade}" + ("，暂定（有指标待复核）" if result.provisional else ""))
    else:
        lines.append(f"total {total} of {maximum}, grade {grade}" + (", provisional (rows left for review)" if result.provisional else ""))
    for finding in result.findings:
        lines.append(f"{finding.severity}: {finding.path}: {finding.message(lang)}")
    return "\n".join(lines)
