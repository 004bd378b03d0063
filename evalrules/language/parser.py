"""Parse: rule-file text → `nodes.RuleFile`.

The grammar lives in `grammar.lark`; its lark parser is built or loaded once per process by
`tables.grammar_parser`. One transformer turns lark's tree into the frozen dataclasses of `nodes`,
giving every node its `Span`. Comments are collected on the side so a formatter can put them back.
lark's exceptions stop here: they become `RuleSyntaxError` with line, column and caret, and the
parse restarts at the next top-level block so that one run reports every broken block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lark import Lark, Token, Transformer_NonRecursive, v_args
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from ..decimals import CONTEXT
from ..errors import Diagnostic, EvalRulesError, RuleCheckError, RuleSyntaxError, Span, compose
from ..messages import Message, message, text
from ..records.values import LARGEST, SMALLEST
from . import nodes as n
from .tables import grammar_parser

MAX_SYNTAX_ERRORS = 10
# Recovery after a syntax error restarts at a line that opens a top-level block.
_TOP_LEVEL = re.compile(
    r"(extends|override|part|ruleset|budget|value|qualitative|quantitative|category|block|indicator|missing|not_applicable|grades|deductions|check)\b"
)
# A comment runs from # to the end of the line, unless the # stands inside a quoted text.
_COMMENT_OR_TEXT = re.compile(r'"[^"\n]*"|#[^\n]*')


def parse(source: str, path: str = "<rules>") -> n.RuleFile:
    """Parse rule-file text; raise `RuleSyntaxError` listing every syntax error found."""
    parser = grammar_parser()
    try:
        tree = parser.parse(source)
    except UnexpectedInput as error:
        raise RuleSyntaxError(_all_syntax_errors(source, path, error), source) from None
    builder = _Builder(path)
    try:
        items = builder.transform(tree).children
    except VisitError as error:
        if isinstance(error.orig_exc, EvalRulesError):
            raise error.orig_exc from None
        raise
    if builder.problems:
        raise RuleCheckError(builder.problems, source)
    return n.RuleFile(path, source, tuple(items), tuple(_comments(source, path)))


def _all_syntax_errors(source: str, path: str, first: UnexpectedInput) -> list[Diagnostic]:
    """The first error, then one more per later top-level block that is broken too.

    Recovery restarts the parse at the next line that opens a top-level block (a keyword at the
    start of a line), with the lines before it blanked so positions stay true. Restarting at a
    block beats lark's token-by-token recovery, which repeats one mistake on every later line.
    """
    parser = grammar_parser()
    errors = [_diagnostic(first, path, parser)]
    lines = source.split("\n")
    while len(errors) < MAX_SYNTAX_ERRORS:
        restart = next(
            (i for i in range(errors[-1].span.line, len(lines)) if _TOP_LEVEL.match(lines[i])),
            None,
        )
        if restart is None:
            break
        rest = "\n" * restart + "\n".join(lines[restart:])
        try:
            parser.parse(rest)
            break
        except UnexpectedInput as error:
            errors.append(_diagnostic(error, path, parser))
    return errors


def _comments(source: str, path: str) -> list[n.Comment]:
    found = []
    for line_no, line in enumerate(source.split("\n"), start=1):
        for match in _COMMENT_OR_TEXT.finditer(line):
            if match.group().startswith("#"):
                start, end = match.start() + 1, match.end() + 1
                found.append(n.Comment(match.group(), Span(path, line_no, start, line_no, end)))
    return found


def _position(error: UnexpectedInput) -> tuple[int, int]:
    return (getattr(error, "line", 0) or 0, getattr(error, "column", 0) or 0)


# What the parser expected, by terminal: the regex terminals of grammar.lark have a description in
# the catalogue; a keyword or a punctuation mark is shown as written.
_TERMINAL_WORDS = {
    "NAME": "syntax.term.name",
    "STRING": "syntax.term.string",
    "DECIMAL": "syntax.term.number",
    "YEAR": "syntax.term.year",
    "DATE": "syntax.term.date",
    "$END": "syntax.term.end",
}
# Characters an input method gives in Chinese mode, and the ASCII character the grammar wants.
# `％` is not here: it is accepted as a percent sign.
FULL_WIDTH = {
    "｛": "{", "｝": "}", "：": ":", "（": "(", "）": ")", "，": ",", "；": ";", "“": '"', "”": '"',
    "＂": '"', "［": "[", "］": "]", "【": "[", "】": "]", "＝": "=", "＞": ">", "＜": "<", "＋": "+",
    "－": "-", "＊": "*", "／": "/", "．": ".", "＃": "#", "\u3000": " ",
}  # fmt: skip
MAX_EXPECTED = 8  # a longer list of what could come is cut with …
# How a list of expectations is written: the one place where quoting and joining differ by language.
_QUOTED = {"zh": "“{}”", "en": "'{}'"}
_JOINED = {"zh": "、", "en": ", "}


@dataclass(frozen=True, slots=True)
class _Expected(Message):
    """What the parser could have taken here: keywords as written, kinds of text by their name.

    `items` holds either a keyword (`bands`, `{`) or the catalogue id of a terminal's description
    (`syntax.term.name`), in a fixed order; the list is written in the reader's language.
    """

    items: tuple[str, ...] = ()

    def text(self, lang: str = "zh") -> str:
        shown = [
            text(item, lang) if item in _DESCRIPTIONS else _QUOTED.get(lang, "'{}'").format(item)
            for item in self.items[:MAX_EXPECTED]
        ]
        if len(self.items) > MAX_EXPECTED:
            shown.append("…")
        listed = _JOINED.get(lang, ", ").join(shown)
        return listed if len(self.items) == 1 else text("syntax.one_of", lang, items=listed)


_DESCRIPTIONS = frozenset(_TERMINAL_WORDS.values())


def _expected(terminals: Iterable[str], parser: Lark) -> _Expected:
    items = {_describe(t, parser) for t in terminals}
    # The English order of old (keywords by their quoted form, then descriptions), for stable output.
    order = {item: text(item, "en") if item in _DESCRIPTIONS else f"'{item}'" for item in items}
    return _Expected("syntax.one_of", (), tuple(sorted(items, key=order.__getitem__)))


def _describe(terminal: str, parser: Lark) -> str:
    if terminal in _TERMINAL_WORDS:
        return _TERMINAL_WORDS[terminal]
    if terminal == "PERCENT":
        return "%"
    try:
        pattern = parser.get_terminal(terminal).pattern
    except KeyError:
        return terminal
    return pattern.value if pattern.type == "str" else terminal


def _diagnostic(error: UnexpectedInput, path: str, parser: Lark) -> Diagnostic:
    line, column = _position(error)
    width = 1
    if isinstance(error, UnexpectedToken):
        token = error.token
        expected = _expected(error.expected, parser)
        if token.type == "$END":
            line, column = _end_position(error)
            what = compose("syntax.ends_early", expected=expected)
        else:
            width = max(len(str(token.value)), 1)
            what = compose("syntax.unexpected_token", found=str(token.value), expected=expected)
    elif isinstance(error, UnexpectedCharacters):
        what = _unexpected_character(error, parser)
    elif isinstance(error, UnexpectedEOF):
        line, column = _end_position(error)
        what = compose("syntax.ends_early", expected=_expected(error.expected, parser))
    else:  # pragma: no cover - lark has no other UnexpectedInput subclasses today
        what = message("syntax.unexpected_character", char=type(error).__name__)
    line, column = max(line, 1), max(column, 1)
    return Diagnostic(what, Span(path, line, column, line, column + width))


def _unexpected_character(error: UnexpectedCharacters, parser: Lark) -> Message:
    char = error.char
    if char == '"':
        # A quoted text runs to the closing quote on the same line; without one the lexer stops
        # at the opening quote, which is exactly where the fix goes.
        return message("syntax.unclosed_quote")
    if char in FULL_WIDTH:
        return message("syntax.full_width", char=char, code=f"U+{ord(char):04X}", ascii=FULL_WIDTH[char])
    if error.allowed:
        return compose("syntax.unexpected_character_expected", char=char, expected=_expected(error.allowed, parser))
    return message("syntax.unexpected_character", char=char)


def _end_position(error: UnexpectedInput) -> tuple[int, int]:
    last = getattr(error, "token", None)
    if last is not None and getattr(last, "end_line", None):
        return last.end_line, last.end_column
    return _position(error)


def _span(meta: Any, path: str) -> Span:
    return Span(path, meta.line, meta.column, meta.end_line, meta.end_column)


def _token_span(token: Token, path: str) -> Span:
    return Span(path, token.line or 1, token.column or 1, token.end_line or 1, token.end_column or 1)


def _text(token: Token, path: str) -> n.Text:
    return n.Text(str(token)[1:-1], _token_span(token, path))


@v_args(meta=True)
class _Builder(Transformer_NonRecursive):  # not recursive: a long `value` expression is a deep tree
    """lark tree → `nodes`. Each method is named after the grammar rule it builds."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.file = path
        self.problems: list[Diagnostic] = []  # numbers out of range, reported after the build

    def _s(self, meta: Any) -> Span:
        return _span(meta, self.file)

    # ---- shared pieces
    def name(self, meta: Any, children: list[Token]) -> n.Name:
        token = children[0]
        text = str(token)[1:-1] if token.type == "STRING" else str(token)
        return n.Name(text, _token_span(token, self.file))

    def number(self, meta: Any, children: list[Token]) -> n.Number:
        digits = str(children[0])
        percent = len(children) > 1
        written = Decimal(digits)
        if written >= LARGEST or (written and written < SMALLEST):
            self.problems.append(Diagnostic(message("syntax.number_range", number=digits), self._s(meta)))
            written = Decimal(0)
        value = written.scaleb(-2, CONTEXT) if percent else written
        return n.Number(value, digits + ("%" if percent else ""), percent, self._s(meta))

    def rounding_spec(self, meta: Any, children: list[Any]) -> n.Rounding:
        return n.Rounding(children[0], children[1], self._s(meta))

    def rounding(self, meta: Any, children: list[Any]) -> n.Rounding:
        return children[0]

    def interval(self, meta: Any, children: list[Any]) -> n.Interval:
        low_bracket, low, high, high_bracket = children
        return n.Interval(low, low_bracket == "[", high, high_bracket == "]", self._s(meta))

    def bracket(self, meta: Any, children: list[Token]) -> str:
        return str(children[0])

    # ---- extending another rule file
    def extends(self, meta: Any, children: list[Token]) -> n.Extends:
        return n.Extends(_text(children[0], self.file), self._s(meta))

    def override(self, meta: Any, children: list[Any]) -> n.Override:
        return n.Override(children[0], self._s(meta))

    def part(self, meta: Any, children: list[Token]) -> n.Part:
        return n.Part(_text(children[0], self.file), self._s(meta))

    # ---- metadata
    def ruleset(self, meta: Any, children: list[Any]) -> n.Metadata:
        fields: dict[str, Any] = {}
        for child in children[1:]:
            fields[child[0]] = child[1]
        effective = fields.get("effective", (None, None))
        return n.Metadata(
            title=_text(children[0], self.file),
            jurisdiction=fields.get("jurisdiction"),
            year=fields.get("year"),
            effective_from=effective[0],
            effective_to=effective[1],
            maximum=fields.get("maximum"),
            span=self._s(meta),
        )

    def jurisdiction(self, meta: Any, children: list[Token]) -> tuple[str, n.Text]:
        return ("jurisdiction", _text(children[0], self.file))

    def year(self, meta: Any, children: list[Token]) -> tuple[str, int]:
        return ("year", int(children[0]))

    def effective(self, meta: Any, children: list[Token]) -> tuple[str, tuple[str, str]]:
        return ("effective", (str(children[0]), str(children[1])))

    def maximum(self, meta: Any, children: list[Any]) -> tuple[str, n.Number]:
        return ("maximum", children[0])

    # ---- budget and values
    def budget(self, meta: Any, children: list[Any]) -> n.Budget:
        unit = _text(children[0], self.file) if children and isinstance(children[0], Token) else None
        fields = tuple(c for c in children if isinstance(c, n.BudgetField))
        return n.Budget(unit, fields, self._s(meta))

    def budget_field(self, meta: Any, children: list[Any]) -> n.BudgetField:
        label = next((_text(c, self.file) for c in children[1:] if isinstance(c, Token)), None)
        signed = any(c == "signed" for c in children[1:] if not isinstance(c, Token))
        return n.BudgetField(children[0], label, self._s(meta), signed)

    def signed(self, meta: Any, children: list[Any]) -> str:
        return "signed"

    def value(self, meta: Any, children: list[Any]) -> n.Value:
        rounding = children[2] if len(children) > 2 else None
        return n.Value(children[0], children[1], rounding, self._s(meta))

    def literal(self, meta: Any, children: list[Any]) -> n.Literal:
        return n.Literal(children[0], self._s(meta))

    def reference(self, meta: Any, children: list[Any]) -> n.Reference:
        return children[0]

    def path(self, meta: Any, children: list[n.Name]) -> n.Reference:
        span = self._s(meta)
        parts = tuple(name.text for name in children)
        return n.Reference(n.Name(".".join(parts), span), parts, span)

    def call(self, meta: Any, children: list[Any]) -> n.Call:
        return n.Call(children[0], children[1], self._s(meta))

    # ---- checks
    def check(self, meta: Any, children: list[Any]) -> n.Check:
        name, severity, *rest = children
        row = collection = where = None
        if rest and isinstance(rest[0], tuple):
            row, collection, where = rest.pop(0)
        return n.Check(name, severity, row, collection, where, tuple(rest), self._s(meta))

    def severity(self, meta: Any, children: list[Token]) -> str:
        return str(children[0])

    def for_each(self, meta: Any, children: list[Any]) -> tuple[n.Name, n.Reference, n.Requirement | None]:
        return (children[0], children[1], children[2] if len(children) > 2 else None)

    def where(self, meta: Any, children: list[Any]) -> n.Condition:
        return children[0]

    def text(self, meta: Any, children: list[Token]) -> n.Text:
        return _text(children[0], self.file)

    def require(self, meta: Any, children: list[Any]) -> n.Condition:
        return children[0]

    def when(self, meta: Any, children: list[Any]) -> n.When:
        return n.When(children[0], self._s(meta))

    def all_of(self, meta: Any, children: list[Any]) -> n.AllOf:
        return n.AllOf(tuple(children), self._s(meta))

    def compare(self, meta: Any, children: list[Any]) -> n.Requirement:
        left, comparator, right, *rest = children
        tolerance = next((c for c in rest if isinstance(c, n.Number)), None)
        printed = any(c == "printed" for c in rest if isinstance(c, str))
        return n.Requirement(left, comparator, right, tolerance, self._s(meta), printed)

    def within(self, meta: Any, children: list[Any]) -> n.Number:
        return children[0]

    def printed(self, meta: Any, children: list[Any]) -> str:
        return "printed"

    def text_test(self, meta: Any, children: list[Any]) -> n.Requirement:
        return n.Requirement(children[0], children[1], children[2], None, self._s(meta))

    def empty_test(self, meta: Any, children: list[Any]) -> n.Requirement:
        # the keyword `empty` is filtered out by lark: the test's end is where it stands
        span = self._s(meta)
        empty = n.Empty(Span(span.file, span.end_line, span.end_column - len("empty"), span.end_line, span.end_column))
        return n.Requirement(children[0], children[1], empty, None, span)

    def truth_test(self, meta: Any, children: list[Any]) -> n.Requirement:
        return n.Requirement(children[0], children[1], children[2], None, self._s(meta))

    def truth(self, meta: Any, children: list[Token]) -> n.Truth:
        return n.Truth(str(children[0]) == "true", _token_span(children[0], self.file))

    def otherwise(self, meta: Any, children: list[Any]) -> n.Otherwise:
        return n.Otherwise(children[0], children[1], self._s(meta))

    def conditional(self, meta: Any, children: list[Any]) -> n.Conditional:
        return n.Conditional(children[0], children[1], children[2], self._s(meta))

    def text_comparator(self, meta: Any, children: list[Token]) -> str:
        return "!=" if len(children) > 1 else "="

    def comparator(self, meta: Any, children: list[Token]) -> str:
        return {"≠": "!=", "≤": "<=", "≥": ">="}.get(str(children[0]), str(children[0]))

    def at(self, meta: Any, children: list[Any]) -> n.Reference:
        return children[0]

    def message_zh(self, meta: Any, children: list[Token]) -> n.Message:
        return n.Message("zh", _text(children[0], self.file), self._s(meta))

    def message_en(self, meta: Any, children: list[Token]) -> n.Message:
        return n.Message("en", _text(children[0], self.file), self._s(meta))

    def neg(self, meta: Any, children: list[Any]) -> n.Negate:
        return n.Negate(children[0], self._s(meta))

    def _binary(self, operator: str, meta: Any, children: list[Any]) -> n.Binary:
        return n.Binary(operator, children[0], children[1], self._s(meta))

    def add(self, meta: Any, children: list[Any]) -> n.Binary:
        return self._binary("+", meta, children)

    def sub(self, meta: Any, children: list[Any]) -> n.Binary:
        return self._binary("-", meta, children)

    def mul(self, meta: Any, children: list[Any]) -> n.Binary:
        return self._binary("*", meta, children)

    def div(self, meta: Any, children: list[Any]) -> n.Binary:
        return self._binary("/", meta, children)

    # ---- qualitative
    def qualitative(self, meta: Any, children: list[Any]) -> n.Qualitative:
        return n.Qualitative(children[0], tuple(children[1:]), self._s(meta))

    def levels(self, meta: Any, children: list[Any]) -> n.Levels:
        return n.Levels(tuple(children), self._s(meta))

    def bands(self, meta: Any, children: list[Any]) -> n.Bands:
        return n.Bands(tuple(children), self._s(meta))

    def band(self, meta: Any, children: list[Any]) -> n.Band:
        return n.Band(children[0], children[1], self._s(meta))

    def words(self, meta: Any, children: list[Any]) -> n.Words:
        return n.Words(tuple(children), self._s(meta))

    def word_level(self, meta: Any, children: list[Any]) -> n.WordLevel:
        return n.WordLevel(children[0], children[1], self._s(meta))

    def as_target(self, meta: Any, children: list[Any]) -> n.AsTarget:
        return n.AsTarget(children[0], self._s(meta))

    def deadline(self, meta: Any, children: list[Any]) -> n.Deadline:
        return n.Deadline(children[0], children[1], self._s(meta))

    def score_rounding(self, meta: Any, children: list[Any]) -> n.ScoreRounding:
        return n.ScoreRounding(children[0], self._s(meta))

    # ---- quantitative
    def quantitative(self, meta: Any, children: list[Any]) -> n.Quantitative:
        like = children[1] if len(children) > 1 and isinstance(children[1], n.Name) else None
        clauses = tuple(children[2:] if like is not None else children[1:])
        return n.Quantitative(children[0], like, clauses, self._s(meta))

    def completion(self, meta: Any, children: list[Any]) -> n.CompletionRatio:
        return n.CompletionRatio(self._s(meta))

    def reverse_inverse(self, meta: Any, children: list[Any]) -> n.ReverseInverse:
        return n.ReverseInverse(self._s(meta))

    def reverse_linear(self, meta: Any, children: list[Any]) -> n.ReverseLinear:
        return n.ReverseLinear(children[0], self._s(meta))

    def completion_rounding(self, meta: Any, children: list[Any]) -> n.CompletionRounding:
        return n.CompletionRounding(children[0], self._s(meta))

    def below_proportional(self, meta: Any, children: list[Any]) -> n.BelowProportional:
        return n.BelowProportional(self._s(meta))

    def below_slope(self, meta: Any, children: list[Any]) -> n.BelowSlope:
        basis = children[1] if len(children) > 1 else "completion"
        return n.BelowSlope(children[0], basis, self._s(meta))

    def basis_completion(self, meta: Any, children: list[Any]) -> str:
        return "completion"

    def basis_difference(self, meta: Any, children: list[Any]) -> str:
        return "difference"

    def below_steps(self, meta: Any, children: list[Any]) -> n.BelowSteps:
        return n.BelowSteps(children[0], children[1], self._s(meta))

    def above_none(self, meta: Any, children: list[Any]) -> n.AboveNone:
        return n.AboveNone(self._s(meta))

    def above_penalty(self, meta: Any, children: list[Any]) -> n.AbovePenalty:
        return n.AbovePenalty(children[0], children[1], self._s(meta))

    def above_warn(self, meta: Any, children: list[Any]) -> n.AboveWarn:
        return n.AboveWarn(children[0], self._s(meta))

    def bare_actual(self, meta: Any, children: list[Any]) -> n.BareActual:
        return n.BareActual(self._s(meta))

    # ---- categories and indicators
    def category(self, meta: Any, children: list[Any]) -> n.Category:
        return n.Category(children[0], tuple(children[1:]), self._s(meta))

    def fixed_weights(self, meta: Any, children: list[Any]) -> n.FixedWeights:
        total = children[0] if children and isinstance(children[0], n.Number) else None
        weights = tuple(c for c in children if isinstance(c, n.FixedWeight))
        return n.FixedWeights(total, weights, self._s(meta))

    def fixed_weight(self, meta: Any, children: list[Any]) -> n.FixedWeight:
        return n.FixedWeight(children[0], children[1], self._s(meta))

    def written_weights(self, meta: Any, children: list[Any]) -> n.WrittenWeights:
        total = children[0] if children else None
        by = children[1] if len(children) > 1 else None
        return n.WrittenWeights(total, self._s(meta), by)

    def by_subcategory(self, meta: Any, children: list[Any]) -> n.BySubcategory:
        return n.BySubcategory(children[0] if children else None, self._s(meta))

    def block(self, meta: Any, children: list[Any]) -> n.Block:
        return n.Block(children[0], children[1], tuple(children[2:]), self._s(meta))

    def block_categories(self, meta: Any, children: list[Any]) -> n.BlockCategories:
        return n.BlockCategories(tuple(children), self._s(meta))

    def block_groups(self, meta: Any, children: list[Any]) -> n.BlockGroups:
        return n.BlockGroups(self._s(meta))

    def split_apportioned(self, meta: Any, children: list[Any]) -> n.SplitWeights:
        return n.SplitWeights(children[0], children[1], None, self._s(meta))

    def split_rounded(self, meta: Any, children: list[Any]) -> n.SplitWeights:
        return n.SplitWeights(children[0], None, children[1], self._s(meta))

    def use_quantitative(self, meta: Any, children: list[Any]) -> n.UseScheme:
        return n.UseScheme("quantitative", children[0], self._s(meta))

    def use_qualitative(self, meta: Any, children: list[Any]) -> n.UseScheme:
        return n.UseScheme("qualitative", children[0], self._s(meta))

    def excluded(self, meta: Any, children: list[Any]) -> n.Excluded:
        return n.Excluded(self._s(meta))

    def required(self, meta: Any, children: list[Any]) -> n.Required:
        return n.Required(tuple(children), self._s(meta))

    def optional(self, meta: Any, children: list[Any]) -> n.OptionalCategory:
        return n.OptionalCategory(self._s(meta))

    def aliases(self, meta: Any, children: list[Any]) -> n.Aliases:
        return n.Aliases(tuple(children), self._s(meta))

    def target_given(self, meta: Any, children: list[Token]) -> n.TargetGiven:
        return n.TargetGiven(_text(children[0], self.file), self._s(meta))

    def indicator(self, meta: Any, children: list[Any]) -> n.Indicator:
        return n.Indicator(children[0], tuple(children[1:]), self._s(meta))

    def actual_from(self, meta: Any, children: list[Any]) -> n.ActualFrom:
        return n.ActualFrom(children[0], self._s(meta))

    # ---- missing, not applicable, grades
    def missing(self, meta: Any, children: list[Any]) -> n.Missing:
        return n.Missing(tuple(children), self._s(meta))

    def missing_without(self, meta: Any, children: list[Any]) -> n.MissingCase:
        action, score = children[0]
        return n.MissingCase(False, action, score, self._s(meta))

    def missing_with(self, meta: Any, children: list[Any]) -> n.MissingCase:
        action, score = children[0]
        return n.MissingCase(True, action, score, self._s(meta))

    def missing_score(self, meta: Any, children: list[Any]) -> tuple[str, n.Number]:
        return ("score", children[0])

    def missing_review(self, meta: Any, children: list[Any]) -> tuple[str, None]:
        return ("review", None)

    def not_applicable(self, meta: Any, children: list[Any]) -> n.NotApplicable:
        words = tuple(_text(c, self.file) for c in children[:-1])
        action, apportion = children[-1]
        return n.NotApplicable(words, action, apportion, self._s(meta))

    def na_rescale(self, meta: Any, children: list[Any]) -> tuple[str, n.Number | None]:
        return ("rescale", children[0] if children else None)

    def na_full(self, meta: Any, children: list[Any]) -> tuple[str, None]:
        return ("full", None)

    def deductions(self, meta: Any, children: list[Any]) -> n.Deductions:
        return n.Deductions(children[0], self._s(meta))

    def deduction_floor(self, meta: Any, children: list[Any]) -> n.Number:
        return children[0]

    def grades(self, meta: Any, children: list[Any]) -> n.Grades:
        return n.Grades(tuple(children), self._s(meta))

    def grade_at_least(self, meta: Any, children: list[Any]) -> n.Grade:
        return n.Grade(children[0], children[1], None, self._s(meta))

    def grade_interval(self, meta: Any, children: list[Any]) -> n.Grade:
        return n.Grade(children[0], None, children[1], self._s(meta))

    def grade_otherwise(self, meta: Any, children: list[Any]) -> n.Grade:
        return n.Grade(children[0], None, None, self._s(meta))
