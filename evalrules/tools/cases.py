"""Test cases as data: the test files beside rule files (`rules/<set>.tests.yaml`), read strictly,
and each case run and compared with what it expects.

A test file names its rule file (`rules:`, relative to the test file; by default the `.rules`
file of the same stem) and lists `cases:`. A case has a `name`, a `record` (a record file relative
to the test file, or a record written inline), `changes` made to that record ({field path: new
value}; null removes the field, an index one past the end appends) and what the rules must give
(`expect`): `scores` by indicator name, the `total`, the `grade`, whether the total is
`provisional` (false unless said), and the `findings`, the complete list of [check, field path]
pairs (none unless said): a finding too many fails a case as surely as one missing.

Reading is strict, since a typo must not make a case pass: an unknown key, a case without a name,
two cases of one name, a change whose path the record lacks, an indicator name the result does not
have are each a `TestFileError` naming the test file, the line and column (YAML marks) and the case,
never a Python error. The record and the test file's numbers are read exactly (the record
reader's YAML loader), so `9.76` is the decimal 9.76.

`evalrules test` (tools/test.py) and the pytest plugin (tools/pytest_plugin.py) both run cases
through `run_case` and say a failure with `failure_text`.
"""

from __future__ import annotations

import copy
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..decimals import plain
from ..display import visible
from ..engine.loader import RULE_SUFFIX, load
from ..engine.result import Result
from ..engine.ruleset import RuleSet, file_name
from ..engine.trace import Trace
from ..errors import RecordError, RecordProblem, compose
from ..messages import Message, message, text
from ..records.record import Record, cannot_read, read_record, record_from_data
from ..records.text import decode, load_json, load_yaml, yaml_position
from ..records.values import excerpt

TEST_SUFFIX = ".tests.yaml"
_FILE_KEYS = ("rules", "cases")
_CASE_KEYS = ("name", "record", "changes", "expect")
_EXPECT_KEYS = ("scores", "total", "grade", "provisional", "findings")
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_PATH = re.compile(r"[^.\[\]]+(?:\[\d+\])*(?:\.[^.\[\]]+(?:\[\d+\])*)*")


class TestFileError(RecordError):
    """A test file that cannot be used: each problem at `file:line:column`, with its field path."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def _line(self, problem: RecordProblem, lang: str) -> str:
        where = self.source if problem.line is None else f"{self.source}:{problem.line}:{problem.column or 1}"
        path = f"{problem.path}: " if problem.path else ""
        return f"{visible(where)}: {path}{problem.message(lang)}"


@dataclass(slots=True)
class Case:
    """One case of a test file, as written."""

    __test__ = False

    name: str
    line: int  # of the case in the test file
    index: int
    record: str | dict[str, Any]
    changes: list[tuple[str, Any, tuple[Any, ...]]]  # (path, value, where in the test file)
    expect: dict[str, Any]
    file: TestFile = field(repr=False)


@dataclass(slots=True)
class TestFile:
    """A test file read and checked: its rule file and its cases."""

    __test__ = False

    path: str
    rules_path: str
    cases: list[Case]
    root: yaml.Node = field(repr=False)

    def problem(self, loc: tuple[Any, ...], what: Message, key: bool = False) -> TestFileError:
        """A `TestFileError` at the node `loc` leads to (its key, with `key`)."""
        mark = yaml_position(self.root, loc, key)
        path = "".join(f"[{part}]" if isinstance(part, int) else (f".{part}" if i else str(part)) for i, part in enumerate(loc))
        return TestFileError(self.path, [RecordProblem(path, what, mark.line + 1, mark.column + 1)])


@dataclass(slots=True)
class Failure:
    """One way a case's result differs from what it expects."""

    what: str  # "score", "total", "grade", "provisional", "finding missing", "finding unexpected"
    expected: str
    got: str
    subject: str | None = None  # the indicator, or the finding as `[check, path]`
    clause: str | None = None  # the clause involved (`suzhou-2024.rules:53`), if one is
    clause_text: str | None = None  # that line of the rule file

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "subject": self.subject,
            "expected": self.expected,
            "got": self.got,
            "clause": None if self.clause is None else {"id": self.clause, "text": self.clause_text},
        }


@dataclass(slots=True)
class Outcome:
    """A case run: its result, its trace (for coverage), the record as scored, and its failures."""

    case: Case
    rules: RuleSet
    result: Result
    trace: Trace
    record: Record
    failures: list[Failure]

    @property
    def passed(self) -> bool:
        return not self.failures


# ---- finding the test files --------------------------------------------------------------------


