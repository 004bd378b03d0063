"""Amounts, targets and actuals as a form writes them, the actuals aimed at the completions
where their row's scheme changes behaviour (edges.py) and at rounding ties of its weight."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import strategies as st

from ..decimals import plain
from ..engine.schemes import QualitativeScheme, QuantitativeScheme
from ..records.values import Comparator, Quantity, Word, parse_value
from .draws import (
    ZERO,
    ONE,
    HUNDRED,
    BASIS_POINT,
    CENT,
    _PLACES,
    GE_SPELLINGS,
    LE_SPELLINGS,
    EQ_SPELLINGS,
    GT_SPELLINGS,
    LT_SPELLINGS,
    _SUFFIX,
    UNITS,
    _MONEY,
    QUALITATIVE_TARGETS,
    _exact,
    _int,
    _choice,
    _chance,
    _short,
    _percent_text,
    _number_text,
    _decimal,
)
from .edges import (
    completion_edges,
    _offsets,
    _score_ties,
)


# ---- amounts, targets and actuals ----------------------------------------------------------------


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
