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

Only this module and `evalrules verify` import Hypothesis: `import evalrules` does not.
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import strategies as st

from .decimals import CONTEXT, apportion, plain
from .engine.loader import load
from .engine.ruleset import RuleSet
from .engine.schemes import QualitativeScheme, QuantitativeScheme
from .engine.weights import FixedPolicy, SplitPolicy, WrittenPolicy
from .errors import Unavailable
from .records.record import Record, record_from_data
from .records.values import Comparator, Quantity, Word, deadline_met, parse_value, read_when

__all__ = ["actuals", "amounts", "completion_edges", "record_data", "records", "targets"]

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
BASIS_POINT = Decimal("0.0001")  # 0.01%
CENT = Decimal("0.01")
_PLACES = Decimal("1E-8")  # an aimed number is kept to 8 decimals: what a form can write

# How forms write comparators (a bare number is read as ≥), full-width forms included; and the
# range words after a number and unit (98%以上 is ≥98%, 30万元以内 is ≤30万元).
GE_SPELLINGS = ("≥", "", ">=", "≧", "不低于", "不少于", "＞＝")
LE_SPELLINGS = ("≤", "<=", "不超过", "≦")
EQ_SPELLINGS = ("=", "＝")
GT_SPELLINGS = (">", "＞")
LT_SPELLINGS = ("<", "＜")
_SUFFIX = {"≥": ("以上",), "≤": ("以内", "以下")}
UNITS = ("%", "人", "次", "万元", "场", "个", "公里", "台", "")
_MONEY = ("万元",)
QUALITATIVE_TARGETS = (
    "有效", "充分", "规范", "明确", "合理", "科学", "健全", "达标", "合格", "及时", "明显改善", "逐步提高", "较高",
    "符合要求",
)  # fmt: skip
ROW_NAMES = (
    "培训人数", "活动场次", "覆盖率", "合格率", "完成及时性", "群众知晓率", "社会效益", "可持续影响",
    "服务对象满意度", "设备采购数量", "工程验收合格率", "投诉次数", "单位成本", "受益人口",
)  # fmt: skip
SUBCATEGORIES = ("数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标", "可持续影响指标")
EXPLANATIONS = ("因疫情影响暂无数据", "项目尚在实施中，数据待年底统计", "说明：统计口径调整")
PROJECTS = ("党建系列活动", "市民健身工程", "老旧小区改造", "乡村道路改造", "重点流域水环境综合治理")
_NOT_A_WORD = ("一般", "良好", "待定", "较差", "基本完成")  # words no shipped scheme lists


