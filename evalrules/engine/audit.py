"""Audit checks (复核): the `check` blocks of a rule file, checked, compiled and run on a record.

A check states what a consistent form satisfies (`require LEFT <= RIGHT [within T]`), where a
finding points (`at PATH`) and what it says in Chinese and English (placeholders `{left}`,
`{right}`, `{difference}` and any path). It is either about the whole record or, with
`for each ROW in COLLECTION [where CONDITION]`, about every row (or every chosen row) of a
collection: the sub-item rows, the indicator rows, or the rule set's own fixed indicators (to
find one the form leaves out). Paths name the record's amounts
(`budget.paid`, `items.declared_total.budget`, `declared_max_score`), the scored result (`total`,
`maximum`), declared values, and a row's fields; `sum(items.rows.spent)` adds a field over a
collection. A check whose operands the record does not give does not apply.

What the language knows about paths (the collections, their fields, a check's `Scope`) lives
below, in `language/paths.py`, where the checker finds it; this module turns each path into an
accessor closure for the compiler, and runs the compiled checks after scoring.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import count, repeat
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..decimals import CONTEXT, ZERO, approx_percent, fixed, plain
from ..errors import Unavailable
from ..language.paths import PLACEHOLDER
from ..records.values import Quantity
from .findings import Clause, Finding, Lazy

_OWN = ("left", "right", "difference")

_COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_SYMBOL = {"=": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}


# ---- compiled checks ---------------------------------------------------------------------------


class Context:
    """What a check's expressions read: the record, the result so far, values, the current row."""

    __slots__ = (
        "record", "results", "total", "total_before_deductions", "maximum", "values", "fixed", "provisional", "row",
        "form_row", "rows",
    )  # fmt: skip

    def __init__(
        self,
        record: Any,
        results: list[Any],
        total: Decimal,
        maximum: Decimal,
        values: dict[str, Decimal],
        fixed: Sequence[tuple[str, str, Decimal]] = (),
        provisional: bool = False,
        total_before_deductions: Decimal | None = None,
    ) -> None:
        self.record = record
        self.results = results  # the IndicatorResults, in the record's order
        self.total = total  # after the record's deductions (扣减分数), as the result states it
        self.total_before_deductions = total if total_before_deductions is None else total_before_deductions
        self.maximum = maximum
        self.values = values
        self.fixed = fixed  # the rule set's fixed indicators: (category, name, weight)
        self.provisional = provisional  # the result's total is provisional (暂定)
        self.row: Any = None  # the current row: an ItemRow, or an IndicatorResult …
        self.form_row: Any = None  # … and the row as written on the form
        self.rows: dict[str, list[tuple[Any, Any]]] = {}  # each collection's rows, listed once


Accessor = Callable[[Context], Any]


def accessor(path: str, row: str | None) -> Accessor:
    """A closure reading `path` from a check context; it gives None where the record lacks it."""
    head, _, rest = path.partition(".")
    if row is not None and head == row:
        read = row_field(rest)
        return lambda ctx: read(ctx.row, ctx.form_row)
    if head == "budget":
        return lambda ctx: ctx.record.budget.get(rest)
    if path.startswith("items.declared_total."):
        field = path.rsplit(".", 1)[1]
        return lambda ctx: (
            getattr(ctx.record.items.declared_total, field)
            if ctx.record.items is not None and ctx.record.items.declared_total is not None
            else None
        )
    if path in ("declared_total_score", "declared_max_score"):
        return operator.attrgetter(f"record.{path}")
    if path in ("total", "total_before_deductions", "maximum", "provisional"):
        return operator.attrgetter(path)
    return lambda ctx: ctx.values.get(path)


def emptied(read: Accessor) -> Accessor:
    """A text field for `is empty`: "" when the form gives none or only blanks, else the text."""

    def text(ctx: Context) -> str:
        value = read(ctx)
        return "" if value is None or not value.strip() else value

    return text


def needed(read: Accessor) -> Accessor:
    """`read`, raising Unavailable instead of giving None: for operands inside arithmetic."""

    def need(ctx: Context) -> Any:
        value = read(ctx)
        if value is None:
            raise Unavailable("absent")
        return value

    return need


def row_field(field: str) -> Callable[[Any, Any], Any]:
    """A reader of one field of a row, given the row and the row as written on the form."""
    if field == "form_weight":
        return lambda row, form_row: form_row.weight
    if field == "actual":
        return lambda row, form_row: getattr(form_row.actual, "number", None)  # a word has no number
    if field == "actual_comparator":
        return _comparator_of
    if field == "target":
        return lambda row, form_row: getattr(form_row.target, "number", None)  # a word has no number
    if field in ("explanation", "group"):
        get_written = operator.attrgetter(field)
        return lambda row, form_row: get_written(form_row)
    get = operator.attrgetter(field)  # IndicatorResult and ItemRow name the other fields alike
    return lambda row, form_row: get(row)


