"""Load: a rule file (a path or a shipped rule set's name) or rule-file text → a checked, compiled `RuleSet`.

The one entry point that runs the rule-file half of the pipeline: read → parse → check →
compile. `load` takes a path, or the name of a rule set shipped with evalrules (`suzhou-2024`),
looked up in the `rules/` folder of a checkout or the copy installed inside the package; `loads`
takes text. `load` never guesses that a string is text: what it is given names a file, or it is an
error that says which rule sets are shipped.

A shipped rule set is named by its file name (`suzhou-2024.rules`) wherever evalrules is
installed, so positions, clause ids and results are the same on every machine (a file in a
subfolder of the shipped rules, such as the part `shared/checks.rules`, by its path there). A path
is named as the caller wrote it.

A part (规则片段, a file opened by `part "…"` instead of a `ruleset` block) holds blocks that rule
sets take by `extends`; it is checked alone but cannot score a form, so `load` and `loads` refuse
it at its `part` line, and `check_file` (what `evalrules check` runs) gives a `CheckedPart`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import Diagnostic, RuleCheckError, RuleError, Span, UsageError
from ..language.checker import check, sources
from ..language.checker.resolved import CheckedRules
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
    `.rules`) is loaded, named by its file name (a shipped part, by its path in the shipped folder:
    `shared/checks.rules`, which `check_file` checks and `load` refuses). Raises `RuleError` (with `file:line:col` and a
    caret for each problem) when the file cannot be read or the rules are unusable, and
    `UsageError` for an argument that is not a path. Rule-file text goes to `loads`. A part
    (规则片段, `part "…"`) cannot score a form: loading one is a `RuleError` at its `part` line.
    """
    return _compiled(_checked_file(rules))


def check_file(rules: str | os.PathLike[str]) -> RuleSet | CheckedPart:
    """What `evalrules check` reads: a rule set as `load` gives it, or a part (规则片段) checked
    alone. Raises `RuleError` as `load` does."""
    checked = _checked_file(rules)
    return _part(checked) if checked.part is not None else compile_rules(checked)


def check_text(text: str, name: str = "<rules>", *, base: str | os.PathLike[str] | None = None) -> RuleSet | CheckedPart:
    """`check_file` for rule-file text, read as `loads` reads it."""
    checked = _checked_text(text, name, base)
    return _part(checked) if checked.part is not None else compile_rules(checked)


def _checked_file(rules: str | os.PathLike[str]) -> CheckedRules:
    if not isinstance(rules, (str, os.PathLike)) or isinstance(os.fspath(rules), bytes):
        raise UsageError(message("load.not_a_path", kind=type(rules).__name__))
    name = os.fspath(rules)
    path = Path(name)
    if not name or not _exists(path):  # "" would be the current directory
        shipped = _shipped_file(name)  # a shipped rule set, or a shipped part (to check it)
        if shipped is None:
            raise _file_error(name, _no_such_file(), _text_hint(name))
        path, name = shipped
    text = _read(path, name)
    return check(_linked(parse(text, name), path.parent, [path]))


def loads(text: str, name: str = "<rules>", *, base: str | os.PathLike[str] | None = None) -> RuleSet:
    """Parse, check and compile rule-file text; `name` is the name positions are reported with.

    A text that `extends` another file names a shipped rule set (or a shipped part by its path in
    the shipped folder, `shared/checks.rules`), or a file in the folder `base`: without `base`,
    `loads` reads no file but those shipped, so another name is an error at the `extends` line.
    """
    return _compiled(_checked_text(text, name, base))


def _checked_text(text: str, name: str, base: str | os.PathLike[str] | None) -> CheckedRules:
    if not isinstance(text, str):
        raise UsageError(message("load.not_text", kind=type(text).__name__))
    folder = Path(base) if base is not None else None
    return check(_linked(parse(text, name), folder, []))


def linked(text: str, name: str = "<rules>", *, base: str | os.PathLike[str] | None = None) -> RuleFile:
    """Rule-file text parsed, with the files it extends read and parsed as `loads` reads them, but
    not checked: what an editor needs to find the names a file uses while it is still being
    written (`RuleFile.chain()` gives the file, its parent, and so on). Raises `RuleError` for a
    syntax error or an `extends` that names no file."""
    folder = Path(base) if base is not None else None
    return _linked(parse(text, name), folder, [])


def shipped_path(name: str) -> Path | None:
    """Where the shipped file a rule file's position names stands (`national-2020.rules`,
    `shared/checks.rules`), or None when `name` names no shipped file."""
    found = _shipped_file(name)
    return found[0] if found is not None else None


# ---- parts: checked alone, taken by rule sets, never compiled ---------------------------------


@dataclass(frozen=True, slots=True)
class CheckedPart:
    """A part (规则片段) that checked clean alone: what `evalrules check` says of it."""

    path: str  # as given to the loader, like `RuleSet.path`
    source: str
    title: str
    checks: tuple[str, ...]  # the names of its audit checks, in order, those it extends included
    warnings: tuple[Diagnostic, ...]
    extends: tuple[tuple[str, str], ...] = ()  # the parts it extends, nearest first, as (path, text)

    @property
    def sources(self) -> dict[str, str]:
        """The text of this file and of every part it extends, by path (for diagnostics)."""
        return {path: text for path, text in ((self.path, self.source), *self.extends)}


def _part(checked: CheckedRules) -> CheckedPart:
    file, part = checked.file, checked.part
    assert part is not None
    return CheckedPart(
        path=file.path,
        source=file.source,
        title=part.title.value,
        checks=tuple(checked.checks),
        warnings=tuple(checked.warnings),
        extends=tuple((f.path, f.source) for f in file.chain()[1:]),
    )


def _compiled(checked: CheckedRules) -> RuleSet:
    """The rule set checked; a part cannot score a form, so it is refused at its `part` line."""
    part = checked.part
    if part is None:
        return compile_rules(checked)
    what = message("load.part_cannot_score", title=part.title.value)
    raise RuleCheckError([Diagnostic(what, part.span)], checked.file.source, sources(checked.file))


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
            # Named as a shipped rule set is (by its path in the shipped folder: `national.rules`,
            # `shared/checks.rules`), or as the caller named the child's folder: `rules/hubei.rules`
            # extends `rules/national.rules`.
            shipped = _shipped_name(near)
            if shipped is not None:
                return near, shipped
            beside = os.path.dirname(child)
            same = _resolved(Path(beside or ".")) == _resolved(folder)
            return near, os.path.normpath(os.path.join(beside, wanted) if same else str(near))
    return _shipped_file(wanted)


def _shipped_file(wanted: str) -> tuple[Path, str] | None:
    """A shipped rule set by its name (`suzhou-2024`), or a file of the shipped folder by its path
    there (`shared/checks.rules`, a part): what rule text given to `loads` may extend."""
    if not wanted:
        return None
    found = shipped_rule_sets().get(wanted.removesuffix(RULE_SUFFIX))
    if found is not None:
        return found, found.name
    for folder in _SHIPPED:
        near = folder / wanted
        if folder.is_dir() and _exists(near) and not near.is_dir():
            name = _shipped_name(near)
            if name is not None:  # not `../elsewhere.rules`
                return near, name
    return None


def _shipped_name(path: Path) -> str | None:
    """The name of a file inside a shipped folder: its path there, the same on every machine
    (`shared/checks.rules`, not `/usr/lib/python3/…/_rules/shared/checks.rules`); else None."""
    real = _resolved(path)
    for folder in _SHIPPED:
        if folder.is_dir():
            try:
                return real.relative_to(_resolved(folder)).as_posix()
            except ValueError:
                continue
    return None


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
