"""The checker's reporting core, and the checks of numbers and intervals every construct shares.

Each construct's module (`metadata`, `schemes`, `categories`, `policies`, `checks`) is a set of
functions taking a `Reporter`: they say what is wrong through it, by a message id of
messages/language.py and its values, and it keeps every diagnostic in the order it was found.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from ...decimals import ONE, ROUNDING_MODES, ZERO, is_power_of_ten, plain
from ...errors import Diagnostic, Span, compose
from ...messages import Message, message
from ...names import suggest
from .. import nodes as n

# Finer steps than this would make quantize() exceed the working precision on large amounts.
FINEST_STEP = Decimal("1E-20")
# Expressions are compiled and explained recursively; no real budget formula comes near this.
MAX_EXPRESSION_NODES = 200
# Beyond these a parameter is legal but almost surely mistyped (a warning, see rule-language.md):
FAR_PAST_TARGET = Decimal(10)  # 1000%: `reverse linear zero at`, `above N%` thresholds
COARSEST_SCORE_STEP = ONE  # 1 point: `round score`, apportioning and rounding weights
COARSEST_COMPLETION_STEP = Decimal("0.01")  # 1%: `round completion`


class Reporter:
    """The diagnostics of one rule file, and the checks that report them."""

    def __init__(self, rule_file: n.RuleFile) -> None:
        self.file = rule_file
        self.diagnostics: list[Diagnostic] = []

    # ---- reporting: a message id of messages/language.py and its values (a value may be a phrase)
    def error(self, span: Span, key: str, hint: Message | None = None, **values: object) -> None:
        self.diagnostics.append(Diagnostic(compose(key, **values), span, "error", hint))

    def warn(self, span: Span, key: str, hint: Message | None = None, **values: object) -> None:
        self.diagnostics.append(Diagnostic(compose(key, **values), span, "warning", hint))

    def file_start(self) -> Span:
        """Where a block the whole file lacks is reported."""
        return Span(self.file.path, 1, 1, 1, 2)

    def unknown(self, name: n.Name, what: str, known: Iterable[str]) -> None:
        """`what` names a `term.*` phrase: `unknown quantitative scheme '基木'`."""
        self.error(name.span, "check.unknown_name", suggest(name.text, known), what=term(what), name=name.text)

    def declare(self, table: dict[str, object], name: n.Name, node: object, what: str) -> bool:
        if name.text in table:
            first = table[name.text].span.line  # type: ignore[attr-defined]
            self.error(name.span, "check.duplicate", what=term(what), name=name.text, line=first)
            return False
        table[name.text] = node
        return True

    def only_one(self, nodes: Sequence[object], block: str) -> object | None:
        for extra in nodes[1:]:
            self.error(extra.span, "check.second_block", block=block)  # type: ignore[attr-defined]
        return nodes[0] if nodes else None

    def kinds(self, clauses: Sequence[object], kind_of: dict[type, str], owner: Message) -> dict[str, object]:
        """Each clause by its kind; a kind stated twice in one block is an error."""
        seen: dict[str, object] = {}
        for clause in clauses:
            kind = kind_of[type(clause)]
            if kind in seen:
                first = seen[kind].span.line  # type: ignore[attr-defined]
                stated = message(f"kind.{kind.replace(' ', '_')}")  # the compiler's keys have spaces
                self.error(clause.span, "check.states_twice", owner=owner, kind=stated, line=first)  # type: ignore[attr-defined]
            else:
                seen[kind] = clause
        return seen

    # ---- numbers
    def rounding(self, rounding: n.Rounding | None, coarsest: Decimal | None = None, what: str = "") -> None:
        if rounding is None:
            return
        if rounding.mode.text not in ROUNDING_MODES:
            self.error(
                rounding.mode.span,
                "check.rounding_mode",
                suggest(rounding.mode.text, ROUNDING_MODES),
                mode=rounding.mode.text,
            )
        self.quantum(rounding.quantum, coarsest, what)

    def quantum(self, quantum: n.Number, coarsest: Decimal | None = None, what: str = "") -> None:
        """A rounding step: a power of ten, not too fine to compute; a warning above `coarsest`."""
        if not is_power_of_ten(quantum.value):
            self.error(quantum.span, "check.rounding_step", number=quantum.text)
        elif quantum.value < FINEST_STEP:
            self.error(quantum.span, "check.rounding_step_fine", finest=plain(FINEST_STEP), number=quantum.text)
        elif coarsest is not None and quantum.value > coarsest:
            most = f"{plain(coarsest * 100)}%" if quantum.percent else plain(coarsest)
            self.warn(quantum.span, "check.coarse_step", what=param(what), number=quantum.text, most=most)

    def share(self, number: n.Number, what: Message | str, low: Decimal = ZERO, high: Decimal = ONE) -> None:
        if not low <= number.value <= high:
            self.error(number.span, "check.share_range", what=param(what), low=low * 100, high=high * 100)

    def positive(self, number: n.Number, what: Message | str) -> None:
        if number.value <= 0:
            self.error(number.span, "check.positive", what=param(what))

    def rate(self, number: n.Number, what: Message | str) -> None:
        """A share of the weight or of the target: written with %, so 5 is not read as 500%."""
        if not number.percent:
            self.error(number.span, "check.needs_percent", what=param(what), number=number.text)

    def points(self, number: n.Number, what: Message | str) -> None:
        """Weights, totals and grade thresholds are points, never percentages."""
        if number.percent:
            self.error(number.span, "check.needs_points", what=param(what), number=number.text)

    def far(self, number: n.Number, what: str) -> None:
        """A point past the target that no result comes near: legal, but likely a slip of a zero."""
        if number.percent and number.value > FAR_PAST_TARGET:
            far = percent(FAR_PAST_TARGET)
            self.warn(number.span, "check.far_threshold", what=param(what), number=number.text, far=far)

    def intervals(
        self,
        named: list[tuple[n.Name, n.Interval]],
        low: Decimal,
        high: Decimal,
        where: Span,
        what: str,
    ) -> None:
        """The intervals must cover [low, high] exactly once: no gap, no overlap."""
        named_as = term(what)
        shown = percent if what == "band" else plain  # bands are shares of the weight
        holding = []
        for name, interval in named:
            if interval.low.value > interval.high.value or (
                interval.low.value == interval.high.value and not (interval.low_closed and interval.high_closed)
            ):
                self.error(interval.span, "check.interval_empty", what=named_as, name=name.text, interval=str(interval))
            else:
                holding.append((name, interval))
        # An empty interval is said once, above: leaving it out of the cover keeps it from also
        # being reported as a gap or an overlap it does not make.
        ordered = sorted(holding, key=lambda p: (p[1].low.value, not p[1].low_closed))
        reach, reach_closed, previous = low, False, None
        for name, interval in ordered:
            lo, lo_closed = interval.low.value, interval.low_closed
            if previous is None:
                if lo > low or (lo == low and not lo_closed):
                    self.error(interval.span, "check.gap_from_start", what=named_as, low=shown(low), high=interval.low.text)
            elif lo > reach or (lo == reach and not lo_closed and not reach_closed):
                self.error(interval.span, "check.gap_between", what=named_as, before=previous.text, after=name.text)
            elif lo < reach or (lo == reach and lo_closed and reach_closed):
                self.error(interval.span, "check.overlap", what=named_as, name=name.text, other=previous.text)
            reach, reach_closed, previous = interval.high.value, interval.high_closed, name
        if previous is not None and (reach < high or (reach == high and not reach_closed)):
            self.error(where, "check.gap_from_start", what=named_as, low=shown(reach), high=shown(high))


def term(what: str) -> Message:
    return message(f"term.{what}")


def param(what: Message | str) -> Message:
    """A number's role (`param.*`), or a phrase already made (the share of one word)."""
    return what if isinstance(what, Message) else message(f"param.{what}")


