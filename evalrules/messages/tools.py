"""Messages of the tools for rule authors and testers: fmt, test (and its coverage), verify, lsp.

Each entry: id → (Chinese, English). Placeholders are `{name}`; both texts use the same ones.
Ids start with the command's name (`fmt.`, `test.`, `coverage.`, `verify.`, `lsp.`); the help
texts of the commands' arguments are `help.<command>_…`.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
