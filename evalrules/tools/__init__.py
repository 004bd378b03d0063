"""Tools for the people who write and test rule files, one command each, above the report stage.

Each command of `evalrules` other than score, audit, check and schema lives in a module here and
is listed in `COMMANDS`. Such a module has:

- `add_arguments(command, said)`: adds its arguments to its `argparse` sub-parser; `said(key)` is
  the help text `help.<key>` of the catalogue, in the reader's language;
- `run(args, lang) -> int`: runs it and returns the exit status (0, 1, or 2 for unusable input).

Importing a command module is cheap: what it needs beyond the core (Hypothesis, pygls) it imports
inside `run`, so that `evalrules --help` and `evalrules check` stay fast and an optional extra
that is not installed is said, not a traceback. `console` writes what a command says.
"""

from __future__ import annotations

COMMANDS: tuple[str, ...] = ("fmt", "test", "verify", "lsp")  # module names under evalrules.tools, each also the command's name
