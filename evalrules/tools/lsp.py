"""`evalrules lsp`: the language server of rule files, for editors (VS Code, Neovim, any LSP client).

It speaks the Language Server Protocol over standard input and output (see docs/editor.en.md).
What it needs beyond the core (pygls) comes with the optional extra `editor`; without it the
command says which extra to install and exits with 2, rather than fail with a traceback.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ..messages import text
from .console import err

EXIT_UNUSABLE = 2
_EXTRA_MODULES = ("pygls", "lsprotocol", "cattrs", "attrs")  # what the `editor` extra installs


def add_arguments(command: argparse.ArgumentParser, said: Callable[[str], str]) -> None:
    # LSP clients start a server with `--stdio` to say the transport (vscode-languageclient does):
    # standard input and output is the only one there is, so the option is taken and changes nothing.
    command.add_argument("--stdio", action="store_true", help=said("lsp_stdio"))


def run(args: argparse.Namespace, lang: str) -> int:
    try:
        from .server import serve
    except ImportError as error:
        missing = (error.name or "").split(".")[0]
        if missing not in _EXTRA_MODULES:
            raise
        err(text("lsp.needs_extra", lang, module=missing))
        return EXIT_UNUSABLE
    return serve(lang)
