"""Format: rule-file text → the same rule file in its one canonical layout (`evalrules fmt`).

A step beside the parser, not after it: the formatter reads lark's tree and the token stream of
the text, never the checked nodes, and changes only the space between tokens (and the quotes of a
name that does not need them). Every token is printed as written, so `80%` stays `80%`, `≥` stays
`≥` and a rule's meaning cannot change; every comment is printed, in order, own-line comments on
lines of their own and end-of-line comments at the end of their line. The layout is the one the
shipped rule files are written in (docs/fmt.en.md describes it rule by rule): two spaces an
indent, `{` on the block's line, one clause a line, one blank line between top-level blocks, the
blank lines an author left between clauses and comments kept (one at most), the labels of a
budget block and the intervals of a bands table in a column.

Before returning, the output is parsed again and compared with the input, token for token and
comment for comment; a difference (a bug of the formatter) raises `FormatterError` instead of
handing back text that has lost anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from lark import Token, Tree
from lark.exceptions import UnexpectedInput

from ..errors import RuleError
from .parser import parse
from .tables import grammar_parser

__all__ = ["format_rules", "FormatterError", "INDENT"]

INDENT = "  "
BEFORE_COMMENT = "  "  # between the end of a clause and a comment on the same line
# Tables whose rows line up: the grammar rule of the block → spaces between its first column (the
# longest name, counted in characters as the shipped files count them) and the rest of the row.
ALIGNED = {"budget": 2, "bands": 1}
_BOM = "\ufeff"
_COMMENT = re.compile(r"#[^\n]*")
# Tokens printed against their neighbour: after an opening bracket or a path's dot, before a
# closing one, a comma, a dot or a percent sign.
_NO_SPACE_AFTER = frozenset({"(", "["})
_NO_SPACE_BEFORE = frozenset({")", "]", ","})


class FormatterError(Exception):
    """The formatter's output would not be the input re-spaced: a bug of ours, never the file's.

    Raised instead of returning text that lost or changed a token or a comment, so that
    `evalrules fmt` never writes such a file. Not an `EvalRulesError`: nothing is wrong with the
    input."""


def format_rules(source: str, path: str = "<rules>") -> str:
    """The canonical text of a rule file; `RuleSyntaxError` (with positions) when it does not parse.

    Line endings stay as the file has them (CRLF when its first line ends so), as does a leading
    byte-order mark; the text always ends with one line break (an empty file stays empty).
    """
    bom = _BOM if source.startswith(_BOM) else ""
    newline = "\r\n" if source.split("\n", 1)[0].endswith("\r") and "\n" in source else "\n"
    text = source.removeprefix(bom).replace("\r\n", "\n")
    scanned = _scan(text, path)
    formatted = _Formatter(scanned).text()
    try:
        rescanned = _scan(formatted, path)
    except RuleError:  # the output does not parse: our fault, not the file's
        raise FormatterError(f"{path}: the formatted text would not parse; the file was left as it is") from None
    _verify(scanned, rescanned, path)
    return bom + (formatted.replace("\n", newline) if newline != "\n" else formatted)


# ---- reading: tokens, the gaps between them, and lark's tree with every token in place ---------


@dataclass(frozen=True, slots=True)
class _Comment:
    text: str
    own_line: bool  # nothing but blanks before it on its line
    blank_before: bool  # a blank line between it and what comes before it


@dataclass(frozen=True, slots=True)
class _Gap:
    """What stands between two tokens: comments, and whether the space after the last of them (or
    the whole gap, without comments) holds a blank line."""

    comments: tuple[_Comment, ...]
    blank_after: bool


@dataclass(slots=True)
class _Node:
    """A grammar rule with all its tokens: lark's tree drops keywords and punctuation, this keeps
    them, as indices into the token list."""

    rule: str
    children: list[_Node | int]


@dataclass(frozen=True, slots=True)
class _Scanned:
    tokens: tuple[Token, ...]
    gaps: tuple[_Gap, ...]  # gaps[i] stands before tokens[i]; gaps[-1] after the last token
    tree: _Node


def _scan(text: str, path: str) -> _Scanned:
    parser = grammar_parser()
    try:
        interactive = parser.parse_interactive(text)
        tokens = tuple(interactive.iter_parse())
        tree = interactive.feed_eof()
    except UnexpectedInput:
        parse(text, path)  # raises RuleSyntaxError, with every broken block and its caret
        raise  # pragma: no cover - the parser accepts what lark refused: cannot happen
    ends = [0] + [t.end_pos for t in tokens]
    starts = [t.start_pos for t in tokens] + [len(text)]
    gaps = tuple(_gap(text[end:start], first=i == 0) for i, (end, start) in enumerate(zip(ends, starts)))
    return _Scanned(tokens, gaps, _full(tree, tokens))


def _gap(space: str, first: bool) -> _Gap:
    comments: list[_Comment] = []
    at = 0
    for match in _COMMENT.finditer(space):
        before = space[at : match.start()]
        own_line = first and not comments or "\n" in before
        comments.append(_Comment(match.group().rstrip(), own_line, before.count("\n") >= 2))
        at = match.end()
    return _Gap(tuple(comments), space[at:].count("\n") >= 2)


def _full(tree: Tree, tokens: tuple[Token, ...]) -> _Node:
    """lark's tree with the tokens it filtered out (keywords, braces, operators) put back in order."""
    cursor = 0

    def build(node: Tree) -> _Node:
        nonlocal cursor
        children: list[_Node | int] = []
        for child in node.children:
            start = child.start_pos if isinstance(child, Token) else child.meta.start_pos
            while tokens[cursor].start_pos < start:
                children.append(cursor)
                cursor += 1
            if isinstance(child, Token):
                children.append(cursor)
                cursor += 1
            else:
                children.append(build(child))
        end = node.meta.end_pos if not node.meta.empty else -1
        while cursor < len(tokens) and tokens[cursor].start_pos < end:
            children.append(cursor)
            cursor += 1
        return _Node(str(node.data), children)

    return build(tree)


