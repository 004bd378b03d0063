"""What an editor asks of a rule file while it is written: its problems, the names it declares and
uses (across `extends`), what a name or keyword under the cursor is, where a name is defined,
what may be typed next, and the edits that format it.

The language server (`server`, over pygls) answers the editor's requests with these; nothing here
knows the protocol, so each answer can be tested directly too. Positions here are 0-based lines
and columns counted in characters (code points); the server converts columns to the units the
client counts in. Lines are split at "\\n" only, as the parser counts them.
"""

from __future__ import annotations

import difflib
import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..engine.loader import RULE_SUFFIX, check_text, linked, shipped_path, shipped_rule_sets
from ..errors import Diagnostic, RuleError, RuleSyntaxError, Span
from ..language import nodes as n
from ..language.format import format_rules
from ..messages import text
from .keywords import KEYWORDS, written

Position = tuple[int, int]  # (line, column), both from 0, the column in characters
Range = tuple[Position, Position]

MAX_FILES_OFFERED = 200  # rule files beside a document offered after `extends "`
SHOWN_LINES = 16  # a definition longer than this is cut in a hover, with …
_OVERRIDABLE = (
    "budget", "value", "qualitative", "quantitative", "category", "indicator", "missing",
    "not_applicable", "grades", "check", "block",
)  # fmt: skip
_WORD = re.compile(r"(?!\d)[\w·]+")
_QUOTED_OR_COMMENT = re.compile(r'"[^"\n]*"?|#[^\n]*')


# ---- diagnostics ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Related:
    """A place in another file that a problem stands in or refers to."""

    path: Path
    range: Range
    message: str


@dataclass(frozen=True, slots=True)
class Problem:
    """A diagnostic of the checker, placed in the document and said in the reader's language."""

    range: Range
    severity: str  # "error" or "warning"
    message: str
    code: str  # the catalogue id (`check.unknown_name`)
    related: tuple[Related, ...] = ()


def problems(source: str, name: str, base: str | os.PathLike[str] | None, lang: str) -> list[Problem]:
    """What `evalrules check` says of `source`, a document named `name` (its path) whose
    `extends` are read from `base`: every error and warning, placed in the document. A problem in
    a file it extends is placed on the `extends` line, naming the file and line it stands at."""
    try:
        checked = check_text(source, name, base=base)
    except RuleError as error:
        found = [*error.diagnostics, *error.warnings]
    except Exception as error:  # a bug of ours must not stop the server: say so in the file
        return [Problem(((0, 0), (0, 0)), "error", text("lsp.internal_error", lang, kind=type(error).__name__), "lsp.internal_error")]
    else:
        found = list(checked.warnings)
    return [_problem(d, source, name, lang) for d in found]


def _problem(diagnostic: Diagnostic, source: str, name: str, lang: str) -> Problem:
    said = diagnostic.message(lang)
    if diagnostic.hint is not None:
        said += "\n" + diagnostic.hint.text(lang)
    span = diagnostic.span
    if span.file == name or span.line == 0 and span.file in ("", name):
        return Problem(range_of(span), diagnostic.severity, said, diagnostic.id)
    # The problem stands in a file this one extends: shown on the `extends` line, with a link.
    where = f"{_short(span.file)}:{span.line}:{span.column}" if span.line else _short(span.file)
    extends = _extends_range(source)
    path = located(span.file, name)
    related = (Related(path, range_of(span), said),) if path is not None else ()
    return Problem(extends, diagnostic.severity, text("lsp.in_extended_file", lang, where=where, message=said), diagnostic.id, related)


def range_of(span: Span) -> Range:
    if span.line == 0:  # the file as a whole
        return ((0, 0), (0, 0))
    return ((span.line - 1, span.column - 1), (span.end_line - 1, span.end_column - 1))


def _extends_range(source: str) -> Range:
    for number, line in enumerate(source.split("\n")):
        found = re.match(r"\s*extends\b.*", line)
        if found:
            start = len(line) - len(line.lstrip())
            return ((number, start), (number, len(line.rstrip())))
    return ((0, 0), (0, 0))


