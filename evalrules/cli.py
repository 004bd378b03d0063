"""The `evalrules` command: score, audit, check, schema; the outermost step of the pipeline.

Exit status, for scripts and CI pipelines:
  0  every input was usable: `score` scored every form, whatever it found (with `--fail-on
     error|warning`, 1 when a finding that grave is present); `check` found no error;
  1  `audit` found an error finding (or what `--fail-on` names), like a linter;
  2  an input is unusable (a rule file, a record, an argument, EVALRULES_LANG).
Unusable input gets a short message naming the file and line or the record's field path on
standard error, never a traceback; the records that could be scored are still scored and printed.
Every message is in the reader's language (`--lang`, else EVALRULES_LANG, else Chinese), from
the message catalogue. The status survives a reader that stops early (`evalrules … | head -1`).
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .decimals import plain
from .display import json_safe, visible
from .engine.loader import RULE_SUFFIX, CheckedPart, check_file, load
from .engine.picking import pick
from .engine.result import Result, dumps, result_json_schema
from .engine.ruleset import RuleSet
from .errors import Diagnostic, RuleError
from .messages import LANGUAGE_VARIABLE, LANGUAGES, DEFAULT_LANGUAGE, Message, message, text
from .records.record import STDIN, Record, read_record, record_json_schema
from .records.values import excerpt
from .report import FORMATS, render, render_findings
from .tools import COMMANDS as TOOL_COMMANDS
from .tools.console import discard as _discard
from .tools.console import err as _err
from .tools.console import out as _out
from .tools.console import unusable as _unusable

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2
_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
_FAIL_ON = ("error", "warning")
_TERMINAL_FALLBACK = (80, 24)  # the width when a terminal does not say


# ---- the reader's language --------------------------------------------------------------------


def _environment_language() -> str | None:
    """The language EVALRULES_LANG names (zh when it is unset); None when it names none we speak."""
    chosen = os.environ.get(LANGUAGE_VARIABLE, "").strip().lower()
    if not chosen:
        return DEFAULT_LANGUAGE
    return chosen if chosen in LANGUAGES else None


def _asked_language(argv: Sequence[str]) -> str | None:
    """The language a command line asks for, read before parsing it, so that argparse's own
    errors are in the reader's language too; None when it cannot be told."""
    for arg, following in zip(argv, [*argv[1:], None]):
        value = following if arg == "--lang" else arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if value in LANGUAGES:
            return value
    return _environment_language()


# ---- arguments --------------------------------------------------------------------------------

# argparse words its own errors in English; the common ones are mapped to catalogue messages.
_ARGPARSE_ERRORS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Message]], ...] = (
    (re.compile(r"the following arguments are required: (?P<a>.+)"), lambda m: message("usage.missing_arguments", arguments=m["a"])),
    (re.compile(r"unrecognized arguments: (?P<a>.+)"), lambda m: message("usage.unknown_arguments", arguments=m["a"])),
    (
        re.compile(r"argument (?P<o>\S+): invalid choice: (?P<v>.*) \(choose from (?P<c>.+)\)"),
        lambda m: message("usage.invalid_choice", option=m["o"], value=_unquoted(m["v"]), choices=_unquoted(m["c"])),
    ),
    (re.compile(r"argument (?P<o>\S+): expected (one|at least one) argument"), lambda m: message("usage.expected_value", option=m["o"])),
    (
        re.compile(r"argument --width: invalid \w+ value: (?P<v>.*)"),
        lambda m: message("usage.width", width=_unquoted(m["v"])),
    ),
    (
        re.compile(r"argument (?P<o>\S+): invalid \w+ value: (?P<v>.*)"),
        lambda m: message("usage.invalid_value", option=m["o"], value=_unquoted(m["v"])),
    ),
)


