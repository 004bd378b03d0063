"""Load: a rule file (a path or a shipped rule set's name) or rule-file text → a checked, compiled `RuleSet`.

The one entry point that runs the rule-file half of the pipeline: read → parse → check →
compile. `load` takes a path, or the name of a rule set shipped with evalrules (`suzhou-2024`),
looked up in the `rules/` folder of a checkout or the copy installed inside the package; `loads`
takes text. `load` never guesses that a string is text: what it is given names a file, or it is an
error that says which rule sets are shipped.

A shipped rule set is named by its file name (`suzhou-2024.rules`) wherever evalrules is
installed, so positions, clause ids and results are the same on every machine. A path is named as
the caller wrote it.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Diagnostic, RuleError, Span, UsageError
from ..language.checker import check
from ..language.parser import parse
from ..messages import Message, message
from ..records.text import UTF16_BOMS, looks_like_gb18030, position_of
from .compiler import compile_rules
from .ruleset import RuleSet

RULE_SUFFIX = ".rules"
_PACKAGE = Path(__file__).resolve().parent.parent  # evalrules/, above engine/
_SHIPPED = (_PACKAGE / "_rules", _PACKAGE.parent / "rules")
_UTF8_BOM = b"\xef\xbb\xbf"


def shipped_rule_sets() -> dict[str, Path]:
    """Rule sets that come with evalrules, by name (the file name without `.rules`)."""
    found: dict[str, Path] = {}
    for folder in _SHIPPED:
        if folder.is_dir():
            for path in sorted(folder.glob("*" + RULE_SUFFIX)):
                found.setdefault(path.stem, path)
    return found


def load(rules: str | os.PathLike[str]) -> RuleSet:
    """Load a rule set from a file path or the name of a shipped rule set (`suzhou-2024`).

    A path that exists is read; otherwise a shipped rule set of that name (with or without
    `.rules`) is loaded, named by its file name. Raises `RuleError` (with `file:line:col` and a
    caret for each problem) when the file cannot be read or the rules are unusable, and
    `UsageError` for an argument that is not a path. Rule-file text goes to `loads`.
    """
    if not isinstance(rules, (str, os.PathLike)) or isinstance(os.fspath(rules), bytes):
        raise UsageError(message("load.not_a_path", kind=type(rules).__name__))
    name = os.fspath(rules)
    path = Path(name)
    if not name or not _exists(path):  # "" would be the current directory
        shipped = shipped_rule_sets().get(name.removesuffix(RULE_SUFFIX)) if name else None
        if shipped is None:
            raise _file_error(name, _no_such_file(), _text_hint(name))
        path, name = shipped, shipped.name
    if path.is_dir():
        raise _file_error(name, message("load.is_directory"))
    try:
        data = path.read_bytes()
    except PermissionError:
        raise _file_error(name, message("load.no_permission")) from None
    except OSError as error:
        raise _file_error(name, message("load.unreadable", reason=error.strerror or type(error).__name__)) from None
    return loads(_decode(data, name), name)


def loads(text: str, name: str = "<rules>") -> RuleSet:
    """Parse, check and compile rule-file text; `name` is the name positions are reported with."""
    if not isinstance(text, str):
        raise UsageError(message("load.not_text", kind=type(text).__name__))
    return compile_rules(check(parse(text, name)))


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):  # a name too long for the system, or holding a NUL
        return False


def _no_such_file() -> Message:
    names = list(shipped_rule_sets())
    return message("load.no_such_file", names=", ".join(names)) if names else message("load.no_such_file_alone")


def _text_hint(name: str) -> Message | None:
    """Rule-file text given to `load`: say where it goes rather than take it as text."""
    return message("load.looks_like_text") if "\n" in name or "{" in name else None


def _decode(data: bytes, name: str) -> str:
    """The file's text; a file that is not UTF-8 is refused at its first bad byte.

    Rule files written on Chinese Windows are often GB18030 (GBK): the hint says so when the bytes
    read as that, so that the fix (save as UTF-8) is one step.
    """
    data = data.removeprefix(_UTF8_BOM)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = error.start
    line, column = position_of(data, bad)
    shown = data.decode("utf-8", errors="replace")
    what = message("load.not_utf8", byte=f"0x{data[bad]:02X}")
    span = Span(name, line, column, line, column + 1)
    raise RuleError([Diagnostic(what, span, hint=_encoding_hint(data))], shown)


def _encoding_hint(data: bytes) -> Message | None:
    if data.startswith(UTF16_BOMS):
        return message("load.looks_utf16")
    return message("load.looks_gb18030") if looks_like_gb18030(data) else None


def _file_error(name: str, what: Message, hint: Message | None = None) -> RuleError:
    return RuleError([Diagnostic(what, Span(name, 0, 0, 0, 0), hint=hint)], None)