def located(cited: str, document: str) -> Path | None:
    """The file a position's file name stands for: an absolute path as it is, a shipped file by its
    name there (`shared/checks.rules`), else a path beside the document."""
    path = Path(cited)
    if path.is_absolute():
        return path if path.exists() else None
    shipped = shipped_path(cited)
    if shipped is not None:
        return shipped
    beside = Path(document).parent / cited
    return beside if beside.exists() else None


def _short(cited: str) -> str:
    return Path(cited).name if os.path.isabs(cited) else cited


# ---- the names a file declares and uses -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Definition:
    """Where a name is declared, and the node whose text says what it is."""

    kind: str  # category, quantitative, qualitative, indicator, value, budget_field, check, block, grade, band, word, row
    name: str
    span: Span  # of the name
    shown: Span  # of the text a hover shows (the block, or the clause line)
    file: n.RuleFile
    override: bool = False


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A name written in the document: a declaration of it, or a use."""

    kind: str
    name: str
    range: Range
    declares: bool
    target: Definition | None = None  # a use whose definition is known in place (a check's row)


@dataclass
class Outline:
    """The names of a document and of every file it extends, found without checking them."""

    file: n.RuleFile
    paths: dict[str, Path | None]  # each file of the chain, by the name its positions use
    definitions: dict[tuple[str, str], list[Definition]] = field(default_factory=dict)
    occurrences: list[Occurrence] = field(default_factory=list)
    extends: tuple[Range, str, Path | None] | None = None  # the quoted name, its text, the file

    def defined(self, kind: str, name: str) -> list[Definition]:
        return self.definitions.get((kind, name), [])

    def at(self, position: Position) -> Occurrence | None:
        return next((o for o in self.occurrences if _inside(position, o.range)), None)


MAX_REPAIRS = 10  # lines blanked, at most, to outline a text that does not parse


def outline(source: str, name: str, base: str | os.PathLike[str] | None) -> Outline:
    """The outline of `source`, also while it is being typed: a line the parser stops at is left
    out (up to `MAX_REPAIRS` of them), and a text that still does not parse keeps only its
    `extends`, so that the names of the files it extends still serve. An `extends` that names no
    file leaves the document alone (its other names still count)."""
    lines = source.split("\n")
    for _ in range(MAX_REPAIRS):
        try:
            return _outline(source, "\n".join(lines), name, base)
        except RuleSyntaxError as error:
            broken = {d.span.line - 1 for d in error.diagnostics if 1 <= d.span.line <= len(lines)}
            broken = {line for line in broken if lines[line].strip()} or {
                line for line in range(len(lines)) if lines[line].strip()  # an end too early: nothing to blank
            }
            lines = ["" if number in broken else line for number, line in enumerate(lines)]
    kept = ["" if not re.match(r"\s*extends\b", line) else line for line in source.split("\n")]
    try:
        return _outline(source, "\n".join(kept), name, base)
    except RuleSyntaxError:
        return _outline(source, "", name, base)


def _outline(source: str, parsed: str, name: str, base: str | os.PathLike[str] | None) -> Outline:
    """The outline of `parsed` (`source`, or `source` with lines blanked), shown as `source`."""
    try:
        root = linked(parsed, name, base=base)
    except RuleSyntaxError:
        raise
    except RuleError:  # the file extended cannot be had: the document's own names still serve
        root = linked(re.sub(r"(?m)^(\s*)extends\b", r"\1#xtends", parsed), name, base=None)
    root = n.RuleFile(root.path, source, root.items, root.comments, root.parent)
    chain = root.chain()
    paths = {f.path: (Path(name) if f is root and os.path.isabs(name) else located(f.path, name)) for f in chain}
    found = Outline(root, paths)
    for file in reversed(chain):  # the files extended first, so the nearest definition comes first at the end
        _declare(found, file)
    for key in found.definitions:
        found.definitions[key].reverse()
    _uses(found, root)
    extends = next((item for item in root.items if isinstance(item, n.Extends)), None)
    if extends is not None:
        parent = root.parent
        found.extends = (range_of(extends.name.span), extends.name.value, paths.get(parent.path) if parent else None)
    return found


def _declare(found: Outline, file: n.RuleFile) -> None:
    for item in file.items:
        block = item.block if isinstance(item, n.Override) else item
        for kind, name, shown in _declared_here(block):
            definition = Definition(kind, name.text, name.span, shown, file, isinstance(item, n.Override))
            found.definitions.setdefault((kind, name.text), []).append(definition)


def _uses(found: Outline, root: n.RuleFile) -> None:
    """Every name the document writes, declared or used, with what it names."""
    lines = root.source.split("\n")

    def note(kind: str, name: n.Name, declares: bool = False, target: Definition | None = None) -> None:
        found.occurrences.append(Occurrence(kind, name.text, range_of(name.span), declares, target))

    for item in root.items:
        block = item.block if isinstance(item, n.Override) else item
        for kind, name, _ in _declared_here(block):
            note(kind, name, declares=True)
        for kind, name in _named_here(block):
            note(kind, name)
        row: Definition | None = None
        if isinstance(block, n.Check) and block.row is not None:
            header = Span(root.path, block.span.line, 1, block.span.line, len(lines[block.span.line - 1]) + 1)
            row = Definition("row", block.row.text, block.row.span, header, root)
            note("row", block.row, declares=True, target=row)
        for reference in _references(block):
            for kind, part_name, target in _path_uses(found, reference, row, lines):
                note(kind, part_name, target=target)


def _declared_here(block: object) -> Iterator[tuple[str, n.Name, Span]]:
    """The names a block declares: (kind, name, the span of the text that says what it is)."""
    kinds = {n.Value: "value", n.Quantitative: "quantitative", n.Check: "check", n.Block: "block",
             n.Qualitative: "qualitative", n.Category: "category", n.Indicator: "indicator"}  # fmt: skip
    if isinstance(block, n.Budget):
        yield from (("budget_field", f.name, f.span) for f in block.fields)
    elif type(block) in kinds:
        yield kinds[type(block)], block.name, block.span  # type: ignore[attr-defined]
    if isinstance(block, n.Qualitative):
        for clause in block.clauses:
            if isinstance(clause, n.Bands):
                yield from (("band", band.name, band.span) for band in clause.bands)
            elif isinstance(clause, n.Words):
                yield from (("word", word.word, word.span) for word in clause.levels)
    elif isinstance(block, n.Category):
        for clause in block.clauses:
            if isinstance(clause, n.FixedWeights):
                yield from (("indicator", weight.indicator, weight.span) for weight in clause.weights)
    elif isinstance(block, n.Grades):
        yield from (("grade", grade.name, grade.span) for grade in block.grades)


def _named_here(block: object) -> Iterator[tuple[str, n.Name]]:
    """The names a block uses that are not paths: schemes, values, categories, indicators, bands."""
    if isinstance(block, n.Quantitative) and block.like is not None:
        yield "quantitative", block.like
    elif isinstance(block, n.Qualitative):
        for clause in block.clauses:
            places: list[object] = []
            if isinstance(clause, n.Words):
                places = [word.level for word in clause.levels]
            elif isinstance(clause, n.AsTarget):
                places = [clause.place]
            elif isinstance(clause, n.Deadline):
                places = [clause.met, clause.missed]
            yield from (("band", place) for place in places if isinstance(place, n.Name))
    elif isinstance(block, (n.Category, n.Indicator)):
        for clause in block.clauses:
            if isinstance(clause, n.UseScheme):
                yield clause.kind, clause.scheme
            elif isinstance(clause, n.ActualFrom):
                yield "value", clause.value
            elif isinstance(clause, n.Required):
                yield from (("indicator", name) for name in clause.names)
    elif isinstance(block, n.Block):
        for clause in block.clauses:
            if isinstance(clause, n.BlockCategories):
                yield from (("category", name) for name in clause.names)


def _references(block: object) -> Iterator[n.Reference]:
    """Every path a value or a check reads, in reading order."""
    if isinstance(block, n.Value):
        yield from _in_expr(block.expr)
    elif isinstance(block, n.Check):
        if block.collection is not None:
            yield block.collection
        if block.where is not None:
            yield from _in_condition(block.where)
        for clause in block.clauses:
            if isinstance(clause, n.Reference):
                yield clause
            elif isinstance(clause, n.When):
                yield from _in_condition(clause.condition)
            elif isinstance(clause, (n.Requirement, n.AllOf)):
                yield from _in_condition(clause)


def _in_condition(condition: n.Condition) -> Iterator[n.Reference]:
    for test in n.tests_of(condition):
        yield from _in_expr(test.left)
        if not isinstance(test.right, (n.Text, n.Empty, n.Truth)):
            yield from _in_expr(test.right)


def _in_expr(expr: n.Expr) -> Iterator[n.Reference]:
    if isinstance(expr, n.Reference):
        yield expr
    elif isinstance(expr, n.Negate):
        yield from _in_expr(expr.operand)
    elif isinstance(expr, n.Binary):
        yield from _in_expr(expr.left)
        yield from _in_expr(expr.right)
    elif isinstance(expr, n.Call):
        yield from _in_expr(expr.argument)
    elif isinstance(expr, n.Otherwise):
        yield from _in_expr(expr.primary)
        yield from _in_expr(expr.fallback)
    elif isinstance(expr, n.Conditional):
        yield from _in_condition(expr.condition)
        yield from _in_expr(expr.then)
        yield from _in_expr(expr.otherwise)


def _path_uses(
    found: Outline, reference: n.Reference, row: Definition | None, lines: list[str]
) -> Iterator[tuple[str, n.Name, Definition | None]]:
    """The names a path uses: a value or a budget amount (`paid`, `budget.paid`), the row of a
    check (`row.spent`); the fields of a form (`items.rows`) name nothing a rule file declares."""
    parts = _part_names(reference, lines)
    if not parts:
        return
    first = parts[0]
    if row is not None and first.text == row.name:
        yield "row", first, row
    elif len(parts) == 1:
        for kind in ("value", "budget_field"):
            if found.defined(kind, first.text):
                yield kind, first, None
                break
    elif first.text == "budget" and len(parts) == 2:
        yield "budget_field", parts[1], None


def _part_names(reference: n.Reference, lines: list[str]) -> list[n.Name]:
    """Each part of a dotted path as a name with its own span (the path is one name to the parser)."""
    span = reference.name.span
    if span.line != span.end_line or not 1 <= span.line <= len(lines):
        return []
    line = lines[span.line - 1]
    at, names = span.column - 1, []
    for part in reference.parts:
        start = line.find(part, at, span.end_column - 1)
        if start < 0:
            return names
        names.append(n.Name(part, Span(span.file, span.line, start + 1, span.line, start + 1 + len(part))))
        at = start + len(part)
    return names


def _inside(position: Position, range_: Range) -> bool:
    return range_[0] <= position <= range_[1]


# ---- hover ------------------------------------------------------------------------------------


def hover(found: Outline, source: str, position: Position, lang: str) -> tuple[str, Range] | None:
    """Markdown saying what stands at `position`: a name (what it is, where each file of the chain
    defines or overrides it, and that text), the file an `extends` names, or a keyword's meaning."""
    if found.extends is not None and _inside(position, found.extends[0]):
        path = found.extends[2]
        return text("lsp.extended_file", lang, path=str(path) if path else found.extends[1]), found.extends[0]
    occurrence = found.at(position)
    if occurrence is not None:
        definitions = [occurrence.target] if occurrence.target else found.defined(occurrence.kind, occurrence.name)
        said = [f"**{text('lsp.kind.' + occurrence.kind, lang)}** `{occurrence.name}`"]
        for definition in definitions:
            said.append(_definition_text(found, definition, lang))
        return "\n\n".join(said), occurrence.range
    word = word_at(source, position)
    if word is not None and word[0] in KEYWORDS:
        return f"**{text('lsp.keyword', lang)}** `{word[0]}`: {text('lsp.keyword.' + word[0], lang)}", word[1]
    return None


