"""`evalrules test PATH… [--format text|json] [--coverage [--fail-under P]]`: run test files.

Each PATH is a test file (`*.tests.yaml`), a rule file (its test file beside it) or a folder
(every test file in it and its subfolders). Every case is scored and compared (tools/cases.py);
each failure is printed as expected against got, with the clause involved and the case's
`file:line`, then one summary line. With `--coverage`, each rule set tested is reported with the
share of its clause items the cases exercised, naming every item never exercised with its line
(tools/coverage.py).

Exit status: 0 all cases passed (and, with `--fail-under`, every rule set covered enough); 1 a case
failed, or coverage fell short; 2 an input is unusable (a test file, its rule file, a record):
said in a short message naming the file and line, the usable files still run.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from ..decimals import percent
from ..display import json_safe, visible
from ..engine.result import dumps
from .cases import Outcome, Runner, TestFile, case_title, failure_lines, read_test_file, test_files
from .console import err, out, unusable
from ..messages import text

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2


def add_arguments(command: argparse.ArgumentParser, said: Callable[..., str]) -> None:
    command.add_argument("paths", nargs="+", metavar="PATH", help=said("test_paths"))
    command.add_argument("--format", choices=("text", "json"), default="text", help=said("test_format", default="text"))
    command.add_argument("--coverage", action="store_true", help=said("test_coverage"))
    command.add_argument("--fail-under", metavar="PERCENT", help=said("test_fail_under"))


def run(args: argparse.Namespace, lang: str) -> int:
    status = EXIT_OK
    fail_under = None
    if args.fail_under is not None:
        try:
            fail_under = Decimal(args.fail_under.rstrip("%")) / 100
        except InvalidOperation:
            fail_under = None
        if fail_under is None or not (0 <= fail_under <= 1):
            err(text("coverage.fail_under", lang, value=visible(args.fail_under)))
            return EXIT_UNUSABLE
    suites: list[TestFile] = []
    for given in args.paths:
        found = test_files(given)
        if not found:
            key = "test.no_test_file_for" if given.endswith(".rules") else "test.no_test_files"
            expected = given[: -len(".rules")] + ".tests.yaml" if given.endswith(".rules") else ""
            err(text(key, lang, path=visible(given), expected=visible(expected)))
            status = EXIT_UNUSABLE
        for path in found:
            try:
                suites.append(read_test_file(path))
            except Exception as error:  # say why briefly; the other files still run
                err(unusable(path, error, lang))
                status = EXIT_UNUSABLE
    runner = Runner()
    outcomes: list[Outcome] = []
    coverages: dict[str, Any] = {}
    for suite in suites:
        try:
            rules = runner.rules_of(suite)
            if args.coverage and rules.path not in coverages:
                from .coverage import Coverage, clauses_of

                coverages[rules.path] = Coverage(clauses_of(rules))
            for case in suite.cases:
                outcome = runner.run(case)
                outcomes.append(outcome)
                if args.coverage:
                    coverages[rules.path].add(outcome.result, outcome.trace, outcome.record)
        except Exception as error:
            err(unusable(suite.path, error, lang))
            status = EXIT_UNUSABLE
    failed = [o for o in outcomes if not o.passed]
    short = [c for c in coverages.values() if fail_under is not None and c.share < fail_under]
    if args.format == "json":
        out(json_safe(dumps(_report(suites, outcomes, coverages, lang))))
    else:
        for outcome in failed:
            out(text("test.failed", lang, case=case_title(outcome.case)))
            for line in failure_lines(outcome, lang):
                out(line)
        for coverage in coverages.values():
            for line in _coverage_lines(coverage, lang):
                out(line)
        out(text("test.summary", lang, passed=len(outcomes) - len(failed), failed=len(failed), files=len(suites)))
        for coverage in short:
            out(text("coverage.below", lang, rules=coverage.clauses.rules.name, share=_share(coverage.share), wanted=_share(fail_under)))
    if status == EXIT_UNUSABLE:
        return status
    return EXIT_FAILED if failed or short else EXIT_OK


def _share(share: Decimal | None) -> str:
    return percent(share.quantize(Decimal("0.0001"))) if share is not None else "—"


def _coverage_lines(coverage: Any, lang: str) -> list[str]:
    rules = coverage.clauses.rules
    files = [name for name in _files(rules)[1:]]
    values = {"rules": visible(rules.name), "count": len(coverage.items), "share": _share(coverage.share)}
    values["covered"] = len(coverage.items) - len(coverage.missed)
    if files:
        head = text("coverage.summary", lang, files=visible("、".join(files) if lang == "zh" else ", ".join(files)), **values)
    else:
        head = text("coverage.summary_alone", lang, **values)
    lines = [head]
    missed = coverage.missed
    if missed:
        lines.append("  " + text("coverage.missed", lang))
        texts = coverage.clauses.lines
        for item in missed:
            lines.append(f"    {item.clause}  {visible(item.said(lang))}  | {visible(texts.get(item.clause, ''))}")
    return lines


def _files(rules: Any) -> list[str]:
    from .coverage import rule_files

    return list(rule_files(rules))


def _report(suites: list[TestFile], outcomes: list[Outcome], coverages: dict[str, Any], lang: str) -> dict[str, Any]:
    failed = sum(1 for o in outcomes if not o.passed)
    report: dict[str, Any] = {
        "cases": [
            {
                "file": o.case.file.path,
                "line": o.case.line,
                "name": o.case.name,
                "rules": o.rules.name,
                "passed": o.passed,
                "failures": [f.to_dict() for f in o.failures],
            }
            for o in outcomes
        ],
        "passed": len(outcomes) - failed,
        "failed": failed,
        "files": len(suites),
    }
    if coverages:
        report["coverage"] = [_coverage_json(c, lang) for c in coverages.values()]
    return report


def _coverage_json(coverage: Any, lang: str) -> dict[str, Any]:
    rules = coverage.clauses.rules
    texts = coverage.clauses.lines
    seen = coverage.seen
    return {
        "rules": rules.name,
        "files": _files(rules),
        "items": len(coverage.items),
        "exercised": len(coverage.items) - len(coverage.missed),
        "share": str(coverage.share.quantize(Decimal("0.0001"))),
        "clauses": [
            {
                "clause": item.clause,
                "kind": item.kind,
                "key": item.key,
                "what": item.said(lang),
                "text": texts.get(item.clause, ""),
                "exercised": item.id in seen,
            }
            for item in coverage.items
        ],
    }