# ---- laying out: code lines, then comments and blank lines between them ------------------------


@dataclass(slots=True)
class _Line:
    level: int
    text: str
    first: int  # its first and last token
    last: int
    rest: str = ""  # a table row: `text` is its first column, `rest` the others
    column: int = 0  # where `rest` starts, for a table row
    opens: bool = False  # ends with the `{` of a block whose clauses follow
    closes: bool = False  # the `}` of a block
    item: str = ""  # "first" / "last" / "only": the line opens or ends a top-level block


@dataclass(slots=True)
class _Row:
    level: int
    text: str
    blank_before: bool
    code: _Line | None = None  # None: an own-line comment
    comment: str = ""  # a comment at the end of a code line


@dataclass(slots=True)
class _Formatter:
    scanned: _Scanned
    printed: list[str] = field(default_factory=list)  # each token as printed

    def __post_init__(self) -> None:
        self.printed = [str(t) for t in self.scanned.tokens]
        self._unquote_names(self.scanned.tree)

    def _unquote_names(self, node: _Node) -> None:
        if node.rule == "name":
            index = node.children[0]
            assert isinstance(index, int)
            token = self.scanned.tokens[index]
            if token.type == "STRING" and _bare(str(token)[1:-1]):
                self.printed[index] = str(token)[1:-1]
            return
        for child in node.children:
            if isinstance(child, _Node):
                self._unquote_names(child)

    # ---- code lines

    def lines(self, node: _Node, level: int) -> list[_Line]:
        if node.rule == "start":
            found: list[_Line] = []
            for child in node.children:
                item = self.lines(child, 0) if isinstance(child, _Node) else [self._inline_line([child], 0)]
                item[0].item, item[-1].item = "first", "last" if len(item) > 1 else "only"
                found += item
            return found
        if node.rule == "override":
            keyword, *rest = node.children
            assert isinstance(keyword, int)
            inner = [line for child in rest for line in self._child_lines(child, level)]
            inner[0].text = f"{self.printed[keyword]} {inner[0].text}"
            inner[0].first = keyword
            return inner
        brace = next((i for i, c in enumerate(node.children) if isinstance(c, int) and self.printed[c] == "{"), None)
        if brace is None:
            return [self._inline_line(node.children, level)]
        return self._block(node, brace, level)

    def _child_lines(self, child: _Node | int, level: int) -> list[_Line]:
        return self.lines(child, level) if isinstance(child, _Node) else [self._inline_line([child], level)]

    def _block(self, node: _Node, brace: int, level: int) -> list[_Line]:
        header, opening = node.children[:brace], node.children[brace]
        closing = max(i for i, c in enumerate(node.children) if isinstance(c, int) and self.printed[c] == "}")
        clauses, after = node.children[brace + 1 : closing], node.children[closing:]
        assert isinstance(opening, int)
        head = self._inline_line(header, level)
        end = self._inline_line(after, level)
        if not clauses and not any(self.scanned.gaps[i].comments for i in range(opening + 1, end.first + 1)):
            return [_Line(level, f"{head.text} {{{end.text}", head.first, end.last)]
        head.text, head.last, head.opens = f"{head.text} {{", opening, True
        end.closes = True
        body: list[_Line] = []
        for clause in clauses:
            body += self._child_lines(clause, level + 1)
        if node.rule in ALIGNED:
            self._align([self._row(c) for c in clauses if isinstance(c, _Node)], body, ALIGNED[node.rule])
        return [head, *body, end]

    def _row(self, clause: _Node) -> tuple[str, str]:
        key, *rest = clause.children
        return self._inline([key]), self._inline(rest)

    @staticmethod
    def _align(rows: list[tuple[str, str]], body: list[_Line], gap: int) -> None:
        column = max((len(key) for key, rest in rows if rest), default=0) + gap
        for line, (key, rest) in zip(body, rows):
            if rest:
                line.text, line.rest, line.column = key, rest, column

    def _inline_line(self, children: list[_Node | int], level: int) -> _Line:
        indices = list(_token_indices(children))
        return _Line(level, self._inline(children), indices[0], indices[-1])

    def _inline(self, children: list[_Node | int]) -> str:
        """Tokens on one line: one space between two, none where a bracket, dot or % joins them."""
        out: list[str] = []
        previous: tuple[str, str] | None = None
        for index, rule in _tokens_with_rule(children, ""):
            word = self.printed[index]
            if previous is not None and not _joined(previous, (word, rule), self.scanned.tokens[index].type):
                out.append(" ")
            out.append(word)
            previous = (word, rule)
        return "".join(out)

    # ---- rows: code lines with comments and blank lines

    def rows(self) -> list[_Row]:
        lines = self.lines(self.scanned.tree, 0)
        gaps = self.scanned.gaps
        rows: list[_Row] = []
        for line in lines:
            gap = gaps[line.first]
            comments = list(gap.comments)
            if rows and comments and not comments[0].own_line:
                self._attach(rows, comments.pop(0))
            level = line.level + 1 if line.closes else line.level
            rows += [_Row(level, c.text, c.blank_before) for c in comments]
            moved = [c for i in range(line.first + 1, line.last + 1) for c in gaps[i].comments]
            rows += [_Row(line.level, c.text, False) for c in moved]
            first_after_gap = len(rows) - len(moved)
            rows.append(_Row(line.level, line.text, False, line))
            rows[first_after_gap].blank_before = gap.blank_after
        end = list(gaps[-1].comments)
        if rows and end and not end[0].own_line:
            self._attach(rows, end.pop(0))
        rows += [_Row(0, c.text, c.blank_before) for c in end]
        self._structural_blanks(rows)
        return rows

    @staticmethod
    def _attach(rows: list[_Row], comment: _Comment) -> None:
        last = next(row for row in reversed(rows) if row.code is not None)
        last.comment = comment.text

    @staticmethod
    def _structural_blanks(rows: list[_Row]) -> None:
        """No blank line first, after a `{` or before a `}`; one between two top-level blocks
        (before the comments between them when no blank line stands among them), unless both are
        one line long (`value`, `not_applicable`, `extends`): those may stand together."""
        if rows:
            rows[0].blank_before = False
        ended: int | None = None  # the row ending the last top-level block
        for at, row in enumerate(rows):
            if at and (rows[at - 1].code is not None and rows[at - 1].code.opens):
                row.blank_before = False
            if row.code is None:
                continue
            if row.code.closes:
                row.blank_before = False
            if row.code.item in ("first", "only") and ended is not None:
                between = rows[ended + 1 : at + 1]
                before = rows[ended].code
                one_liners = row.code.item == "only" and before is not None and before.item == "only"
                if not one_liners and not any(r.blank_before for r in between):
                    between[0].blank_before = True
            if row.code.item in ("last", "only"):
                ended = at

    def text(self) -> str:
        out: list[str] = []
        for row in self.rows():
            if row.blank_before:
                out.append("")
            line = row.text
            if row.code is not None and row.code.rest:
                line = line + " " * max(row.code.column - len(line), 1) + row.code.rest
            if row.comment:
                line += BEFORE_COMMENT + row.comment
            out.append(INDENT * row.level + line)
        return "".join(line + "\n" for line in out)


