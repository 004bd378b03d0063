"""Report model: what scoring one record gives, and its JSON form.

A `Result` holds one `IndicatorResult` per indicator row, in the form's order, the total, the
maximum, the grade, the `provisional` flag and the findings. Explanations are not written while
scoring; `Result.explain` and the JSON writer render them from the kept arithmetic on demand, in
Chinese or English. In JSON every decimal is a string, keys come in a fixed order, and the same
result always gives the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from collections.abc import Callable, Mapping
from typing import Any

from .decimals import plain
from .values import Quantity, Word

LANGUAGES = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of a rule file: its stable id is `file-name:line`."""

    file: str
    line: int
    column: int

    @property
    def id(self) -> str:
        return f"{self.file.replace(chr(92), '/').rsplit('/', 1)[-1]}:{self.line}"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "file": self.file, "line": self.line}


@dataclass(frozen=True, slots=True, eq=False)
class Finding:
    """Something inconsistent or unscorable in a record, located by its field path.

    Two findings are equal when they say the same: same check, severity, path, clause, values and
    messages (a message written on demand is compared by its text, not by the function writing it).
    """

    check: str  # a stable id such as "qualitative-level"
    severity: str  # "error", "warning" or "info"
    path: str  # e.g. "indicators[7].actual"
    message_zh: str | Callable[[], str]  # text, or a function writing it when first asked for
    message_en: str | Callable[[], str]
    clause: Clause | None = None
    values: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str = "zh") -> str:
        text = self.message_zh if lang == "zh" else self.message_en
        return text if isinstance(text, str) else text()

    def _said(self) -> tuple[Any, ...]:
        return (self.check, self.severity, self.path, self.clause, self.values, self.message("zh"), self.message("en"))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Finding):
            return NotImplemented
        return self is other or self._said() == other._said()

    def __hash__(self) -> int:
        return hash((self.check, self.severity, self.path, self.values))

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "check": self.check,
            "severity": self.severity,
            "path": self.path,
            "message": self.message(lang),
            "clause": self.clause.to_dict() if self.clause else None,
            "values": dict(self.values),
        }


@dataclass(slots=True)
class IndicatorResult:
    """The score of one indicator row and how it was reached."""

    index: int
    category: str
    subcategory: str | None
    name: str
    kind: str | None  # "quantitative", "qualitative", or None when it could not be told
    weight: Decimal | None
    weight_source: str | None  # "fixed", "split", "form", "rescaled"
    target: Quantity | Word | None
    actual: Quantity | Word | None  # the actual used: derived from the budget where the rules say
    stated_actual: Quantity | Word | None  # the actual as written on the form
    completion: Decimal | None
    score: Decimal | None
    claimed: Decimal | None
    status: str  # "scored", "missing", "review", "not_applicable"
    clause: Clause | None
    working: Any = None  # the arithmetic kept for the explanation (see explain.py)

    def explain(self, lang: str = "zh") -> str:
        from .explain import explain_indicator

        return explain_indicator(self, lang)

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "index": self.index,
            "category": self.category,
            "subcategory": self.subcategory,
            "name": self.name,
            "kind": self.kind,
            "weight": _dec(self.weight),
            "weight_source": self.weight_source,
            "target": self.target.text if self.target is not None else None,
            "actual": _value_text(self.actual),
            "stated_actual": self.stated_actual.text if self.stated_actual is not None else None,
            "completion": _dec(self.completion),
            "score": _dec(self.score),
            "claimed": _dec(self.claimed),
            "status": self.status,
            "clause": self.clause.to_dict() if self.clause else None,
            "explanation": self.explain(lang),
        }


@dataclass(slots=True)
class Result:
    """Everything scoring one record gives."""

    ruleset: Mapping[str, Any]  # the rule set's metadata (shared by every result of that rule set)
    source: str
    project: str
    year: int
    indicators: list[IndicatorResult]
    total: Decimal
    maximum: Decimal
    grade: str | None
    provisional: bool
    findings: list[Finding] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def explain(self, lang: str = "zh") -> str:
        """Every indicator's arithmetic, then the total and grade, as plain text."""
        from .explain import explain_result

        return explain_result(self, _lang(lang))

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        lang = _lang(lang)
        return {
            "ruleset": dict(self.ruleset),
            "source": self.source,
            "project": self.project,
            "year": self.year,
            "indicators": [r.to_dict(lang) for r in self.indicators],
            "total": _dec(self.total),
            "maximum": _dec(self.maximum),
            "grade": self.grade,
            "provisional": self.provisional,
            "findings": [f.to_dict(lang) for f in self.findings],
        }

    def to_json(self, lang: str = "zh", indent: int | None = 2) -> str:
        """The result as JSON: decimals as strings, keys in a fixed order, UTF-8 text kept."""
        return dumps(self.to_dict(lang), indent)


def dumps(data: Any, indent: int | None = 2) -> str:
    separators = (",", ": ") if indent is not None else (",", ":")
    return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)


def _dec(x: Decimal | None) -> str | None:
    return None if x is None else plain(x)


def _value_text(value: Quantity | Word | None) -> str | None:
    if value is None:
        return None
    return value.text


def _lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return lang