def _definition_text(found: Outline, definition: Definition, lang: str) -> str:
    where = f"{_short(definition.file.path)}:{definition.span.line}"
    heading = text("lsp.overrides_at" if definition.override else "lsp.defined_at", lang, where=where)
    shown = definition.shown
    # whole lines from the first (its indentation read as the file has it), the last cut at the end
    lines = definition.file.source.split("\n")[shown.line - 1 : shown.end_line]
    if len(lines) == shown.end_line - shown.line + 1:
        lines[-1] = lines[-1][: shown.end_column - 1]
    if len(lines) > SHOWN_LINES:
        lines = lines[: SHOWN_LINES - 1] + ["  …"]
    said = "\n".join(line.rstrip() for line in lines)
    return f"{heading}\n```evalrules\n{said}\n```"


def word_at(source: str, position: Position) -> tuple[str, Range] | None:
    """The bare word under `position`, outside quoted texts and comments, and its range."""
    line_number, column = position
    lines = source.split("\n")
    if not 0 <= line_number < len(lines):
        return None
    line = lines[line_number]
    for match in _QUOTED_OR_COMMENT.finditer(line):
        if match.start() <= column < match.end():
            return None
    for match in _WORD.finditer(line):
        if match.start() <= column <= match.end():
            return match.group(), ((line_number, match.start()), (line_number, match.end()))
    return None