def _comparator_of(row: Any, form_row: Any) -> str | None:
    actual = form_row.actual
    if not isinstance(actual, Quantity):
        return None  # no actual, or a word: there is no number a comparator could go with
    return "" if actual.comparator is None else actual.comparator.value


class FixedIndicator:
    """A row of `fixed_indicators`: one of the rule set's fixed indicators, and how often the form has it."""

    __slots__ = ("category", "name", "weight", "count")

    def __init__(self, category: str, name: str, weight: Decimal, count: Decimal) -> None:
        self.category = category
        self.name = name
        self.weight = weight
        self.count = count


_COUNTS = [Decimal(i) for i in range(8)]  # the usual counts, made once


def rows_of(collection: str, ctx: Context) -> list[tuple[Any, Any]]:
    """The rows of a collection as (row, form row) pairs, in the record's order; listed once."""
    pairs = ctx.rows.get(collection)
    if pairs is None:
        if collection == "items.rows":
            items = ctx.record.items
            pairs = [(r, r) for r in items.rows] if items is not None else []
        elif collection == "deductions":
            pairs = [(d, d) for d in ctx.record.deductions]
        elif collection == "fixed_indicators":
            on_form = Counter([(row.category, row.name) for row in ctx.record.indicators])
            pairs = []
            for category, name, weight in ctx.fixed:
                count = on_form.get((category, name), 0)
                row = FixedIndicator(category, name, weight, _COUNTS[count] if count < 8 else Decimal(count))
                pairs.append((row, row))
        else:
            pairs = list(zip(ctx.results, ctx.record.indicators))
        ctx.rows[collection] = pairs
    return pairs


def column(collection: str, field: str, ctx: Context) -> list[Any]:
    """One field of every row of a collection, in the record's order; read once per record."""
    key = (collection, field)
    values = ctx.rows.get(key)  # type: ignore[call-overload]
    if values is None:
        pairs = rows_of(collection, ctx)
        if field in _FORM_FIELDS:
            read = row_field(field)
            values = [read(row, form_row) for row, form_row in pairs]
        else:  # a plain attribute of the row: read in C, without a Python call per row
            values = list(map(operator.attrgetter(field), map(operator.itemgetter(0), pairs)))
        ctx.rows[key] = values  # type: ignore[index]
    return values


_FORM_FIELDS = ("form_weight", "actual", "actual_comparator", "target", "explanation", "group")  # read from the row as written


def summer(path: str) -> Accessor:
    """`sum(collection.field)`: absent when any row lacks the field."""
    collection, _, field = path.rpartition(".")

    def total(ctx: Context) -> Decimal:
        values = column(collection, field, ctx)
        if any(value is None for value in values):
            raise Unavailable("absent")
        return sum(values, ZERO)

    return total


Operand = Decimal | str | bool  # a number, a text field compared with a quoted text, a flag
Column = tuple[str, Any]  # ("field", a field of the collection's rows) or ("constant", a value)
# One test of a requirement joined by `and`: its left side, comparator, right side, and whether
# two operands satisfy it (see comparison()).
Test = tuple[Accessor, str, Accessor, Callable[[Any, Any], bool]]