def test_files(given: str) -> list[str]:
    """The test files a PATH of `evalrules test` names: a test file; a rule file's test file
    beside it; every test file in a folder and its subfolders. [] when there is none."""
    path = Path(given)
    if path.is_dir():
        return sorted(str(p) for p in path.rglob("*" + TEST_SUFFIX))
    if given.endswith(RULE_SUFFIX):
        beside = path.with_name(path.name[: -len(RULE_SUFFIX)] + TEST_SUFFIX)
        return [str(beside)] if beside.is_file() else []
    return [given]


test_files.__test__ = False  # type: ignore[attr-defined]


# ---- reading a test file -------------------------------------------------------------------------


def read_test_file(path: str | os.PathLike[str]) -> TestFile:
    """Read and check a test file; raises `TestFileError` (or `RecordError` for text that is not
    YAML, at its line) when it cannot be used."""
    name = os.fspath(path)
    try:
        data_bytes = Path(name).read_bytes()
    except OSError as error:
        raise TestFileError(name, [RecordProblem("", compose("test.cannot_read", reason=cannot_read(error)))]) from None
    data, root = load_yaml(decode(data_bytes, name), name)
    if root is None or not isinstance(data, dict):
        raise TestFileError(name, [RecordProblem("", message("test.not_a_mapping"), 1, 1)])
    stub = TestFile(name, "", [], root)
    _known_keys(stub, data, (), _FILE_KEYS)
    rules = data.get("rules")
    if rules is None:
        stem = Path(name).name
        stem = stem[: -len(TEST_SUFFIX)] if stem.endswith(TEST_SUFFIX) else Path(name).stem
        rules_path = str(Path(name).with_name(stem + RULE_SUFFIX))
    elif isinstance(rules, str) and rules.strip():
        rules_path = str(Path(name).parent / rules)
    else:
        raise stub.problem(("rules",), message("test.rules_not_text"))
    stub.rules_path = rules_path
    cases = data.get("cases")
    if not isinstance(cases, list) or not cases:
        raise stub.problem(("cases",) if "cases" in data else (), message("test.no_cases"), key="cases" in data)
    seen: dict[str, int] = {}
    for index, raw in enumerate(cases):
        case = _case(stub, index, raw)
        if case.name in seen:
            raise stub.problem(("cases", index, "name"), message("test.duplicate_name", case=excerpt(case.name), first=seen[case.name]))
        seen[case.name] = case.line
        stub.cases.append(case)
    return stub


def _known_keys(suite: TestFile, data: dict[str, Any], loc: tuple[Any, ...], known: tuple[str, ...], case: str | None = None) -> None:
    for key in data:
        if key not in known:
            said = message("test.unknown_key", key=excerpt(str(key)), known=", ".join(known))
            if case is not None:
                said = _in_case(case, said)
            raise suite.problem((*loc, key), said, key=True)


def _in_case(case: str, what: Message) -> Message:
    """`what`, said of the case named `case`."""
    return compose("test.in_case", case=excerpt(case), problem=what)


def _case(suite: TestFile, index: int, raw: Any) -> Case:
    loc: tuple[Any, ...] = ("cases", index)
    line = yaml_position(suite.root, loc, False).line + 1
    if not isinstance(raw, dict):
        raise suite.problem(loc, message("test.case_not_a_mapping"))
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise suite.problem((*loc, "name") if "name" in raw else loc, message("test.case_without_name"))
    _known_keys(suite, raw, loc, _CASE_KEYS, name)
    record = raw.get("record")
    if not (isinstance(record, dict) or (isinstance(record, str) and record.strip())):
        where = (*loc, "record") if "record" in raw else loc
        raise suite.problem(where, _in_case(name, message("test.record_missing")))
    changes_raw = raw.get("changes") or {}
    if not isinstance(changes_raw, dict):
        raise suite.problem((*loc, "changes"), _in_case(name, message("test.changes_not_a_mapping")))
    changes = []
    for path, value in changes_raw.items():
        if not isinstance(path, str) or not _PATH.fullmatch(path):
            raise suite.problem((*loc, "changes", path), _in_case(name, message("test.change_path", path=excerpt(str(path)))), key=True)
        changes.append((path, value, (*loc, "changes", path)))
    expect = raw.get("expect")
    if not isinstance(expect, dict):
        where = (*loc, "expect") if "expect" in raw else loc
        raise suite.problem(where, _in_case(name, message("test.expect_missing")))
    _known_keys(suite, expect, (*loc, "expect"), _EXPECT_KEYS, name)
    _check_expect(suite, name, (*loc, "expect"), expect)
    return Case(name, line, index, record, changes, expect, suite)


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except ArithmeticError:
            return None
        return number if number.is_finite() else None
    return None


