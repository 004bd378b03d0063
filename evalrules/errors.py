"""The one error root of evalrules, and the positions errors carry.

Every step of the pipeline (parse, check, load a record, evaluate) raises a subclass of
`EvalRulesError`. A rule-file error carries a `Span` and prints `file:line:col`, the source line and
a caret; a record error carries the file and a field path such as `indicators[7].actual`. Exceptions
of lark, pydantic or YAML never reach a user unwrapped: the module that calls those libraries
translates them here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from .display import display_width, visible
from .messages import DEFAULT_LANGUAGE, LANGUAGES, Message, check_values, default_language, message, show, text

# A rule-file line longer than this is shown as a window around the caret, with … marks; a piece of
# rule-file text quoted inside a message (a name, a token) is cut to it too. A generated or damaged
# file can hold lines of megabytes, which must not flood a terminal or a log.
SHOWN_CHARACTERS = 200


@dataclass(frozen=True, slots=True)
class Span:
    """Where a piece of a rule file stands: 1-based lines and columns, end exclusive."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        if self.line == 0:  # the file as a whole (it cannot be read, or says nothing)
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a rule file; `severity` is "error" or "warning".

    `what` and `hint` are catalogue messages, written out in the reader's language when shown.
    """

    what: Message
    span: Span
    severity: str = "error"
    hint: Message | None = None

    def __post_init__(self) -> None:
        # The values come from a rule file: a control character or an ANSI escape in a name must
        # not reach a terminal, in any output, so they are made visible once, here.
        object.__setattr__(self, "what", _shown(self.what))
        if self.hint is not None:
            object.__setattr__(self, "hint", _shown(self.hint))

    @property
    def id(self) -> str:
        return self.what.key

    def message(self, lang: str = "zh") -> str:
        return self.what.text(lang)

    def render(self, source: str | None, lang: str = "zh") -> str:
        severity = text(f"severity.{self.severity}", lang)
        lines = [f"{_cut(visible(str(self.span)))}: {severity}: {self.message(lang)}"]
        if source is not None:
            lines.extend(caret_lines(source, self.span))
        if self.hint is not None:
            lines.append(f"  = {self.hint.text(lang)}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The diagnostic as data (`evalrules check --format json`): position, id, both languages."""
        span = self.span
        return {
            "file": span.file,
            "line": span.line,
            "column": span.column,
            "end_line": span.end_line,
            "end_column": span.end_column,
            "severity": self.severity,
            "id": self.id,
            "message": self.what.both(),
            "hint": self.hint.both() if self.hint is not None else None,
        }


@dataclass(frozen=True, slots=True)
class Composed(Message):
    """A message some of whose values are messages themselves, written in the same language.

    `category '产出' states its weights twice`: the owner (`category '产出'`, 类别“产出”) and the
    thing stated (weights, 权重) are catalogue phrases of their own, not English put in a sentence.
    """

    parts: tuple[tuple[str, Message], ...] = ()

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        values = dict(self.values)
        values.update((name, part.text(lang)) for name, part in self.parts)
        return text(self.key, lang, **values)


def compose(key: str, /, **values: object) -> Message:
    """`message(key, **values)`, where a value may itself be a `Message` (see `Composed`)."""
    check_values(key, values.keys())
    parts = tuple((name, value) for name, value in values.items() if isinstance(value, Message))
    plain = Message(key, tuple((name, show(value)) for name, value in values.items() if not isinstance(value, Message)))
    return Composed(plain.key, plain.values, parts) if parts else plain


def _shown(what: Message) -> Message:
    """`what` with every value safe to print: hidden characters visible, long texts cut."""
    values = tuple((name, _cut(visible(value))) for name, value in what.values)
    if isinstance(what, Composed):
        return replace(what, values=values, parts=tuple((name, _shown(part)) for name, part in what.parts))
    return replace(what, values=values) if values != what.values else what


def _cut(shown: str, limit: int = SHOWN_CHARACTERS) -> str:
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"



def caret_lines(source: str, span: Span) -> list[str]:
    """The source line of `span` and a caret line under it (wide characters count double).

    The line is shown as `display.visible` shows it (a control character in a rule file must not
    reach the terminal), a tab as one space, and cut to a window around the caret when it is long.
    """
    text_lines = source.split("\n")  # positions count \n only; splitlines() also breaks at \x0c, \u2028 …
    if not 1 <= span.line <= len(text_lines):
        return []
    line = text_lines[span.line - 1].rstrip("\r").replace("\t", " ")
    start = max(span.column - 1, 0)
    end = span.end_column - 1 if span.end_line == span.line else len(line)
    end = max(end, start + 1)
    before, marked, after = _window(visible(line[:start]), visible(line[start:end]), visible(line[end:]))
    gutter = f"{span.line:>4} | "
    caret = " " * display_width(before) + "^" * max(display_width(marked), 1)
    return [gutter + before + marked + after, " " * (len(gutter) - 2) + "| " + caret]