# ---- go to definition -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Location:
    path: Path
    range: Range
    source: str  # the file's text, in which the range's columns are counted


def definitions(found: Outline, position: Position) -> list[Location]:
    """Where the name at `position` is defined, nearest file first; at an override, the block it
    replaces; at the name an `extends` gives, the file it names."""
    if found.extends is not None and _inside(position, found.extends[0]):
        path = found.extends[2]
        parent = found.file.parent
        return [Location(path, ((0, 0), (0, 0)), parent.source if parent else "")] if path is not None else []
    occurrence = found.at(position)
    if occurrence is None:
        return []
    candidates = [occurrence.target] if occurrence.target else found.defined(occurrence.kind, occurrence.name)
    here = [d for d in candidates if not (d.file is found.file and range_of(d.span) == occurrence.range)]
    located_ = []
    for definition in here:
        path = found.paths.get(definition.file.path)
        if path is not None:
            located_.append(Location(path, range_of(definition.span), definition.file.source))
    return located_


# ---- completion -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Completion:
    label: str
    kind: str  # "keyword", "file", or the kind of a name (category, value, …)
    detail: str
    insert: str


_AFTER_KIND = (
    (re.compile(r"(?:^|\s)like\s+\S*$"), ("quantitative",)),
    (re.compile(r"^\s+quantitative\s+\S*$"), ("quantitative",)),
    (re.compile(r"^\s+qualitative\s+\S*$"), ("qualitative",)),
    (re.compile(r"^\s+actual\s+\S*$"), ("value",)),
    (re.compile(r"^\s+categories(\s+\S+)*\s+\S*$"), ("category",)),
    (re.compile(r"^\s+required(\s+\S+)*\s+\S*$"), ("indicator",)),
    (re.compile(r"^\s+(words|as_target|deadline)\b.*\s\S*$"), ("band",)),
    (re.compile(r"(?:^|\s)budget\.\S*$"), ("budget_field",)),
)
_OVERRIDE_KIND = re.compile(r"^\s*override\s+(\w+)\s+\S*$")
_OVERRIDE = re.compile(r"^\s*override\s+\S*$")
_EXTENDS = re.compile(r'^\s*extends\s+"[^"]*$')