@dataclass(frozen=True, slots=True)
class CompiledCheck:
    name: str
    severity: str
    collection: str | None
    left: Accessor
    comparator: str
    right: Accessor
    at: str  # the finding's path; with a row, `{i}` stands for the row's index
    messages: dict[str, list[Any]]  # language → literal parts, placeholders and (side, as %) markers
    clause: Clause
    holds: Callable[[Any, Any], bool]  # the requirement with its tolerance: see comparison()
    where: Callable[[Context], bool] | None = None  # which rows the check is about: see condition()
    # A side, or the filter's, that reads only the row or a constant is also given as a Column:
    # ("field", NAME) or ("constant", VALUE). Then the check compares whole columns, read once
    # per record: the common case, and the one run for every row of every form.
    on_row: tuple[Column, Column] | None = None  # the requirement's sides, when both are columns
    chosen: tuple[Column, str, Column] | None = None  # `where`, when both its sides are columns
    more: tuple[Test, ...] = ()  # the tests after the first of `require A and B …`
    when: Callable[[Context], bool] | None = None  # `when CONDITION`: see condition()

    def run(self, ctx: Context, findings: list[Finding]) -> None:
        if self.on_row is not None:
            self._run_on_rows(ctx, findings)
            return
        when = self.when
        if self.collection is None:
            if when is not None and not when(ctx):
                return
            failed = self._failed(ctx)
            if failed is not None:
                findings.append(self._finding(ctx, None, *failed))
            return
        for i in self._rows_about(ctx):
            failed = self._failed(ctx)
            if failed is not None:
                findings.append(self._finding(ctx, i, *failed))

    def outcomes(self, ctx: Context) -> tuple[int, int]:
        """How often the check held and how often it failed on this record: once for a check of
        the whole record, once per row it is about. Run only for a trace (the coverage of a rule
        set: a check that holds leaves no finding), always row by row, never by columns, so that
        its failures also vouch for `run`'s (a test compares them)."""
        held = failed = 0
        when = self.when
        if self.collection is None:
            state = self._state(ctx) if when is None or when(ctx) else None
            return int(state is True), int(state is False)
        for _ in self._rows_about(ctx):
            state = self._state(ctx)
            held += state is True
            failed += state is False
        return held, failed

    def _rows_about(self, ctx: Context) -> Iterator[int]:
        """The rows of the check's collection it is about on this record (`where` and `when`
        hold), each set as `ctx.row` while the caller looks at it."""
        where, when, pairs = self.where, self.when, rows_of(self.collection, ctx)
        chosen = _chosen(self.chosen, self.collection, ctx) if self.chosen is not None else range(len(pairs))
        try:
            for i in chosen:
                ctx.row, ctx.form_row = pairs[i]
                if (where is None or where(ctx)) and (when is None or when(ctx)):
                    yield i
        finally:
            ctx.row = ctx.form_row = None

    def _state(self, ctx: Context) -> bool | None:
        """True when every test the record gives operands for holds (one at least), False when one
        fails, None when the record gives none: `_failed`'s reading, told apart from not tried."""
        tried = False
        for left, _comparator, right, holds in ((self.left, self.comparator, self.right, self.holds), *self.more):
            try:
                a, b = left(ctx), right(ctx)
            except Unavailable:
                continue
            if a is None or b is None:
                continue
            if not holds(a, b):
                return False
            tried = True
        return True if tried else None

    def _failed(self, ctx: Context) -> tuple[Operand, Operand, str] | None:
        """The sides and comparator of the first test that fails; None when all hold. A test whose
        operands the record does not give is not tried: a check never reports what the form does
        not say."""
        try:
            a, b = self.left(ctx), self.right(ctx)
        except Unavailable:
            a = b = None
        if a is not None and b is not None and not self.holds(a, b):
            return a, b, self.comparator
        for left, comparator, right, holds in self.more:
            try:
                a, b = left(ctx), right(ctx)
            except Unavailable:
                continue
            if a is not None and b is not None and not holds(a, b):
                return a, b, comparator
        return None

    def _run_on_rows(self, ctx: Context, findings: list[Finding]) -> None:
        # Whole columns are compared, read once per record and shared by the checks: a Python
        # loop with no call per row but the comparison. The filter is applied to failures only.
        left, right = self.on_row  # type: ignore[misc]
        collection: str = self.collection  # type: ignore[assignment]
        holds = self.holds
        failed = [
            (i, a, b)
            for i, a, b in zip(count(), _side(left, collection, ctx), _side(right, collection, ctx))
            if a is not None and b is not None and not holds(a, b)
        ]
        if not failed:
            return
        pairs = rows_of(collection, ctx)
        if self.chosen is not None:
            chosen = set(_chosen(self.chosen, collection, ctx))
            failed = [f for f in failed if f[0] in chosen]
        for i, a, b in failed:
            ctx.row, ctx.form_row = pairs[i]
            findings.append(self._finding(ctx, i, a, b, self.comparator))
        ctx.row = ctx.form_row = None

    def _finding(self, ctx: Context, index: int | None, left: Operand, right: Operand, comparator: str) -> Finding:
        # The messages are written only when read (most findings of a portfolio run never are):
        # keep a context of this row for them.
        row = Context(ctx.record, ctx.results, ctx.total, ctx.maximum, ctx.values, ctx.fixed, ctx.provisional)
        row.row, row.form_row = ctx.row, ctx.form_row
        own: dict[str, Operand] = {"left": left, "right": right}
        if type(left) is Decimal and type(right) is Decimal:
            own["difference"] = left - right
        messages, write = self.messages, self._format
        path = self.at.format(index) if index is not None and "{" in self.at else self.at
        values = (("left", _shown(left)), ("right", _shown(right)), ("comparator", _SYMBOL[comparator]))
        return Finding(
            self.name,
            self.severity,
            path,
            Lazy(lambda lang: write(messages[lang], row, own)),
            self.clause,
            values,
        )

    @staticmethod
    def _format(parts: list[Any], ctx: Context, own: dict[str, Operand]) -> str:
        out = []
        for part in parts:
            kind = type(part)
            if kind is str:
                out.append(part)
                continue
            if kind is tuple:  # {left}, {right}, {difference}, maybe with :%
                name, as_percent = part
                value = own.get(name)
                if as_percent:
                    out.append(approx_percent(value) if isinstance(value, Decimal) else "—")
                else:
                    out.append("—" if value is None else _shown(value))
                continue
            try:
                value = part(ctx)
            except Unavailable:
                value = None
            out.append("—" if value is None else _shown(value))
        return "".join(out)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return plain(value) if isinstance(value, Decimal) else str(value)


