"""The `evalrules` command: score, audit, check, schema.

Exit status: 0 when all is well, 1 when a scored record has error-severity findings, 2 when an
input is unusable (a rule file, a record, an argument). Unusable input gets a short message naming
the file and line or the record's field path on standard error, never a traceback; the records
that could be scored are still scored and printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from . import __version__
from .errors import EvalRulesError, RuleError
from .loader import load
from .messages import default_language
from .records import read_record, record_json_schema
from .report import FORMATS, render, render_findings
from .result import LANGUAGES, Result

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNUSABLE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="evalrules",
        description="Score performance self-evaluation forms (财政支出项目绩效自评表) with rule files.",
    )
    parser.add_argument("--version", action="version", version=f"evalrules {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    score = commands.add_parser("score", help="score records (filled forms) with a rule set")
    score.add_argument("rules", help="a rule file, or the name of a shipped rule set (e.g. suzhou-2024)")
    score.add_argument("records", nargs="+", metavar="RECORD", help="record files (.yaml, .yml or .json)")
    score.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    score.add_argument("--lang", choices=LANGUAGES, default="zh", help="language of explanations (default: zh)")
    score.add_argument("--explain", action="store_true", help="show the arithmetic of every score (table, markdown)")

    audit = commands.add_parser("audit", help="recheck filled forms (复核): print only the findings")
    audit.add_argument("rules", help="a rule file, or the name of a shipped rule set (e.g. suzhou-2024)")
    audit.add_argument("records", nargs="+", metavar="RECORD", help="record files (.yaml, .yml or .json)")
    audit.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    audit.add_argument("--lang", choices=LANGUAGES, default="zh", help="language of the findings (default: zh)")

    check = commands.add_parser("check", help="check rule files without scoring anything")
    check.add_argument("rules", nargs="+", metavar="RULES", help="rule files or shipped rule-set names")

    commands.add_parser("schema", help="print the JSON Schema of a record")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command in ("score", "audit"):
            return _score(args)
        if args.command == "check":
            return _check(args.rules)
        print(json.dumps(record_json_schema(), ensure_ascii=False, indent=2))
        return EXIT_OK
    except BrokenPipeError:  # e.g. `evalrules score … | head`
        return EXIT_OK


def _score(args: argparse.Namespace) -> int:
    try:
        rules = load(args.rules)
    except RuleError as error:
        print(error.render(default_language()), file=sys.stderr)
        return EXIT_UNUSABLE
    results: list[Result] = []
    unusable = False
    for path in args.records:
        try:
            results.append(rules.score(read_record(path), path))
        except EvalRulesError as error:
            print(str(error), file=sys.stderr)
            unusable = True
        except Exception as error:  # a bug of ours: say so briefly, keep scoring the others
            print(f"{path}: internal error, please report it with this file: {type(error).__name__}: {error}", file=sys.stderr)
            unusable = True
    if results:
        if args.command == "audit":
            print(render_findings(results, args.format, args.lang))
        else:
            print(render(results, args.format, args.lang, args.explain))
    if unusable:
        return EXIT_UNUSABLE
    return EXIT_FINDINGS if any(r.has_errors for r in results) else EXIT_OK


def _check(paths: list[str]) -> int:
    status = EXIT_OK
    for path in paths:
        try:
            rules = load(path)
        except RuleError as error:
            print(error.render(default_language()), file=sys.stderr)
            status = EXIT_UNUSABLE
            continue
        for warning in rules.warnings:
            print(warning.render(rules.source, default_language()), file=sys.stderr)
        categories = "、".join(rules.categories)
        print(f"{rules.path}: ok — {rules.title}; categories {categories}; maximum {rules.maximum.normalize():f}")
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