def _token_indices(children: list[_Node | int]) -> Iterator[int]:
    for index, _ in _tokens_with_rule(children, ""):
        yield index


def _tokens_with_rule(children: list[_Node | int], rule: str) -> Iterator[tuple[int, str]]:
    """Each token under `children`, in order, with the grammar rule it belongs to."""
    for child in children:
        if isinstance(child, int):
            yield child, rule
        else:
            yield from _tokens_with_rule(child.children, child.rule)


def _joined(before: tuple[str, str], after: tuple[str, str], after_type: str) -> bool:
    """Whether two neighbouring tokens are printed without a space between them."""
    (left, left_rule), (right, right_rule) = before, after
    if left in _NO_SPACE_AFTER or right in _NO_SPACE_BEFORE or "." in (left, right):
        return True
    if after_type == "PERCENT":
        return True
    if left == "-" and left_rule == "neg":
        return True
    return right == "(" and right_rule == "call"


# ---- names that need no quotes ----------------------------------------------------------------


def _bare(name: str) -> bool:
    """Whether a quoted name reads the same unquoted: it is one NAME and no keyword."""
    return _name_pattern().fullmatch(name) is not None and name not in _keywords()


@cache
def _name_pattern() -> re.Pattern[str]:
    return re.compile(grammar_parser().get_terminal("NAME").pattern.to_regexp())


