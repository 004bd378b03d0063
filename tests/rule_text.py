"""Rule-file text for the formatter's property tests, built from the grammar's constructs.

`rule_files()` draws the tokens of a file that parses (it need not check clean: the formatter reads
only the syntax): every top-level block of grammar.lark, each clause of each block, expressions and
conditions nested a few levels, names that need their quotes and names that do not. `laid_out()`
puts the tokens on the page at random: any run of spaces, tabs and line breaks between two tokens,
blank lines, and comments on lines of their own or at the end of a line. `relaid()` does the same to
an existing file while keeping what the formatter reads from a layout (which comments stand on a
line of their own, where a blank line stands), so that its formatted text must not change.
"""

from __future__ import annotations

import random
import re
from hypothesis import strategies as st
from lark import Token

from evalrules.language.tables import grammar_parser

# Names: bare ones, quoted ones that could go bare, and quoted ones that need their quotes (a space,
# a keyword, a leading digit).
BARE = ["产出", "效益", "a", "b_2", "预算执行率", "x·y", "rows", "name"]
QUOTED = ['"产出"', '"score"', '"a b"', '"2024年"', '"round"', '"好"', '""']
NUMBERS = ["0", "1", "0.5", "12.5", "80%", "100%", "0.01%", "80％", "0.01", "90"]
TEXTS = ['"文本"', '"a # not a comment"', '""', '"不适用"', '"100%"']
WORDS = ["好", "中", "差"]
COMMENTS = ["# 注释", "#", "# say \"x\" # twice", "#no space", "# trailing spaces   "]
# Two tokens may touch (no space between) when one of them is one of these.
_TOUCHING = frozenset("{}()[],.%％")


def names() -> st.SearchStrategy[str]:
    return st.sampled_from(BARE + QUOTED)


def numbers() -> st.SearchStrategy[str]:
    return st.sampled_from(NUMBERS)


@st.composite
def paths(draw: st.DrawFn) -> list[str]:
    parts = draw(st.lists(names(), min_size=1, max_size=3))
    tokens = [parts[0]]
    for part in parts[1:]:
        tokens += [".", part]
    return tokens


@st.composite
def factors(draw: st.DrawFn, depth: int = 2) -> list[str]:
    """`factor` of the grammar: a number, a path, a call, a negation, an expression in brackets."""
    kind = draw(st.sampled_from(["number", "path", "call", "neg", "paren"] if depth else ["number", "path"]))
    if kind == "number":
        return [draw(numbers())]
    if kind == "path":
        return draw(paths())
    if kind == "call":
        return [draw(names()), "(", *draw(expressions(depth - 1)), ")"]
    if kind == "neg":
        return ["-", *draw(factors(depth - 1))]
    return ["(", *draw(expressions(depth - 1)), ")"]


@st.composite
def sums(draw: st.DrawFn, depth: int = 2) -> list[str]:
    """`sum` and `term`: factors joined by + - * /."""
    tokens = draw(factors(depth))
    for _ in range(draw(st.integers(0, 2))):
        tokens = [*tokens, draw(st.sampled_from(["+", "-", "*", "/"])), *draw(factors(depth))]
    return tokens


@st.composite
def expressions(draw: st.DrawFn, depth: int = 2) -> list[str]:
    """`expr`: a sum, `a otherwise b`, or `if … then … else …`."""
    kind = draw(st.sampled_from(["sum", "otherwise", "if"] if depth else ["sum"]))
    if kind == "sum":
        return draw(sums(depth))
    if kind == "otherwise":
        return [*draw(sums(depth)), "otherwise", *draw(expressions(depth - 1))]
    return ["if", *draw(conditions(depth - 1)), "then", *draw(expressions(depth - 1)), "else", *draw(expressions(depth - 1))]


@st.composite
def tests(draw: st.DrawFn, depth: int = 1) -> list[str]:
    left = draw(sums(depth))
    kind = draw(st.sampled_from(["compare", "text", "empty", "truth"]))
    if kind == "compare":
        comparator = draw(st.sampled_from(["=", "!=", "≠", "<", "<=", "≤", ">", ">=", "≥"]))
        tokens = [*left, comparator, *draw(sums(depth))]
        if draw(st.booleans()):
            tokens += ["within", draw(numbers())]
        if draw(st.booleans()):
            tokens += ["as", "printed"]
        return tokens
    is_ = ["is", "not"] if draw(st.booleans()) else ["is"]
    right = {"text": [draw(st.sampled_from(TEXTS))], "empty": ["empty"], "truth": [draw(st.sampled_from(["true", "false"]))]}
    return [*left, *is_, *right[kind]]