def _check_expect(suite: TestFile, case: str, loc: tuple[Any, ...], expect: dict[str, Any]) -> None:
    def bad(where: tuple[Any, ...], key: str, **values: object) -> TestFileError:
        return suite.problem((*loc, *where), _in_case(case, message(key, **values)))

    scores = expect.get("scores", {})
    if not isinstance(scores, dict):
        raise bad(("scores",), "test.scores_not_a_mapping")
    for name, score in scores.items():
        if score is not None and _number(score) is None:
            raise bad(("scores", name), "test.not_a_number", what=excerpt(str(name)))
    if "total" in expect and _number(expect["total"]) is None:
        raise bad(("total",), "test.not_a_number", what="total")
    if "grade" in expect and expect["grade"] is not None and not isinstance(expect["grade"], str):
        raise bad(("grade",), "test.grade_not_text")
    if "provisional" in expect and not isinstance(expect["provisional"], bool):
        raise bad(("provisional",), "test.provisional_not_bool")
    findings = expect.get("findings", [])
    if not isinstance(findings, list):
        raise bad(("findings",), "test.findings_not_a_list")
    for i, pair in enumerate(findings):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            raise bad(("findings", i), "test.finding_not_a_pair")


# ---- running a case ------------------------------------------------------------------------------


class Runner:
    """Runs cases, loading each rule file and each record file once."""

    __test__ = False

    def __init__(self) -> None:
        self._rules: dict[str, RuleSet] = {}
        self._records: dict[str, Any] = {}

    def rules_of(self, suite: TestFile) -> RuleSet:
        """The rule set a test file names; `RuleError` when it cannot be loaded, or a
        `TestFileError` at `rules:` when there is no such file."""
        key = os.path.normpath(suite.rules_path)
        rules = self._rules.get(key)
        if rules is None:
            if not Path(key).is_file():
                where = ("rules",) if "rules" in _top_keys(suite) else ()
                raise suite.problem(where, message("test.no_rule_file", rules=excerpt(suite.rules_path)), key=False)
            rules = self._rules[key] = load(key)
        return rules

    def run(self, case: Case) -> Outcome:
        """Score the case's record and compare the result with what the case expects."""
        suite = case.file
        rules = self.rules_of(suite)
        record, source = self._record(case)
        result, trace = rules.traced(record, source)
        return Outcome(case, rules, result, trace, record, _compare(case, rules, result))

    def _record(self, case: Case) -> tuple[Record, str]:
        suite = case.file
        loc = ("cases", case.index, "record")
        if isinstance(case.record, str):
            path = str(Path(suite.path).parent / case.record)
            if not case.changes:
                try:
                    return read_record(path), path
                except RecordError as error:
                    raise suite.problem(loc, _in_case(case.name, _record_problem(error))) from None
            data = copy.deepcopy(self._data(suite, case, path))
            source = path
        else:
            data, source = copy.deepcopy(case.record), f"{suite.path}:{case.line}"
        for path_text, value, where in case.changes:
            if not _change(data, path_text, value):
                raise suite.problem(where, _in_case(case.name, message("test.bad_change", path=excerpt(path_text))), key=True)
        try:
            return record_from_data(data, source), source
        except RecordError as error:
            raise suite.problem(loc, _in_case(case.name, _record_problem(error))) from None

    def _data(self, suite: TestFile, case: Case, path: str) -> Any:
        key = os.path.normpath(path)
        if key not in self._records:
            loc = ("cases", case.index, "record")
            try:
                raw = decode(Path(key).read_bytes(), path)
                data = load_json(raw, path) if key.lower().endswith(".json") else load_yaml(raw, path)[0]
            except OSError as error:
                what = compose("test.record_unreadable", record=excerpt(path), reason=cannot_read(error))
                raise suite.problem(loc, _in_case(case.name, what)) from None
            except RecordError as error:
                raise suite.problem(loc, _in_case(case.name, _record_problem(error))) from None
            self._records[key] = data
        return self._records[key]


def _top_keys(suite: TestFile) -> list[str]:
    root = suite.root
    return [k.value for k, _ in root.value] if isinstance(root, yaml.MappingNode) else []


@dataclass(frozen=True, slots=True)
class _Rendered(Message):
    """A record's own error, written in the reader's language when shown."""

    error: Any = None

    def text(self, lang: str = "zh") -> str:
        return " / ".join(self.error.render(lang).splitlines())


def _record_problem(error: RecordError) -> Message:
    return compose("test.record_unusable", detail=_Rendered("test.record_unusable", (), error))


