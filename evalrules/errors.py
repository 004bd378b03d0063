"""The one error root of evalrules, and the positions errors carry.

Every step of the pipeline (parse, check, load a record, evaluate) raises a subclass of
`EvalRulesError`. A rule-file error carries a `Span` and prints `file:line:col`, the source line and
a caret; a record error carries the file and a field path such as `indicators[7].actual`. Exceptions
of lark, pydantic or YAML never reach a user unwrapped: the module that calls those libraries
translates them here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .display import display_width
from .messages import LANGUAGES, Message, default_language, message, text


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

    def __post_init__(self) -> None:  # TODO(issue 7): drop once every caller passes a Message
        if isinstance(self.what, str):
            object.__setattr__(self, "what", _untranslated(self.what))
        if isinstance(self.hint, str):
            object.__setattr__(self, "hint", _untranslated(self.hint))

    @property
    def id(self) -> str:
        return self.what.key

    def message(self, lang: str = "zh") -> str:
        return self.what.text(lang)

    def render(self, source: str | None, lang: str = "zh") -> str:
        severity = text(f"severity.{self.severity}", lang)
        lines = [f"{self.span}: {severity}: {self.message(lang)}"]
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


def _untranslated(plain_text: str) -> Message:
    return Message("untranslated", (("text", plain_text),))


def caret_lines(source: str, span: Span) -> list[str]:
    """The source line of `span` and a caret line under it (wide characters count double)."""
    text_lines = source.split("\n")  # positions count \n only; splitlines() also breaks at \x0c, \u2028 …
    if not 1 <= span.line <= len(text_lines):
        return []
    text = text_lines[span.line - 1].rstrip("\r")
    start = max(span.column - 1, 0)
    end = span.end_column - 1 if span.end_line == span.line else len(text)
    end = max(end, start + 1)
    pad = display_width(text[:start].replace("\t", " "))
    marks = max(display_width(text[start:end]), 1)
    gutter = f"{span.line:>4} | "
    return [gutter + text, " " * (len(gutter) - 2) + "| " + " " * pad + "^" * marks]


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

    def __init__(self, diagnostics: list[Diagnostic], source: str | None) -> None:
        self.diagnostics = [d for d in diagnostics if d.severity == "error"]
        self.warnings = [d for d in diagnostics if d.severity != "error"]
        self.source = source
        super().__init__(self.render(default_language()))

    @property
    def span(self) -> Span:
        return self.diagnostics[0].span

    def render(self, lang: str = "zh") -> str:
        return "\n".join(d.render(self.source, lang) for d in self.diagnostics + self.warnings)


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

    def __post_init__(self) -> None:  # TODO(issue 7): drop once every caller passes a Message
        if isinstance(self.what, str):
            object.__setattr__(self, "what", _untranslated(self.what))

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