def _unquoted(said: str) -> str:
    """argparse's repr of a value or list of choices, shown as typed: `'xml'` → `xml`."""
    return re.sub(r"'([^']*)'", r"\1", said)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are short, in the reader's language, and exit with 2."""

    def __init__(self, *args: Any, reader: str | None = DEFAULT_LANGUAGE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reader = reader  # None: the language is unknown, so say it in every language

    def error(self, message_text: str) -> NoReturn:  # type: ignore[override]
        for pattern, said in _ARGPARSE_ERRORS:
            match = pattern.fullmatch(message_text)
            if match is not None:
                self.fail(said(match))
        self.fail(message("usage.other", detail=message_text))

    def fail(self, what: Message) -> NoReturn:
        self.print_usage(sys.stderr)
        languages = LANGUAGES if self.reader is None else (self.reader,)
        lines = [text("usage.error", lang, prog=self.prog, message=visible(what.text(lang))) for lang in languages]
        self.exit(EXIT_UNUSABLE, "\n".join(lines) + "\n")


def _width(value: str) -> int:
    width = int(value)
    if width < 0:
        raise ValueError(value)
    return width


def build_parser(reader: str | None = DEFAULT_LANGUAGE) -> _Parser:
    """The command line's parser; `reader` is the language of its help and error messages (None:
    the language is unknown, so errors are said in every language and help in the default one)."""
    lang = reader or DEFAULT_LANGUAGE

    def said(key: str, **values: object) -> str:
        return text(f"help.{key}", lang, **values)

    make = functools.partial(_Parser, reader=reader, formatter_class=_formatter(lang), add_help=False)
    parser = make(prog="evalrules", description=said("description"))
    _own_help(parser, lang)
    parser.add_argument("--version", action="version", version=f"evalrules {__version__}", help=said("version"))
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=make, title=said("commands"), metavar="COMMAND"
    )

    def language(command: argparse.ArgumentParser) -> None:
        command.add_argument("--lang", choices=LANGUAGES, help=said("lang", variable=LANGUAGE_VARIABLE))

    def outputs(command: argparse.ArgumentParser, fail_on: str | None) -> None:
        command.add_argument("rules", help=said("rules"))
        # `--rules PATH` is RULES written as an option; main() moves it to its place (`_rules_first`).
        command.add_argument("--rules", dest="rules_option", metavar="RULES", help=said("rules_option"))
        command.add_argument("records", nargs="+", metavar="RECORD", help=said("records"))
        command.add_argument("--format", choices=FORMATS, default="table", help=said("format", default="table"))
        command.add_argument("--width", type=_width, metavar="N", help=said("width"))
        command.add_argument(
            "--fail-on", choices=_FAIL_ON, default=fail_on,
            help=said("fail_on_default", default=fail_on) if fail_on else said("fail_on"),
        )
        language(command)

    def command(name: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=said(name), description=said(name))
        _own_help(sub, lang)
        return sub

    score = command("score")
    outputs(score, None)
    score.add_argument("--explain", action="store_true", help=said("explain"))

    audit = command("audit")
    outputs(audit, "error")

    check = command("check")
    check.add_argument("rules", nargs="+", metavar="RULES", help=said("check_rules"))
    check.add_argument("--format", choices=("text", "json"), default="text", help=said("format", default="text"))
    language(check)

    schema = command("schema")
    schema.add_argument("--result", action="store_true", help=said("schema_result"))
    language(schema)

    for name in TOOL_COMMANDS:  # fmt, test, verify, lsp: each module adds its own arguments
        tool = command(name)
        _tool(name).add_arguments(tool, said)
        language(tool)
    return parser


def _tool(name: str) -> Any:
    return importlib.import_module(f"{__package__}.tools.{name}")


def _own_help(parser: argparse.ArgumentParser, lang: str) -> None:
    """`-h/--help` with its text, and the headings of the help, in the reader's language."""
    parser.add_argument("-h", "--help", action="help", help=text("help.help", lang))
    parser._positionals.title = text("help.positionals", lang)
    parser._optionals.title = text("help.options", lang)


