"""Report model: what scoring one record gives, its JSON form, and its JSON Schema.

A `Result` holds one `IndicatorResult` per indicator row, in the form's order, the total, the
maximum, the grade, the `provisional` flag and the findings. Explanations and messages are not
written while scoring; `explain` and the JSON writer render them from the kept arithmetic on
demand, in Chinese or English. In JSON every decimal is a string, keys come in a fixed order, and
the same result always gives the same bytes; `Result.from_json` reads that JSON back.

Results are values: they compare with ==, deep-copy and pickle. What is written on demand
(explanations, the audit checks' messages) is written out, in both languages, when a result is
pickled or copied, since the functions that would write it cannot travel with it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from json.encoder import encode_basestring
from typing import Any

from ..decimals import plain
from ..errors import EvalRulesError, UsageError, check_language
from ..messages import LANGUAGES, message, text
from ..records.record import Part
from ..records.values import Quantity, Word, excerpt, parse_value
from .explain import explain_indicator, summary
from .findings import Clause, Finding, Written

__all__ = ["LANGUAGES", "DeductionResult", "IndicatorResult", "Result", "dumps", "result_json_schema"]

# The explanation of a row read back from JSON written without explanations (explain=False).
_NONE_KEPT = Written(())


def _none_kept(working: Any) -> bool:
    return type(working) is Written and not working.texts


STATUSES = ("scored", "missing", "review", "not_applicable", "claimed")
KINDS = ("quantitative", "qualitative")
WEIGHT_SOURCES = ("fixed", "split", "form", "rescaled")
SEVERITIES = ("error", "warning", "info")
DEDUCTION_STATUSES = ("applied", "floored", "not_applied")


@dataclass(slots=True, eq=False)
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
    status: str  # "scored", "missing", "review", "not_applicable", "claimed" (no weight column: as claimed)
    clause: Clause | None
    working: Any = None  # the arithmetic kept for the explanation (see explain.py)
    group: str | None = None  # the numbered target block printed on the form (目标1), as written
    parts: tuple[Part, ...] = ()  # the 其中 sub-rows printed under the row: shown, never scored

    def explain(self, lang: str = "zh") -> str:
        """How the score was reached, step by step, ending with the clause applied."""
        if _none_kept(self.working):
            raise UsageError(message("result.no_explanation"))
        return explain_indicator(self, check_language(lang))

    def to_dict(self, lang: str = "zh", explain: bool = True) -> dict[str, Any]:
        check_language(lang)
        return {
            "index": self.index,
            "category": self.category,
            "group": self.group,
            "subcategory": self.subcategory,
            "name": self.name,
            "kind": self.kind,
            "weight": _dec(self.weight),
            "weight_source": self.weight_source,
            "target": _text(self.target),
            "actual": _text(self.actual),
            "stated_actual": _text(self.stated_actual),
            "completion": _dec(self.completion),
            "score": _dec(self.score),
            "claimed": _dec(self.claimed),
            "status": self.status,
            "clause": self.clause.to_dict() if self.clause else None,
            "explanation": self._explanation(lang) if explain else None,
            "parts": [_part(part) for part in self.parts],
        }

    def _explanation(self, lang: str) -> str | None:
        return None if _none_kept(self.working) else explain_indicator(self, lang)

    # ---- a value: compared, copied and pickled by what it says --------------------------

    def _fields(self) -> tuple[Any, ...]:
        return (
            self.index, self.category, self.subcategory, self.name, self.kind, self.weight,
            self.weight_source, _said(self.target), _said(self.actual), _said(self.stated_actual),
            self.completion, self.score, self.claimed, self.status, self.clause, self.group,
            tuple(_part(part) for part in self.parts),
        )  # fmt: skip

    def _explanations(self) -> tuple[str | None, ...]:
        said = []
        for lang in LANGUAGES:
            try:
                said.append(self._explanation(lang))
            except UsageError:  # read from JSON in the other language
                said.append(None)
        return tuple(said)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IndicatorResult):
            return NotImplemented
        return self is other or (self._fields() == other._fields() and self._explanations() == other._explanations())

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __reduce__(self) -> tuple[Any, ...]:
        working = self.working
        if type(working) is not Written:  # the arithmetic holds the rule set's closures: write it out
            working = Written(tuple((lang, text) for lang, text in zip(LANGUAGES, self._explanations()) if text is not None))
        return (IndicatorResult, (*self._values(), working, self.group, self.parts))

    def _values(self) -> tuple[Any, ...]:
        return (
            self.index, self.category, self.subcategory, self.name, self.kind, self.weight,
            self.weight_source, self.target, self.actual, self.stated_actual, self.completion,
            self.score, self.claimed, self.status, self.clause,
        )  # fmt: skip


@dataclass(slots=True)
class DeductionResult:
    """One deduction (扣减分数) of the record, and what it took off the total or a row's score.

    Plain data: its explanation is written from these fields, in either language, when asked.
    """

    index: int  # its place in the record's `deductions`
    reason: str
    points: Decimal  # as the record asks
    indicator: str | None  # the row it names, as the record writes it; None: the total
    row: int | None  # the index of that row among the indicators, when the form lists it
    status: str  # "applied", "floored" (less was taken off: the floor), "not_applied"
    applied: Decimal | None  # the points taken off
    before: Decimal | None  # the total (or the row's score) before, and after
    after: Decimal | None
    clause: Clause | None  # the `deductions` block of the rules

    def explain(self, lang: str = "zh") -> str:
        lang = check_language(lang)
        if self.status == "not_applied":
            return text("explain.deduction_not_applied", lang, reason=excerpt(self.reason), points=self.points)
        key = "explain.deduction_total" if self.row is None else "explain.deduction_row"
        said = text(
            key,
            lang,
            reason=excerpt(self.reason),
            row=(self.row or 0) + 1,
            before=self.before,
            applied=self.applied,
            after=self.after,
        )
        if self.status == "floored":
            said += text("explain.deduction_floored", lang, points=self.points)
        return said + ("" if self.clause is None else _WHERE[lang].format(self.clause.id))

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "index": self.index,
            "reason": self.reason,
            "points": _dec(self.points),
            "indicator": self.indicator,
            "row": self.row,
            "status": self.status,
            "applied": _dec(self.applied),
            "before": _dec(self.before),
            "after": _dec(self.after),
            "clause": self.clause.to_dict() if self.clause else None,
            "explanation": self.explain(lang),
        }


_WHERE = {"zh": "（{}）", "en": " [{}]"}


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
    # True when the total may still change: a row left for review, a row listed twice, a total
    # above the maximum. Each reason has a finding.
    provisional: bool
    findings: list[Finding] = field(default_factory=list)
    # The record's deductions (扣减分数), in its order; `total` is after them.
    deductions: list[DeductionResult] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def explain(self, lang: str = "zh") -> str:
        """Every indicator's arithmetic, then the total and grade, then the findings, as plain text."""
        lang = check_language(lang)
        lines = []
        for row in self.indicators:
            score = plain(row.score) if row.score is not None else "—"
            lines.append(f"[{row.category}] {row.name}: {score}  {row.explain(lang)}")
        for deduction in self.deductions:
            lines.append(deduction.explain(lang))
        lines.append(summary(self.total, self.maximum, self.grade, self.provisional, lang))
        for finding in self.findings:
            lines.append(f"{text('severity.' + finding.severity, lang)}: {finding.path}: {finding.message(lang)}")
        return "\n".join(lines)

    def to_dict(self, lang: str = "zh", explain: bool = True) -> dict[str, Any]:
        """The result as plain data: what `to_json` writes (see docs/json-result.md)."""
        lang = check_language(lang)
        return {
            "lang": lang,
            "ruleset": dict(self.ruleset),
            "source": self.source,
            "project": self.project,
            "year": self.year,
            "indicators": [r.to_dict(lang, explain) for r in self.indicators],
            "deductions": [d.to_dict(lang) for d in self.deductions],
            "total": _dec(self.total),
            "maximum": _dec(self.maximum),
            "grade": self.grade,
            "provisional": self.provisional,
            "findings": [f.to_dict(lang) for f in self.findings],
        }

    def to_json(self, lang: str = "zh", indent: int | None = 2, *, explain: bool = True) -> str:
        """The result as JSON: decimals as strings, keys in a fixed order, UTF-8 text kept.

        The same text as `json.dumps(self.to_dict(lang, explain), ensure_ascii=False,
        indent=indent)`, written directly: a portfolio run writes one for every form scored.
        """
        return _JsonWriter.of(indent).result(self, check_language(lang), explain)

    @classmethod
    def from_json(cls, text: str) -> Result:
        """A result read back from `to_json`: `Result.from_json(r.to_json(lang)).to_json(lang)`
        is `r.to_json(lang)`. Messages and explanations are kept in the language they were written
        in (asking for another is a `UsageError`); a target or actual is read again from its text.
        Raises `UsageError` when `text` is not the JSON of a result.
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise UsageError(message("result.not_json", line=error.lineno, column=error.colno)) from None
        except (TypeError, ValueError):  # not text at all
            raise UsageError(message("result.not_json", line=1, column=1)) from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> Result:
        """A result from what `to_dict` gives (or JSON parsed from `to_json`)."""
        place = ["$"]  # where reading has got to, for the message
        try:
            return _read_result(data, place)
        except EvalRulesError:
            raise
        except KeyError as error:
            raise UsageError(message("result.missing_key", place=place[0], key=str(error.args[0]))) from None
        except (TypeError, ValueError, AttributeError, InvalidOperation):
            raise UsageError(message("result.bad_value", place=place[0])) from None

    def __reduce__(self) -> tuple[Any, ...]:
        # The metadata is a read-only view shared with the rule set; a plain dict travels.
        return (
            Result,
            (
                dict(self.ruleset), self.source, self.project, self.year, self.indicators, self.total,
                self.maximum, self.grade, self.provisional, self.findings, self.deductions,
            ),
        )  # fmt: skip


def dumps(data: Any, indent: int | None = 2) -> str:
    separators = (",", ": ") if indent is not None else (",", ":")
    return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)


def _dec(x: Decimal | None) -> str | None:
    return None if x is None else plain(x)


def _text(value: Quantity | Word | None) -> str | None:
    return None if value is None else value.text


def _part(part: Part) -> dict[str, str | None]:
    """A 其中 sub-row as the result writes it: its texts as written."""
    return {"name": part.name, "target": _text(part.target), "actual": _text(part.actual), "explanation": part.explanation}


def _said(value: Quantity | Word | None) -> Any:
    """A target or actual as it compares: its type, and what it says (its text)."""
    return None if value is None else (type(value), value.text, value)


# ---- reading JSON back ------------------------------------------------------------------------


def _read_result(data: dict[str, Any], place: list[str]) -> Result:
    lang = check_language(data["lang"])
    indicators = []
    for i, row in enumerate(data["indicators"]):
        place[0] = f"indicators[{i}]"
        indicators.append(_read_indicator(row, lang))
    findings = []
    for i, finding in enumerate(data["findings"]):
        place[0] = f"findings[{i}]"
        findings.append(_read_finding(finding, lang))
    deductions = []
    for i, deduction in enumerate(data["deductions"]):
        place[0] = f"deductions[{i}]"
        deductions.append(_read_deduction(deduction))
    place[0] = "ruleset"
    ruleset = _read_ruleset(data["ruleset"])
    place[0] = "$"
    return Result(
        ruleset,
        _str(data["source"]),
        _str(data["project"]),
        _int(data["year"]),
        indicators,
        _decimal(data["total"]),
        _decimal(data["maximum"]),
        _opt_str(data["grade"]),
        _bool(data["provisional"]),
        findings,
        deductions,
    )


def _read_deduction(data: dict[str, Any]) -> DeductionResult:
    status = _str(data["status"])
    if status not in DEDUCTION_STATUSES:
        raise ValueError(f"not a deduction status: {status}")
    row = data["row"]
    return DeductionResult(
        _int(data["index"]),
        _str(data["reason"]),
        _decimal(data["points"]),
        _opt_str(data["indicator"]),
        None if row is None else _int(row),
        status,
        _opt_dec(data["applied"]),
        _opt_dec(data["before"]),
        _opt_dec(data["after"]),
        _clause(data["clause"]),
    )


def _read_ruleset(data: dict[str, Any]) -> dict[str, Any]:
    year = data["year"]
    _decimal(data["maximum"])
    return {
        "title": _str(data["title"]),
        "file": _str(data["file"]),
        "jurisdiction": _opt_str(data["jurisdiction"]),
        "year": None if year is None else _int(year),
        "effective_from": _opt_str(data["effective_from"]),
        "effective_to": _opt_str(data["effective_to"]),
        "maximum": data["maximum"],
    }


def _read_indicator(row: dict[str, Any], lang: str) -> IndicatorResult:
    explanation = row["explanation"]
    working = _NONE_KEPT if explanation is None else Written(((lang, _str(explanation)),))
    return IndicatorResult(
        _int(row["index"]),
        _str(row["category"]),
        _opt_str(row["subcategory"]),
        _str(row["name"]),
        _opt_str(row["kind"]),
        _opt_dec(row["weight"]),
        _opt_str(row["weight_source"]),
        _value(row["target"]),
        _value(row["actual"]),
        _value(row["stated_actual"]),
        _opt_dec(row["completion"]),
        _opt_dec(row["score"]),
        _opt_dec(row["claimed"]),
        _str(row["status"]),
        _clause(row["clause"]),
        working,
        _opt_str(row["group"]),
        tuple(_read_part(part) for part in row["parts"]),
    )


def _read_part(data: dict[str, Any]) -> Part:
    if set(data) != {"name", "target", "actual", "explanation"}:
        raise ValueError("a part has the keys name, target, actual and explanation")
    texts = {key: _opt_str(data[key]) for key in ("target", "actual", "explanation")}
    return Part.model_validate({"name": _str(data["name"]), **texts})


def _read_finding(data: dict[str, Any], lang: str) -> Finding:
    values = data["values"]
    if not isinstance(values, dict):
        raise TypeError("values is not an object")
    return Finding(
        _str(data["check"]),
        _str(data["severity"]),
        _str(data["path"]),
        Written(((lang, _str(data["message"])),)),
        _clause(data["clause"]),
        tuple((_str(k), _str(v)) for k, v in values.items()),
    )


def _clause(data: Any) -> Clause | None:
    if data is None:
        return None
    file, line = _str(data["file"]), _int(data["line"])
    return Clause(file, line, 0)  # the column is not written to JSON


def _value(written: Any) -> Quantity | Word | None:
    """A target or actual from its text: read again as the record reader reads it."""
    if written is None:
        return None
    written = _str(written)
    try:
        value = parse_value(written)
    except ValueError:
        return Word(written)
    return value if value.text == written else Word(written)


def _str(x: Any) -> str:
    if not isinstance(x, str):
        raise TypeError(f"expected text, got {type(x).__name__}")
    return x


def _opt_str(x: Any) -> str | None:
    return None if x is None else _str(x)


_DECIMAL_TEXT = r"^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$"  # as plain() writes a decimal, and the schema says
_IS_DECIMAL = re.compile(_DECIMAL_TEXT)


def _decimal(x: Any) -> Decimal:
    if _IS_DECIMAL.match(_str(x)) is None:
        raise ValueError(f"not a decimal as a result writes one: {x}")
    return Decimal(x)


def _opt_dec(x: Any) -> Decimal | None:
    return None if x is None else _decimal(x)


def _int(x: Any) -> int:
    if type(x) is not int:
        raise TypeError(f"expected an integer, got {type(x).__name__}")
    return x


def _bool(x: Any) -> bool:
    if type(x) is not bool:
        raise TypeError(f"expected true or false, got {type(x).__name__}")
    return x


# ---- writing JSON ------------------------------------------------------------------------------

_enc = encode_basestring  # the C encoder json.dumps(ensure_ascii=False) uses for every string
_INDICATOR_KEYS = (
    "index", "category", "group", "subcategory", "name", "kind", "weight", "weight_source", "target", "actual",
    "stated_actual", "completion", "score", "claimed", "status", "clause", "explanation", "parts",
)  # fmt: skip
_FINDING_KEYS = ("check", "severity", "path", "message", "clause", "values")
_RESULT_KEYS = (
    "lang", "ruleset", "source", "project", "year", "indicators", "deductions", "total", "maximum",
    "grade", "provisional", "findings",
)  # fmt: skip
# Texts that repeat from form to form, written once: decimals, clauses, a rule set's metadata.
# Each store is emptied when it grows past what a portfolio's usual values need.
_DECIMALS: dict[Decimal, str] = {}
_WRITTEN: dict[Any, Any] = {}
_KEEP = 20_000


def _s(x: str | None) -> str:
    return "null" if x is None else _enc(x)


def _d(x: Decimal | None) -> str:
    if x is None:
        return "null"
    said = _DECIMALS.get(x)  # equal decimals (7.9, 7.90) print alike: plain() drops trailing zeros
    if said is None:
        if len(_DECIMALS) >= _KEEP:
            _DECIMALS.clear()
        said = _DECIMALS[x] = '"' + plain(x) + '"'  # plain() writes digits, . and - only
    return said


class _JsonWriter:
    """Writes a result as `json.dumps(result.to_dict(…), ensure_ascii=False, indent=…)` would,
    without building the dict first and without json's pure-Python indenting encoder, which cost
    more than scoring the form. Each object is one %-template per nesting level, made once. A
    property test holds the two to the same bytes."""

    __slots__ = ("indent", "step", "colon", "result_template", "indicator_template", "finding_template", "clauses")

    def __init__(self, indent: int | None) -> None:
        self.indent = indent
        self.step = None if indent is None else " " * indent
        self.colon = ":" if indent is None else ": "
        top = "\n"
        item = self._inner(self._inner(top))  # an indicator or finding: in an array in the result
        self.result_template = self._template(_RESULT_KEYS, top)
        self.indicator_template = self._template(_INDICATOR_KEYS, item)
        self.finding_template = self._template(_FINDING_KEYS, item)
        self.clauses: dict[tuple[Clause, str], str] = {}  # a clause as written at a place

    _writers: dict[int | None, _JsonWriter] = {}

    @classmethod
    def of(cls, indent: int | None) -> _JsonWriter:
        writer = cls._writers.get(indent)
        if writer is None:
            writer = cls._writers[indent] = _JsonWriter(indent)
        return writer

    def _inner(self, nl: str) -> str:
        return nl + self.step if self.step is not None else ""

    def _close(self, nl: str) -> str:
        return nl if self.step is not None else ""

    def _template(self, keys: tuple[str, ...], nl: str) -> str:
        inner = self._inner(nl)
        members = ("," + inner).join(_enc(key) + self.colon + "%s" for key in keys)
        return "{" + inner + members + self._close(nl) + "}"

    def value(self, v: Any, nl: str) -> str:
        """Any JSON value (the small nested objects: ruleset, clause, values)."""
        if v is None:
            return "null"
        if isinstance(v, str):
            return _enc(v)
        if v is True or v is False:
            return "true" if v else "false"
        if isinstance(v, int):
            return int.__repr__(v)
        inner, close = self._inner(nl), self._close(nl)
        if isinstance(v, Mapping):
            if not v:
                return "{}"
            colon = self.colon
            return "{" + inner + ("," + inner).join(_enc(k) + colon + self.value(x, inner) for k, x in v.items()) + close + "}"
        if not v:
            return "[]"
        return "[" + inner + ("," + inner).join(self.value(x, inner) for x in v) + close + "]"

    def kept(self, what: Any, nl: str, write: Any) -> str:
        """`write()`, once for each value and place: a clause or a rule set's metadata."""
        key = (what, nl, self.indent)
        said = _WRITTEN.get(key)
        if said is None:
            if len(_WRITTEN) >= _KEEP:
                _WRITTEN.clear()
            said = _WRITTEN[key] = write()
        return said

    def clause(self, clause: Clause | None, nl: str) -> str:
        if clause is None:
            return "null"
        return self.clauses.get((clause, nl)) or self._clause(clause, nl)

    def _clause(self, clause: Clause, nl: str) -> str:
        if len(self.clauses) >= _KEEP:
            self.clauses.clear()
        said = self.clauses[(clause, nl)] = self.value(clause.to_dict(), nl)
        return said

    def array(self, items: list[str], nl: str) -> str:
        if not items:
            return "[]"
        inner = self._inner(nl)
        return "[" + inner + ("," + inner).join(items) + self._close(nl) + "]"

    def result(self, r: Result, lang: str, explain: bool) -> str:
        inner = self._inner("\n")
        item = self._inner(inner)
        member = self._inner(item)  # the line of a member of an indicator or finding
        ruleset = r.ruleset
        # the metadata is one mapping shared by every result of a rule set: written once for it
        written_ruleset = self.kept(id(ruleset), inner, lambda: (ruleset, self.value(ruleset, inner)))
        if written_ruleset[0] is not ruleset:  # another mapping now has that id
            written_ruleset = (ruleset, self.value(ruleset, inner))
            _WRITTEN[(id(ruleset), inner, self.indent)] = written_ruleset
        # The loop below runs for every row of every form written: names are bound locally and
        # the small steps written inline, as a call costs as much as what most of them do.
        template, enc, decimals, clauses = self.indicator_template, _enc, _DECIMALS, self.clauses
        explains = explain and explain_indicator
        rows = []
        for row in r.indicators:
            weight, completion, score, claimed = row.weight, row.completion, row.score, row.claimed
            target, actual, stated, kind, clause = row.target, row.actual, row.stated_actual, row.kind, row.clause
            subcategory, source, group = row.subcategory, row.weight_source, row.group
            written_clause = "null" if clause is None else clauses.get((clause, member)) or self._clause(clause, member)
            if not explains:
                explanation = "null"
            else:
                working = row.working
                if type(working) is Written and not working.texts:
                    explanation = "null"
                else:
                    explanation = enc(explains(row, lang))
            rows.append(
                template
                % (
                    int.__repr__(row.index),
                    enc(row.category),
                    "null" if group is None else enc(group),
                    "null" if subcategory is None else enc(subcategory),
                    enc(row.name),
                    "null" if kind is None else enc(kind),
                    "null" if weight is None else decimals.get(weight) or _d(weight),
                    "null" if source is None else enc(source),
                    "null" if target is None else enc(target.text),
                    "null" if actual is None else enc(actual.text),
                    "null" if stated is None else enc(stated.text),
                    "null" if completion is None else decimals.get(completion) or _d(completion),
                    "null" if score is None else decimals.get(score) or _d(score),
                    "null" if claimed is None else decimals.get(claimed) or _d(claimed),
                    enc(row.status),
                    written_clause,
                    explanation,
                    "[]" if not row.parts else self.value([_part(part) for part in row.parts], member),
                )
            )
        finding = self.finding_template
        findings = [
            finding
            % (
                _enc(f.check),
                _enc(f.severity),
                _enc(f.path),
                _enc(f.what.text(lang)),
                self.clause(f.clause, member),
                self.kept(f.values, member, lambda f=f: self.value(dict(f.values), member)),
            )
            for f in r.findings
        ]
        return self.result_template % (
            _enc(lang),
            written_ruleset[1],
            _enc(r.source),
            _enc(r.project),
            int.__repr__(r.year),
            self.array(rows, inner),
            self.value([d.to_dict(lang) for d in r.deductions], inner),
            _d(r.total),
            _d(r.maximum),
            _s(r.grade),
            "true" if r.provisional else "false",
            self.array(findings, inner),
        )