def _exact(fn: Any) -> Any:
    """Run `fn` in evalrules' decimal context (80 digits), whatever the caller's."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with decimal.localcontext(CONTEXT):
            return fn(*args, **kwargs)

    return wrapper


@functools.lru_cache(maxsize=None)
def _ints(low: int, high: int) -> st.SearchStrategy[int]:
    """One strategy object per range, validated once: drawing from strategies built anew for
    every draw costs Hypothesis more than the whole form."""
    return st.integers(low, high)


def _int(draw: st.DrawFn, low: int, high: int) -> int:
    return draw(_ints(low, high))


def _choice(draw: st.DrawFn, options: Sequence[Any]) -> Any:
    """One of `options`; shrinks towards the first (no draw when there is one)."""
    return options[draw(_ints(0, len(options) - 1))] if len(options) > 1 else options[0]


def _chance(draw: st.DrawFn, one_in: int) -> bool:
    """True once in `one_in` draws; shrinks towards False."""
    return draw(_ints(0, one_in - 1)) == one_in - 1


def _short(x: Decimal) -> bool:
    """Whether `x` has at most 8 decimals and fits a form (below 10^15): aimed numbers must."""
    return x.is_finite() and abs(x) < Decimal("1E15") and x == x.quantize(_PLACES, context=CONTEXT)


def _percent_text(share: Decimal, full_width: bool = False) -> str:
    return plain(share * HUNDRED) + ("％" if full_width else "%")


def _number_text(number: Decimal, unit: str | None) -> str:
    if unit == "%":
        return _percent_text(number)
    return plain(number) + (unit or "")


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


# ---- amounts, targets and actuals ----------------------------------------------------------------


def _decimal(draw: st.DrawFn, low: Decimal, high: Decimal, places: int) -> Decimal:
    """An exact decimal from low to high in steps of 10^-places, built from an integer."""
    scale = Decimal(1).scaleb(-places)
    lo = int((low / scale).to_integral_value(ROUND_FLOOR))
    hi = int((high / scale).to_integral_value(ROUND_FLOOR))
    return Decimal(_int(draw, lo, hi)).scaleb(-places)


def amounts(
    *, low: Decimal | int = 0, high: Decimal | int = 10**6, places: int = 2, near: Iterable[Decimal | int] = ()
) -> st.SearchStrategy[Decimal]:
    """Exact amounts (Decimal, at most `places` decimals) from `low` to `high`.

    A third of the draws are round numbers (0, 1, 10, 12.5, 30, 50, 80, 90, 100, 1000) and, for
    each point in `near`, the point itself or one step (10^-places) or 1 either side; the rest
    spread over the range with small amounts as likely as large ones (a uniform draw over 0 … 10^6
    would almost never give a form's 0.01 or 12.5)."""
    low, high = Decimal(low), Decimal(high)
    step = Decimal(1).scaleb(-places)
    aimed = [Decimal(p) + d for p in near for d in (ZERO, step, -step, ONE, -ONE)]
    round_numbers = [Decimal(x) for x in ("0", "1", "10", "12.5", "30", "50", "80", "90", "100", "1000")]
    special = tuple(x for x in dict.fromkeys(aimed + round_numbers) if low <= x <= high)

    @st.composite
    def drawn(draw: st.DrawFn) -> Decimal:
        if special and _int(draw, 0, 2) == 0:
            return _choice(draw, special)
        digits = _int(draw, 0, 6)  # up to 1, 10, … 10^6: small amounts as likely as large ones
        return _decimal(draw, max(low, -Decimal(10) ** digits), min(high, Decimal(10) ** digits), places)

    return drawn()


_SIDES = ("≥", "≥", "≥", "≤", "=", ">", "<")
_SPELLINGS = {"≥": GE_SPELLINGS, "≤": LE_SPELLINGS, "=": EQ_SPELLINGS, ">": GT_SPELLINGS, "<": LT_SPELLINGS}
_PERCENTS = tuple(Decimal(p) for p in (100, 90, 95, 98, 85, 80, 99, 60))
_MONEYS = (Decimal(30), Decimal(50), Decimal("12.5"))
_COUNTS = tuple(Decimal(c) for c in (1, 2, 10, 12, 20, 100, 1000))


def _target(draw: st.DrawFn, unit: str | None = None, side: str | None = None) -> tuple[str, Quantity]:
    """A quantitative target as a form writes it, and what it reads as."""
    unit = _choice(draw, UNITS) if unit is None else unit
    side = _choice(draw, _SIDES) if side is None else side
    style = _int(draw, 0, 29)  # 29: a zero target; 26–28: a full-width ％; 21–25: a range word (以上)
    rounds = _PERCENTS if unit == "%" else _MONEYS if unit in _MONEY else _COUNTS
    pick = _int(draw, 0, 2 * len(rounds) - 1)  # a round number half the time
    if style == 29:
        number = ZERO  # 安全事故 ≤0次, =0: a zero target, met by zero
    elif pick < len(rounds):
        number = rounds[pick] / HUNDRED if unit == "%" else rounds[pick]
    elif unit == "%":
        number = _decimal(draw, CENT, HUNDRED, 2) / HUNDRED
    elif unit in _MONEY:
        number = _decimal(draw, CENT, Decimal(5000), 2)
    else:
        number = Decimal(_int(draw, 1, 10_000))
    written = _number_text(number, unit or None)
    if unit == "%" and 26 <= style <= 28:
        written = written[:-1] + "％"
    if side in _SUFFIX and unit and 21 <= style <= 25:
        text = written + _choice(draw, _SUFFIX[side])  # 98%以上, 30万元以内
    else:
        text = _choice(draw, _SPELLINGS[side]) + written
    value = parse_value(text)
    assert isinstance(value, Quantity), text
    return text, value


def _deadline_pair(draw: st.DrawFn, year: int) -> tuple[str, str]:
    """A date target and a date actual on either side of it: the same month or day (met), one
    before (met), one after (missed)."""
    month, day = _int(draw, 1, 12), _int(draw, 1, 28)
    by_day = _int(draw, 0, 1) == 1
    shift = _choice(draw, (0, 1, -1))
    if by_day:
        target = _choice(draw, (f"{month}月{day}日前", f"{year}年{month}月{day}日"))
        d = max(day + shift, 1)
        actual = _choice(draw, (f"{year}年{month}月{d}日", f"{year}-{month:02d}-{d:02d}", f"{month}月{d}日"))
    else:
        target = _choice(draw, (f"{month}月前", f"{month}月底前", f"{year}年{month}月", f"{month}月底"))
        m, y = month + shift, year
        if m == 13:
            m, y = 1, year + 1
        m = max(m, 1)
        actual = _choice(draw, (f"{y}年{m}月", f"{m}月", f"{y}年{m}月{_int(draw, 1, 28)}日", f"{y}-{m:02d}"))
    return target, actual


def targets(*, units: Sequence[str] | None = None, words: bool = True, dates: bool = True, year: int = 2024) -> st.SearchStrategy[str]:
    """Targets (目标值) as forms write them: a number with a comparator in any of its spellings
    (`≥90%`, `不少于20场`, `98%以上`, `≤5万元`, `=100%`, a bare `100%`), sometimes 0; with `words`,
    a word (`有效`, `达标`); with `dates`, a deadline (`9月前`, `2024年6月30日`). `units` limits
    the units drawn ("" for none)."""
    chosen = tuple(units) if units is not None else UNITS
    kinds = ["number"] * 3 + (["word"] if words else []) + (["date"] if dates else [])

    @st.composite
    def drawn(draw: st.DrawFn) -> str:
        kind = _choice(draw, kinds)
        if kind == "word":
            return _choice(draw, QUALITATIVE_TARGETS)
        if kind == "date":
            return _deadline_pair(draw, year)[0]
        return _target(draw, _choice(draw, chosen))[0]

    return drawn()


@_exact
def _actual_number(target: Quantity, scheme: QuantitativeScheme | None, c: Decimal) -> Decimal | None:
    """The actual whose completion against `target` is c, kept to 8 decimals (None if negative)."""
    t = target.number
    if (target.comparator or Comparator.GE) not in (Comparator.LE, Comparator.LT):
        a = t * c if t != 0 else c - ONE  # a zero target: met by 0 (and, for ≥, anything above)
    elif c >= ONE:
        a = t * (2 - c)  # at or under a ≤ target: met
    elif scheme is not None and scheme.reverse == "linear":
        z = scheme.zero_at or ONE
        a = z * t - c * (z - ONE) * t
    else:
        a = t / c if c > 0 else t * 10  # inverse ratio: completion t ÷ a
    a = a.quantize(_PLACES, rounding=ROUND_HALF_UP)
    return a if a >= 0 else None


def _completion(draw: st.DrawFn, scheme: QuantitativeScheme | None, weight: Decimal | None, good: bool) -> Decimal:
    """A completion aimed where the scheme changes (see the module's docstring for the mix)."""
    edges = completion_edges(scheme) if scheme is not None else (ONE,)
    branch = _int(draw, 0, 99)
    if good:  # a well-run project's row: at or near its target
        return ONE if branch < 50 else ONE + _int(draw, -500, 1000) * BASIS_POINT
    if branch < 45:
        return _choice(draw, edges) + _choice(draw, _offsets(scheme))
    if branch < 55:
        ties = _score_ties(scheme, weight) if scheme is not None and weight is not None else ()
        return _choice(draw, ties) if ties else _choice(draw, edges)
    if branch < 80:
        return ONE + _int(draw, -1000, 1000) * BASIS_POINT  # within 10% of the target
    return _int(draw, 0, 30_000) * BASIS_POINT  # anywhere from 0 to 300%


def _quantitative_actual(
    draw: st.DrawFn,
    target: Quantity,
    scheme: QuantitativeScheme | None,
    weight: Decimal | None = None,
    good: bool = False,
    out_of_range: bool = False,
) -> str:
    unit = target.unit
    if out_of_range and _chance(draw, 4):
        return _choice(
            draw,
            (
                "未统计",  # a word where a number is due
                _number_text(target.number * 1000 + 1, unit),  # far past any threshold
                "-" + _number_text(target.number + 1, unit),  # below zero
                plain(target.number) + ("人" if unit != "人" else "次"),  # another unit
                "≥" + _number_text(target.number, unit),  # a comparator on the actual
            ),
        )
    c = _completion(draw, scheme, weight, good)
    number = _actual_number(target, scheme, c)
    if number is None or not _short(number):
        number = target.number
    style = _int(draw, 0, 19)  # 18, 19: 0.01 more or less, as written; 17: no unit on the actual
    if style >= 18:
        step = BASIS_POINT if unit == "%" else CENT
        number = max(ZERO, number + (step if style == 18 else -step))
    text = _number_text(number, unit)
    if unit and style == 17:
        if unit != "%":
            text = plain(number)  # the unit printed only on the target: assumed, with an info finding
        elif scheme is not None and scheme.bare_actual_from_target:
            text = plain(number * HUNDRED)  # 95 against ≥90%, read as 95% by the scheme's clause
    return text


def _shares(scheme: QualitativeScheme) -> tuple[Decimal, ...]:
    """Shares to write as a qualitative actual: the levels, or each band's ends and 0.01% inside."""
    if scheme.levels is not None:
        return tuple(sorted(scheme.levels, reverse=True))
    shares: list[Decimal] = []
    for _name, interval in scheme.bands or ():
        low, high = interval.low.value, interval.high.value  # type: ignore[attr-defined]
        shares += [high, low, low + BASIS_POINT, high - BASIS_POINT]
    return tuple(s for s in dict.fromkeys(shares) if ZERO <= s <= ONE)


def _claim(draw: st.DrawFn, scheme: QualitativeScheme, band: str, weight: Decimal, findings: bool) -> Decimal:
    """A self-score for a row placed in a band: on its ends in points, one step and half a step
    (a rounding tie) inside them, or, with `findings`, one step outside."""
    interval = dict(scheme.bands or ())[band]
    low, high = weight * interval.low.value, weight * interval.high.value  # type: ignore[attr-defined]
    step = scheme.round_score.quantum if scheme.round_score is not None else CENT
    inside = [high, low, high, low, low + step, high - step, low + step / 2, high - step / 2]  # half on an end
    if not interval.low_closed:  # type: ignore[attr-defined]
        inside = [c for c in inside if c > low]
    if not interval.high_closed:  # type: ignore[attr-defined]
        inside = [c for c in inside if c < high]
    inside = [c for c in inside if low <= c <= high]
    outside = [low - step, high + step] if findings else []
    return _choice(draw, [c for c in inside + outside if c >= 0] or [low])


def actuals(
    target: str | Quantity | Word,
    *,
    scheme: QuantitativeScheme | QualitativeScheme | None = None,
    weight: Decimal | None = None,
) -> st.SearchStrategy[str]:
    """Actuals (实际完成值) as forms write them for `target` (its text, or a parsed value).

    For a quantitative target: numbers in the target's unit, aimed at the completions where
    `scheme` (a compiled quantitative scheme, `rules.categories["产出"].quantitative`) changes
    behaviour, 0.01% and one rounding step either side, and, given the row's `weight`, at the
    completions whose score is a rounding tie; without a scheme, at and around 100%. For a word:
    the levels or band edges of `scheme` (a compiled qualitative scheme), its words, the target's
    own word; without a scheme, the six levels 100% … 0%."""
    value = parse_value(target) if isinstance(target, str) else target
    if isinstance(value, Quantity):
        quantitative = scheme if isinstance(scheme, QuantitativeScheme) else None

        @st.composite
        def drawn(draw: st.DrawFn) -> str:
            return _quantitative_actual(draw, value, quantitative, weight)

        return drawn()
    if isinstance(scheme, QualitativeScheme):
        written = [_percent_text(s) for s in _shares(scheme)] + sorted(scheme.words)
        if scheme.as_target is not None:
            written.append(value.text)
        return st.sampled_from(written)
    return st.sampled_from(("100%", "80%", "60%", "40%", "20%", "0%"))


# ---- a rule set's shape --------------------------------------------------------------------------


class _Shape:
    """What the strategies read of a compiled rule set, worked out once."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        spellings: dict[str, list[str]] = {name: [name] for name in rules.categories}
        for alias, name in rules.category_aliases.items():
            spellings[name].append(alias)
        self.category_spellings = {name: tuple(s) for name, s in spellings.items()}
        names: dict[str, list[str]] = {name: [name] for name in rules.indicators}
        for alias, name in rules.indicator_aliases.items():
            names[name].append(alias)
        self.indicator_spellings = {name: tuple(s) for name, s in names.items()}
        self.canonical = dict(rules.category_aliases)
        fixed = {name for _, name, _ in rules.fixed_indicators}
        # names a row of a split or as-written category may take beside made-up ones: a rule that
        # applies in any category and gives neither a target nor an actual, and is no fixed name
        self.free_rule_names = tuple(
            name for name, rule in rules.indicators.items() if rule.target is None and rule.actual is None and name not in fixed
        )
        self.grouped = next((b for b in rules.blocks.values() if b.groups), None)
        self.year = rules.year or 2024
        self.read = {f for v in rules.values for f in v.reads}
        self.edges = tuple(sorted({e for c in rules.categories.values() for e in completion_edges(c.quantitative)}))
        self.not_applicable = tuple(sorted(rules.not_applicable.words)) if rules.not_applicable is not None else ()
        # `by subcategory` shares go in the order subcategories first appear: rows stay in order
        self.shuffle = not any(
            isinstance(c.weights, WrittenPolicy) and c.weights.subcategory_step is not None for c in rules.categories.values()
        )
        self.counts = {
            name: _interesting_counts(c.weights, c.quantitative)
            for name, c in rules.categories.items()
            if isinstance(c.weights, SplitPolicy)
        }


@functools.lru_cache(maxsize=64)
def _shape(rules: RuleSet) -> _Shape:
    return _Shape(rules)


def _rule_set(ruleset: RuleSet | str) -> RuleSet:
    return ruleset if isinstance(ruleset, RuleSet) else load(ruleset)


class _Options:
    __slots__ = ("missing", "not_applicable", "out_of_range", "findings", "max_rows", "good")

    def __init__(self, missing: bool, not_applicable: bool, out_of_range: bool, findings: bool, max_rows: int) -> None:
        self.missing, self.not_applicable, self.out_of_range, self.findings = missing, not_applicable, out_of_range, findings
        self.max_rows = max_rows
        self.good = False


# ---- weights -------------------------------------------------------------------------------------

_QUANTA = (ONE, Decimal("0.1"), CENT)  # powers of ten: what `apportion` steps by


def _written_weights(draw: st.DrawFn, total: Decimal, count: int) -> list[Decimal]:
    """`count` weights as a form writes them that sum exactly to `total`, none 0 where it can."""
    quanta = [q for q in _QUANTA if total % q == 0 and total / q >= count]
    if not quanta or total <= 0:
        return [total] + [ZERO] * (count - 1)
    quantum = _choice(draw, quanta)
    parts = list(apportion(total, [Decimal(_int(draw, 1, 4)) for _ in range(count)], quantum))
    if ZERO in parts:
        parts = list(apportion(total, [ONE] * count, quantum))
    return parts


def _interesting_counts(policy: SplitPolicy, scheme: QuantitativeScheme) -> tuple[int, ...]:
    """Row counts (up to 12) whose equal share is not a whole `round score` step (a full score
    then rounds), or whose shares do not sum to the total: where a split can go wrong."""
    step = scheme.round_score.quantum if scheme.round_score is not None else None
    found = []
    for count in range(1, 13):
        shares = policy.shares(count)
        if sum(shares) != policy.total or (step is not None and any(s != s.quantize(step, context=CONTEXT) for s in shares)):
            found.append(count)
    return tuple(found)


# ---- rows ----------------------------------------------------------------------------------------

_KINDS = ("quantitative",) * 5 + ("qualitative",) * 3
_KINDS_DATED = _KINDS + ("deadline",)


def _row(
    draw: st.DrawFn, shape: _Shape, options: _Options, category: str, name: str, weight: Decimal | None, derived: Decimal | None
) -> dict[str, Any]:
    """One indicator row of `category` named `name`, scored with `weight` (None: not known here)."""
    rules = shape.rules
    compiled = rules.categories[category]
    rule = rules.indicators.get(name)
    quantitative = rule.quantitative if rule is not None and rule.quantitative else compiled.quantitative
    qualitative = rule.qualitative if rule is not None and rule.qualitative else compiled.qualitative
    spelled = _choice(draw, shape.indicator_spellings[name]) if name in shape.indicator_spellings else name
    row: dict[str, Any] = {"category": _choice(draw, shape.category_spellings[category]), "name": spelled}

    target: Quantity | Word
    if rule is not None and rule.target is not None:  # the rules give the target; the form may print it
        target = rule.target
        printed = _choice(draw, (target.text, None, "≥" + target.text if isinstance(target, Quantity) and target.comparator is None else target.text))
        if options.findings and isinstance(target, Quantity) and _chance(draw, 5):
            printed = "≥" + _number_text(target.number * Decimal("0.9"), target.unit)  # target-differs
        if printed is not None:
            row["target"] = printed
    elif rule is not None and rule.actual is not None:  # a computed actual: a number target in its unit
        row["target"], target = _target(draw, rule.actual.unit or "", _choice(draw, ("≥", "=")))
    else:
        kind = _choice(draw, _KINDS_DATED if qualitative.deadline is not None or options.findings else _KINDS)
        if kind == "deadline":
            row["target"], row["actual"] = _deadline_pair(draw, shape.year)
            if qualitative.deadline is not None and weight is not None:
                target_when, actual_when = read_when(Word(row["target"])), read_when(Word(row["actual"]))
                if target_when is not None and actual_when is not None:  # met or missed: which place
                    place = qualitative.deadline[0 if deadline_met(target_when, actual_when, shape.year) else 1]
                    if isinstance(place, str):  # a band: the claim decides the score
                        row["score"] = plain(_claim(draw, qualitative, place, weight, options.findings))
            return _finish(draw, row, options, shape)
        if kind == "quantitative":
            row["target"], target = _target(draw)
        else:
            row["target"] = _choice(draw, QUALITATIVE_TARGETS)
            target = Word(row["target"])

    if isinstance(target, Quantity):
        if derived is not None and not _chance(draw, 4):  # the form prints the rate the rules compute
            row["actual"] = _percent_text(derived.quantize(BASIS_POINT, rounding=ROUND_HALF_UP)) if target.unit == "%" else plain(derived)
        else:
            row["actual"] = _quantitative_actual(draw, target, quantitative, weight, options.good, options.out_of_range)
    else:
        row.update(_qualitative_row(draw, qualitative, target, weight, options))
    return _finish(draw, row, options, shape)


def _qualitative_row(draw: st.DrawFn, scheme: QualitativeScheme, target: Word, weight: Decimal | None, options: _Options) -> dict[str, Any]:
    kinds = ["share"] if scheme.levels is not None or scheme.bands is not None else []
    if scheme.words:
        kinds.append("word")
    if scheme.as_target is not None:
        kinds.append("as target")
    if options.out_of_range:
        kinds.append("outside")
    kind = _choice(draw, kinds)
    found: dict[str, Any] = {}
    place: Any = None
    if kind == "share":
        shares = _shares(scheme)
        share = shares[0] if options.good else _choice(draw, shares)
        found["actual"] = _percent_text(share, _chance(draw, 10))
    elif kind == "word":
        word = _choice(draw, sorted(scheme.words))
        found["actual"], place = word, scheme.words[word]
    elif kind == "as target":
        found["actual"], place = target.text, scheme.as_target
    else:
        found["actual"] = _choice(draw, ("95%", "120%", "达标80") + _NOT_A_WORD)
    if isinstance(place, str) and weight is not None:  # placed in a band: the claim decides the score
        found["score"] = plain(_claim(draw, scheme, place, weight, options.findings))
    return found


def _finish(draw: st.DrawFn, row: dict[str, Any], options: _Options, shape: _Shape) -> dict[str, Any]:
    """Missing and not-applicable actuals, explanations."""
    if options.missing and _chance(draw, 6):
        row.pop("actual", None)
        how = _int(draw, 0, 3)  # 0: left out; 1: written as null; 2, 3: with an explanation
        if how >= 2:
            row["explanation"] = EXPLANATIONS[how - 2]
        elif how == 1:
            row["actual"] = None
        return row
    if options.not_applicable and shape.not_applicable and _chance(draw, 8):
        row["actual"] = _choice(draw, shape.not_applicable)
        return row
    said = _int(draw, 0, 3 * len(EXPLANATIONS) - 1) - 2 * len(EXPLANATIONS)  # one row in three
    if said >= 0:
        row["explanation"] = EXPLANATIONS[said]
    return row


# ---- categories ----------------------------------------------------------------------------------


def _names(draw: st.DrawFn, shape: _Shape, count: int, taken: Sequence[str] = ()) -> list[str]:
    """`count` distinct row names for a split or as-written category: made-up names, now and then
    the name of an indicator rule that applies in any category."""
    names: list[str] = []
    for i in range(count):
        free = [n for n in shape.free_rule_names if n not in names]
        if free and _chance(draw, 6):
            names.append(_choice(draw, free))
        else:
            names.append(f"{_choice(draw, ROW_NAMES)}{len(taken) + i + 1}")
    return names


def _category_rows(
    draw: st.DrawFn, shape: _Shape, options: _Options, category: str, total: Decimal | None, derived: Mapping[str, Decimal]
) -> list[dict[str, Any]]:
    """The rows of one category. `total`: what a free category's rows weigh together (its share
    of a block), else None."""
    rules = shape.rules
    compiled = rules.categories[category]
    policy = compiled.weights
    weights: list[Decimal | None]
    subcategories: list[str] | None = None
    printed = True  # the form prints the weights it is scored with
    if isinstance(policy, FixedPolicy):
        names = list(policy.weights)
        weights = [policy.weights[n][0] for n in names]
        printed = _int(draw, 0, 1) == 0  # printed or not: the rules' weight is used
    elif isinstance(policy, SplitPolicy):
        interesting = shape.counts[category]
        count = _choice(draw, interesting) if interesting and _chance(draw, 4) else _int(draw, 1, options.max_rows)
        names = _names(draw, shape, count)
        weights = list(policy.shares(count))
        printed = _int(draw, 0, 1) == 0
    else:  # as written: the weights must sum to the total (free: to the block's share)
        assert isinstance(policy, WrittenPolicy)
        whole = policy.total if policy.total is not None else total
        if policy.subcategory_step is not None and whole is not None:
            chosen = list(SUBCATEGORIES[:4])
            chosen = [chosen.pop(_int(draw, 0, len(chosen) - 1)) for _ in range(_int(draw, 1, 4))]
            shares = policy.subcategory_shares(list(chosen))
            names, weights, subcategories = [], [], []
            for sub in chosen:
                count = _int(draw, 1, 3)
                names += _names(draw, shape, count, names)
                weights += _written_weights(draw, shares[sub], count)
                subcategories += [sub] * count
        else:
            count = _int(draw, 1, options.max_rows)
            names = _names(draw, shape, count)
            weights = list(_written_weights(draw, whole, count)) if whole is not None else [None] * count
    rows = []
    for i, name in enumerate(names):
        weight = weights[i]
        rule = rules.indicators.get(name)
        computed = derived.get(rule.actual.name) if rule is not None and rule.actual is not None else None
        row = _row(draw, shape, options, category, name, weight, computed)
        if subcategories is not None:
            row["subcategory"] = subcategories[i]
        else:
            sub = _int(draw, 0, 2 * len(SUBCATEGORIES) - 1) - len(SUBCATEGORIES)  # half the rows
            if sub >= 0:
                row["subcategory"] = SUBCATEGORIES[sub]
        if weight is not None and printed:
            row["weight"] = plain(weight)
        rows.append(row)
    return rows


def _free_totals(draw: st.DrawFn, shape: _Shape) -> dict[str, Decimal]:
    """How the points each block's fixed categories leave are shared among its free ones."""
    rules = shape.rules
    found: dict[str, Decimal] = {}
    for block in rules.blocks.values():
        free = [c for c in block.categories if rules.categories[c].free]
        fixed = sum((rules.categories[c].total for c in block.categories if not rules.categories[c].free), ZERO)
        if free:
            found.update(zip(free, _written_weights(draw, block.total - fixed, len(free))))
    return found