def _formatter(lang: str) -> type[argparse.HelpFormatter]:
    usage = text("help.usage", lang)

    class Formatter(argparse.HelpFormatter):
        """argparse's help layout, with "usage:" in the reader's language."""

        def add_usage(self, usage_text: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
            super().add_usage(usage_text, actions, groups, usage if prefix is None else prefix)

    return Formatter


# ---- the commands -----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    argv = _rules_first(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser(_asked_language(argv))
    try:
        args = parser.parse_args(argv)
    except BrokenPipeError:  # `evalrules --help | head -1`
        _discard(sys.stdout)
        return EXIT_OK
    lang = args.lang or _environment_language()
    if lang is None:
        parser.fail(
            message(
                "usage.language_variable",
                variable=LANGUAGE_VARIABLE,
                lang=visible(os.environ.get(LANGUAGE_VARIABLE, "")),
                known=", ".join(LANGUAGES),
            )
        )
    if args.command in ("score", "audit"):
        return _score(args, lang)
    if args.command == "check":
        return _check(args, lang)
    if args.command in TOOL_COMMANDS:
        return int(_tool(args.command).run(args, lang))
    _out(dumps(result_json_schema() if args.result else record_json_schema()))
    return EXIT_OK


def _rules_first(argv: list[str]) -> list[str]:
    """`score --rules DIR RECORD…` as `score DIR RECORD…`: the option stands for the positional
    RULES, so both spellings are one command line (a `--rules` without a value is left for
    argparse to refuse)."""
    if not argv or argv[0] not in ("score", "audit"):
        return argv
    for at, arg in enumerate(argv[1:], start=1):
        if arg == "--":
            break
        if arg.startswith("--rules="):
            return [argv[0], arg.removeprefix("--rules="), *argv[1:at], *argv[at + 1 :]]
        if arg == "--rules" and at + 1 < len(argv):
            return [argv[0], argv[at + 1], *argv[1:at], *argv[at + 2 :]]
    return argv


def _score(args: argparse.Namespace, lang: str) -> int:
    folder = _is_folder(args.rules)
    rule_sets = _load_folder(args.rules, lang) if folder else [_load(args.rules, lang)]
    if None in rule_sets or not rule_sets:
        return EXIT_UNUSABLE
    results: list[Result] = []
    unusable = False
    for path in args.records:
        source = STDIN if path == "-" else path
        try:
            record = read_record(path)
            rules = _picked(rule_sets, record, source, lang) if folder else rule_sets[0]
            results.append(rules.score(record, source))  # type: ignore[union-attr]
        except Exception as error:  # say why briefly, keep scoring the others
            _err(_unusable(path, error, lang))
            unusable = True
    if results:
        width = _table_width(args)
        if args.command == "audit":
            _out(render_findings(results, args.format, lang, width))
        else:
            _out(render(results, args.format, lang, args.explain, width))
    if unusable:
        return EXIT_UNUSABLE
    return EXIT_FINDINGS if _fails(results, args.fail_on) else EXIT_OK


def _fails(results: list[Result], fail_on: str | None) -> bool:
    if fail_on is None:
        return False
    least = _SEVERITY_RANK[fail_on]
    return any(_SEVERITY_RANK.get(f.severity, 0) >= least for r in results for f in r.findings)


def _table_width(args: argparse.Namespace) -> int:
    """The width to wrap a table to: `--width`, else the terminal's; 0 (no wrapping) when the
    output goes to a pipe or a file, so that every row stays one line for the next program."""
    if args.width is not None:
        return int(args.width)
    try:
        to_terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):
        return 0
    return shutil.get_terminal_size(_TERMINAL_FALLBACK).columns if to_terminal else 0


def _load(path: str, lang: str) -> RuleSet | None:
    try:
        return load(path)
    except Exception as error:
        _err(_unusable(path, error, lang))
    return None


def _is_folder(path: str) -> bool:
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def _load_folder(folder: str, lang: str) -> list[RuleSet | None]:
    """Every rule set of a folder (`*.rules`, not its subfolders); [] (said) when it holds none.
    A part (规则片段) there is checked and left out: it is not a rule set to pick, only blocks
    that rule sets take. A file that cannot be loaded makes the whole folder unusable: a pick
    among the rest could pick a rule set the broken file was meant to replace."""
    paths = sorted(Path(folder).glob("*" + RULE_SUFFIX))
    found = [_load_or_part(str(path), lang) for path in paths]
    rule_sets = [rules for rules in found if not isinstance(rules, CheckedPart)]
    if not paths:
        _err(text("cli.no_rule_files", lang, folder=visible(folder)))
    elif not rule_sets:
        _err(text("cli.only_parts", lang, folder=visible(folder)))
    return rule_sets