# ---- the JSON Schema ---------------------------------------------------------------------------


def result_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `Result.to_json` (docs/json-result.md)."""
    decimal = {"type": "string", "pattern": _DECIMAL_TEXT, "description": "an exact decimal, as text"}
    optional_decimal = {"anyOf": [decimal, {"type": "null"}]}
    optional_text = {"type": ["string", "null"]}
    clause = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "description": "file-name:line"},
            "file": {"type": "string", "description": "the rule set's file name, without folders"},
            "line": {"type": "integer", "minimum": 1},
        },
        "required": ["id", "file", "line"],
        "additionalProperties": False,
    }
    optional_clause = {"anyOf": [{"$ref": "#/$defs/clause"}, {"type": "null"}]}
    indicator = {
        "type": "object",
        "properties": {
            "index": {"type": "integer", "minimum": 0},
            "category": {"type": "string"},
            "group": {"type": ["string", "null"], "description": "the target block the form prints the row in"},
            "subcategory": optional_text,
            "name": {"type": "string"},
            "kind": {"enum": [*KINDS, None]},
            "weight": optional_decimal,
            "weight_source": {"enum": [*WEIGHT_SOURCES, None]},
            "target": optional_text,
            "actual": optional_text,
            "stated_actual": optional_text,
            "completion": optional_decimal,
            "score": optional_decimal,
            "claimed": optional_decimal,
            "status": {"enum": list(STATUSES)},
            "clause": optional_clause,
            "explanation": {"type": ["string", "null"], "description": "null when written with explain=False"},
            "parts": {"type": "array", "items": {"$ref": "#/$defs/part"}, "description": "其中 sub-rows, never scored"},
        },
        "additionalProperties": False,
    }
    indicator["required"] = list(indicator["properties"])  # type: ignore[arg-type]
    part = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "target": optional_text, "actual": optional_text, "explanation": optional_text},
        "additionalProperties": False,
    }
    part["required"] = list(part["properties"])  # type: ignore[arg-type]
    finding = {
        "type": "object",
        "properties": {
            "check": {"type": "string"},
            "severity": {"enum": list(SEVERITIES)},
            "path": {"type": "string"},
            "message": {"type": "string"},
            "clause": optional_clause,
            "values": {"type": "object", "additionalProperties": {"type": "string"}},
        },
        "additionalProperties": False,
    }
    finding["required"] = list(finding["properties"])  # type: ignore[arg-type]
    deduction = {
        "type": "object",
        "properties": {
            "index": {"type": "integer", "minimum": 0},
            "reason": {"type": "string"},
            "points": {"$ref": "#/$defs/decimal"},
            "indicator": optional_text,
            "row": {"type": ["integer", "null"], "minimum": 0},
            "status": {"enum": list(DEDUCTION_STATUSES)},
            "applied": optional_decimal,
            "before": optional_decimal,
            "after": optional_decimal,
            "clause": optional_clause,
            "explanation": {"type": "string"},
        },
        "additionalProperties": False,
    }
    deduction["required"] = list(deduction["properties"])  # type: ignore[arg-type]
    ruleset = {
        "type": "object",
        "properties": {
            "title": {"type": "string"},
            "file": {"type": "string"},
            "jurisdiction": optional_text,
            "year": {"type": ["integer", "null"]},
            "effective_from": optional_text,
            "effective_to": optional_text,
            "maximum": {"$ref": "#/$defs/decimal"},
        },
        "additionalProperties": False,
    }
    ruleset["required"] = list(ruleset["properties"])  # type: ignore[arg-type]
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "evalrules result",
        "description": "What scoring one record gives (docs/json-result.md).",
        "type": "object",
        "properties": {
            "lang": {"enum": list(LANGUAGES)},
            "ruleset": {"$ref": "#/$defs/ruleset"},
            "source": {"type": "string"},
            "project": {"type": "string"},
            "year": {"type": "integer"},
            "indicators": {"type": "array", "items": {"$ref": "#/$defs/indicator"}},
            "deductions": {"type": "array", "items": {"$ref": "#/$defs/deduction"}},
            "total": {"$ref": "#/$defs/decimal"},
            "maximum": {"$ref": "#/$defs/decimal"},
            "grade": optional_text,
            "provisional": {"type": "boolean"},
            "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
        },
        "additionalProperties": False,
        "$defs": {
            "decimal": decimal,
            "clause": clause,
            "indicator": indicator,
            "part": part,
            "deduction": deduction,
            "finding": finding,
            "ruleset": ruleset,
        },
    }
    schema["required"] = list(schema["properties"])
    return schema