@st.composite
def conditions(draw: st.DrawFn, depth: int = 1) -> list[str]:
    joined = draw(st.lists(tests(depth), min_size=1, max_size=3))
    tokens = joined[0]
    for test in joined[1:]:
        tokens = [*tokens, "and", *test]
    return tokens


def _rounding(draw: st.DrawFn) -> list[str]:
    return ["round", draw(numbers()), draw(st.sampled_from(["half_up", "四舍五入", "down"]))]


def _interval(draw: st.DrawFn) -> list[str]:
    return [draw(st.sampled_from("[(")), draw(numbers()), ",", draw(numbers()), draw(st.sampled_from("])"))]


def _place(draw: st.DrawFn) -> str:
    return draw(st.sampled_from([*NUMBERS[:3], *WORDS]))


def _block(head: list[str], clauses: list[list[str]]) -> list[str]:
    return [*head, "{", *(token for clause in clauses for token in clause), "}"]


@st.composite
def ruleset(draw: st.DrawFn) -> list[str]:
    metas = [
        ["jurisdiction", draw(st.sampled_from(TEXTS))],
        ["year", "2024"],
        ["effective", "2024-01-01", "to", "2024-12-31"],
        ["maximum", draw(numbers())],
    ]
    chosen = draw(st.lists(st.sampled_from(metas), max_size=4))
    return _block(["ruleset", draw(st.sampled_from(TEXTS))], chosen)


@st.composite
def budget(draw: st.DrawFn) -> list[str]:
    head = ["budget", "unit", '"万元"'] if draw(st.booleans()) else ["budget"]
    fields = []
    for _ in range(draw(st.integers(0, 4))):
        field = [draw(st.sampled_from(BARE))]
        if draw(st.booleans()):
            field.append(draw(st.sampled_from(TEXTS)))
        if draw(st.booleans()):
            field.append("signed")
        fields.append(field)
    return _block(head, fields)


@st.composite
def value(draw: st.DrawFn) -> list[str]:
    tokens = ["value", draw(names()), "=", *draw(expressions())]
    return [*tokens, *_rounding(draw)] if draw(st.booleans()) else tokens


@st.composite
def qualitative(draw: st.DrawFn) -> list[str]:
    def clause(kind: str) -> list[str]:
        if kind == "levels":
            return ["levels", *draw(st.lists(numbers(), min_size=1, max_size=4))]
        if kind == "bands":
            bands = [[draw(names()), *_interval(draw)] for _ in range(draw(st.integers(1, 3)))]
            return _block(["bands"], bands)
        if kind == "words":
            words = [[draw(names()), _place(draw)] for _ in range(draw(st.integers(1, 3)))]
            return _block(["words"], words)
        if kind == "as_target":
            return ["as_target", _place(draw)]
        if kind == "deadline":
            return ["deadline", "met", _place(draw), "missed", _place(draw)]
        return ["round", "score", *_rounding(draw)[1:]]

    kinds = draw(st.lists(st.sampled_from(["levels", "bands", "words", "as_target", "deadline", "round"]), max_size=4))
    return _block(["qualitative", draw(names())], [clause(k) for k in kinds])


QUANTITATIVE_CLAUSES = [
    ["completion", "ratio"],
    ["reverse", "inverse_ratio"],
    ["reverse", "linear", "zero", "at", "200%"],
    ["round", "completion", "0.01%", "half_up"],
    ["round", "score", "0.01", "half_up"],
    ["below", "proportional"],
    ["below", "deduct", "5%", "per", "point"],
    ["below", "deduct", "5%", "per", "point", "of", "completion"],
    ["below", "deduct", "5%", "per", "point", "of", "difference"],
    ["below", "deduct", "1", "point", "every", "5%"],
    ["below", "deduct", "2", "points", "every", "10%"],
    ["above", "none"],
    ["above", "130%", "deduct", "1%", "per", "point"],
    ["above", "150%", "warn"],
    ["bare", "actual", "unit", "from", "target"],
]


@st.composite
def quantitative(draw: st.DrawFn) -> list[str]:
    head = ["quantitative", draw(names())]
    if draw(st.booleans()):
        head += ["like", draw(names())]
    return _block(head, draw(st.lists(st.sampled_from(QUANTITATIVE_CLAUSES), max_size=5)))


