"""Load: a rule file (path, shipped name, or text) → a checked, compiled `RuleSet`.

The one entry point that runs the rule-file half of the pipeline: read → parse → check →
compile. Shipped rule sets can be named without a path (`suzhou-2024`): they are looked up in the
`rules/` folder of a checkout or the copy installed inside the package.
"""

from __future__ import annotations

import os
from pathlib import Path

from .checker import check
from .compiler import compile_rules
from .errors import Diagnostic, RuleError, Span
from .parser import parse
from .ruleset import RuleSet

RULE_SUFFIX = ".rules"
_PACKAGE = Path(__file__).resolve().parent
_SHIPPED = (_PACKAGE / "_rules", _PACKAGE.parent / "rules")


def shipped_rule_sets() -> dict[str, Path]:
    """Rule sets that come with evalrules, by name (the file name without `.rules`)."""
    found: dict[str, Path] = {}
    for folder in _SHIPPED:
        if folder.is_dir():
            for path in sorted(folder.glob("*" + RULE_SUFFIX)):
                found.setdefault(path.stem, path)
    return found


def load(rules: str | os.PathLike[str]) -> RuleSet:
    """Load a rule set from a file path, a shipped rule set's name, or rule-file text.

    Raises `RuleError` (with `file:line:col` and a caret for each problem) when the rules are
    unusable. A string with a newline or a `{` is taken as rule-file text; any other string is a
    path or the name of a shipped rule set.
    """
    if isinstance(rules, str) and ("\n" in rules or "{" in rules):
        return loads(rules, "<rules>")
    path = Path(rules)
    if not path.exists() and isinstance(rules, str):
        shipped = shipped_rule_sets().get(rules)
        if shipped is not None:
            path = shipped
            rules = _display(shipped)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        known = ", ".join(shipped_rule_sets()) or "none"
        raise _file_error(str(rules), f"no such rule file (shipped rule sets: {known})") from None
    except UnicodeDecodeError as error:
        raise _file_error(str(rules), f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise _file_error(str(rules), error.strerror or "cannot be read") from None
    return loads(text, str(rules))


def loads(text: str, name: str = "<rules>") -> RuleSet:
    """Parse, check and compile rule-file text; `name` is the name positions are reported with."""
    return compile_rules(check(parse(text, name)))


def _display(path: Path) -> str:
    """A shipped file's name as a user would type it: relative to here when it lies below."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _file_error(path: str, message: str) -> RuleError:
    return RuleError([Diagnostic(message, Span(path, 0, 0, 0, 0))], None)
