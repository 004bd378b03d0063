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
from dataclasses import replace
from pathlib import Path

from ..errors import Diagnostic, RuleCheckError, RuleError, Span, UsageError
from ..language.checker import check
from ..language.nodes import Extends, RuleFile
from ..language.parser import parse
from ..messages import Message, message
from ..records.text import UTF16_BOMS, looks_like_gb18030, position_of
from .compiler import compile_rules
from .ruleset import RuleSet, file_name

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
    text = _read(path, name)
    return compile_rules(check(_linked(parse(text, name), path.parent, [path])))


def loads(text: str, name: str = "<rules>", *, base: str | os.PathLike[str] | None = None) -> RuleSet:
    """Parse, check and compile rule-file text; `name` is the name positions are reported with.

    A text that `extends` another file names a shipped rule set, or a file in the folder `base`:
    without `base`, `loads` reads no file, so a name that is not shipped is an error at the
    `extends` line.
    """
    if not isinstance(text, str):
        raise UsageError(message("load.not_text", kind=type(text).__name__))
    folder = Path(base) if base is not None else None
    return compile_rules(check(_linked(parse(text, name), folder, [])))


def _read(path: Path, name: str) -> str:
    if path.is_dir():
        raise _file_error(name, message("load.is_directory"))
    try:
        data = path.read_bytes()
    except PermissionError:
        raise _file_error(name, message("load.no_permission")) from None
    except OSError as error:
        raise _file_error(name, message("load.unreadable", reason=error.strerror or type(error).__name__)) from None
    return _decode(data, name)


# ---- extends: the files a rule file extends, read once, each named as it is cited ------------


def _linked(rule_file: RuleFile, folder: Path | None, seen: list[Path]) -> RuleFile:
    """`rule_file` with its `parent` (and the parent's, and so on) read and parsed.

    The name an `extends` gives is looked up in `folder` (the extending file's), then among the
    shipped rule sets (with or without `.rules`). A name found nowhere, or a file that extends
    itself through others, is an error at the `extends` line. `seen` holds the files of the chain
    so far, resolved, to find the cycle.
    """
    extends = next((item for item in rule_file.items if isinstance(item, Extends)), None)
    if extends is None:
        return rule_file
    wanted = extends.name.value
    found = _find(wanted, folder, rule_file.path)
    if found is None:
        raise _extends_error(rule_file, extends, _not_found(wanted, folder))
    path, name = found
    real, chain = _resolved(path), [_resolved(p) for p in seen]
    if real in chain:
        loop = " → ".join(file_name(str(p)) for p in [*seen[chain.index(real) :], path])
        raise _extends_error(rule_file, extends, message("load.extends_cycle", loop=loop))
    parent = parse(_read(path, name), name)
    return replace(rule_file, parent=_linked(parent, path.parent, [*seen, path]))


def _find(wanted: str, folder: Path | None, child: str) -> tuple[Path, str] | None:
    """The file `extends "wanted"` names, and the name its positions are cited with."""
    if wanted and folder is not None:
        near = folder / wanted
        if _exists(near) and not near.is_dir():
            # Named as a shipped rule set is (its file name), or as the caller named the child's
            # folder: `rules/hubei.rules` extends `rules/national.rules`.
            if any(_resolved(near.parent) == _resolved(f) for f in _SHIPPED if f.is_dir()):
                return near, near.name
            beside = os.path.dirname(child)
            same = _resolved(Path(beside or ".")) == _resolved(folder)
            return near, os.path.normpath(os.path.join(beside, wanted) if same else str(near))
    shipped_path = shipped_rule_sets().get(wanted.removesuffix(RULE_SUFFIX)) if wanted else None
    return (shipped_path, shipped_path.name) if shipped_path is not None else None


def _not_found(wanted: str, folder: Path | None) -> Message:
    names = ", ".join(shipped_rule_sets())
    if folder is None:
        return message("load.extends_no_folder", name=wanted, names=names)
    return message("load.extends_missing", name=wanted, folder=str(folder) or ".", names=names)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _extends_error(rule_file: RuleFile, extends: Extends, what: Message) -> RuleError:
    """The file an `extends` names cannot be had: like an unknown name, a check error in place."""
    return RuleCheckError([Diagnostic(what, extends.span)], rule_file.source)


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
