"""The baseline: Suzhou 2024 scoring hand-written in plain Python, without evalrules' rule engine.

This is what a programmer would write to score Suzhou 2024 self-evaluation forms directly: the
rules of `rules/suzhou-2024.rules` hard-coded as constants and `if`s, exact `Decimal` arithmetic,
no rule file, no explanations, no findings. It reads the same typed records as the engine
(`evalrules.records.record.Record`, targets and actuals already parsed into `Quantity` and `Word` by
`evalrules.records.values`), so the benchmark compares scoring and nothing else. It is written plainly,
neither slowed down nor tuned; `bench_engine.py` checks that it agrees with the engine on every
generated form, which keeps both honest.

Inputs the Suzhou rules give no score for (an unknown category or fixed indicator, a unit that
does not match, a qualitative actual that is not one of the six levels) raise `ValueError`: the
generated forms never contain them, and the engine's findings for them are not what is measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from evalrules.records.record import Indicator, Record
from evalrules.records.values import Comparator, Quantity

ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")  # scores and split weights: 0.01 分
BASIS_POINT = Decimal("0.0001")  # completion rounded to 0.01%

# 决策 and 过程: each standard indicator's weight is fixed.
FIXED_WEIGHTS = {
    "决策": {
        "立项依据充分性": Decimal("0.5"),
        "立项程序规范性": Decimal("0.5"),
        "绩效指标明确性": Decimal("0.5"),
        "绩效目标合理性": Decimal("0.5"),
        "预算编制科学性": Decimal("0.5"),
        "资金分配合理性": Decimal("1"),
    },
    "过程": {
        "资金到位率": Decimal("0.5"),
        "预算执行率": Decimal("8"),
        "资金使用合规性": Decimal("2"),
        "制度执行有效性": Decimal("2"),
        "管理制度健全性": Decimal("1"),
    },
}

# 产出, 效益, 满意度: the category total is shared equally among the rows present.
SPLIT_TOTALS = {"产出": Decimal("30"), "效益": Decimal("17.5"), "满意度": Decimal("17.5")}

# Completion past which a result above target is penalised, 1% of the weight per point.
ABOVE_THRESHOLDS = {"产出": Decimal("1.30"), "效益": Decimal("2.00")}

BELOW_RATE = Decimal("0.05")  # 5% of the weight per percentage point short
QUALITATIVE_LEVELS = {Decimal("1"), Decimal("0.8"), Decimal("0.6"), Decimal("0.4"), Decimal("0.2"), ZERO}
GRADES = ((Decimal("73.8"), "优"), (Decimal("65.6"), "良"), (Decimal("49.2"), "中"))

BUDGET_EXECUTION = "预算执行率"


@dataclass
class IndicatorScore:
    name: str
    category: str
    weight: Decimal
    score: Decimal | None  # None: not scored, left for review
    status: str  # "scored", "missing" or "review"


@dataclass
class FormScore:
    indicators: list[IndicatorScore]
    total: Decimal
    provisional: bool  # some row awaits review, so the total may still change
    grade: str


def score_form(record: Record) -> FormScore:
    """Score one Suzhou 2024 form: per-indicator scores, the total and the grade."""
    weights = _weights(record.indicators)
    execution_rate = _execution_rate(record.budget)
    scores = []
    for row, weight in zip(record.indicators, weights):
        actual = row.actual
        if row.name == BUDGET_EXECUTION and execution_rate is not None:
            actual = Quantity(None, execution_rate, "%", "")
        scores.append(_score_row(row, weight, actual))

    total = sum((s.score for s in scores if s.score is not None), ZERO)
    provisional = any(s.status == "review" for s in scores)
    return FormScore(scores, total, provisional, _grade(total))


def _weights(rows: tuple[Indicator, ...]) -> list[Decimal]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.category] = counts.get(row.category, 0) + 1
    shares = {category: _split(SPLIT_TOTALS[category], n) for category, n in counts.items() if category in SPLIT_TOTALS}

    weights = []
    seen: dict[str, int] = {}
    for row in rows:
        if row.category in FIXED_WEIGHTS:
            if row.name not in FIXED_WEIGHTS[row.category]:
                raise ValueError(f"{row.category} has no fixed weight for {row.name}")
            weights.append(FIXED_WEIGHTS[row.category][row.name])
        elif row.category in SPLIT_TOTALS:
            position = seen.get(row.category, 0)
            seen[row.category] = position + 1
            weights.append(shares[row.category][position])
        else:
            raise ValueError(f"unknown category {row.category}")
    return weights


def _split(total: Decimal, count: int) -> list[Decimal]:
    """Equal shares to 0.01 by largest remainder: the cents left over go to the first rows."""
    share = (total / count).quantize(CENT, rounding=ROUND_FLOOR)
    spare = int((total - share * count) / CENT)
    return [share + CENT if i < spare else share for i in range(count)]


def _execution_rate(budget: dict[str, Decimal]) -> Decimal | None:
    """预算执行率 = 实际支付数 ÷ 财政拨款数, when the form's budget block gives both."""
    paid = budget.get("paid")
    appropriated = budget.get("appropriated")
    if paid is None or appropriated is None or appropriated == 0:
        return None
    return paid / appropriated


