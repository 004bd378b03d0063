"""`evalrules fmt RULES…`: rule files rewritten in their canonical layout (`language.format`).

Files and folders (every `*.rules` in a folder and its subfolders) are formatted one by one; a file
is rewritten only when its text changes, atomically (a temporary file beside it, then a rename, so
an interrupted run leaves either the old file or the new one), in UTF-8 with its line endings,
byte-order mark and permissions kept. `--check` writes nothing and lists the files that would
change; `--diff` writes nothing and prints a unified diff; both exit with 1 when a file would
change. `-` reads standard input and writes the result to standard output (an editor's filter).
A file that does not parse gets its syntax errors (file:line:col and a caret) and exit status 2,
and the other files are still handled.

Standard output carries data when there is some (the formatted text of `-`, the diffs); what the
command says about each file then goes to standard error, otherwise to standard output.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

from ..display import visible
from ..errors import RuleError
from ..language.format import FormatterError, format_rules
from ..messages import message, text

# The loader's reading of a rule file: the same refusals (a folder, no permission, not UTF-8 with a
# GB18030 hint) as `evalrules check`, for the same file.
from ..engine.loader import RULE_SUFFIX, _decode, _exists, _file_error, _read
from ..records.record import STDIN
from . import console

EXIT_OK, EXIT_UNFORMATTED, EXIT_UNUSABLE = 0, 1, 2
_BOM = b"\xef\xbb\xbf"


def add_arguments(command: argparse.ArgumentParser, said: Callable[[str], str]) -> None:
    command.add_argument("rules", nargs="+", metavar="RULES", help=said("fmt_rules"))
    command.add_argument("--check", action="store_true", help=said("fmt_check"))
    command.add_argument("--diff", action="store_true", help=said("fmt_diff"))


def run(args: argparse.Namespace, lang: str) -> int:
    run_ = _Run(lang, check=args.check, diff=args.diff, data_out="-" in args.rules or args.diff)
    for given in args.rules:
        if given == "-":
            run_.stdin()
        else:
            for path in run_.files(given):
                run_.file(path)
    return run_.finish(summary=any(given != "-" for given in args.rules))


class _Run:
    def __init__(self, lang: str, *, check: bool, diff: bool, data_out: bool) -> None:
        self.lang, self.check, self.diff = lang, check, diff
        self.say = console.err if data_out else console.out  # stdout holds data: talk on stderr
        self.changed = self.unchanged = self.failed = 0
        self.seen: set[Path] = set()

    def files(self, given: str) -> Iterator[Path]:
        """The file `given`, or every rule file under the folder `given` (sorted), each once."""
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*" + RULE_SUFFIX) if p.is_file())
            if not found:
                console.err(text("cli.no_rule_files", self.lang, folder=visible(given)))
                self.failed += 1
        else:
            found = [path]
        for file in found:
            real = _real(file)
            if real not in self.seen:
                self.seen.add(real)
                yield file

    def file(self, path: Path) -> None:
        name = str(path)
        try:
            if not _exists(path):
                raise _file_error(name, message("load.no_such_file_alone"))
            source = _read(path, name)
            if _has_bom(path):
                source = "\ufeff" + source
            formatted = format_rules(source, name)
        except Exception as error:
            self.unusable(name, error)
            return
        if formatted == source:
            self.unchanged += 1
            return
        self.changed += 1
        if self.diff:
            self.show_diff(name, source, formatted)
        if self.check or self.diff:
            self.say(text("fmt.would_reformat", self.lang, file=visible(name)))
            return
        try:
            _replace(path, formatted)
        except OSError as error:
            self.failed += 1
            self.changed -= 1
            reason = error.strerror or type(error).__name__
            console.err(text("fmt.cannot_write", self.lang, file=visible(name), reason=visible(reason)))
            return
        self.say(text("fmt.reformatted", self.lang, file=visible(name)))

    def stdin(self) -> None:
        try:
            data = _read_stdin()
            source = ("\ufeff" if data.startswith(_BOM) else "") + _decode(data, STDIN)
            formatted = format_rules(source, STDIN)
        except Exception as error:
            self.unusable(STDIN, error)
            return
        changed = formatted != source
        self.changed += changed
        self.unchanged += not changed
        if self.diff and changed:
            self.show_diff(STDIN, source, formatted)
        if self.check or self.diff:
            if changed:
                self.say(text("fmt.would_reformat", self.lang, file=STDIN))
            return
        _write_data(formatted)

    def unusable(self, name: str, error: Exception) -> None:
        self.failed += 1
        if isinstance(error, RuleError):
            console.err(error.render(self.lang))
        elif isinstance(error, FormatterError):
            console.err(text("fmt.unsafe", self.lang, file=visible(name)))
        else:
            console.err(console.unusable(name, error, self.lang))

    def show_diff(self, name: str, source: str, formatted: str) -> None:
        lines = difflib.unified_diff(
            source.splitlines(keepends=True), formatted.splitlines(keepends=True), name, f"{name}\t(formatted)"
        )
        _write_data("".join(line if line.endswith("\n") else line + "\n" for line in lines))

    def finish(self, summary: bool) -> int:
        if summary:
            key = "fmt.summary_check" if self.check or self.diff else "fmt.summary"
            self.say(text(key, self.lang, changed=self.changed, unchanged=self.unchanged))
            if self.failed:
                self.say(text("fmt.summary_failed", self.lang, failed=self.failed))
        if self.failed:
            return EXIT_UNUSABLE
        return EXIT_UNFORMATTED if (self.check or self.diff) and self.changed else EXIT_OK


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _has_bom(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(len(_BOM)) == _BOM


def _read_stdin() -> bytes:
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    return buffer.read() if buffer is not None else stream.read().encode("utf-8")


def _replace(path: Path, formatted: str) -> None:
    """Write `formatted` over the file at `path` atomically: into a temporary file in the same
    folder (so the rename stays on one file system), with the file's permissions, then renamed over
    it. A link is followed: the file it points to is rewritten, the link stays a link."""
    target = _real(path) if path.is_symlink() else path
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".fmt", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(formatted.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, target.stat().st_mode & 0o7777)
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def _write_data(said: str) -> None:
    """Rule text or a diff on standard output, byte for byte as UTF-8 (no newline translation);
    shown through `display.visible` when the output is a terminal, so that a control character in
    a rule file cannot act on it."""
    stream = sys.stdout
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if terminal:
        said = "\n".join(visible(line) for line in said.split("\n"))
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            stream.write(said)
        else:
            stream.flush()
            buffer.write(said.encode("utf-8"))
            buffer.flush()
    except BrokenPipeError:
        console.discard(stream)
