"""Exact decimal arithmetic helpers: named rounding steps, apportionment, and how numbers print.

Money, weights and scores are `Decimal` everywhere. Rounding only ever happens in a `Rounder`,
which is built from a `round <quantum> <mode>` clause of a rule file and remembers that clause, so
every rounding step is stated in the rules and can be shown in an explanation.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

# The names a rule file may use for a rounding mode. 四舍五入 is ROUND_HALF_UP: ties away from
# zero, never banker's rounding.
ROUNDING_MODES: dict[str, str] = {
    "half_up": decimal.ROUND_HALF_UP,
    "四舍五入": decimal.ROUND_HALF_UP,
    "half_even": decimal.ROUND_HALF_EVEN,
    "银行家舍入": decimal.ROUND_HALF_EVEN,
    "half_down": decimal.ROUND_HALF_DOWN,
    "五舍六入": decimal.ROUND_HALF_DOWN,
    "down": decimal.ROUND_DOWN,
    "截尾": decimal.ROUND_DOWN,
    "去尾": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
    "进一": decimal.ROUND_UP,
    "floor": decimal.ROUND_FLOOR,
    "ceiling": decimal.ROUND_CEILING,
}

MODE_WORDS: dict[str, tuple[str, str]] = {
    decimal.ROUND_HALF_UP: ("四舍五入", "rounded half-up"),
    decimal.ROUND_HALF_EVEN: ("银行家舍入", "rounded half-even"),
    decimal.ROUND_HALF_DOWN: ("五舍六入", "rounded half-down"),
    decimal.ROUND_DOWN: ("截尾", "truncated"),
    decimal.ROUND_UP: ("进一", "rounded up"),
    decimal.ROUND_FLOOR: ("向下取整", "rounded toward −∞"),
    decimal.ROUND_CEILING: ("向上取整", "rounded toward +∞"),
}

# All of evalrules' arithmetic runs in this context, whatever the caller's thread has set: 80
# digits keep a division exact far beyond any amount on a form until a stated rounding step rounds
# it, quantize never runs out of digits, and a caller's trap (Inexact, say) cannot change a result.
CONTEXT = decimal.Context(prec=80, rounding=decimal.ROUND_HALF_EVEN, Emax=999_999, Emin=-999_999)
_WIDE = CONTEXT

ONE = Decimal(1)
ZERO = Decimal(0)
HUNDRED = Decimal(100)


def is_power_of_ten(quantum: Decimal) -> bool:
    """True for 1, 10, 0.1, 0.01 …: the only steps `Decimal.quantize` rounds to faithfully."""
    if quantum <= 0:
        return False
    return quantum == Decimal(1).scaleb(quantum.normalize().as_tuple().exponent)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Rounder:
    """One stated rounding step: round to `quantum` (0.01, 0.0001 for 0.01% …) with `mode`."""

    quantum: Decimal
    mode: str
    quantum_text: str  # as written in the rule file: "0.01%", "0.01", "1"
    clause: str  # the clause id, file:line

    def __call__(self, x: Decimal) -> Decimal:
        return x.quantize(self.quantum, rounding=self.mode, context=_WIDE)

    def describe(self, lang: str) -> str:
        zh, en = MODE_WORDS[self.mode]
        return f"{zh}至 {self.quantum_text}" if lang == "zh" else f"{en} to {self.quantum_text}"


def apportion(total: Decimal, shares: Sequence[Decimal], quantum: Decimal) -> tuple[Decimal, ...]:
    """Split `total` in proportion to `shares` into multiples of `quantum` that sum exactly to it.

    Largest remainder (Hamilton): every part is first rounded down to the quantum; the quanta left
    over go one each to the parts with the largest remainders, ties to the earliest part. An equal
    split is `apportion(total, [1] * count, quantum)`: equal remainders, so the spare quanta go to
    the first parts. A total that is not a whole number of quanta (2.5 in steps of 1) cannot be
    met by multiples of the quantum alone: what is left below one quantum goes to the next part in
    the same order, so the parts still sum to the total (2.5 in steps of 1 → 1.5 + 1, never 2 + 1). The checker
    refuses such a total where the rule file states it; a runtime total (a rescale) may meet it.
    No shares, or shares summing to 0: every part is 0.
    """
    whole = sum(shares, ZERO)
    if not shares or whole == 0:
        return tuple(ZERO for _ in shares)
    exact = [total * share / whole for share in shares]
    parts = [(x / quantum).to_integral_value(decimal.ROUND_FLOOR, _WIDE) * quantum for x in exact]  # any step, not only 0.01
    left = total - sum(parts, ZERO)
    spare = int((left / quantum).to_integral_value(rounding=decimal.ROUND_FLOOR))
    by_remainder = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:spare]:
        parts[i] += quantum
    below_one_quantum = left - spare * quantum
    if below_one_quantum:
        parts[by_remainder[spare % len(parts)]] += below_one_quantum
    return tuple(parts)


def plain(x: Decimal) -> str:
    """A decimal as people write it: no exponent, no trailing zeros (7.50 → 7.5, 1E+1 → 10)."""
    text = format(x.normalize(_WIDE), "f")
    return "0" if text in ("-0", "-0.0") else text


def fixed(x: Decimal) -> str:
    """A decimal without exponent, keeping its own places (7.50 stays 7.50)."""
    return format(x, "f")


def percent(x: Decimal) -> str:
    """A fraction as a percentage: 0.9986 → 99.86%."""
    return plain(x.scaleb(2, _WIDE)) + "%"


def approx_percent(x: Decimal, places: int = 4) -> str:
    """A fraction as a percentage cut to `places` decimals, with … where digits were cut."""
    exact = x.scaleb(2, _WIDE)
    cut = exact.quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_DOWN, context=_WIDE)
    return plain(exact) + "%" if cut == exact else plain(cut) + "…%"