def _score_row(row: Indicator, weight: Decimal, actual: object) -> IndicatorScore:
    if actual is None:
        if row.explanation:  # explained: no score, a person reviews it
            return IndicatorScore(row.name, row.category, weight, None, "review")
        return IndicatorScore(row.name, row.category, weight, ZERO, "missing")

    if isinstance(row.target, Quantity):
        score = _quantitative(row.category, weight, row.target, actual)
    else:
        score = _qualitative(weight, actual)
    return IndicatorScore(row.name, row.category, weight, score, "scored")


def _quantitative(category: str, weight: Decimal, target: Quantity, actual: object) -> Decimal:
    if not isinstance(actual, Quantity):
        raise ValueError(f"actual {actual} is not a number")
    if target.unit != actual.unit:
        # a unit written on only one side is the other's, but a percentage must be on both
        if "%" in (target.unit, actual.unit) or (target.unit and actual.unit):
            raise ValueError(f"units of {target} and {actual} differ")

    completion = _completion(target, actual).quantize(BASIS_POINT, rounding=ROUND_HALF_UP)
    threshold = ABOVE_THRESHOLDS.get(category)
    if completion < ONE:
        factor = ONE - (ONE - completion) * 100 * BELOW_RATE
    elif threshold is not None and completion > threshold:
        factor = ONE - (completion - threshold)  # 1% of the weight per point past the threshold
    else:
        factor = ONE
    factor = min(max(factor, ZERO), ONE)
    return (weight * factor).quantize(CENT, rounding=ROUND_HALF_UP)


def _completion(target: Quantity, actual: Quantity) -> Decimal:
    """actual ÷ target; for ≤ and < targets 100% when not exceeded, else target ÷ actual."""
    t, a = target.number, actual.number
    if t < 0:
        raise ValueError(f"target {target} is negative")
    if target.comparator in (Comparator.LE, Comparator.LT):
        return ONE if a <= t else t / a
    if t == 0:
        if target.comparator == Comparator.EQ:
            return ONE if a == 0 else ZERO
        return ONE if a >= 0 else ZERO
    return a / t


def _qualitative(weight: Decimal, actual: object) -> Decimal:
    if not (
        isinstance(actual, Quantity)
        and actual.unit == "%"
        and actual.comparator is None
        and actual.number in QUALITATIVE_LEVELS
    ):
        raise ValueError(f"qualitative actual {actual} is not one of 100%, 80%, 60%, 40%, 20%, 0%")
    return (weight * actual.number).quantize(CENT, rounding=ROUND_HALF_UP)


def _grade(total: Decimal) -> str:
    for at_least, grade in GRADES:
        if total >= at_least:
            return grade
    return "差"