def _window(before: str, marked: str, after: str, limit: int = SHOWN_CHARACTERS) -> tuple[str, str, str]:
    """The three parts of a line cut to about `limit` characters around the marked part."""
    if len(before) + len(marked) + len(after) <= limit:
        return before, marked, after
    cut_before = cut_after = False
    if len(marked) > limit // 2:
        marked, after, cut_after = marked[: limit // 2], "", True
    room = limit - len(marked)
    keep_before = min(len(before), max(room // 2, room - len(after)))
    keep_after = min(len(after), room - keep_before)
    if keep_before < len(before):
        before, cut_before = before[len(before) - keep_before :], True
    if keep_after < len(after):
        after, cut_after = after[:keep_after], True
    return ("…" if cut_before else "") + before, marked, after + ("…" if cut_after else "")


class Unavailable(LookupError):
    """Internal: a value needs a budget amount the record lacks, or would divide by zero.

    Never reaches a user: the evaluator catches it and falls back to the form's own figure.
    """


class EvalRulesError(Exception):
    """The root of every error evalrules raises on purpose."""


class UsageError(EvalRulesError):
    """An argument of the public API that evalrules cannot use: an unknown language or format."""

    def __init__(self, what: Message) -> None:
        self.what = what
        super().__init__(what.text(default_language()))

    def text(self, lang: str) -> str:
        return self.what.text(lang)


def check_language(lang: str) -> str:
    """`lang` when it is one evalrules speaks; `UsageError` otherwise."""
    if lang not in LANGUAGES:
        raise UsageError(message("usage.language", lang=str(lang), known=", ".join(LANGUAGES)))
    return lang


class RuleError(EvalRulesError):
    """A rule file that cannot be used: syntax errors and failed checks, all of them at once."""

    def __init__(
        self, diagnostics: list[Diagnostic], source: str | None, sources: Mapping[str, str] | None = None
    ) -> None:
        self.diagnostics = [d for d in diagnostics if d.severity == "error"]
        self.warnings = [d for d in diagnostics if d.severity != "error"]
        self.source = source
        # A rule file that extends another: the text of every file of the chain, by its path, so
        # that a diagnostic in the file extended is shown with that file's line.
        self.sources: Mapping[str, str] = dict(sources or {})
        super().__init__(self.render(default_language()))

    @property
    def span(self) -> Span:
        return self.diagnostics[0].span

    def source_of(self, diagnostic: Diagnostic) -> str | None:
        """The text of the file `diagnostic` stands in."""
        return self.sources.get(diagnostic.span.file, self.source)

    def render(self, lang: str = "zh") -> str:
        return "\n".join(d.render(self.source_of(d), lang) for d in self.diagnostics + self.warnings)


class RuleSyntaxError(RuleError):
    """The rule file does not follow the grammar."""


class RuleCheckError(RuleError):
    """The rule file parses but says something impossible or unknown."""


@dataclass(frozen=True, slots=True)
class RecordProblem:
    """One problem in a record: the field path (`indicators[7].actual`), what is wrong, and where
    the text of the record has it (1-based line and column, when the reader knows them)."""

    path: str
    what: Message
    line: int | None = None
    column: int | None = None

    @property
    def id(self) -> str:
        return self.what.key

    def message(self, lang: str = "zh") -> str:
        return self.what.text(check_language(lang))

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "column": self.column, "id": self.id, "message": self.what.both()}


class RecordError(EvalRulesError):
    """A record (a filled form) that cannot be read or does not fit the rule set."""

    def __init__(self, source: str, problems: list[RecordProblem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.render(default_language()))

    def render(self, lang: str = "zh") -> str:
        """One line a problem: `source: path: message (line N, column M)`, in `lang`."""
        check_language(lang)
        return "\n".join(self._line(p, lang) for p in self.problems)

    def _line(self, problem: RecordProblem, lang: str) -> str:
        where = "".join(f"{part}: " for part in (self.source, problem.path) if part)
        said = problem.message(lang)
        if problem.line is None:
            return where + said
        if problem.column is None:
            return where + text("record.at_line", lang, message=said, line=problem.line)
        return where + text("record.at_line_column", lang, message=said, line=problem.line, column=problem.column)
