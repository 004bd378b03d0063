"""What a command says: one message a line, on standard output or standard error, surviving a
reader that stops early, and why an input could not be used, in the reader's language."""

from __future__ import annotations

import os
import sys
from typing import IO

from ..display import visible
from ..errors import EvalRulesError, RecordError, RuleError, UsageError
from ..messages import text


def out(said: str) -> None:
    write(sys.stdout, said)


def err(said: str) -> None:
    write(sys.stderr, said)


def write(stream: IO[str], said: str) -> None:
    """One message, flushed at once. When the reader has gone away (`evalrules … | head -1`) the
    rest is thrown away quietly and the command still ends with the status it would have had: the
    stream is pointed at the null device, so that neither this write nor Python's last flush at
    exit reports a BrokenPipeError."""
    try:
        stream.write(said + "\n")
        stream.flush()
    except BrokenPipeError:
        discard(stream)


def discard(stream: IO[str]) -> None:
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test's capture): nothing to flush later
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def unusable(path: str, error: Exception, lang: str) -> str:
    """Why an input cannot be used, in the reader's language: evalrules' own message, with the
    file and line or the record's field path; for a bug of ours, one line naming only the kind of
    error (its text may quote the input, and a repr helps no reader)."""
    if isinstance(error, (RuleError, RecordError)):
        return error.render(lang)
    if isinstance(error, UsageError):
        return error.text(lang)
    if isinstance(error, EvalRulesError):
        return str(error)
    return text("cli.internal_error", lang, file=visible(path), kind=type(error).__name__)