# ---- the budget ----------------------------------------------------------------------------------


def _budget(draw: st.DrawFn, shape: _Shape, options: _Options) -> dict[str, Decimal]:
    """Budget amounts, in cents, correlated so that a rate between two of them (a value such as
    `paid / appropriated`) often lands on 100% exactly, 0.01% either side, or a scheme's edge."""
    rules = shape.rules
    base = Decimal(_int(draw, 1, 50)) * 100  # whole hundreds: ×1.0001 is still whole cents
    budget: dict[str, Decimal] = {}
    for name in rules.budget_fields:
        if name not in shape.read and _chance(draw, 3):
            continue  # an amount no value reads: often left out
        if options.missing and _chance(draw, 8):
            if _int(draw, 0, 1):
                budget[name] = ZERO  # a rate over it cannot be computed
            continue
        branch = _int(draw, 0, 9)
        if branch < 4:
            ratio = ONE
        elif branch < 6:
            ratio = ONE + _choice(draw, (BASIS_POINT, -BASIS_POINT))
        elif branch < 7:
            ratio = _choice(draw, shape.edges or (ONE,))
        else:
            ratio = _int(draw, 1, 12_000) * BASIS_POINT
        amount = (base * ratio).quantize(CENT, rounding=ROUND_HALF_UP)
        if name in rules.signed_budget and _chance(draw, 4):
            amount = -amount  # an adjustment may cut the budget
        budget[name] = amount
    return budget


