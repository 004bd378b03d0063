"""Findings: what scoring and the audit checks say about a record, and the clauses they cite.

This module sits below everything that makes or shows a finding (the audit checks, the evaluator,
the explanations, the result), so that none of those needs another to name one. A finding says
what it says through a catalogue message, never through a sentence formatted in code; the text is
written only when someone reads it, in the language asked for, so that scoring a portfolio does
not pay for messages nobody reads. `Phrase` and `Joined` (from `phrases`, below the language
stage, which uses them too) put catalogue messages together for the few findings that need more
than one sentence. Messages written out (when a result is pickled, or read back from
JSON) are kept as `Written` texts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import UsageError, check_language
from ..messages import LANGUAGES, Message, message
from ..phrases import Joined, Phrase


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of a rule file: the rule set's file name (no folders) and the line.

    The id is `file-name:line` (`suzhou-2024.rules:53`), the same wherever the rule file lies and
    wherever the process runs.
    """

    file: str
    line: int
    column: int

    @property
    def id(self) -> str:
        return f"{self.file}:{self.line}"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "file": self.file, "line": self.line}


@dataclass(frozen=True, slots=True)
class Written:
    """Texts already written, by language: a message written out for pickling, or read from JSON.

    Asking for a language it does not hold is a `UsageError`, never an answer in another language.
    """

    texts: tuple[tuple[str, str], ...]  # (language, text)

    def text(self, lang: str) -> str:
        for have, said in self.texts:
            if have == lang:
                return said
        kept = ", ".join(have for have, _ in self.texts) or "—"
        raise UsageError(message("result.language_not_kept", lang=lang, kept=kept))


class Lazy:
    """A text written by a function when first read in a language (the audit checks' messages,
    whose placeholders read the record). Written out as `Written` when pickled or copied."""

    __slots__ = ("write",)

    def __init__(self, write: Callable[[str], str]) -> None:
        self.write = write

    def text(self, lang: str) -> str:
        return self.write(check_language(lang))


KEPT = (Message, Phrase, Joined, Written)  # said by plain data: pickled as they are


def written(said: Any) -> Any:
    """`said` as plain data that pickles: kept as it is, or written out in every language."""
    if isinstance(said, KEPT):
        return said
    return Written(tuple((lang, said.text(lang)) for lang in LANGUAGES))


@dataclass(frozen=True, slots=True, eq=False)
class Finding:
    """Something inconsistent or unscorable in a record, located by its field path.

    `what` says it (a catalogue message, or an audit check's own text) and is written in the
    reader's language when read. Two findings are equal when they say the same: same check,
    severity, path, clause, values and messages (compared by their text, not by how they are kept).
    """

    check: str  # a stable id such as "qualitative-level", or the name of a rule file's check
    severity: str  # "error", "warning" or "info"
    path: str  # e.g. "indicators[7].actual"
    what: Any  # Said: a Message, Phrase, Joined, Lazy or Written
    clause: Clause | None = None
    values: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str = "zh") -> str:
        return self.what.text(check_language(lang))

    def _said(self) -> tuple[Any, ...]:
        texts = []
        for lang in LANGUAGES:
            try:
                texts.append(self.what.text(lang))
            except UsageError:  # read from JSON in one language only
                texts.append(None)
        return (self.check, self.severity, self.path, self.clause, self.values, *texts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Finding):
            return NotImplemented
        return self is other or self._said() == other._said()

    def __hash__(self) -> int:
        return hash((self.check, self.severity, self.path, self.values))

    def __reduce__(self) -> tuple[Any, ...]:
        # A message written on demand reads the record through closures: write it out instead.
        return (Finding, (self.check, self.severity, self.path, written(self.what), self.clause, self.values))

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "check": self.check,
            "severity": self.severity,
            "path": self.path,
            "message": self.message(lang),
            "clause": self.clause.to_dict() if self.clause else None,
            "values": dict(self.values),
        }