def _change(data: Any, path: str, value: Any) -> bool:
    """Set (or, with None, remove) the field at `path`; False when the record has no such place:
    a parent missing, an index past the end (one past it appends), a field to remove absent."""
    steps = [name if name else int(index) for name, index in _STEP.findall(path)]
    *parents, last = steps
    for step in parents:
        if isinstance(step, int):
            if not isinstance(data, list) or step >= len(data):
                return False
        elif not isinstance(data, dict) or step not in data:
            return False
        data = data[step]
    if isinstance(last, int):
        if not isinstance(data, list) or last > len(data) or (last == len(data) and value is None):
            return False
        if value is None:
            del data[last]
        elif last == len(data):
            data.append(value)
        else:
            data[last] = value
        return True
    if not isinstance(data, dict):
        return False
    if value is None:
        if last not in data:
            return False
        del data[last]
    else:
        data[last] = value
    return True


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain(value)
    return visible(str(value))


def _compare(case: Case, rules: RuleSet, result: Result) -> list[Failure]:
    expect, suite = case.expect, case.file
    lines = _lines(rules)
    failures: list[Failure] = []

    def clause(found: Any) -> dict[str, str | None]:
        if found is None:
            return {}
        return {"clause": found.id, "clause_text": lines.get(found.id)}

    for name, score in (expect.get("scores") or {}).items():
        rows = [row for row in result.indicators if row.name == name]
        if len(rows) != 1:
            key = "test.no_such_row" if not rows else "test.row_ambiguous"
            what = message(key, name=excerpt(str(name)), count=len(rows))
            raise suite.problem(("cases", case.index, "expect", "scores", name), _in_case(case.name, what), key=True)
        row = rows[0]
        wanted = None if score is None else _number(score)
        if row.score != wanted:
            failures.append(Failure("score", _shown(wanted), _shown(row.score), str(name), **clause(row.clause)))
    if "total" in expect:
        wanted = _number(expect["total"])
        if result.total != wanted:
            failures.append(Failure("total", _shown(wanted), _shown(result.total)))
    if "grade" in expect and result.grade != expect["grade"]:
        failures.append(Failure("grade", _shown(expect["grade"]), _shown(result.grade), **clause(_grade_clause(rules, result.grade))))
    provisional = expect.get("provisional", False)
    if result.provisional is not provisional:
        failures.append(Failure("provisional", _shown(provisional), _shown(result.provisional)))
    wanted_findings = Counter((check, path) for check, path in expect.get("findings") or [])
    got = Counter((f.check, f.path) for f in result.findings)
    checks = {check.name: check.clause for check in rules.checks}
    for (check, path), times in sorted((wanted_findings - got).items()):
        for _ in range(times):
            failures.append(Failure("finding missing", "", "", f"[{check}, {path}]", **clause(checks.get(check))))
    unexpected = got - wanted_findings
    for finding in result.findings:
        key = (finding.check, finding.path)
        if unexpected.get(key, 0) > 0:
            unexpected[key] -= 1
            failures.append(Failure("finding unexpected", "", "", f"[{finding.check}, {finding.path}]", **clause(finding.clause)))
    return failures


def _grade_clause(rules: RuleSet, grade: str | None) -> Any:
    if rules.grades is None or grade is None:
        return None
    return next((c for name, _, _, c in rules.grades.bands if name == grade), None)


def _lines(rules: RuleSet) -> dict[str, str]:
    """Every line of the rule file and the files it extends, by clause id (`file:line`)."""
    out: dict[str, str] = {}
    for path, source in rules.sources.items():
        name = file_name(path)
        for number, line in enumerate(source.splitlines(), start=1):
            out[f"{name}:{number}"] = line.strip()
    return out


# ---- saying a failure ----------------------------------------------------------------------------


def failure_lines(outcome: Outcome, lang: str) -> list[str]:
    """What a failed case says: each difference as expected against got, with the clause involved."""
    lines = []
    for failure in outcome.failures:
        values = {"subject": visible(failure.subject or ""), "expected": failure.expected, "got": failure.got}
        said = text("test.failure." + failure.what.replace(" ", "_"), lang, **values)
        if failure.clause is not None:
            said += text("test.clause", lang, clause=failure.clause, line=visible(failure.clause_text or ""))
        lines.append("  " + said)
    return lines


def case_title(case: Case) -> str:
    return f"{visible(case.file.path)}:{case.line}: {visible(case.name)}"


def failure_text(outcome: Outcome, lang: str) -> str:
    """A failed case as `evalrules test` and the pytest plugin show it."""
    head = text("test.failed", lang, case=case_title(outcome.case))
    return "\n".join([head, *failure_lines(outcome, lang)])


def cases_of(suites: Iterable[TestFile]) -> Iterator[Case]:
    for suite in suites:
        yield from suite.cases
