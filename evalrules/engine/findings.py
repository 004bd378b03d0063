"""Findings: what scoring and the audit checks say about a record, and the clauses they cite.

This module sits below everything that makes or shows a finding (the audit checks, the evaluator,
the explanations, the result), so that none of those needs another to name one. A finding says
what it says through a catalogue message, never through a sentence formatted in code; the text is
written only when someone reads it, in the language asked for, so that scoring a portfolio does
not pay for messages nobody reads. `Phrase` and `Joined` put catalogue messages together (a
message whose value is another message, messages said one after the other) for the few findings
that need more than one sentence. Messages written out (when a result is pickled, or read back from
JSON) are kept as `Written` texts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from .errors import UsageError, check_language
from .messages import CATALOGUE, LANGUAGES, Message, message, text

# How two sentences of one message follow each other in each language.
SEPARATOR = {"zh": "；", "en": "; "}


class Said(Protocol):
    """Anything that can be said in either language: a `Message`, a `Phrase`, `Joined`, `Written` …"""

    def text(self, lang: str) -> str: ...


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of a rule file: the rule set's file name (no folders) and the line.

    The id is `file-name:line` (`suzhou-2024.rules:49`), the same wherever the rule file lies and
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
class Phrase:
    """A catalogue message some of whose values are messages too, each said in the same language
    (`第 2 个字符“Ａ”（U+FF21）是全角`: the character's name is a message of its own)."""

    key: str
    values: tuple[tuple[str, Any], ...]  # name → text, or a Message/Phrase said in the reader's language

    def text(self, lang: str) -> str:
        check_language(lang)
        return text(self.key, lang, **{name: v if isinstance(v, str) else v.text(lang) for name, v in self.values})

    def both(self) -> dict[str, str]:
        return {lang: self.text(lang) for lang in LANGUAGES}


def phrase(key: str, /, **values: Any) -> Phrase:
    """A `Phrase`; raises KeyError for an id the catalogue lacks (a bug, caught by the tests)."""
    if key not in CATALOGUE:
        raise KeyError(f"no message {key!r} in the catalogue")
    return Phrase(key, tuple(values.items()))


@dataclass(frozen=True, slots=True)
class Joined:
    """Messages said one after the other: `A；B` in Chinese, `A; B` in English."""

    parts: tuple[Any, ...]  # Message, Phrase or Joined

    @property
    def key(self) -> str:
        """The id of what is said first: the message id of the whole (as `Message.key`)."""
        return self.parts[0].key

    def text(self, lang: str) -> str:
        return SEPARATOR[check_language(lang)].join(part.text(lang) for part in self.parts)

    def both(self) -> dict[str, str]:
        return {lang: self.text(lang) for lang in LANGUAGES}


def joined(*parts: Any) -> Any:
    """The parts that are given (None is left out) said one after the other."""
    kept = tuple(part for part in parts if part is not None)
    return kept[0] if len(kept) == 1 else Joined(kept)


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