def percent(value: Decimal) -> str:
    return f"{plain(value * 100)}%"


# ---- expressions: what a value or a check reads
def size(expr: n.Expr) -> int:
    """How many nodes an expression has, counted without recursion (it may be very deep)."""
    count, stack = 0, [expr]
    while stack:
        node = stack.pop()
        count += 1
        if isinstance(node, n.Call):
            stack.append(node.argument)
        else:
            stack.extend(parts(node))
    return count


def parts(expr: n.Expr) -> list[n.Expr]:
    """The expressions directly inside one (not a call's argument), in reading order; the sides
    of an `if`'s tests come first, then its branches."""
    if isinstance(expr, n.Negate):
        return [expr.operand]
    if isinstance(expr, n.Binary):
        return [expr.left, expr.right]
    if isinstance(expr, n.Otherwise):
        return [expr.primary, expr.fallback]
    if isinstance(expr, n.Conditional):
        sides = [side for test in n.tests_of(expr.condition) for side in (test.left, test.right) if _is_expr(side)]
        return [*sides, expr.then, expr.otherwise]
    return []


def _is_expr(side: object) -> bool:
    return not isinstance(side, (n.Text, n.Empty, n.Truth))


def choices(expr: n.Expr) -> list[n.Otherwise | n.Conditional]:
    """The `otherwise` and `if` of an expression, in reading order."""
    return _nodes(expr, (n.Otherwise, n.Conditional))  # type: ignore[return-value]


def references(expr: n.Expr) -> list[n.Name]:
    """The names an expression reads, outside function calls."""
    return [ref.name for ref in _nodes(expr, n.Reference)]  # type: ignore[attr-defined]


def calls(expr: n.Expr) -> list[n.Call]:
    return _nodes(expr, n.Call)  # type: ignore[return-value]


def _nodes(expr: n.Expr, kind: type | tuple[type, ...]) -> list[object]:
    """The nodes of one kind in an expression, in reading order (a call's argument not entered)."""
    found: list[object] = [expr] if isinstance(expr, kind) else []
    if not found or isinstance(expr, (n.Otherwise, n.Conditional)):
        for part in parts(expr):
            found += _nodes(part, kind)
    return found
