"""A reference evaluator for the Suzhou 2024 rules, written from the 填表说明, not from the engine.

It keeps the compiled rule set honest (STYLE.md, convention 10): `tests/test_reference.py` scores
generated records with both and demands the same weight, score and status on every row, the same
total, grade and provisional flag. Nothing here calls or copies the parser, checker, compiler,
schemes or weights modules; it only reads the typed targets and actuals a `Record` already holds
(`evalrules.records.values`). Arithmetic is done on exact fractions, and every rounding is written out by
hand as 四舍五入 (ties away from zero), so that neither `decimal`'s context precision nor its
rounding modes are shared with the engine.

The semantics, as the brief states them:

- weights: 决策 and 过程 fixed per named indicator; 产出 30, 效益 17.5, 满意度 17.5 split equally
  among that category's rows on the form, apportioned to the cent by largest remainder, spare
  cents to the earliest rows;
- qualitative (the target is a word): the actual is one of 100%, 80%, 60%, 40%, 20%, 0%, and the
  score is weight × level, rounded to 0.01;
- quantitative: completion c = actual ÷ target for ≥, = and > (a bare target is ≥); for ≤ and <,
  c = 100% when actual ≤ target, else target ÷ actual; c is rounded to 0.01%; below 100% the factor
  is 1 − 5 × (100% − c); above the threshold (产出 130%, 效益 200%) it is 1 − (c − threshold);
  the factor is clamped to [0, 1]; the score is weight × factor, rounded to 0.01;
- 预算执行率: the actual is 实际支付数 ÷ 财政拨款数 whenever the budget block holds both;
- a missing actual without explanation scores 0 (status "missing"); with an explanation it is not
  scored (status "review") and the total is provisional;
- total = the sum of the scores; grade 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差.

Records outside these rules (an unknown category, a qualitative actual that is not a level, a
unit mismatch) raise `OutsideTheSpec`: the reference has no opinion on them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from evalrules.records.values import Comparator, Quantity, Word

# 2．“决策”、“过程”类指标每个指标的权重值固定。
FIXED_WEIGHTS: dict[str, dict[str, Decimal]] = {
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
# 各项指标分值 = 每类指标总分值 / 该类指标个数
SPLIT_TOTALS: dict[str, Decimal] = {"产出": Decimal("30"), "效益": Decimal("17.5"), "满意度": Decimal("17.5")}
CATEGORIES = ("决策", "过程", "产出", "效益", "满意度")
# 完成100%～130%（产出）/ 200%（效益）得满分，超过的每超过1%扣权重值1%；其余类别超过目标不扣分。
ABOVE_THRESHOLD: dict[str, Fraction] = {"产出": Fraction(130, 100), "效益": Fraction(200, 100)}
LEVELS = frozenset(Fraction(p, 100) for p in (100, 80, 60, 40, 20, 0))
SHORTFALL_RATE = 5  # each percentage point short costs 5% of the weight
BUDGET_RATE_INDICATOR = "预算执行率"
GRADES = ((Fraction("73.8"), "优"), (Fraction("65.6"), "良"), (Fraction("49.2"), "中"))
OTHERWISE = "差"

CENT = Fraction(1, 100)
BASIS_POINT = Fraction(1, 10_000)  # 0.01%


class OutsideTheSpec(ValueError):
    """The record holds something the Suzhou 2024 rules, as written here, do not say how to score."""


@dataclass(frozen=True)
class ReferenceRow:
    category: str
    name: str
    weight: Decimal
    score: Decimal | None
    status: str  # "scored", "missing" or "review"


@dataclass(frozen=True)
class ReferenceResult:
    rows: tuple[ReferenceRow, ...]
    total: Decimal
    grade: str
    provisional: bool


def round_half_up(x: Fraction, step: Fraction) -> Fraction:
    """四舍五入 to a multiple of `step`: ties go away from zero."""
    units = x / step
    magnitude = math.floor(abs(units) + Fraction(1, 2))
    return (magnitude if units >= 0 else -magnitude) * step


def to_decimal(x: Fraction) -> Decimal:
    """An exact fraction with a terminating decimal expansion as a `Decimal` (no rounding)."""
    places = 0
    while (x * 10**places).denominator != 1:
        places += 1
        if places > 100:
            raise ValueError(f"{x} has no short finite decimal expansion")
    return Decimal(f"{int(x * 10**places)}E-{places}")  # exact: no context precision involved


def split_weights(total: Decimal, count: int) -> list[Decimal]:
    """`total` shared among `count` rows in whole cents: equal parts, spare cents to the earliest."""
    cents = int(total * 100)
    assert Decimal(cents) == total * 100, "a category total is a whole number of cents"
    base, spare = divmod(cents, count)
    return [Decimal(base + (1 if i < spare else 0)).scaleb(-2) for i in range(count)]


def completion(target: Quantity, actual: Fraction) -> Fraction:
    """实际 ÷ 目标, or for ≤ and < targets 100% up to the target and 目标 ÷ 实际 past it."""
    t = Fraction(target.number)
    comparator = target.comparator if target.comparator is not None else Comparator.GE
    if comparator in (Comparator.LE, Comparator.LT):
        if actual <= t:
            return Fraction(1)
        return t / actual
    if t == 0:  # the 填表说明 says nothing; rule-language.md: = 0 is met by 0 only, ≥ 0 and > 0 by anything not negative
        met = actual == 0 if comparator is Comparator.EQ else actual >= 0
        return Fraction(1 if met else 0)
    return actual / t


def quantitative_score(category: str, weight: Decimal, target: Quantity, actual: Fraction) -> Decimal:
    c = round_half_up(completion(target, actual), BASIS_POINT)
    threshold = ABOVE_THRESHOLD.get(category)
    if c < 1:
        factor = 1 - SHORTFALL_RATE * (1 - c)
    elif threshold is not None and c > threshold:
        factor = 1 - (c - threshold)
    else:
        factor = Fraction(1)
    factor = min(max(factor, Fraction(0)), Fraction(1))
    return to_decimal(round_half_up(Fraction(weight) * factor, CENT))


def qualitative_score(weight: Decimal, actual: object) -> Decimal:
    if not isinstance(actual, Quantity) or actual.unit != "%" or actual.comparator is not None:
        raise OutsideTheSpec(f"a qualitative actual must be one of the six levels, not {actual}")
    level = Fraction(actual.number)
    if level not in LEVELS:
        raise OutsideTheSpec(f"{actual} is not one of 100%, 80%, 60%, 40%, 20%, 0%")
    return to_decimal(round_half_up(Fraction(weight) * level, CENT))


def budget_rate(budget: dict[str, Decimal]) -> Fraction | None:
    """预算执行率 = 实际支付数 ÷ 财政拨款数, when the budget block gives both."""
    if "paid" not in budget or "appropriated" not in budget:
        return None
    if budget["appropriated"] == 0:  # undefined: the rate the form states is used (rule-language.md)
        return None
    return Fraction(budget["paid"]) / Fraction(budget["appropriated"])


def weights_of(record) -> list[Decimal]:
    rows = record.indicators
    weights: list[Decimal | None] = [None] * len(rows)
    for category, total in SPLIT_TOTALS.items():
        members = [i for i, row in enumerate(rows) if row.category == category]
        for i, weight in zip(members, split_weights(total, len(members)) if members else []):
            weights[i] = weight
    for i, row in enumerate(rows):
        if row.category in FIXED_WEIGHTS:
            fixed = FIXED_WEIGHTS[row.category]
            if row.name not in fixed:
                raise OutsideTheSpec(f"{row.category} has fixed weights and no indicator {row.name}")
            weights[i] = fixed[row.name]
        elif row.category not in SPLIT_TOTALS:
            raise OutsideTheSpec(f"unknown category {row.category}")
    return weights  # type: ignore[return-value]


def score_row(row, weight: Decimal, rate: Fraction | None) -> ReferenceRow:
    actual = row.actual
    derived = rate if row.name == BUDGET_RATE_INDICATOR and rate is not None else None
    if actual is None and derived is None:
        if row.explanation is None:
            return ReferenceRow(row.category, row.name, weight, Decimal(0), "missing")
        return ReferenceRow(row.category, row.name, weight, None, "review")
    target = row.target
    if isinstance(target, Quantity):
        if derived is not None:
            if target.unit != "%":
                raise OutsideTheSpec("the execution rate is a percentage; its target must be one too")
            number = derived
        else:
            # a unit written on one side only is the other's (rule-language.md), except a percentage
            one_sided = None in (actual.unit, target.unit) and "%" not in (actual.unit, target.unit) if isinstance(actual, Quantity) else False
            if not isinstance(actual, Quantity) or (actual.unit != target.unit and not one_sided):
                raise OutsideTheSpec(f"actual {actual} cannot be compared with target {target}")
            number = Fraction(actual.number)
        if target.number < 0:
            raise OutsideTheSpec("a negative target")
        score = quantitative_score(row.category, weight, target, number)
    elif isinstance(target, Word):
        if derived is not None:
            raise OutsideTheSpec("预算执行率 with a qualitative target")
        score = qualitative_score(weight, actual)
    else:
        raise OutsideTheSpec("a row without a target")
    return ReferenceRow(row.category, row.name, weight, score, "scored")


def grade_of(total: Decimal) -> str:
    for at_least, grade in GRADES:
        if Fraction(total) >= at_least:
            return grade
    return OTHERWISE


def evaluate(record) -> ReferenceResult:
    """Score an `evalrules.Record` by the Suzhou 2024 rules, independently of the engine."""
    rate = budget_rate(dict(record.budget))
    rows = tuple(score_row(row, weight, rate) for row, weight in zip(record.indicators, weights_of(record)))
    total = sum((row.score for row in rows if row.score is not None), Decimal(0))
    return ReferenceResult(rows, total, grade_of(total), any(row.status == "review" for row in rows))