def _load_or_part(path: str, lang: str) -> RuleSet | CheckedPart | None:
    try:
        return check_file(path)
    except Exception as error:
        _err(_unusable(path, error, lang))
    return None


def _picked(rule_sets: list[RuleSet | None], record: Record, source: str, lang: str) -> RuleSet:
    """The rule set of the folder that applies to `record`, said on standard error."""
    rules = pick([r for r in rule_sets if r is not None], record, source)
    wanted = record.project.jurisdiction
    values = {"record": visible(source), "file": visible(rules.name), "title": visible(rules.title)}
    if wanted is None:
        _err(text("cli.picked_no_jurisdiction", lang, **values))
    elif rules.jurisdiction != wanted:
        _err(text("cli.picked_national", lang, jurisdiction=excerpt(wanted), year=record.project.year, **values))
    else:
        _err(text("cli.picked", lang, **values))
    return rules


def _check(args: argparse.Namespace, lang: str) -> int:
    status = EXIT_OK
    reports: list[dict[str, Any]] = []
    paths: list[str] = []
    for given in args.rules:  # a folder: every rule file and part in it, its subfolders included
        if Path(given).is_dir():
            found = sorted(str(p) for p in Path(given).rglob("*" + RULE_SUFFIX))
            if not found:
                _err(text("cli.no_rule_files", lang, folder=visible(given)))
                status = EXIT_UNUSABLE
            paths += found
        else:
            paths.append(given)
    for path in paths:
        try:
            rules = check_file(path)
        except RuleError as error:
            status = EXIT_UNUSABLE
            if args.format == "json":
                file = error.diagnostics[0].span.file if error.diagnostics else path
                reports.append(_check_report(file, None, error.diagnostics, error.warnings))
            else:
                _err(error.render(lang))
            continue
        except Exception as error:
            status = EXIT_UNUSABLE
            _err(_unusable(path, error, lang))
            continue
        if args.format == "json":
            reports.append(_check_report(rules.path, rules, [], list(rules.warnings)))
            continue
        sources = rules.sources  # a warning may stand in a file this one extends
        for warning in rules.warnings:
            _err(warning.render(sources.get(warning.span.file, rules.source), lang))
        _out(_checked_ok(rules, lang))
    if args.format == "json" and reports:
        _out(json_safe(dumps(reports[0] if len(reports) == 1 else reports)))
    return status


def _checked_ok(rules: RuleSet | CheckedPart, lang: str) -> str:
    """What `check` says of a file without error: a rule set's categories and maximum, or a
    part's checks (a part has no maximum: it is a rule set's only once extended)."""
    file, title = visible(rules.path), visible(rules.title)
    if isinstance(rules, CheckedPart):
        checks = visible("、".join(rules.checks)) if rules.checks else "—"
        return text("cli.check_part_ok", lang, file=file, title=title, count=len(rules.checks), checks=checks)
    categories = visible("、".join(rules.categories))
    return text("cli.check_ok", lang, file=file, title=title, categories=categories, maximum=plain(rules.maximum))


def _check_report(
    file: str, rules: RuleSet | CheckedPart | None, errors: list[Diagnostic], warnings: list[Diagnostic]
) -> dict[str, Any]:
    """One rule file's check as data: whether it can be used, what it is, and every problem.
    A part says so (`"part": true`) and lists its checks instead of categories and a maximum."""
    report: dict[str, Any] = {"file": file, "ok": rules is not None}
    if isinstance(rules, CheckedPart):
        report.update(part=True, title=rules.title, checks=list(rules.checks))
    elif rules is not None:
        report.update(title=rules.title, categories=list(rules.categories), maximum=plain(rules.maximum))
    report.update(errors=[d.to_dict() for d in errors], warnings=[d.to_dict() for d in warnings])
    return report


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