@st.composite
def category(draw: st.DrawFn) -> list[str]:
    def clause(kind: str) -> list[str]:
        if kind == "fixed":
            head = ["weights", "fixed", "total", draw(numbers())] if draw(st.booleans()) else ["weights", "fixed"]
            return _block(head, [[draw(names()), draw(numbers())] for _ in range(draw(st.integers(0, 3)))])
        if kind == "written":
            return draw(
                st.sampled_from(
                    [
                        ["weights", "as_written"],
                        ["weights", "as_written", "total", "30"],
                        ["weights", "as_written", "total", "50", "by", "subcategory"],
                        ["weights", "as_written", "total", "50", "by", "subcategory", "apportion", "0.01"],
                    ]
                )
            )
        if kind == "split":
            return draw(st.sampled_from([["weights", "split", "30", "apportion", "0.01"], ["weights", "split", "17.5", "round", "0.01", "half_up"]]))
        if kind in ("quantitative", "qualitative"):
            return [kind, draw(names())]
        if kind in ("required", "aliases"):
            return [kind, *draw(st.lists(names(), min_size=1, max_size=3))]
        return {"excluded": ["excluded", "from", "total"], "optional": ["optional"]}[kind]

    kinds = ["fixed", "written", "split", "quantitative", "qualitative", "required", "aliases", "excluded", "optional"]
    return _block(["category", draw(names())], [clause(k) for k in draw(st.lists(st.sampled_from(kinds), max_size=4))])


@st.composite
def block(draw: st.DrawFn) -> list[str]:
    clauses = draw(st.lists(st.sampled_from(["categories", "groups"]), max_size=3))
    built = [["categories", *draw(st.lists(names(), min_size=1, max_size=3))] if c == "categories" else ["groups"] for c in clauses]
    return _block(["block", draw(names()), "total", draw(numbers())], built)


@st.composite
def indicator(draw: st.DrawFn) -> list[str]:
    def clause(kind: str) -> list[str]:
        if kind == "target":
            return ["target", draw(st.sampled_from(TEXTS))]
        if kind == "aliases":
            return ["aliases", *draw(st.lists(names(), min_size=1, max_size=2))]
        return [kind, draw(names())]

    kinds = draw(st.lists(st.sampled_from(["actual", "quantitative", "qualitative", "target", "aliases"]), max_size=4))
    return _block(["indicator", draw(names())], [clause(k) for k in kinds])


@st.composite
def missing(draw: st.DrawFn) -> list[str]:
    def case() -> list[str]:
        which = draw(st.sampled_from([["without", "explanation"], ["with", "explanation"]]))
        return [*which, *draw(st.sampled_from([["score", "0"], ["review"]]))]

    return _block(["missing"], [case() for _ in range(draw(st.integers(1, 2)))])


@st.composite
def not_applicable(draw: st.DrawFn) -> list[str]:
    action = draw(st.sampled_from([["rescale"], ["rescale", "apportion", "0.01"], ["full"]]))
    return ["not_applicable", *draw(st.lists(st.sampled_from(TEXTS), min_size=1, max_size=2)), *action]


@st.composite
def grades(draw: st.DrawFn) -> list[str]:
    def grade() -> list[str]:
        kind = draw(st.sampled_from([">=", "≥", "interval", "otherwise"]))
        if kind == "interval":
            return [draw(names()), *_interval(draw)]
        return [draw(names()), "otherwise"] if kind == "otherwise" else [draw(names()), kind, draw(numbers())]

    return _block(["grades"], [grade() for _ in range(draw(st.integers(1, 3)))])


@st.composite
def deductions(draw: st.DrawFn) -> list[str]:
    return _block(["deductions"], [["floor", draw(numbers())]])


@st.composite
def check(draw: st.DrawFn) -> list[str]:
    head = ["check", draw(names()), draw(st.sampled_from(["error", "warning", "info"]))]
    if draw(st.booleans()):
        head += ["for", "each", draw(st.sampled_from(BARE)), "in", *draw(paths())]
        if draw(st.booleans()):
            head += ["where", *draw(conditions())]

    def clause(kind: str) -> list[str]:
        if kind in ("require", "when"):
            return [kind, *draw(conditions())]
        if kind == "at":
            return ["at", *draw(paths())]
        return [kind, draw(st.sampled_from(TEXTS))]

    kinds = draw(st.lists(st.sampled_from(["require", "when", "at", "zh", "en"]), max_size=4))
    return _block(head, [clause(k) for k in kinds])


OVERRIDABLE = [budget, value, qualitative, quantitative, category, indicator, missing, not_applicable, grades, check, block]


@st.composite
def override(draw: st.DrawFn) -> list[str]:
    return ["override", *draw(st.sampled_from(OVERRIDABLE).flatmap(lambda make: make()))]