@cache
def _keywords() -> frozenset[str]:
    """Every word the grammar spells out (`round`, `score`, `true`…): a name spelt so keeps its
    quotes, since unquoted it is read as the keyword wherever the keyword may stand."""
    words = {t.pattern.value for t in grammar_parser().terminals if t.pattern.type == "str"}
    return frozenset(w for w in words if re.fullmatch(r"\w+", w))


# ---- the safety net ---------------------------------------------------------------------------


def _verify(before: _Scanned, after: _Scanned, path: str) -> None:
    """The formatted text must hold the same tokens (names unquoted where they may be) in the same
    grammar rules, and the same comments in the same order."""
    if _shape(before, before.tree) != _shape(after, after.tree) or _comments(before) != _comments(after):
        raise FormatterError(f"{path}: the formatter would change the rule file beyond its layout; it was left as it is")


def _shape(scanned: _Scanned, node: _Node) -> tuple[object, ...]:
    if node.rule == "name":
        index = node.children[0]
        assert isinstance(index, int)
        token = str(scanned.tokens[index])
        return ("name", token[1:-1] if scanned.tokens[index].type == "STRING" else token)
    return (node.rule, *(_shape(scanned, c) if isinstance(c, _Node) else str(scanned.tokens[c]) for c in node.children))


def _comments(scanned: _Scanned) -> list[str]:
    return [c.text for gap in scanned.gaps for c in gap.comments]