def _values(rules: RuleSet, budget: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """The values the rule set computes from these amounts, as the engine computes them."""
    env: dict[str, Decimal] = dict(budget)
    found: dict[str, Decimal] = {}
    with decimal.localcontext(CONTEXT):
        for value in rules.values:
            try:
                result = value.compute(env)
            except Unavailable:
                continue
            env[value.name] = found[value.name] = value.rounding(result) if value.rounding is not None else result
    return found


# ---- whole forms ---------------------------------------------------------------------------------


def _form(draw: st.DrawFn, shape: _Shape, options: _Options) -> dict[str, Any]:
    rules = shape.rules
    options.good = _chance(draw, 4)  # a well-run project: the upper grades come up too
    budget = _budget(draw, shape, options)
    derived = _values(rules, budget)
    free_totals = _free_totals(draw, shape)
    rows: list[dict[str, Any]] = []
    for name, category in rules.categories.items():
        if category.optional and _chance(draw, 3):
            continue  # a form may leave an optional category out
        rows += _category_rows(draw, shape, options, name, free_totals.get(name), derived)
    data: dict[str, Any] = {"project": {"name": _choice(draw, PROJECTS), "year": shape.year}}
    if rules.jurisdiction and _int(draw, 0, 1):
        data["project"]["jurisdiction"] = rules.jurisdiction
    if budget:
        data["budget"] = {name: plain(amount) for name, amount in budget.items()}
    if shape.grouped is not None:
        _group(draw, shape, rows)
    weightless = _weightless(draw, shape, rows)
    if shape.shuffle and _chance(draw, 5):  # forms are in category order; a few are not
        rows = draw(st.permutations(rows))
    if options.findings:
        rows = _mistakes(draw, rows)
    data["indicators"] = rows
    if not weightless and _chance(draw, 3):
        declared = _declared_totals(draw, shape, free_totals)
        if declared:
            data["declared_totals"] = declared
    if _chance(draw, 4):
        data["declared_max_score"] = plain(rules.maximum)
    if (rules.deductions is not None or options.findings) and _chance(draw, 3):
        data["deductions"] = _deductions(draw, rows)
    if _chance(draw, 5):
        data["items"] = _items(draw)
    return data


def _group(draw: st.DrawFn, shape: _Shape, rows: list[dict[str, Any]]) -> None:
    """The rows of the block with `groups` printed under numbered targets (目标1, 目标2)."""
    block = shape.grouped
    count = _int(draw, 0, 3)
    if count == 0:
        return  # a form that gives no row a group is one group
    for row in rows:
        if shape.canonical.get(row["category"], row["category"]) in block.categories:  # type: ignore[union-attr]
            row["group"] = f"目标{_int(draw, 1, count)}"


def _weightless(draw: st.DrawFn, shape: _Shape, rows: list[dict[str, Any]]) -> bool:
    """Now and then a form without a weight column (湖北): its as-written rows' claims count."""
    rules = shape.rules
    written = [r for r in rows if shape.canonical.get(r["category"], r["category"]) in rules.written_categories]
    if not written or not _chance(draw, 8):
        return False
    for row in written:
        weight = Decimal(row.pop("weight", "0"))
        share = _choice(draw, (ONE, Decimal("0.8"), Decimal("0.5"), ZERO))
        row["score"] = plain((weight * share).quantize(CENT, rounding=ROUND_FLOOR))
    return True


def _declared_totals(draw: st.DrawFn, shape: _Shape, free: Mapping[str, Decimal]) -> dict[str, str]:
    """Totals printed beside headings, as the rules or the rows make them."""
    rules = shape.rules
    declared: dict[str, str] = {}
    for name, category in rules.categories.items():
        if not category.counted or _int(draw, 0, 1):
            continue
        if not category.free:
            declared[name] = plain(category.total)
        elif name in free and shape.grouped is None:
            declared[name] = plain(free[name])
    for block in rules.blocks.values():
        if _int(draw, 0, 1):
            declared[block.name] = plain(block.total)
    return declared


_DEDUCTION_POINTS = (Decimal("0.5"), ONE, Decimal(2), Decimal(200))


def _deductions(draw: st.DrawFn, rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    found = []
    for _ in range(_int(draw, 1, 2)):
        deduction = {"reason": _choice(draw, ("资料不全", "逾期报送", "未验收")), "points": plain(_choice(draw, _DEDUCTION_POINTS))}
        if _int(draw, 0, 1):
            deduction["indicator"] = _choice(draw, rows)["name"]
        found.append(deduction)
    return found


def _items(draw: st.DrawFn) -> dict[str, Any]:
    rows = []
    for i in range(_int(draw, 1, 3)):
        budget = _int(draw, 0, 100_000)
        spent = budget if _int(draw, 0, 1) else _int(draw, 0, budget)
        rows.append({"name": f"子项{i + 1}", "budget": plain(Decimal(budget).scaleb(-2)), "spent": plain(Decimal(spent).scaleb(-2))})
    total = {"budget": plain(sum(Decimal(r["budget"]) for r in rows)), "spent": plain(sum(Decimal(r["spent"]) for r in rows))}
    return {"declared_total": total, "rows": rows}


_MISTAKES = ("repeat", "category", "drop", "rename", "weight", "claim")


def _mistakes(draw: st.DrawFn, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One to three things a form gets wrong: a row listed twice, an unknown category, a row left
    out or misnamed, a written weight off by 0.5, a claim anywhere."""
    rows = [dict(r) for r in rows]
    for _ in range(_int(draw, 1, 3)):
        kind = _choice(draw, _MISTAKES)
        i = _int(draw, 0, len(rows) - 1)
        if kind == "repeat":
            rows.append(dict(rows[i]))
        elif kind == "category":
            rows[i]["category"] += "类"
        elif kind == "drop" and len(rows) > 1:
            del rows[i]
        elif kind == "rename":
            rows[i]["name"] += "（调整）"
        elif kind == "weight" and "weight" in rows[i]:
            rows[i]["weight"] = plain(Decimal(rows[i]["weight"]) + Decimal("0.5"))
        elif kind == "claim":
            rows[i]["score"] = plain(_decimal(draw, ZERO, Decimal(40), 2))
    return rows


def record_data(
    ruleset: RuleSet | str,
    *,
    missing: bool = False,
    not_applicable: bool = False,
    out_of_range: bool = False,
    findings: bool = False,
    max_rows: int = 6,
) -> st.SearchStrategy[dict[str, Any]]:
    """Filled forms for `ruleset` (a compiled rule set, or what `evalrules.load` takes) as plain
    data: a dict in the record format (docs/record-format.md), every number written as text, ready
    for `yaml.safe_dump`, `json.dumps` or `RuleSet.score`.

    By default every form is one the rule set scores without an error finding of the engine:
    every category it must have, every fixed row once, written weights that sum to their totals,
    every actual present and one its scheme can place, claims inside their bands. The options
    add what real forms also hold:

    - `missing`: actuals left out (with or without an explanation), budget amounts left out or 0
      (so that a value such as an execution rate cannot be computed);
    - `not_applicable`: actuals written as the rule set's `not_applicable` words;
    - `out_of_range`: actuals no scheme places (95% under six levels, 120%, words not listed, a
      word where a number is due, another unit, a negative number, a comparator on the actual);
    - `findings`: forms with mistakes the engine reports (a row twice, an unknown category, a fixed
      row left out or misnamed, weights that do not sum, claims outside their band, a target
      other than the rules', deductions the rules do not allow).

    `max_rows` bounds the rows of each split or as-written category. The rule file's own audit
    checks (复核) may find the generated amounts, claims and totals inconsistent: the forms do not
    try to satisfy them."""
    shape = _shape(_rule_set(ruleset))

    @st.composite
    def forms(draw: st.DrawFn) -> dict[str, Any]:
        return _form(draw, shape, _Options(missing, not_applicable, out_of_range, findings, max_rows))

    return forms()


def records(
    ruleset: RuleSet | str,
    *,
    missing: bool = False,
    not_applicable: bool = False,
    out_of_range: bool = False,
    findings: bool = False,
    max_rows: int = 6,
) -> st.SearchStrategy[Record]:
    """Filled forms for `ruleset` as `evalrules.Record`s: `record_data` read by the library's own
    record reader (`evalrules.record_from_data`). The options are those of `record_data`."""
    return record_data(
        ruleset, missing=missing, not_applicable=not_applicable, out_of_range=out_of_range, findings=findings, max_rows=max_rows
    ).map(record_from_data)