def _side(side: Column, collection: str, ctx: Context) -> Iterable[Any]:
    kind, what = side
    return column(collection, what, ctx) if kind == "field" else repeat(what)


def _chosen(where: tuple[Column, str, Column], collection: str, ctx: Context) -> list[int]:
    """The indices of the rows a `where` that reads the row alone chooses (not those lacking a side)."""
    left, comparator, right = where
    compare = _COMPARE[comparator]
    return [
        i
        for i, a, b in zip(count(), _side(left, collection, ctx), _side(right, collection, ctx))
        if a is not None and b is not None and compare(a, b)
    ]


def condition(tests: Sequence[Test]) -> Callable[[Context], bool]:
    """A row filter (`where A and B`) or a check's `when`: whether every test holds; a record or
    row whose operands the record lacks does not meet it."""

    def met(ctx: Context) -> bool:
        for left, _comparator, right, holds in tests:
            try:
                a, b = left(ctx), right(ctx)
            except Unavailable:
                return False
            if a is None or b is None or not holds(a, b):
                return False
        return True

    return met


def constant(value: str | bool) -> Accessor:
    """A quoted text or a truth on the right of a test: `row.name is "预算执行率"`, `is true`."""
    return lambda ctx: value


def comparison(comparator: str, tolerance: Decimal | None, printed: bool = False) -> Callable[[Any, Any], bool]:
    """Whether two operands satisfy `LEFT comparator RIGHT [within tolerance | as printed]`.

    The checker lets a tolerance go only with numbers, and texts only with = and != (`is`, `is not`).
    """
    if printed:
        equal = comparator == "="
        return lambda a, b: as_printed(a, b) is equal
    if tolerance is not None and comparator in ("=", "!="):
        equal = comparator == "="
        return lambda a, b: (abs(a - b) <= tolerance) is equal
    return _COMPARE[comparator]


def as_printed(printed: Decimal, computed: Decimal) -> bool:
    """Whether a number as the form prints it is `computed` rounded half-up to the decimals
    printed: 86% (0.86) for 0.862 is; 97.80% (0.9780) for 0.9781 is not. The printed decimals are
    the exponent of the number as read (a percentage keeps its digits through the ÷ 100)."""
    step = Decimal((0, (1,), printed.as_tuple().exponent))  # type: ignore[arg-type]
    if computed.adjusted() - step.adjusted() >= CONTEXT.prec:  # too many digits to round: exact
        return printed == computed
    return computed.quantize(step, ROUND_HALF_UP, CONTEXT) == printed


def _percent_of(read: Accessor) -> Accessor:
    def as_percent(ctx: Context) -> str | None:
        value = read(ctx)
        return None if value is None else approx_percent(value)

    return as_percent


def _actual_as_written(ctx: Context) -> str | None:
    """`{row.actual:%}`: the row's actual as the form writes it; as a percentage only when its unit
    is exactly % (an actual written `99.86%%` is quoted as written, not shown as 9986%), with the
    decimals printed (97.80% stays 97.80%: `as printed` compares at them)."""
    actual = getattr(ctx.form_row, "actual", None)
    if actual is None:
        return None
    if isinstance(actual, Quantity) and actual.unit == "%":
        return fixed(actual.number.scaleb(2, CONTEXT)) + "%"
    return actual.text


def compile_message(text: str, row: str | None, sides: dict[str, str | None] | None = None) -> list[Any]:
    """Literal parts, placeholder accessors, and for {left} {right} {difference} a marker
    (name, as a percentage?) filled with the sides compared when the message is written.

    `sides` names the path each side of the requirement reads when it is a bare path: a `:%`
    placeholder of a side that is the row's actual quotes the actual as written, as
    `{row.actual:%}` does.
    """
    parts: list[Any] = []
    last = 0
    row_actual = f"{row}.actual" if row is not None else None
    for match in PLACEHOLDER.finditer(text):
        parts.append(text[last : match.start()])
        name = match.group(1).strip()
        as_percent = name.endswith(":%")  # {left:%}: the number as a percentage, 0.9986 → 99.86%
        name = name.removesuffix(":%").strip()
        if as_percent and row_actual is not None and (sides or {}).get(name, name) == row_actual:
            parts.append(_actual_as_written)
        elif name in _OWN:
            parts.append((name, as_percent))
        else:
            read = accessor(name, row)
            parts.append(_percent_of(read) if as_percent else read)
        last = match.end()
    parts.append(text[last:])
    return parts