def completions(found: Outline | None, source: str, position: Position, document: str, lang: str) -> list[Completion]:
    """What may be typed at `position`: a rule file after `extends "`; the names of the right kind
    after a word that names one (`quantitative`, `like`, `actual`, `categories`, `override
    category`…); else the keywords and every name declared in the document and the files it
    extends."""
    lines = source.split("\n")
    line = lines[position[0]][: position[1]] if 0 <= position[0] < len(lines) else ""
    if _EXTENDS.search(line):
        return _files(document)
    if _OVERRIDE.search(line):
        return [_keyword(word, lang) for word in _OVERRIDABLE]
    override = _OVERRIDE_KIND.search(line)
    if override is not None and found is not None:
        kind = override.group(1)
        parents = found.file.chain()[1:]
        return _names(found, lang, kinds=(kind,), files=parents)
    for pattern, kinds in _AFTER_KIND:
        if pattern.search(line):
            return _names(found, lang, kinds=kinds) if found is not None else []
    keywords = [_keyword(word, lang) for word in sorted(KEYWORDS)]
    if not line.strip():  # the first word of a line opens a block or a clause
        return keywords
    return keywords + (_names(found, lang) if found is not None else [])


def _keyword(word: str, lang: str) -> Completion:
    return Completion(word, "keyword", text(f"lsp.keyword.{word}", lang), word)


