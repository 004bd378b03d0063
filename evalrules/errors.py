"""The one error root of evalrules, and the positions errors carry.

Every step of the pipeline (parse, check, load a record, evaluate) raises a subclass of
`EvalRulesError`. A rule-file error carries a `Span` and prints `file:line:col`, the source line and
a caret; a record error carries the file and a field path such as `indicators[7].actual`. Exceptions
of lark, pydantic or YAML never reach a user unwrapped: the module that calls those libraries
translates them here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .display import display_width
from .messages import LANGUAGES, Message, default_language, message


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
    """One problem found in a rule file; `severity` is "error" or "warning"."""

    message: str
    span: Span
    severity: str = "error"
    hint: str | None = None

    def render(self, source: str | None) -> str:
        head = f"{self.span}: {self.severity}: {self.message}"
        lines = [head]
        if source is not None:
            lines.extend(caret_lines(source, self.span))
        if self.hint:
            lines.append(f"  = {self.hint}")
        return "\n".join(lines)


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
        super().__init__(self.render())

    @property
    def span(self) -> Span:
        return self.diagnostics[0].span

    def render(self) -> str:
        return "\n".join(d.render(self.source) for d in self.diagnostics + self.warnings)


class RuleSyntaxError(RuleError):
    """The rule file does not follow the grammar."""


class RuleCheckError(RuleError):
    """The rule file parses but says something impossible or unknown."""


@dataclass(frozen=True, slots=True)
class RecordProblem:
    """One problem in a record: the field path (`indicators[7].actual`) and what is wrong."""

    path: str
    message: str


class RecordError(EvalRulesError):
    """A record (a filled form) that cannot be read or does not fit the rule set."""

    def __init__(self, source: str, problems: list[RecordProblem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(
            f"{self.source}: {p.path}: {p.message}" if p.path else f"{self.source}: {p.message}"
            for p in self.problems
        )