ITEMS = [
    st.just(["extends", '"national-2020.rules"']),
    st.just(["part", '"共用检查"']),
    ruleset(), budget(), value(), qualitative(), quantitative(), category(), block(), indicator(),
    missing(), not_applicable(), grades(), deductions(), check(), override(),
]  # fmt: skip


@st.composite
def rule_files(draw: st.DrawFn) -> str:
    """The text of a rule file that parses, laid out at random."""
    items = draw(st.lists(st.one_of(ITEMS), max_size=6))
    return draw(laid_out([token for item in items for token in item]))


@st.composite
def laid_out(draw: st.DrawFn, tokens: list[str]) -> str:
    out: list[str] = [draw(_space(comments=True, touching=True, first=True))]
    for before, after in zip(tokens, tokens[1:] + [""]):
        out.append(before)
        touching = not after or before[-1] in _TOUCHING or after[0] in _TOUCHING
        out.append(draw(_space(comments=True, touching=touching, first=False)))
    return "".join(out)


_BLANKS = st.sampled_from([" ", "  ", "\t", "\n", "\n  ", "\n\n", " \n\t ", "\n\n\n    "])


@st.composite
def _space(draw: st.DrawFn, comments: bool, touching: bool, first: bool) -> str:
    """Whitespace between two tokens, with comments in it now and then; a comment always ends
    its line."""
    space = draw(st.sampled_from([""]) if touching and draw(st.booleans()) else _BLANKS)
    if comments and draw(st.integers(0, 5)) == 0:
        for _ in range(draw(st.integers(1, 2))):
            space += draw(st.sampled_from(COMMENTS)) + draw(st.sampled_from(["\n", "\n\n", "\n  ", "\n\t\n"]))
    if not touching and not space:
        space = " "
    return space


# ---- re-laying out an existing file -------------------------------------------------------------


def tokens_and_gaps(text: str) -> tuple[list[Token], list[str]]:
    """The tokens of rule text (as the rule language's own lexer reads them) and the text between
    them: gaps[i] stands before tokens[i], the last gap after the last token."""
    interactive = grammar_parser().parse_interactive(text)
    tokens = list(interactive.iter_parse())
    interactive.feed_eof()
    ends = [0] + [t.end_pos for t in tokens]
    starts = [t.start_pos for t in tokens] + [len(text)]
    return tokens, [text[end:start] for end, start in zip(ends, starts)]


def relaid(text: str, rng: random.Random) -> str:
    """`text` with every gap between two tokens re-spaced at random — spaces, tabs, indents, line
    breaks, more blank lines — keeping its comments, which of them stand on a line of their own,
    and where a blank line stands (one or more). `rng` draws the spacing (Hypothesis draws only its
    seed: a shipped file has thousands of gaps)."""
    tokens, gaps = tokens_and_gaps(text)
    out: list[str] = []
    for at, gap in enumerate(gaps):
        out.append(_respaced(gap, rng, first=at == 0, last=at == len(gaps) - 1))
        if at < len(tokens):
            out.append(str(tokens[at]))
    return "".join(out)


def relayouts(text: str) -> st.SearchStrategy[str]:
    return st.randoms(use_true_random=False).map(lambda rng: relaid(text, rng))


def _respaced(gap: str, rng: random.Random, first: bool, last: bool) -> str:
    """One gap re-spaced: blanks, comment, blanks, comment, …, blanks, each run of blanks drawn
    anew with as many line breaks as the formatter must see (none before an end-of-line comment,
    one after a comment, two or more where a blank line stood) and any spaces, tabs and indents."""
    pieces = _COMMENT_SPLIT.split(gap)
    out: list[str] = []
    for at, piece in enumerate(pieces):
        if at % 2:
            out.append(piece)  # a comment, as written
            continue
        newlines = piece.count("\n")
        before_comment, after_comment = at + 1 < len(pieces), at > 0
        if newlines >= 2:
            lines = rng.randint(2, 4)
        elif after_comment and not (last and at == len(pieces) - 1):
            lines = 1  # a comment ends its line
        elif before_comment and not first:
            lines = newlines  # an end-of-line comment stays one, an own-line comment too
        else:
            lines = rng.randint(0, 1)  # between two tokens: a line break or not
        spaced = "".join(rng.choice(_INDENTS) + "\n" for _ in range(lines)) + rng.choice(_INDENTS)
        if not spaced and piece:
            spaced = " "  # two tokens apart stay apart
        out.append(spaced)
    return "".join(out)


_COMMENT_SPLIT = re.compile(r"(#[^\n]*)")
_INDENTS = ("", " ", "  ", "\t", "      ")