def _names(
    found: Outline, lang: str, kinds: tuple[str, ...] | None = None, files: tuple[n.RuleFile, ...] | None = None
) -> list[Completion]:
    said: dict[tuple[str, str], Completion] = {}
    for (kind, name), places in found.definitions.items():
        if kinds is not None and kind not in kinds:
            continue
        places = [d for d in places if files is None or any(d.file is f for f in files)]
        if not places:
            continue
        where = f"{_short(places[0].file.path)}:{places[0].span.line}"
        said.setdefault((kind, name), Completion(name, kind, f"{text('lsp.kind.' + kind, lang)} · {where}", written(name)))
    return sorted(said.values(), key=lambda c: (c.kind, c.label))


def _files(document: str) -> list[Completion]:
    """The rule files an `extends` may name: the shipped rule sets and parts, and the rule files
    beside the document."""
    offered: dict[str, Completion] = {}
    for name in shipped_rule_sets():
        if Path(document).name == name + RULE_SUFFIX:
            continue
        offered.setdefault(name + RULE_SUFFIX, Completion(name + RULE_SUFFIX, "file", "evalrules", name + RULE_SUFFIX))
    shipped = shipped_path("shared/checks.rules")
    if shipped is not None:
        offered.setdefault("shared/checks.rules", Completion("shared/checks.rules", "file", "evalrules", "shared/checks.rules"))
    here = Path(document)
    if here.is_absolute() and here.parent.is_dir():
        # a document in a large folder (a home folder) must not make every keystroke walk it all
        for path in sorted(itertools.islice(here.parent.rglob("*" + RULE_SUFFIX), MAX_FILES_OFFERED)):
            if path != here and not path.name.startswith("."):
                relative = path.relative_to(here.parent).as_posix()
                offered.setdefault(relative, Completion(relative, "file", str(path), relative))
    return sorted(offered.values(), key=lambda c: c.label)


# ---- formatting -------------------------------------------------------------------------------


def format_edits(source: str, name: str) -> list[tuple[Range, str]] | None:
    """The edits that make `source` the canonical text `evalrules fmt` gives, as few lines as
    change (the cursor and marks elsewhere stay put); None when the text does not parse (its
    diagnostics say why). Raises `FormatterError` when the formatter refuses a text whose
    formatting would change more than its layout (a bug of ours, said to the user)."""
    try:
        formatted = format_rules(source, name)
    except RuleError:
        return None
    old, new = _lines(source), _lines(formatted)
    edits = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            edits.append(((_line_start(old, i1), _line_start(old, i2)), "".join(new[j1:j2])))
    return edits


def _lines(source: str) -> list[str]:
    """The lines of a text with their ends, split at "\\n" only (as positions count them)."""
    return re.findall(r"[^\n]*\n|[^\n]+\Z", source)


def _line_start(lines: list[str], index: int) -> Position:
    """Where line `index` starts; past the last line, the end of the text."""
    if index < len(lines) or not lines or lines[-1].endswith(("\n", "\r")):
        return (index, 0)
    return (len(lines) - 1, len(lines[-1]))
